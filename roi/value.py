"""The value case of a use case and of the whole programme, read from the database.

Loading runs a fixed number of queries (aggregation of costs in SQL, the
KPIs with their baselines and measurements in two more); the month-by-month
arithmetic then runs on exact Decimals in `roi.calculations`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from governance.models import UseCase
from roi.calculations import (
    PAYBACK_SEARCH_MONTHS,
    PLAYBOOK_ROI_MULTIPLE,
    ROI_HORIZON_MONTHS,
    ZERO,
    BudgetGuidance,
    CashFlow,
    cash_flow,
    change_management_share,
    monetise,
    money,
    month_index,
    monthly_values,
    relative_change,
)
from roi.models import (
    CHANGE_MANAGEMENT_CATEGORIES,
    DEFAULT_DISCOUNT_RATE,
    CostCategory,
    CostItem,
    Dimension,
    Measurement,
    Recurrence,
    UseCaseKpi,
    ValuePlan,
    ValueSettings,
)
from roi.registry import PaybackBenchmark, benchmarks_for
from transformation.models import Organisation


@dataclass(frozen=True)
class KpiRow:
    """One chosen KPI: baseline, target and the latest value with the change."""

    use_case_kpi: UseCaseKpi
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    latest_on: date | None
    measurements: tuple[Measurement, ...]

    @property
    def kpi(self):
        return self.use_case_kpi.kpi

    @property
    def dimension(self) -> str:
        return self.kpi.dimension

    @property
    def change(self) -> Decimal | None:
        """Latest value against the baseline, in percent."""
        if self.baseline is None or self.latest is None:
            return None
        return relative_change(before=self.baseline, after=self.latest)

    @property
    def improved(self) -> bool | None:
        if self.baseline is None or self.latest is None or self.latest == self.baseline:
            return None
        return (self.latest > self.baseline) == self.kpi.higher_is_better

    @property
    def monthly_benefit(self) -> Decimal | None:
        """Money per month at the latest value, for a monetised KPI."""
        return self._benefit_at(self.latest)

    @property
    def target_benefit(self) -> Decimal | None:
        return self._benefit_at(self.target)

    def _benefit_at(self, value: Decimal | None) -> Decimal | None:
        ukpi = self.use_case_kpi
        if not ukpi.is_monetised or self.baseline is None or value is None:
            return None
        return money(
            monetise(
                baseline=self.baseline,
                value=value,
                higher_is_better=self.kpi.higher_is_better,
                monthly_volume=ukpi.monthly_volume,
                unit_value=ukpi.unit_value,
            )
        )


@dataclass(frozen=True)
class CostLine:
    category: str
    label: str
    amount: Decimal
    is_change_management: bool


@dataclass(frozen=True)
class CostBreakdown:
    """One-off investment by category, running costs, and the change-management share."""

    one_off: tuple[CostLine, ...]
    monthly: tuple[CostLine, ...]
    guidance: BudgetGuidance

    @property
    def investment(self) -> Decimal:
        return sum((line.amount for line in self.one_off), ZERO)

    @property
    def change_management(self) -> Decimal:
        return sum((line.amount for line in self.one_off if line.is_change_management), ZERO)

    @property
    def running_monthly(self) -> Decimal:
        return sum((line.amount for line in self.monthly), ZERO)

    @property
    def share(self) -> Decimal | None:
        """Change management's share of the one-off project budget, in percent."""
        return change_management_share(
            change_management=self.change_management, total=self.investment
        )

    @property
    def assessment(self) -> str:
        return self.guidance.assess(self.share)

    @property
    def warning(self) -> bool:
        return self.assessment in ("below", "under_threshold")


