"""The board-report section "value" and the overview card's context."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

from roi.report import value_report_context
from tests.roi.factories import cost, steady_case


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


def test_value_section_without_use_cases(org):
    context = value_report_context(SimpleNamespace(organisation=org.organisation))
    assert context["chart"] is None
    assert "highlights" not in context
    html = render_to_string("roi/report/value.html", context)
    assert "No use case has KPIs or costs yet." in html
