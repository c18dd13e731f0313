"""Money arithmetic for the value case: exact Decimal, no floats.

Conventions (shown to users beside the figures):
- month 1 is the first month after go-live; the one-off investment is spent
  in month 0;
- net benefit of a month = monetised KPI improvements − running costs;
- payback month = the first month whose cumulative cash flow is ≥ 0;
- ROI multiple = net benefit over the first 36 months ÷ one-off investment
  (the playbook's benchmark: 3.7× over three years);
- NPV discounts each month at the monthly equivalent of an annual rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import ClassVar

ZERO = Decimal("0")
CENT = Decimal("0.01")
ROI_HORIZON_MONTHS = 36
# Payback is searched over ten years; a use case that needs longer is
# reported as "not within ten years" rather than as a far-off month.
PAYBACK_SEARCH_MONTHS = 120
PLAYBOOK_ROI_MULTIPLE = Decimal("3.7")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def improvement(*, baseline: Decimal, value: Decimal, higher_is_better: bool) -> Decimal:
    """How much better `value` is than the baseline, in the KPI's unit (negative if worse)."""
    return value - baseline if higher_is_better else baseline - value


def relative_change(*, before: Decimal, after: Decimal) -> Decimal | None:
    """Change from `before` to `after` in percent, or None when `before` is zero."""
    if before == 0:
        return None
    return ((after - before) / abs(before) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def monetise(
    *,
    baseline: Decimal,
    value: Decimal,
    higher_is_better: bool,
    monthly_volume: Decimal,
    unit_value: Decimal,
) -> Decimal:
    """Monthly money from one KPI: improvement × monthly volume × value per unit."""
    return improvement(baseline=baseline, value=value, higher_is_better=higher_is_better) * (
        monthly_volume * unit_value
    )


def month_index(start: date, day: date) -> int:
    """1 for the month in which `start` falls... counted in calendar months after go-live."""
    return (day.year - start.year) * 12 + (day.month - start.month) + 1


def monthly_values(
    *,
    start: date,
    measurements: Sequence[tuple[date, Decimal]],
    months: int,
    forecast: Decimal | None = None,
) -> list[tuple[Decimal | None, bool]]:
    """The KPI value in force in each month 1..months after `start`.

    The latest measurement of a month counts and carries forward until the
    next one. Months before the first measurement have no value; months after
    the last measured month take `forecast` (the target) when given. Each item
    is (value, is_forecast).
    """
    by_month: dict[int, Decimal] = {}
    for day, value in sorted(measurements):
        index = month_index(start, day)
        if 1 <= index <= months:
            by_month[index] = value
    last_measured = max(by_month, default=0)
    values: list[tuple[Decimal | None, bool]] = []
    current: Decimal | None = None
    for month in range(1, months + 1):
        if month in by_month:
            current = by_month[month]
            values.append((current, False))
        elif month > last_measured and forecast is not None:
            values.append((forecast, True))
        else:
            values.append((current, False))
    return values


@dataclass(frozen=True)
class Month:
    number: int
    net: Decimal
    cumulative: Decimal
    is_forecast: bool = False


@dataclass(frozen=True)
class CashFlow:
    investment: Decimal
    months: tuple[Month, ...]
    payback_month: int | None
    pays_back: bool
    roi_multiple: Decimal | None
    npv: Decimal

    @property
    def net_benefit_36(self) -> Decimal:
        return sum((m.net for m in self.months[:ROI_HORIZON_MONTHS]), ZERO)


def payback_month(investment: Decimal, monthly_net: Sequence[Decimal]) -> int | None:
    """The first month whose cumulative cash flow reaches zero, or None."""
    if investment <= 0:
        return 0
    cumulative = -investment
    for number, net in enumerate(monthly_net, start=1):
        cumulative += net
        if cumulative >= 0:
            return number
    return None


def net_present_value(
    investment: Decimal, monthly_net: Sequence[Decimal], annual_rate: Decimal
) -> Decimal:
    with localcontext() as context:
        context.prec = 28
        monthly_factor = (1 + annual_rate) ** (Decimal(1) / Decimal(12))
        total = -investment
        discount = Decimal(1)
        for net in monthly_net:
            discount *= monthly_factor
            total += net / discount
    return money(total)


def cash_flow(
    *,
    investment: Decimal,
    monthly_net: Sequence[Decimal],
    annual_discount_rate: Decimal = Decimal("0.08"),
    forecast_from: int | None = None,
) -> CashFlow:
    """Cumulative cash flow, payback, ROI multiple at 36 months and NPV.

    `monthly_net` lists the net benefit of months 1, 2, ...; a steady benefit
    is extended to the payback search horizon by the caller. Months from
    `forecast_from` on are marked as forecast.
    """
    months = []
    cumulative = -investment
    for number, net in enumerate(monthly_net, start=1):
        cumulative += net
        months.append(
            Month(
                number=number,
                net=money(net),
                cumulative=money(cumulative),
                is_forecast=forecast_from is not None and number >= forecast_from,
            )
        )
    found = payback_month(investment, monthly_net)
    horizon = list(monthly_net[:ROI_HORIZON_MONTHS])
    multiple = None
    if investment > 0:
        multiple = (sum(horizon, ZERO) / investment).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return CashFlow(
        investment=money(investment),
        months=tuple(months),
        payback_month=found,
        pays_back=found is not None,
        roi_multiple=multiple,
        npv=net_present_value(investment, horizon, annual_discount_rate),
    )


def steady(monthly_net: Decimal, months: int = PAYBACK_SEARCH_MONTHS) -> list[Decimal]:
    return [monthly_net] * months


def change_management_share(*, change_management: Decimal, total: Decimal) -> Decimal | None:
    """Change management's share of the total budget in percent, or None without a budget."""
    if total <= 0:
        return None
    return (change_management / total * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetGuidance:
    """The playbook's guidance on the change-management share of an AI budget."""

    low: Decimal
    high: Decimal
    success_threshold: Decimal = Decimal("35")
    # The playbook's range: 30-40 %, up to 50 % without prior AI experience.
    usual_high: ClassVar[Decimal] = Decimal("40")
    high_without_experience: ClassVar[Decimal] = Decimal("50")

    @classmethod
    def for_experience(cls, *, has_ai_experience: bool) -> BudgetGuidance:
        return cls(
            Decimal("30"), cls.usual_high if has_ai_experience else cls.high_without_experience
        )

    def assess(self, share: Decimal | None) -> str:
        """One of 'missing', 'below' (under the low end), 'under_threshold'
        (under 35 %), 'ok' or 'above'."""
        if share is None:
            return "missing"
        if share < self.low:
            return "below"
        if share < self.success_threshold:
            return "under_threshold"
        if share > self.high:
            return "above"
        return "ok"