def cost_breakdown(
    totals: Iterable[tuple[str, str, Decimal]], *, has_ai_experience: bool
) -> CostBreakdown:
    """From (category, recurrence, total) rows to the breakdown in the categories' order."""
    amounts: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for category, recurrence, total in totals:
        amounts[(recurrence, category)] += total or ZERO

    def lines(recurrence: str) -> tuple[CostLine, ...]:
        return tuple(
            CostLine(
                category=category.value,
                label=str(category.label),
                amount=amounts[(recurrence, category.value)],
                is_change_management=category.value in CHANGE_MANAGEMENT_CATEGORIES,
            )
            for category in CostCategory
            if (recurrence, category.value) in amounts
        )

    return CostBreakdown(
        one_off=lines(Recurrence.ONE_OFF),
        monthly=lines(Recurrence.MONTHLY),
        guidance=BudgetGuidance.for_experience(has_ai_experience=has_ai_experience),
    )


class CashFlowFigures:
    """The headline figures of a cash flow: a use case's value and the programme's alike."""

    cash_flow: CashFlow

    @property
    def investment(self) -> Decimal:
        return self.cash_flow.investment

    @property
    def payback_month(self) -> int | None:
        return self.cash_flow.payback_month

    @property
    def pays_back(self) -> bool:
        return self.cash_flow.pays_back

    @property
    def roi_multiple(self) -> Decimal | None:
        return self.cash_flow.roi_multiple

    @property
    def npv(self) -> Decimal:
        return self.cash_flow.npv

    @property
    def roi_benchmark(self) -> Decimal:
        return PLAYBOOK_ROI_MULTIPLE

    def chart_months(self) -> int:
        """How many months the cash-flow chart shows: 36, or up to the payback and a bit."""
        months = ROI_HORIZON_MONTHS
        if self.payback_month is not None and self.payback_month + 3 > months:
            months = min(self.payback_month + 6, PAYBACK_SEARCH_MONTHS)
        return months


@dataclass(frozen=True)
class UseCaseValue(CashFlowFigures):
    """Everything the value page, the programme roll-up and the board report show."""

    use_case: UseCase
    kpis: tuple[KpiRow, ...]
    costs: CostBreakdown
    cash_flow: CashFlow
    start: date
    go_live_on: date | None
    measured_months: int
    discount_rate: Decimal

    @property
    def has_measurements(self) -> bool:
        return self.measured_months > 0

    @property
    def paid_back_by_measurements(self) -> bool:
        """Paid back within the measured months, not only in the forecast (nothing is paid
        back without an investment)."""
        return (
            self.investment > 0
            and self.payback_month is not None
            and self.payback_month <= self.measured_months
        )

    @property
    def latest_monthly_net(self) -> Decimal | None:
        if not self.measured_months:
            return None
        return self.cash_flow.months[self.measured_months - 1].net

    @property
    def forecast_monthly_net(self) -> Decimal | None:
        """Net benefit per month once every target is reached."""
        benefits = [row.target_benefit for row in self.kpis if row.target_benefit is not None]
        if not benefits:
            return None
        return money(sum(benefits, ZERO) - self.costs.running_monthly)

    @property
    def missing_baselines(self) -> list[KpiRow]:
        return [row for row in self.kpis if row.baseline is None]

    @property
    def dimensions(self) -> list[tuple[str, str, list[KpiRow]]]:
        """The four dimensions side by side: (value, label, rows)."""
        return [
            (d.value, str(d.label), [row for row in self.kpis if row.dimension == d.value])
            for d in Dimension
        ]


def _start(plan: ValuePlan | None, measurements: Sequence[Measurement], today: date) -> date:
    if plan is not None and plan.go_live_on is not None:
        return plan.go_live_on
    if measurements:
        return min(m.measured_on for m in measurements).replace(day=1)
    return today.replace(day=1)


