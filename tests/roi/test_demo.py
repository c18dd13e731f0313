"""Demo value data: one use case paid back, one not yet, idempotent."""

from decimal import Decimal

from roi.demo import seed_value
from roi.models import CostItem, Measurement, UseCaseKpi
from roi.value import programme_value, use_case_value
from tests.roi.factories import UseCaseFactory


def _governance_titles(org):
    return {
        title: UseCaseFactory(organisation=org.organisation, title=title, application_area=area)
        for title, area in (
            ("Customer support chatbot", "customer_service"),
            ("Invoice processing", "document_processing"),
            ("Knowledge search for product data", "knowledge_management"),
        )
    }


def test_demo_seeds_one_paid_back_and_one_not_yet(org):
    cases = _governance_titles(org)
    seed_value(org.organisation, size="full")

    chatbot = use_case_value(cases["Customer support chatbot"])
    assert chatbot.measured_months == 11
    assert chatbot.investment == Decimal("85000.00")
    assert chatbot.paid_back_by_measurements is True
    assert chatbot.payback_month == 10

    invoices = use_case_value(cases["Invoice processing"])
    assert invoices.measured_months == 6
    assert invoices.paid_back_by_measurements is False
    assert invoices.payback_month == 13  # forecast from the targets
    assert invoices.costs.share == Decimal("35.0")

    knowledge = use_case_value(cases["Knowledge search for product data"])
    assert knowledge.measured_months == 0
    assert knowledge.missing_baselines == []
    assert programme_value(org.organisation).paying_back == 1


def test_demo_seeding_twice_changes_nothing(org):
    _governance_titles(org)
    seed_value(org.organisation, size="full")
    counts = (UseCaseKpi.objects.count(), Measurement.objects.count(), CostItem.objects.count())
    seed_value(org.organisation, size="full")
    assert counts == (
        UseCaseKpi.objects.count(),
        Measurement.objects.count(),
        CostItem.objects.count(),
    )
    assert counts[1] >= 6


def test_demo_small_organisation(org):
    bakery = UseCaseFactory(
        organisation=org.organisation,
        title="Bestelvoorspelling brood",
        application_area="decision_support",
    )
    seed_value(org.organisation, size="small")
    value = use_case_value(bakery)
    assert value.investment == Decimal("9500.00")
    assert value.kpis[0].baseline == Decimal("72")
