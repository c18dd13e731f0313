"""The value case read from the database: KPIs, measurements, costs, roll-up."""

from datetime import date
from decimal import Decimal

from django_scopes import scope

from roi import services
from roi.registry import BenchmarkSource, PaybackBenchmark, payback_benchmarks
from roi.value import programme_value, use_case_value
from tests.roi.factories import (
    UseCaseFactory,
    baseline,
    chosen_kpi,
    cost,
    go_live,
    measurement,
    steady_case,
)
from transformation.models import Organisation

D = Decimal
TODAY = date(2026, 11, 29)


def test_steady_9300_on_130000_pays_back_in_month_14(org):
    use_case = steady_case(org.organisation, investment="130000", monthly_benefit="9300")
    value = use_case_value(use_case, today=TODAY)
    assert value.investment == D("130000.00")
    assert value.cash_flow.months[0].net == D("9300.00")
    assert value.payback_month == 14
    assert value.roi_multiple == D("2.58")
    assert value.npv == D("168002.98")
    assert value.discount_rate == D("0.08")


def test_steady_13600_on_95000_pays_back_in_month_7(org):
    use_case = steady_case(org.organisation, investment="95000", monthly_benefit="13600")
    value = use_case_value(use_case, today=TODAY)
    assert value.payback_month == 7
    assert value.paid_back_by_measurements is False  # only month 1 was measured
    assert value.measured_months == 1


def test_no_benefit_never_pays_back(org):
    use_case = UseCaseFactory(organisation=org.organisation)
    ukpi = chosen_kpi(use_case, monthly_volume=D("100"), unit_value=D("1"))
    baseline(ukpi, "10")
    measurement(ukpi, date(2026, 2, 1), "10")
    cost(use_case, "technology", "130000")
    value = use_case_value(use_case, today=TODAY)
    assert value.payback_month is None
    assert value.pays_back is False


def test_running_costs_reduce_the_net_benefit(org):
    use_case = steady_case(org.organisation, investment="95000", monthly_benefit="16800")
    cost(use_case, "technology", "3200", recurrence="monthly")
    value = use_case_value(use_case, today=TODAY)
    assert value.costs.running_monthly == D("3200")
    assert value.cash_flow.months[0].net == D("13600.00")
    assert value.payback_month == 7


def test_measurements_then_target_as_forecast(org):
    use_case = UseCaseFactory(organisation=org.organisation)
    ukpi = chosen_kpi(
        use_case, monthly_volume=D("3000"), unit_value=D("0.75"), target=D("8")
    )  # 2,250 EUR per minute saved
    baseline(ukpi, "14")
    go_live(use_case, date(2026, 1, 1))
    measurement(ukpi, date(2026, 1, 20), "13")
    measurement(ukpi, date(2026, 3, 5), "11")
    cost(use_case, "technology", "50000")
    value = use_case_value(use_case, today=TODAY)
    nets = [m.net for m in value.cash_flow.months[:5]]
    # month 1: 1 minute saved; month 2 carries month 1; month 3: 3 minutes; then the target.
    assert nets == [D("2250.00"), D("2250.00"), D("6750.00"), D("13500.00"), D("13500.00")]
    assert [m.is_forecast for m in value.cash_flow.months[:5]] == [False, False, False, True, True]
    assert value.measured_months == 3
    assert value.forecast_monthly_net == D("13500.00")
    # -50,000 + 11,250 after three months, then 13,500 a month: month 6 reaches +1,750.
    assert value.payback_month == 6
    row = value.kpis[0]
    assert (row.baseline, row.target, row.latest) == (D("14"), D("8"), D("11"))
    assert row.change == D("-21.4")
    assert row.improved is True
    assert row.monthly_benefit == D("6750.00")


def test_kpi_without_baseline_counts_no_money(org):
    use_case = UseCaseFactory(organisation=org.organisation)
    ukpi = chosen_kpi(use_case, monthly_volume=D("10"), unit_value=D("10"), target=D("1"))
    measurement(ukpi, date(2026, 2, 1), "1")
    value = use_case_value(use_case, today=TODAY)
    assert value.cash_flow.months[0].net == D("0.00")
    assert [row.use_case_kpi for row in value.missing_baselines] == [ukpi]