def compute_value(
    *,
    use_case: UseCase,
    use_case_kpis: Sequence[UseCaseKpi],
    measurements: dict[int, list[Measurement]],
    cost_totals: Iterable[tuple[str, str, Decimal]],
    plan: ValuePlan | None,
    organisation_rate: Decimal,
    has_ai_experience: bool,
    today: date | None = None,
) -> UseCaseValue:
    """The value case from loaded rows; no queries."""
    today = today or timezone.localdate()
    all_measurements = [m for ukpi in use_case_kpis for m in measurements.get(ukpi.pk, [])]
    start = _start(plan, all_measurements, today)
    horizon = PAYBACK_SEARCH_MONTHS
    rows = []
    benefits = [ZERO] * horizon
    measured_months = 0
    for ukpi in use_case_kpis:
        series = measurements.get(ukpi.pk, [])
        baseline = ukpi.baseline.value if ukpi.has_baseline else None
        latest = series[-1] if series else None
        rows.append(
            KpiRow(
                use_case_kpi=ukpi,
                baseline=baseline,
                target=ukpi.target,
                latest=latest.value if latest else None,
                latest_on=latest.measured_on if latest else None,
                measurements=tuple(series),
            )
        )
        for m in series:
            index = month_index(start, m.measured_on)
            if 1 <= index <= horizon:
                measured_months = max(measured_months, index)
        if baseline is None or not ukpi.is_monetised:
            continue
        values = monthly_values(
            start=start,
            measurements=[(m.measured_on, m.value) for m in series],
            months=horizon,
            forecast=ukpi.target,
        )
        for number, (value, _is_forecast) in enumerate(values):
            if value is not None:
                benefits[number] += monetise(
                    baseline=baseline,
                    value=value,
                    higher_is_better=ukpi.kpi.higher_is_better,
                    monthly_volume=ukpi.monthly_volume,
                    unit_value=ukpi.unit_value,
                )
    costs = cost_breakdown(cost_totals, has_ai_experience=has_ai_experience)
    rate = plan.discount_rate if plan is not None and plan.discount_rate is not None else None
    rate = rate if rate is not None else organisation_rate
    flow = cash_flow(
        investment=costs.investment,
        monthly_net=[benefit - costs.running_monthly for benefit in benefits],
        annual_discount_rate=rate,
        forecast_from=measured_months + 1,
    )
    return UseCaseValue(
        use_case=use_case,
        kpis=tuple(rows),
        costs=costs,
        cash_flow=flow,
        start=start,
        go_live_on=plan.go_live_on if plan is not None else None,
        measured_months=measured_months,
        discount_rate=rate,
    )


def organisation_discount_rate(organisation: Organisation) -> Decimal:
    rate = (
        ValueSettings.objects.filter(organisation=organisation)
        .values_list("discount_rate", flat=True)
        .first()
    )
    return rate if rate is not None else DEFAULT_DISCOUNT_RATE


def _measurements_by_kpi(kpi_ids: Iterable[int]) -> dict[int, list[Measurement]]:
    grouped: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.filter(use_case_kpi__in=list(kpi_ids)).order_by(
        "measured_on", "pk"
    ):
        grouped[measurement.use_case_kpi_id].append(measurement)
    return grouped


