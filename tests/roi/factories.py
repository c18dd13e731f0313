"""Building blocks for ROI tests: use cases with KPIs, baselines, measurements and costs."""

from datetime import date
from decimal import Decimal

import factory

from governance.models import UseCase
from roi.catalogue import install
from roi.models import Baseline, CostItem, Kpi, Measurement, UseCaseKpi, ValuePlan


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    title = factory.Sequence(lambda n: f"Value case {n}")
    application_area = "document_processing"
    state = "assessment"


def catalogue_kpi(key: str = "document_processing_time") -> Kpi:
    # Transactional (browser) tests flush the rows the data migration loaded.
    if not Kpi.objects.filter(organisation=None).exists():
        install(Kpi)
    return Kpi.objects.get(organisation=None, key=key)


def chosen_kpi(use_case: UseCase, key: str = "document_processing_time", **values) -> UseCaseKpi:
    return UseCaseKpi.objects.create(
        organisation=use_case.organisation, use_case=use_case, kpi=catalogue_kpi(key), **values
    )


def baseline(ukpi: UseCaseKpi, value: str, measured_on: date = date(2025, 12, 10)) -> Baseline:
    return Baseline.objects.create(
        organisation=ukpi.organisation,
        use_case_kpi=ukpi,
        value=Decimal(value),
        measured_on=measured_on,
        method="Stopwatch sample",
        sample_size=30,
        source="Process analysis",
        measured_by="Anna Berger",
    )


def measurement(ukpi: UseCaseKpi, day: date, value: str) -> Measurement:
    return Measurement.objects.create(
        organisation=ukpi.organisation, use_case_kpi=ukpi, measured_on=day, value=Decimal(value)
    )


def cost(use_case: UseCase, category: str, amount: str, recurrence: str = "one_off") -> CostItem:
    return CostItem.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        category=category,
        recurrence=recurrence,
        amount=Decimal(amount),
    )


def go_live(use_case: UseCase, day: date, rate: str | None = None) -> ValuePlan:
    return ValuePlan.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        go_live_on=day,
        discount_rate=Decimal(rate) if rate else None,
    )


def steady_case(
    organisation, *, investment: str, monthly_benefit: str, start: date = date(2026, 1, 1)
) -> UseCase:
    """A use case whose one KPI saves `monthly_benefit` EUR in every month from month 1.

    Processing time falls from 100 to 0 minutes (an improvement of 100) on
    100 documents a month, each minute worth monthly_benefit / 10,000.
    """
    use_case = UseCaseFactory(organisation=organisation)
    ukpi = chosen_kpi(
        use_case,
        monthly_volume=Decimal("100"),
        unit_value=Decimal(monthly_benefit) / 10000,
        target=Decimal("0"),
    )
    baseline(ukpi, "100")
    measurement(ukpi, start.replace(day=20), "0")
    go_live(use_case, start)
    cost(use_case, "technology", investment)
    return use_case