def test_use_case_discount_rate_overrides_the_organisations(org):
    use_case = steady_case(org.organisation, investment="130000", monthly_benefit="9300")
    services.update_discount_rate(
        organisation=org.organisation, actor=None, discount_rate=D("0.05")
    )
    assert use_case_value(use_case, today=TODAY).discount_rate == D("0.05")
    services.update_value_plan(
        use_case=use_case,
        actor=None,
        values={"go_live_on": date(2026, 1, 1), "discount_rate": D("0.10")},
    )
    value = use_case_value(use_case, today=TODAY)
    assert value.discount_rate == D("0.10")
    i = 1.10 ** (1 / 12) - 1
    assert abs(float(value.npv) - (-130000 + 9300 * (1 - (1 + i) ** -36) / i)) < 0.01


def test_cost_breakdown_and_change_management_warning(org):
    use_case = UseCaseFactory(organisation=org.organisation)
    for category, amount in [
        ("technology", "38000"),
        ("external", "22000"),
        ("internal", "8000"),
        ("cm_communication", "6000"),
        ("cm_training", "12000"),
        ("cm_champions", "5000"),
        ("cm_workshops", "4000"),
    ]:
        cost(use_case, category, amount)
    cost(use_case, "technology", "2400", recurrence="monthly")
    costs = use_case_value(use_case, today=TODAY).costs
    assert costs.investment == D("95000")
    assert costs.change_management == D("27000")
    assert costs.share == D("28.4")
    assert costs.assessment == "below"
    assert costs.warning is True
    assert [line.category for line in costs.one_off][:3] == ["technology", "external", "internal"]
    assert costs.running_monthly == D("2400")


def test_guidance_allows_50_percent_without_ai_experience(org):
    use_case = UseCaseFactory(organisation=org.organisation)
    cost(use_case, "technology", "55000")
    cost(use_case, "cm_training", "45000")
    assert org.organisation.has_ai_experience is False
    assert use_case_value(use_case, today=TODAY).costs.assessment == "ok"
    Organisation.objects.filter(pk=org.organisation.pk).update(has_ai_experience=True)
    use_case.organisation.refresh_from_db()
    assert use_case_value(use_case, today=TODAY).costs.assessment == "above"


def test_programme_adds_use_cases_by_calendar_month(org):
    first = steady_case(
        org.organisation, investment="95000", monthly_benefit="13600", start=date(2026, 1, 1)
    )
    second = steady_case(
        org.organisation, investment="130000", monthly_benefit="9300", start=date(2026, 3, 1)
    )
    UseCaseFactory(organisation=org.organisation, title="Idea without value case")
    value = programme_value(org.organisation, today=TODAY)
    assert {v.use_case for v in value.use_cases} == {first, second}
    assert value.investment == D("225000.00")
    nets = [m.net for m in value.cash_flow.months[:4]]
    assert nets == [D("13600.00"), D("13600.00"), D("22900.00"), D("22900.00")]
    # -225,000 + 27,200 + 22,900 × n ≥ 0 from n = 9, i.e. calendar month 11.
    assert value.payback_month == 11
    # The case-study library registers the playbook's three published cases.
    assert [(b.benchmark.payback_months, b.difference) for b in value.benchmarks] == [
        (7, 4),
        (14, -3),
        (18, -7),
    ]


def test_programme_compares_with_registered_benchmarks(org):
    steady_case(org.organisation, investment="95000", monthly_benefit="13600")
    library = payback_benchmarks.items.pop("casestudies")
    payback_benchmarks.register(
        BenchmarkSource(
            key="test",
            benchmarks=lambda organisation: [
                PaybackBenchmark("Special-machinery builder", 14, D("130000")),
                PaybackBenchmark("Technical wholesaler", 7, D("95000")),
            ],
        )
    )
    try:
        value = programme_value(org.organisation, today=TODAY)
    finally:
        payback_benchmarks.items.pop("test")
        payback_benchmarks.register(library)
    assert [(b.benchmark.payback_months, b.difference) for b in value.benchmarks] == [
        (7, 0),
        (14, -7),
    ]


def test_programme_of_another_organisation_is_separate(tenants):
    own, other = tenants
    with scope(organisation=other.organisation):
        steady_case(other.organisation, investment="1000", monthly_benefit="100")
    with scope(organisation=own.organisation):
        assert programme_value(own.organisation, today=TODAY).use_cases == ()
