"""The cumulative cash-flow chart: a pure function from a cash flow to SVG markup.

The value page and the board report (PDF) draw the same chart, through the
programme's shared line chart (presentation attributes only, no styles).
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from roi.calculations import CashFlow
from transformation import charts, formatting
from transformation.charts import Marker, Series, line_chart


def cash_flow_chart(
    flow: CashFlow,
    *,
    months: int,
    measured_months: int,
    title: str = "",
    width: int = 640,
    height: int = 300,
    font_size: int = 10,
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
    # Without an investment there is nothing to pay back: no "paid back in month 0".
    if flow.investment > 0 and flow.payback_month is not None and flow.payback_month <= months:
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
        value_format=formatting.money,
        min_step=1,  # whole euros: no €0/€0/€1 ticks
        width=width,
        height=height,
        font_size=font_size,
    )


def cash_flow_figure(flow: CashFlow, *, months: int, measured_months: int, title: str = "") -> str:
    """The chart for a page: the report's wide chart, and a narrow one drawn for phones
    with the same data (the stylesheet shows one of them), so its text stays readable."""
    arguments = {"months": months, "measured_months": measured_months, "title": title}
    return charts.for_screens(
        cash_flow_chart(flow, **arguments),
        cash_flow_chart(flow, **arguments, width=320, height=300, font_size=12),
    )
