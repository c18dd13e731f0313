"""The cumulative cash-flow chart: a pure function from a cash flow to SVG markup.

The value page and the board report (PDF) draw the same chart, through the
programme's shared line chart (presentation attributes only, no styles).
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from roi.calculations import CashFlow
from roi.formatting import format_money
from transformation.charts import Marker, Series, line_chart


def cash_flow_chart(
    flow: CashFlow,
    *,
    months: int,
    measured_months: int,
    title: str = "",
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """Cumulative cash flow from month 0 (the investment) with the payback month marked.

    The measured months are drawn dark over the whole line, whose later part
    is the forecast from the targets.
    """
    cumulative = [-flow.investment, *(month.cumulative for month in flow.months[:months])]
    values = [float(value) for value in cumulative]
    series = [Series(label=_("Forecast from targets"), values=values, tone="planned")]
    if measured_months:
        series.append(
            Series(label=_("Measured"), values=values[: measured_months + 1], tone="info")
        )
    marker = None
    if flow.payback_month is not None and flow.payback_month <= months:
        marker = Marker(
            index=flow.payback_month,
            label=_("Paid back in month %(month)s") % {"month": flow.payback_month},
            tone="ok",
        )
    return line_chart(
        series,
        title=title or _("Cumulative cash flow"),
        x_labels=[str(number) for number in range(months + 1)],
        marker=marker,
        y_label=_("EUR"),
        value_format=lambda value: format_money(value),
        width=width,
        height=height,
    )
