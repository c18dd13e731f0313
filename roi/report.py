"""What roi adds to the programme overview and the board report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from roi.charts import cash_flow_chart
from roi.formatting import format_money, format_multiple
from roi.value import ProgrammeValue, programme_value
from transformation.models import Organisation


def value_card_context(request) -> dict:
    """Overview card: programme investment, payback, ROI multiple and open baselines."""
    return {"value": programme_value(request.organisation)}


def value_report_context(
    source: Any = None, *, organisation: Organisation | None = None, **_kw
) -> dict:
    """Board-report section "value": ROI per use case and programme, benefit curve with payback.

    `source` is the board report (or a request): anything with `organisation`.
    """
    organisation = organisation or source.organisation
    value = programme_value(organisation)
    context: dict[str, Any] = {"organisation": organisation, "value": value, "chart": None}
    if not value.use_cases:
        return context
    context["chart"] = cash_flow_chart(
        value.cash_flow,
        months=value.chart_months(),
        measured_months=value.measured_months,
        title=_("Programme: cumulative cash flow"),
        width=680,
    )
    context.update(_summary(value))
    return context


def _summary(value: ProgrammeValue) -> dict[str, list]:
    highlights = [{"value": format_money(value.investment), "label": _("invested in AI use cases")}]
    if value.roi_multiple is not None:
        highlights.append(
            {
                "value": format_multiple(value.roi_multiple),
                "label": _("ROI multiple after 36 months (benchmark 3.7×)"),
            }
        )
    if value.payback_month:
        highlights.append(
            {
                "value": _("Month %(month)s") % {"month": value.payback_month},
                "label": _("programme payback"),
            }
        )
    risks, decisions = [], []
    if value.missing_baselines:
        risks.append(
            _("%(count)s KPIs have no baseline; their improvement cannot be shown.")
            % {"count": value.missing_baselines}
        )
    low_share = [v.use_case.title for v in value.use_cases if v.costs.warning]
    if low_share:
        risks.append(
            _("Change management gets less than 35 %% of the budget in: %(use_cases)s.")
            % {"use_cases": ", ".join(low_share)}
        )
        decisions.append(_("Raise the change-management budget to at least 35 per cent."))
    never = [v.use_case.title for v in value.use_cases if v.investment and not v.pays_back]
    if never:
        risks.append(
            _("Not paying back at the current values: %(use_cases)s.")
            % {"use_cases": ", ".join(never)}
        )
    return {"highlights": highlights, "risks": risks, "decisions": decisions}
