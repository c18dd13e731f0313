"""Demo value data: baselines, costs and months of measurements for the demo use cases.

Runs after governance's seeder (which registers with order 400), inside the
organisation's scope, and only fills use cases that have no KPIs yet, so
running it twice changes nothing. The support chatbot pays back within its
eleven measured months; invoice processing, six months in, does not yet;
the other use cases on their way to a pilot have baselines and a forecast
only. Governance's first pass leaves them approved for a pilot because the
go-live guard wants baselines; its second pass (order 900) moves them on.
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


SUPPORT_CHATBOT = DemoCase(
    titles=("Customer support chatbot",),
    area="customer_service",
    months=11,
    kpis=(
        DemoKpi(
            "service_handling_time",
            D("14"),
            D("8"),
            tuple(
                D(v)
                for v in ("13", "12", "11", "10.5", "10", "9.5", "9.2", "9", "8.8", "8.6", "8.5")
            ),
            volume=D("4000"),
            unit_value=D("0.75"),
            note="Minutes saved × 4,000 requests a month × EUR 0.75 per minute of support time.",
            method="Ticket system time stamps",
            sample_size=4000,
        ),
        DemoKpi(
            "service_first_contact_resolution",
            D("61"),
            D("84"),
            tuple(D(v) for v in ("63", "66", "70", "73", "76", "78", "80", "81", "82", "83", "84")),
            non_monetary="Fewer follow-up contacts are valued in the handling time already.",
            method="Ticket system report",
            sample_size=4000,
        ),
        DemoKpi(
            "service_customer_satisfaction",
            D("3.6"),
            D("4.2"),
            (D("3.7"), D("3.7"), D("3.8"), D("3.9"), D("3.9"), D("4.0")),
            non_monetary="A strategic effect rated by customers, reported beside the money.",
            method="Post-contact survey",
            sample_size=180,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("30000")),
        (CostCategory.EXTERNAL, D("18000")),
        (CostCategory.INTERNAL, D("8000")),
        (CostCategory.CM_COMMUNICATION, D("6000")),
        (CostCategory.CM_TRAINING, D("12000")),
        (CostCategory.CM_CHAMPIONS, D("5000")),
        (CostCategory.CM_WORKSHOPS, D("6000")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("2500")),),
)

INVOICES = DemoCase(
    titles=("Invoice processing",),
    area="document_processing",
    months=6,
    kpis=(
        DemoKpi(
            "document_processing_time",
            D("12"),
            D("4"),
            tuple(D(v) for v in ("11", "9.5", "8", "7.5", "7", "6.8")),
            volume=D("2500"),
            unit_value=D("0.80"),
            note="Minutes saved × 2,500 invoices a month × EUR 0.80 per minute of accounting time.",
            method="Stopwatch sample of 30 invoices",
            sample_size=30,
        ),
        DemoKpi(
            "document_error_rate",
            D("4.5"),
            D("1.5"),
            tuple(D(v) for v in ("4.2", "3.5", "3", "2.6", "2.4", "2.2")),
            non_monetary="Corrections are part of the processing time measured above.",
            method="Monthly quality check of 100 invoices",
            sample_size=100,
        ),
        DemoKpi(
            "document_staff_relief",
            D("2.6"),
            D("3.8"),
            (D("2.9"), D("3.1"), D("3.3")),
            non_monetary="Relief is an employee effect, shown beside the money.",
            method="Pulse survey of Finance and HR",
            sample_size=24,
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
    monthly=((CostCategory.TECHNOLOGY, D("1800")),),
)

KNOWLEDGE_SEARCH = DemoCase(
    titles=("Knowledge search for product data",),
    area="knowledge_management",
    months=0,
    kpis=(
        DemoKpi(
            "knowledge_search_time",
            D("90"),
            D("25"),
            (),
            volume=D("400"),
            unit_value=D("0.70"),
            note="Minutes saved × 20 staff × 20 days × EUR 0.70 per minute.",
            method="Search-time diary over one week",
            sample_size=20,
        ),
        DemoKpi(
            "knowledge_staff_satisfaction",
            D("58"),
            D("75"),
            (),
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
    monthly=((CostCategory.TECHNOLOGY, D("1200")),),
)

DEMAND_FORECAST = DemoCase(
    titles=("Demand forecasting",),
    area="decision_support",
    months=0,
    kpis=(
        DemoKpi(
            "decision_speed",
            D("3"),
            D("0.5"),
            (),
            volume=D("120"),
            unit_value=D("35"),
            note="Days saved per purchase decision × 120 decisions × EUR 35 of stock cost a day.",
            method="Purchase order records, one quarter",
            sample_size=360,
        ),
        DemoKpi(
            "decision_quality",
            D("78"),
            D("90"),
            (),
            non_monetary="Fewer stock-outs are valued in the decision time already.",
            method="Buyer review of 50 orders",
            sample_size=50,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("24000")),
        (CostCategory.EXTERNAL, D("12000")),
        (CostCategory.CM_TRAINING, D("9000")),
        (CostCategory.CM_WORKSHOPS, D("5000")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("900")),),
)

SALES_DRAFTING = DemoCase(
    titles=("Sales e-mail drafting",),
    area="customer_service",
    months=0,
    kpis=(
        DemoKpi(
            "service_handling_time",
            D("9"),
            D("5"),
            (),
            volume=D("1800"),
            unit_value=D("0.70"),
            note="Minutes saved per offer e-mail × 1,800 e-mails × EUR 0.70 per minute.",
            method="Time sample of 40 e-mails",
            sample_size=40,
        ),
        DemoKpi(
            "service_staff_satisfaction",
            D("3.4"),
            D("4"),
            (),
            non_monetary="An employee effect, shown beside the money.",
            method="Pulse survey of Sales",
            sample_size=40,
        ),
    ),
    one_off=(
        (CostCategory.TECHNOLOGY, D("9000")),
        (CostCategory.INTERNAL, D("4000")),
        (CostCategory.CM_TRAINING, D("5000")),
        (CostCategory.CM_CHAMPIONS, D("2000")),
    ),
    monthly=((CostCategory.TECHNOLOGY, D("600")),),
)

BAKERY_ORDERS = DemoCase(
    titles=("Bestelvoorspelling brood",),
    area="decision_support",
    months=0,
    kpis=(
        DemoKpi(
            "decision_quality",
            D("72"),
            D("90"),
            (),
            volume=D("30"),
            unit_value=D("8"),
            note="Each point of forecast accuracy saves about EUR 240 of unsold bread a month.",
            method="Forecast against sales, daily for a month",
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

CASES = {
    "full": (SUPPORT_CHATBOT, INVOICES, KNOWLEDGE_SEARCH, DEMAND_FORECAST, SALES_DRAFTING),
    "small": (BAKERY_ORDERS,),
}


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
    if not case.months:
        go_live = _months_back(today, -1)
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
                "measured_on": min(_months_back(go_live, 1).replace(day=10), today),
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
