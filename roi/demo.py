"""Demo value data: baselines, costs and months of measurements for the demo use cases.

Runs after governance's seeder (order 200), inside the organisation's scope,
and only fills use cases that have no KPIs yet, so running it twice changes
nothing. The knowledge-search case pays back within its measured months
(like the playbook's wholesaler, case 2); the service case does not yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from governance.models import UseCase
from roi import services
from roi.models import CostCategory, Kpi, Recurrence, UseCaseKpi
from transformation.models import Organisation

D = Decimal


@dataclass(frozen=True)
class DemoKpi:
    key: str
    baseline: Decimal
    target: Decimal | None
    values: tuple[Decimal, ...]  # one per month from month 1
    volume: Decimal | None = None
    unit_value: Decimal | None = None
    note: str = ""
    non_monetary: str = ""
    method: str = "Sample measurement"
    sample_size: int | None = 30


@dataclass(frozen=True)
class DemoCase:
    titles: tuple[str, ...]  # governance's demo titles, first match wins
    area: str
    months: int  # measured months since go-live
    kpis: tuple[DemoKpi, ...]
    one_off: tuple[tuple[str, Decimal], ...]
    monthly: tuple[tuple[str, Decimal], ...]


KNOWLEDGE_SEARCH = DemoCase(
    titles=("AI product search", "Product knowledge search", "Knowledge search"),
    area="knowledge_management",
    months=11,
    kpis=(
        DemoKpi(
            "knowledge_search_time",
            D("90"),
            D("25"),
            tuple(D(v) for v in ("80", "65", "50", "40", "35", "32", "30", "30", "30", "28", "27")),
            volume=D("400"),
            unit_value=D("0.70"),
            note="Minutes saved × 20 sales and support staff × 20 days × EUR 0.70 per minute.",
            method="Search-time diary over one week",
            sample_size=20,
        ),
        DemoKpi(
            "knowledge_first_time_fix",
            D("61"),
            D("84"),
            tuple(D(v) for v in ("63", "66", "70", "73", "76", "78", "80", "81", "82", "83", "84")),
            non_monetary="Fewer repeat visits are valued in the search-time saving already.",
            method="Service report analysis",
            sample_size=250,
        ),
        DemoKpi(
            "knowledge_staff_satisfaction",
            D("58"),
            D("75"),
            (D("60"), D("62"), D("66"), D("69"), D("72"), D("74"), D("75"), D("76")),
            non_monetary="Satisfaction is reported beside the money, not turned into it.",
            method="Pulse survey",
            sample_size=64,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("38000")),
        (CostCategory.EXTERNAL, D("22000")),
        (CostCategory.INTERNAL, D("8000")),
        (CostCategory.CM_COMMUNICATION, D("6000")),
        (CostCategory.CM_TRAINING, D("12000")),
        (CostCategory.CM_CHAMPIONS, D("5000")),
        (CostCategory.CM_WORKSHOPS, D("4000")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("2400")), (CostCategory.INTERNAL, D("800"))),
)

SERVICE_REPLIES = DemoCase(
    titles=("Support e-mail triage", "Customer service assistant", "E-mail classification"),
    area="customer_service",
    months=6,
    kpis=(
        DemoKpi(
            "service_handling_time",
            D("14"),
            D("8"),
            tuple(D(v) for v in ("13.5", "12.5", "11.8", "11", "10.5", "10.2")),
            volume=D("3000"),
            unit_value=D("0.75"),
            note="Minutes saved × 3,000 requests a month × EUR 0.75 per minute.",
            method="Ticket system time stamps",
            sample_size=3000,
        ),
        DemoKpi(
            "service_first_contact_resolution",
            D("68"),
            D("80"),
            tuple(D(v) for v in ("68", "70", "71", "73", "74", "75")),
            non_monetary="Counted through handling time; reported for quality.",
            method="Ticket system report",
            sample_size=3000,
        ),
        DemoKpi(
            "service_customer_satisfaction",
            D("3.6"),
            D("4.2"),
            (D("3.7"), D("3.8"), D("3.9")),
            non_monetary="A strategic effect rated by customers.",
            method="Post-contact survey",
            sample_size=180,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("44500")),
        (CostCategory.EXTERNAL, D("30000")),
        (CostCategory.INTERNAL, D("10000")),
        (CostCategory.CM_COMMUNICATION, D("8000")),
        (CostCategory.CM_TRAINING, D("20000")),
        (CostCategory.CM_COACHING, D("9500")),
        (CostCategory.CM_CHAMPIONS, D("4000")),
        (CostCategory.CM_WORKSHOPS, D("4000")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("2500")),),
)

BAKERY_ORDERS = DemoCase(
    titles=("Order forecast", "Bestelprognose", "Sales forecast for the shops"),
    area="decision_support",
    months=6,
    kpis=(
        DemoKpi(
            "decision_quality",
            D("72"),
            D("90"),
            tuple(D(v) for v in ("75", "79", "82", "84", "86", "87")),
            volume=D("30"),
            unit_value=D("8"),
            note="Each point of forecast accuracy saves about EUR 240 of unsold bread a month.",
            method="Forecast against sales, daily",
            sample_size=30,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("6000")),
        (CostCategory.CM_TRAINING, D("2000")),
        (CostCategory.CM_WORKSHOPS, D("1500")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("150")),),
)

CASES = {"full": (KNOWLEDGE_SEARCH, SERVICE_REPLIES), "small": (BAKERY_ORDERS,)}


def _months_back(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _find(case: DemoCase, taken: set[int]) -> UseCase | None:
    for title in case.titles:
        use_case = UseCase.objects.filter(title=title).exclude(pk__in=taken).first()
        if use_case is not None:
            return use_case
    return (
        UseCase.objects.filter(application_area=case.area)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )


def seed_value(organisation: Organisation, *, size: str = "full", **_options) -> None:
    today = timezone.localdate()
    taken: set[int] = set()
    for case in CASES.get(size, ()):
        use_case = _find(case, taken)
        if use_case is None:
            continue
        taken.add(use_case.pk)
        if UseCaseKpi.objects.filter(use_case=use_case).exists():
            continue
        _seed_case(use_case, case, today)


def _seed_case(use_case: UseCase, case: DemoCase, today: date) -> None:
    go_live = _months_back(today, case.months)
    services.update_value_plan(use_case=use_case, actor=None, values={"go_live_on": go_live})
    for category, amount in case.one_off:
        services.add_cost(
            use_case=use_case,
            actor=None,
            values={"category": category, "recurrence": Recurrence.ONE_OFF, "amount": amount},
        )
    for category, amount in case.monthly:
        services.add_cost(
            use_case=use_case,
            actor=None,
            values={"category": category, "recurrence": Recurrence.MONTHLY, "amount": amount},
        )
    for demo in case.kpis:
        kpi = Kpi.objects.get(organisation=None, key=demo.key)
        use_case_kpi = services.choose_kpi(
            use_case=use_case,
            actor=None,
            kpi=kpi,
            values={
                "target": demo.target,
                "monthly_volume": demo.volume,
                "unit_value": demo.unit_value,
                "monetisation_note": demo.note,
                "non_monetary_reason": demo.non_monetary,
            },
        )
        services.record_baseline(
            use_case_kpi=use_case_kpi,
            actor=None,
            values={
                "value": demo.baseline,
                "measured_on": _months_back(go_live, 1).replace(day=10),
                "method": demo.method,
                "sample_size": demo.sample_size,
                "source": "Demo data",
                "measured_by": "AI coordinator",
            },
        )
        for number, value in enumerate(demo.values, start=1):
            month = _months_back(go_live, -(number - 1))
            services.record_measurement(
                use_case_kpi=use_case_kpi,
                actor=None,
                measured_on=month.replace(day=15),
                value=value,
            )
