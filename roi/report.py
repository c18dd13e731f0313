"""What roi adds to the programme overview and the board report."""

from __future__ import annotations

from django.utils.translation import gettext as _

from roi.charts import cash_flow_chart
from roi.value import programme_value
from transformation.models import Organisation


def value_card_context(request) -> dict:
    """Overview card: programme investment, payback, ROI multiple and open baselines."""
    return {"value": programme_value(request.organisation)}


def value_report_context(request=None, *, organisation: Organisation | None = None, **_kw) -> dict:
    """Board-report section "value": ROI per use case and programme, benefit curve with payback."""
    organisation = organisation or request.organisation
    value = programme_value(organisation)
    chart = None
    if value.use_cases:
        chart = cash_flow_chart(
            value.cash_flow,
            months=value.chart_months(),
            measured_months=value.measured_months,
            title=_("Programme: cumulative cash flow"),
        )
    return {"organisation": organisation, "value": value, "chart": chart}
