"""The value arithmetic, with exact expected values (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from roi.calculations import (
    BudgetGuidance,
    cash_flow,
    change_management_share,
    monetise,
    month_index,
    monthly_values,
    net_present_value,
    payback_month,
    relative_change,
    steady,
)

D = Decimal


@pytest.mark.parametrize(
    ("investment", "monthly", "month"),
    [("130000", "9300", 14), ("95000", "13600", 7), ("210000", "11700", 18)],
)
def test_payback_month_of_the_playbook_cases(investment, monthly, month):
    assert payback_month(D(investment), steady(D(monthly))) == month


def test_payback_is_the_first_month_whose_cumulative_cash_flow_reaches_zero():
    assert payback_month(D("1000"), [D("500"), D("500")]) == 2
    assert payback_month(D("1000"), [D("500"), D("499.99"), D("0.01")]) == 3


def test_no_benefit_never_pays_back():
    flow = cash_flow(investment=D("130000"), monthly_net=steady(D("0")))
    assert flow.payback_month is None
    assert flow.pays_back is False
    assert flow.roi_multiple == D("0.00")
    assert flow.months[-1].cumulative == D("-130000.00")


def test_negative_net_benefit_never_pays_back():
    assert payback_month(D("1000"), steady(D("-10"))) is None


def test_no_investment_pays_back_at_once():
    assert payback_month(D("0"), []) == 0


def test_cash_flow_of_130000_with_9300_a_month():
    flow = cash_flow(investment=D("130000"), monthly_net=steady(D("9300")))
    assert flow.payback_month == 14
    assert flow.months[12].cumulative == D("-9100.00")  # month 13
    assert flow.months[13].cumulative == D("200.00")  # month 14
    # 36 × 9,300 = 334,800 over 130,000
    assert flow.roi_multiple == D("2.58")
    assert flow.net_benefit_36 == D("334800")


def test_cash_flow_of_95000_with_13600_a_month():
    flow = cash_flow(investment=D("95000"), monthly_net=steady(D("13600")))
    assert flow.payback_month == 7
    assert flow.months[5].cumulative == D("-13400.00")
    assert flow.months[6].cumulative == D("200.00")
    assert flow.roi_multiple == D("5.15")  # 489,600 / 95,000 = 5.1537 rounded


def _annuity_npv(investment: float, monthly: float, annual_rate: float, months: int) -> float:
    """Independent closed form: present value of a level monthly annuity."""
    i = (1 + annual_rate) ** (1 / 12) - 1
    return -investment + monthly * (1 - (1 + i) ** -months) / i


def test_npv_at_8_percent_is_pinned_and_matches_the_annuity_formula():
    flow = cash_flow(
        investment=D("130000"), monthly_net=steady(D("9300")), annual_discount_rate=D("0.08")
    )
    assert flow.npv == D("168002.98")
    assert abs(float(flow.npv) - _annuity_npv(130000, 9300, 0.08, 36)) < 0.01


def test_npv_at_other_rates_matches_the_annuity_formula():
    for rate in ("0", "0.05", "0.12"):
        npv = net_present_value(D("95000"), [D("13600")] * 36, D(rate))
        expected = (
            95000 * -1 + 13600 * 36 if rate == "0" else _annuity_npv(95000, 13600, float(rate), 36)
        )
        assert abs(float(npv) - expected) < 0.01


def test_npv_discounts_the_first_month_by_one_twelfth_of_a_year():
    # 1,080 a year from now at 8 % is worth 1,000; one month: 1.08 ** (1/12).
    npv = net_present_value(D("0"), [D("0")] * 11 + [D("1080")], D("0.08"))
    assert npv == D("1000.00")


def test_forecast_months_are_marked():
    flow = cash_flow(investment=D("10"), monthly_net=steady(D("5"), 4), forecast_from=3)
    assert [m.is_forecast for m in flow.months] == [False, False, True, True]


def test_monetise_counts_improvement_in_the_kpis_direction():
    lower = monetise(
        baseline=D("14"),
        value=D("10"),
        higher_is_better=False,
        monthly_volume=D("3000"),
        unit_value=D("0.75"),
    )
    assert lower == D("9000.00")
    worse = monetise(
        baseline=D("61"),
        value=D("59"),
        higher_is_better=True,
        monthly_volume=D("10"),
        unit_value=D("5"),
    )
    assert worse == D("-100")


def test_relative_change():
    assert relative_change(before=D("17"), after=D("5")) == D("-70.6")
    assert relative_change(before=D("61"), after=D("84")) == D("37.7")
    assert relative_change(before=D("0"), after=D("5")) is None


def test_month_index_counts_calendar_months_from_go_live():
    start = date(2026, 1, 15)
    assert month_index(start, date(2026, 1, 31)) == 1
    assert month_index(start, date(2026, 2, 1)) == 2
    assert month_index(start, date(2027, 1, 1)) == 13
    assert month_index(start, date(2025, 12, 31)) == 0


def test_monthly_values_carry_forward_and_forecast_with_the_target():
    values = monthly_values(
        start=date(2026, 1, 1),
        measurements=[
            (date(2026, 2, 10), D("12")),
            (date(2026, 2, 25), D("11")),
            (date(2026, 4, 3), D("9")),
        ],
        months=6,
        forecast=D("8"),
    )
    assert values == [
        (None, False),
        (D("11"), False),
        (D("11"), False),
        (D("9"), False),
        (D("8"), True),
        (D("8"), True),
    ]


def test_monthly_values_without_target_hold_the_last_value():
    values = monthly_values(
        start=date(2026, 1, 1), measurements=[(date(2026, 1, 5), D("3"))], months=3
    )
    assert values == [(D("3"), False), (D("3"), False), (D("3"), False)]


def test_change_management_share_and_guidance():
    assert change_management_share(change_management=D("45500"), total=D("130000")) == D("35.0")
    assert change_management_share(change_management=D("1"), total=D("0")) is None
    experienced = BudgetGuidance.for_experience(has_ai_experience=True)
    first_project = BudgetGuidance.for_experience(has_ai_experience=False)
    assert (experienced.low, experienced.high) == (D("30"), D("40"))
    assert (first_project.low, first_project.high) == (D("30"), D("50"))
    assert experienced.assess(D("28.4")) == "below"
    assert experienced.assess(D("32")) == "under_threshold"
    assert experienced.assess(D("35")) == "ok"
    assert experienced.assess(D("45")) == "above"
    assert first_project.assess(D("45")) == "ok"
    assert experienced.assess(None) == "missing"
