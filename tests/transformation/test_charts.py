"""The SVG chart module: pure functions, escaped text, presentation attributes only."""

import datetime as dt
import re

from transformation import charts


def test_timeline_places_bars_and_today_line_on_the_date_scale():
    svg = charts.timeline(
        [
            charts.TimelineRow(
                "Step <1>",
                planned=charts.Span(dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
                actual=charts.Span(dt.date(2026, 1, 1), None),
                tone="bad",
                note="blocked",
            )
        ],
        title="Plan & reality",
        today=dt.date(2026, 1, 16),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 2),
        width=530,
        label_width=230,
    )
    # 284 px of plot for 60 days from 1 January: 31 days planned, 15 actual until today.
    assert '<rect x="230" y="39" width="146.7" height="9" rx="2" fill="#b9c7da">' in svg
    assert 'width="71" height="9" rx="2" fill="#a1231b"' in svg
    assert '<line x1="301" y1="28" x2="301" y2="68" stroke="#c0392b"' in svg
    assert "<title>Plan &amp; reality</title>" in svg
    assert "Step &lt;1&gt;" in svg and "Step <1>" not in svg
    assert "style" not in svg


def test_scatter_grid_fans_out_points_sharing_a_cell():
    svg = charts.scatter_grid(
        [charts.Point(2, 5, "A", "sceptic"), charts.Point(2, 5, "B", "promoter", marked=True)],
        title="Map",
        x_label="Interest",
        y_label="Influence",
        split=3,
        quadrants=("keep satisfied", "manage closely", "monitor", "keep informed"),
        size=412,
    )
    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="7"', svg)
    assert len(centres) == 2 and centres[0] != centres[1]
    assert svg.count('r="11"') == 1  # the marked one carries a ring
    assert "manage closely" in svg and "style" not in svg


def test_line_chart_draws_series_zero_line_and_marker():
    svg = charts.line_chart(
        [charts.Series("Cumulative cash flow", [-100, -40, 30, 120], tone="info")],
        title="Cash flow",
        x_labels=["Q1", "Q2", "Q3", "Q4"],
        marker=charts.Marker(1.5, "break-even"),
    )
    assert svg.count("<polyline") == 1
    assert ">break-even</tspan>" in svg
    assert 'stroke="#1b2430"' in svg  # the zero line
    assert "style" not in svg


def test_bar_chart_scales_to_the_largest_value():
    svg = charts.bar_chart(
        [charts.Bar("Done", 5, "ok", note="5 of 10"), charts.Bar("Open", 10)],
        title="Steps",
        width=510,
        label_width=200,
    )
    assert 'width="100" height="14" rx="3" fill="#1d6b3a"' in svg
    assert 'width="200" height="14" rx="3" fill="#1f4e8c"' in svg
    assert "5 · 5 of 10" in svg


def test_timeline_wraps_long_step_names_instead_of_cutting_them_off():
    name = "2. Develop and anchor the AI strategy in the organisation"
    svg = charts.timeline(
        [
            charts.TimelineRow(name, planned=charts.Span(dt.date(2026, 1, 1), dt.date(2026, 2, 1))),
            charts.TimelineRow("1. Short", planned=charts.Span(dt.date(2026, 1, 1), None)),
        ],
        title="Plan",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 2),
    )
    lines = re.findall(r"<tspan x=\"4\" y=\"[\d.]+\">([^<]*)</tspan>", svg)
    assert lines == ["2. Develop and anchor the AI", "strategy in the organisation", "1. Short"]
    assert "\N{HORIZONTAL ELLIPSIS}" not in svg
    # Rows grow to 42 px so the two lines fit, the bars stay centred in them.
    assert '<rect x="230" y="45" width=' in svg


def test_timeline_shortens_only_what_three_lines_would_need():
    svg = charts.timeline(
        [charts.TimelineRow("word " * 30, planned=charts.Span(dt.date(2026, 1, 1), None))],
        title="Plan",
    )
    lines = re.findall(r"<tspan x=\"4\" y=\"[\d.]+\">([^<]*)</tspan>", svg)
    assert len(lines) == 3 and lines[2].endswith("\N{HORIZONTAL ELLIPSIS}")
    assert all(len(line) <= 32 for line in lines)
