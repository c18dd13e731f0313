"""Every chart kind drawn with edge data and checked on its geometry.

The SVG is parsed back (tests/chartgeometry.py): every mark and text inside
the drawing, no two texts overlapping (width estimated at 0.6 em a
character), the value axis covering the data, answer scales drawn on their
own range. Rendered in English, German and Dutch, at the report's and the
phone's width.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from assessments.results.records import Trend, TrendPoint
from roi.calculations import cash_flow, steady
from roi.charts import cash_flow_chart, cash_flow_figure
from tests.chartgeometry import SVG, drawings, parse, problems
from transformation import charts

LANGUAGES = ("en", "de", "nl")
LONG_DE = "Einführung der KI-gestützten Vertragsprüfung in der Rechtsabteilung"
LONG_NL = "Invoering van AI-ondersteunde contractbeoordeling bij de juridische afdeling"
SIZES = ((640, 300, 10), (680, 300, 10), (320, 300, 12))

LINE_CASES = {
    "no data": ([], []),
    "one point": ([[5.0]], ["1"]),
    "zeros": ([[0.0, 0.0, 0.0]], ["1", "2", "3"]),
    "negative": ([[-120_000.0, -80_000.0, -20_000.0]], ["1", "2", "3"]),
    "far above target": ([[10.0, 12.0, 9_999_999.0], [50.0, 50.0, 50.0]], ["a", "b", "c"]),
    "36 months": (
        [
            [-250_000.0 + 9_000.0 * m for m in range(37)],
            [-250_000.0 + 12_000 * m for m in range(37)],
        ],
        [str(m) for m in range(37)],
    ),
    "a gap": ([[1.0, None, 3.0, 4.0]], ["1", "2", "3", "4"]),
}


def _ticks(markup) -> list[tuple[float, str]]:
    """The value axis: (y, label) of the tick texts (right-aligned, muted)."""
    chart = parse(markup)
    ticks = []
    for element in chart.root.iter("{http://www.w3.org/2000/svg}text"):
        if element.get("text-anchor") == "end" and element.get("fill") == charts.PALETTE["muted"]:
            ticks.append((float(element.get("y")), element.text))
    return ticks


def _grid_span(markup) -> tuple[float, float]:
    """The top and bottom of the value axis: its horizontal grid lines."""
    chart = parse(markup)
    ys = [
        float(line.get("y1"))
        for line in chart.root.iter("{http://www.w3.org/2000/svg}line")
        if line.get("y1") == line.get("y2")
        and line.get("stroke")
        in (
            charts.PALETTE["faint"],
            charts.PALETTE["ink"],
        )
    ]
    return min(ys), max(ys)


def _data_ys(markup) -> list[float]:
    chart = parse(markup)
    return [
        float(c.get("cy"))
        for c in chart.root.iter("{http://www.w3.org/2000/svg}circle")
        if c.get("r") == "3"
    ]


def _assert_axis_covers_data(markup) -> None:
    top, bottom = _grid_span(markup)
    for y in _data_ys(markup):
        assert top - 0.5 <= y <= bottom + 0.5, (y, top, bottom)
    labels = [label for _, label in _ticks(markup)]
    assert len(labels) == len(set(labels)), f"repeated tick labels {labels}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", LINE_CASES)
@pytest.mark.parametrize(("width", "height", "font"), SIZES)
def test_line_chart_edge_data_stays_inside_and_apart(language, case, width, height, font):
    values, x_labels = LINE_CASES[case]
    names = {"en": "Forecast from targets", "de": LONG_DE, "nl": LONG_NL}
    series = [
        charts.Series(f"{names[language]} {number}", line, tone)
        for number, (line, tone) in enumerate(zip(values, ("planned", "info"), strict=False))
    ]
    with translation.override(language):
        svg = charts.line_chart(
            series,
            title=case,
            x_labels=x_labels,
            y_label="EUR",
            marker=charts.Marker(len(x_labels) - 1, "Terugverdiend in maand 36")
            if x_labels
            else None,
            width=width,
            height=height,
            font_size=font,
        )
    assert problems(svg) == []
    _assert_axis_covers_data(svg)


def _flow(investment: str, monthly: str, months: int = 120):
    return cash_flow(investment=Decimal(investment), monthly_net=steady(Decimal(monthly), months))


ROI_CASES = {
    "typical": (_flow("95000", "6500"), 36, 5),
    "no costs, no benefit": (_flow("0", "0"), 36, 0),
    "no costs, a benefit": (_flow("0", "2500"), 36, 3),
    "never pays back": (_flow("1250000", "-800"), 36, 0),
    "forecast far above": (_flow("20000", "480000"), 36, 0),
    "late payback": (_flow("900000", "9000"), 106, 12),
    "one month": (_flow("1000", "2000", 1), 1, 1),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", ROI_CASES)
def test_cash_flow_chart_stays_inside_and_apart_on_report_and_phone(language, case):
    flow, months, measured = ROI_CASES[case]
    with translation.override(language):
        for width, height, font in SIZES:
            svg = cash_flow_chart(
                flow,
                months=months,
                measured_months=measured,
                title=case,
                width=width,
                height=height,
                font_size=font,
            )
            assert problems(svg) == [], (width, problems(svg))
            _assert_axis_covers_data(svg)


def test_cash_flow_chart_of_a_case_without_investment_marks_no_payback():
    flow = _flow("0", "0")
    with translation.override("en"):
        svg = cash_flow_chart(flow, months=36, measured_months=0)
    assert "Paid back" not in svg
    assert [label for _, label in _ticks(svg)] == ["€0"]


def test_cash_flow_chart_forecast_line_stays_below_the_top_tick():
    """The forecast far above the first ticks: the axis grows to cover it."""
    flow = _flow("95000", "13000")
    with translation.override("de"):
        svg = cash_flow_chart(flow, months=36, measured_months=2)
    top, bottom = _grid_span(svg)
    ys = _data_ys(svg)
    assert min(ys) >= top - 0.5 and max(ys) <= bottom + 0.5
    assert problems(svg) == []


def test_cash_flow_chart_axis_title_clears_the_widest_tick():
    flow = _flow("1250000", "60000")
    with translation.override("de"):
        chart = parse(cash_flow_chart(flow, months=36, measured_months=0))
    title = chart.text("EUR")[0]
    widest = min(box.left for box in chart.texts if "€" in box.what)
    assert title.right <= widest


def test_cash_flow_figure_holds_a_wide_and_a_phone_drawing():
    flow = _flow("95000", "6500")
    with translation.override("nl"):
        figure = str(cash_flow_figure(flow, months=36, measured_months=4))
    assert figure.count("<svg") == 2
    assert 'class="chart chart--wide chart--line"' in figure
    assert 'class="chart chart--narrow chart--line"' in figure
    assert 'viewBox="0 0 320 300"' in figure and "style=" not in figure


def _trend(means: list[dict], *, levels: bool = False, labels=None) -> Trend:
    scales = [
        ("ai-sentiment", LONG_DE, "#1f4e8c"),
        ("trust", LONG_NL, "#1d6b3a"),
        ("clarity", "Clarity", "#8a5300"),
    ]
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    points = [
        TrendPoint(SimpleNamespace(opens_at=start + dt.timedelta(days=30 * i)), 12, m, None)
        for i, m in enumerate(means)
    ]
    return Trend(scales=scales, points=points, levels=levels)


TREND_CASES = {
    "two waves": [{"ai-sentiment": 3.65, "trust": 4.1}, {"ai-sentiment": 4.28, "trust": 3.9}],
    "extremes": [{"ai-sentiment": 1.0, "trust": 5.0}, {"ai-sentiment": 5.0, "trust": 1.0}],
    "twelve waves, one hidden mean": [
        {"ai-sentiment": 2 + (i % 3), "trust": None if i == 4 else 3.0} for i in range(12)
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", TREND_CASES)
def test_trend_chart_draws_a_one_to_five_scale_from_one_to_five(language, case):
    with translation.override(language):
        trend = _trend(TREND_CASES[case])
        for svg in (
            trend.chart(),
            trend.chart(width=320, height=300, font_size=12),
        ):
            assert problems(svg) == []
            assert [label for _, label in sorted(_ticks(svg), reverse=True)] == [
                "1",
                "2",
                "3",
                "4",
                "5",
            ]
            _assert_axis_covers_data(svg)


def test_trend_chart_of_skill_levels_runs_from_zero_to_three():
    trend = _trend([{"clarity": 0.5}, {"clarity": 2.5}], levels=True)
    svg = trend.chart()
    assert sorted(label for _, label in _ticks(svg)) == ["0", "1", "2", "3"]
    assert problems(svg) == []


def test_trend_chart_needs_two_waves():
    assert _trend([{"ai-sentiment": 4.0}]).chart() is None
    assert _trend([]).figure() is None


def test_trend_web_and_report_draw_the_same_chart():
    from assessments.summaries import _trend_chart

    trend = _trend(TREND_CASES["two waves"])
    report = _trend_chart(trend)
    page = str(trend.figure())
    body = str(report).split("</title>", 1)[1]
    assert body in page  # the same drawing, only the title differs


TIMELINE_ROWS = {
    "no rows": [],
    "one open row": [
        charts.TimelineRow("1. " + LONG_DE, planned=charts.Span(dt.date(2026, 1, 1), None))
    ],
    "36 months": [
        charts.TimelineRow(
            f"{n}. {LONG_NL}",
            planned=charts.Span(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
            actual=charts.Span(dt.date(2025, 2, 1), None),
            tone="bad",
            note="blocked",
        )
        for n in range(1, 8)
    ],
}


@pytest.mark.parametrize("case", TIMELINE_ROWS)
def test_timeline_edge_data_stays_inside_and_apart(case):
    svg = charts.timeline(
        TIMELINE_ROWS[case],
        title=case,
        today=dt.date(2026, 6, 15),
        planned_label="geplant",
        actual_label="tatsächlich",
        today_label="heute",
    )
    assert problems(svg) == []
    labels = [box for box in parse(svg).texts if box.left < 10]
    assert all(box.right <= 230 for box in labels)  # step names end before the bars begin


SCATTER_CASES = {
    "no points": [],
    "one point": [charts.Point(1, 1, LONG_DE)],
    "crowded corner": [charts.Point(5, 5, f"{LONG_NL} {n}", marked=n == 0) for n in range(6)],
}


@pytest.mark.parametrize("case", SCATTER_CASES)
def test_scatter_grid_edge_data_stays_inside_and_apart(case):
    svg = charts.scatter_grid(
        SCATTER_CASES[case],
        title=case,
        x_label="Interesse",
        y_label="Einfluss",
        split=3,
        quadrants=("zufriedenstellen", "eng einbinden", "beobachten", "informieren"),
        legend=[("promoter", LONG_DE), ("sceptic", "Skeptiker"), ("opponent", LONG_NL)],
    )
    assert problems(svg) == []


BAR_CASES = {
    "no bars": [],
    "zero and negative": [charts.Bar("Null", 0), charts.Bar("Negativ", -5)],
    "far above the maximum": [charts.Bar(LONG_DE, 9_999_999, note="12 von 20"), charts.Bar("a", 1)],
}


@pytest.mark.parametrize("case", BAR_CASES)
def test_bar_chart_edge_data_stays_inside_and_apart(case):
    svg = charts.bar_chart(BAR_CASES[case], title=case, max_value=100 if "far" in case else None)
    assert problems(svg) == []


# -- The charts as the pages build them, with their translated labels -------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_stakeholder_map_in_every_language_stays_inside_and_apart(language):
    from transformation.views.stakeholders import stakeholder_map

    rows = [
        SimpleNamespace(
            interest=1 + n % 5,
            influence=5 - n % 5,
            name=f"{LONG_DE} {n}",
            attitude=attitude,
            attitude_then="neutral",
        )
        for n, attitude in enumerate(
            ["promoter", "supporter", "neutral", "sceptic", "opponent"] * 2
        )
    ]
    with translation.override(language):
        svg = stakeholder_map(rows, dt.date(2026, 1, 1))
    assert problems(svg) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_roadmap_timeline_in_every_language_stays_inside_and_apart(language):
    from django.utils.translation import gettext as _

    with translation.override(language):
        svg = charts.timeline(
            TIMELINE_ROWS["36 months"],
            title="Timeline",
            today=dt.date(2027, 12, 20),
            planned_label=_("planned"),
            actual_label=_("actual"),
            today_label=_("today"),
            width=680,
            label_width=210,
        )
    assert problems(svg) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rates", [(0, 0), (0, 100), (3.5, 250)])
def test_adoption_chart_in_every_language_covers_its_rates(language, rates):
    from adoption.usage import usage_chart

    department = SimpleNamespace(name="Vertrieb")
    records = [
        SimpleNamespace(
            month=dt.date(2026, month, 1),
            department=department,
            licensed_users=100,
            active_users=int(rates[month % 2]),
            actions=10,
        )
        for month in range(1, 13)
    ]
    with translation.override(language):
        figure = usage_chart(records, title="Nutzung")
    assert len(drawings(figure)) == 2  # the page's and the phone's
    for svg in drawings(figure):
        assert problems(svg) == []
        _assert_axis_covers_data(svg)


PORTFOLIO_CASES = {
    "no ideas": [],
    "one idea in the quick-win corner": [(5.0, 1.0)],
    "equal scores": [(3.0, 3.0)] * 7 + [(3.1, 3.0), (5.0, 5.0), (5.0, 5.0), (1.0, 1.0)],
    "twenty ideas": [(1 + (n % 5), 1 + (n * 7 % 5)) for n in range(20)],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PORTFOLIO_CASES)
def test_portfolio_chart_on_its_one_to_five_scales_stays_inside_and_apart(language, case):
    from django.template.loader import render_to_string

    from governance.portfolio import portfolio_chart

    ideas = [
        SimpleNamespace(title=f"{LONG_NL} {n}", value_score=value, effort_score=effort)
        for n, (value, effort) in enumerate(PORTFOLIO_CASES[case])
    ]
    with translation.override(language):
        chart = portfolio_chart(ideas)
        svg = render_to_string("governance/includes/portfolio_chart.html", {"chart": chart})
    assert problems(svg) == []
    assert sorted(label for _, label in _ticks(svg)) == ["1", "2", "3", "4", "5"]
    ranks = parse(svg).root.iter("{http://www.w3.org/2000/svg}circle")
    assert len(list(ranks)) == len(ideas)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cash_flow_chart_payback_label_keeps_its_month_on_a_phone(language):
    flow = _flow("1250000", "60000")
    with translation.override(language):
        svg = cash_flow_chart(flow, months=36, measured_months=4, width=320, font_size=12)
    chart = parse(svg)
    assert any(box.what.endswith(" 21") for box in chart.texts)  # "… month 21", whole
    assert not [box for box in chart.texts if box.what.endswith("…")]
    assert problems(svg) == []


@pytest.mark.parametrize(("width", "label_width"), [(760, 230), (360, 130)])
def test_timeline_month_labels_never_run_past_the_right_edge(width, label_width):
    # A month starting close to the end of the span, on a labelled tick.
    for months in range(2, 40):
        end = dt.date(2026, 1, 1) + dt.timedelta(days=31 * months - 10)
        svg = charts.timeline(
            [charts.TimelineRow("1. Schritt", planned=charts.Span(dt.date(2026, 1, 1), end))],
            title="t",
            width=width,
            label_width=label_width,
        )
        assert problems(svg) == [], months


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("width", "label_width", "lines"), [(680, 210, 3), (760, 230, 3), (360, 176, 4)]
)
def test_every_roadmap_step_name_is_drawn_whole_on_the_timeline(
    db, language, width, label_width, lines
):
    from transformation.models import RoadmapStep

    names = [
        f"{step.number}. {getattr(step, f'name_{language}')}"
        for step in RoadmapStep.objects.order_by("number")
    ]
    rows = [
        charts.TimelineRow(name, planned=charts.Span(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
        for name in names
    ]
    svg = charts.timeline(rows, title="t", width=width, label_width=label_width, label_lines=lines)
    assert problems(svg) == []
    drawn = [
        # Lines broken after a hyphen join without a space.
        " ".join(tspan.text for tspan in text.iter(f"{SVG}tspan")).replace("- ", "-")
        for text in parse(svg).root.iter(f"{SVG}text")
        if any(True for _ in text.iter(f"{SVG}tspan"))
    ]
    assert drawn == names