def _cost_totals(use_case: UseCase | None = None) -> list[tuple[int, str, str, Decimal]]:
    """(use case, category, recurrence, total) summed in SQL."""
    queryset = CostItem.objects.all()
    if use_case is not None:
        queryset = queryset.filter(use_case=use_case)
    return list(
        queryset.values_list("use_case", "category", "recurrence")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def use_case_value(use_case: UseCase, *, today: date | None = None) -> UseCaseValue:
    """The value case of one use case (five queries, whatever its size)."""
    organisation = use_case.organisation
    kpis = list(UseCaseKpi.objects.filter(use_case=use_case).with_details())
    return compute_value(
        use_case=use_case,
        use_case_kpis=kpis,
        measurements=_measurements_by_kpi(k.pk for k in kpis),
        cost_totals=[row[1:] for row in _cost_totals(use_case)],
        plan=ValuePlan.objects.filter(use_case=use_case).first(),
        organisation_rate=organisation_discount_rate(organisation),
        has_ai_experience=organisation.has_ai_experience,
        today=today,
    )


@dataclass(frozen=True)
class BenchmarkRow:
    benchmark: PaybackBenchmark
    difference: int | None  # programme payback minus the benchmark's, in months

    @property
    def months_apart(self) -> int | None:
        return None if self.difference is None else abs(self.difference)


@dataclass(frozen=True)
class ProgrammeValue(CashFlowFigures):
    """The roll-up over every use case with KPIs or costs."""

    organisation: Organisation
    use_cases: tuple[UseCaseValue, ...]
    cash_flow: CashFlow
    start: date | None
    discount_rate: Decimal
    guidance: BudgetGuidance
    measured_months: int = 0
    benchmarks: tuple[BenchmarkRow, ...] = field(default_factory=tuple)

    @property
    def change_management(self) -> Decimal:
        return sum((v.costs.change_management for v in self.use_cases), ZERO)

    @property
    def change_management_share(self) -> Decimal | None:
        return change_management_share(
            change_management=self.change_management, total=self.investment
        )

    @property
    def assessment(self) -> str:
        return self.guidance.assess(self.change_management_share)

    @property
    def running_monthly(self) -> Decimal:
        return sum((v.costs.running_monthly for v in self.use_cases), ZERO)

    @property
    def paying_back(self) -> int:
        return sum(1 for v in self.use_cases if v.paid_back_by_measurements)

    @property
    def missing_baselines(self) -> int:
        return sum(len(v.missing_baselines) for v in self.use_cases)


def programme_value(organisation: Organisation, *, today: date | None = None) -> ProgrammeValue:
    """The programme's value: every use case with KPIs or costs, summed by calendar month.

    Seven queries whatever the number of use cases. Use cases go live at
    different times, so their monthly net benefits are added by calendar
    month from the earliest start; every one-off investment counts at the
    start (the cautious reading for the payback month).
    """
    has_data = Q(Exists(UseCaseKpi.objects.filter(use_case=OuterRef("pk")))) | Q(
        Exists(CostItem.objects.filter(use_case=OuterRef("pk")))
    )
    use_cases = list(UseCase.objects.filter(has_data).select_related("department"))
    kpis_by_case: dict[int, list[UseCaseKpi]] = defaultdict(list)
    kpis = list(UseCaseKpi.objects.with_details().order_by("kpi__dimension", "kpi__position"))
    for ukpi in kpis:
        kpis_by_case[ukpi.use_case_id].append(ukpi)
    measurements = _measurements_by_kpi(k.pk for k in kpis)
    totals: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for use_case_id, category, recurrence, total in _cost_totals():
        totals[use_case_id].append((category, recurrence, total))
    plans = {plan.use_case_id: plan for plan in ValuePlan.objects.all()}
    rate = organisation_discount_rate(organisation)
    values = tuple(
        compute_value(
            use_case=use_case,
            use_case_kpis=kpis_by_case[use_case.pk],
            measurements=measurements,
            cost_totals=totals[use_case.pk],
            plan=plans.get(use_case.pk),
            organisation_rate=rate,
            has_ai_experience=organisation.has_ai_experience,
            today=today,
        )
        for use_case in use_cases
    )
    start = min((v.start for v in values), default=None)
    horizon = PAYBACK_SEARCH_MONTHS
    net = [ZERO] * horizon
    measured = 0
    for value in values:
        offset = month_index(start, value.start) - 1
        for number, month in enumerate(value.cash_flow.months[: horizon - offset]):
            net[offset + number] += month.net
        measured = max(measured, offset + value.measured_months)
    flow = cash_flow(
        investment=sum((v.investment for v in values), ZERO),
        monthly_net=net,
        annual_discount_rate=rate,
        forecast_from=measured + 1,
    )
    benchmarks = tuple(
        BenchmarkRow(
            benchmark=benchmark,
            difference=(
                flow.payback_month - benchmark.payback_months
                if flow.payback_month is not None and values
                else None
            ),
        )
        for benchmark in benchmarks_for(organisation)
    )
    return ProgrammeValue(
        organisation=organisation,
        use_cases=values,
        cash_flow=flow,
        start=start,
        discount_rate=rate,
        guidance=BudgetGuidance.for_experience(has_ai_experience=organisation.has_ai_experience),
        measured_months=measured,
        benchmarks=benchmarks,
    )
