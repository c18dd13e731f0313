"""The board-report section "value" and the overview card's context."""

import re
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from roi.plugins import value_report_context
from tests.chartgeometry import drawings, problems
from tests.roi.factories import cost, steady_case
from transformation.models import Role


def test_value_section_has_chart_rows_highlights_and_risks(org):
    steady_case(org.organisation, investment="130000", monthly_benefit="9300")
    low = steady_case(org.organisation, investment="95000", monthly_benefit="13600")
    cost(low, "cm_training", "5000")
    report = SimpleNamespace(organisation=org.organisation)
    context = value_report_context(report)
    assert context["value"].investment == 230000
    assert "Paid back in month" in context["chart"]
    assert context["highlights"][0]["value"] == "€230,000"
    assert any("less than 35" in risk for risk in context["risks"])
    with translation.override("de"):
        html = render_to_string("roi/report/value.html", {**context, "report": report})
    assert "130.000\xa0€" in html
    assert "<svg" in html and "style=" not in html
    # The sentence ends right after the payback's badge, not after a stray space.
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert re.search(r"Amortisation: Monat \d+ (amortisiert|Prognose)\. ROI-Faktor", text), text


def test_value_section_draws_the_programme_page_chart(org, client):
    steady_case(org.organisation, investment="130000", monthly_benefit="9300")
    client.force_login(org.user(Role.STEERING))
    with translation.override("de"):
        report_chart = str(
            value_report_context(SimpleNamespace(organisation=org.organisation))["chart"]
        )
    page = client.get(
        reverse("roi:programme", kwargs={"org": org.slug}), headers={"accept-language": "de"}
    ).content.decode()
    wide = next(d for d in drawings(page) if "chart--wide" in d)
    assert wide.split("</svg>")[0] + "</svg>" == report_chart.replace(
        'class="chart ', 'class="chart chart--wide ', 1
    )
    assert problems(report_chart) == []


def test_value_section_without_use_cases(org):
    context = value_report_context(SimpleNamespace(organisation=org.organisation))
    assert context["chart"] is None
    assert "highlights" not in context
    html = render_to_string("roi/report/value.html", context)
    assert "No use case has KPIs or costs yet." in html
