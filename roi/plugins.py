"""What roi plugs into the registries: navigation, the overview card, the board
report's value section, demo data and the baseline guard on use-case transitions
(layout: see transformation/plugins.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.registry import transition_guards
from roi import demo, services
from roi.charts import cash_flow_chart
from roi.value import ProgrammeValue, programme_value
from transformation import formatting, registry
from transformation.models import Organisation
from transformation.permissions import view_dashboards


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
    )
    context.update(_summary(value))
    return context


def _summary(value: ProgrammeValue) -> dict[str, list]:
    highlights = [
        {"value": formatting.money(value.investment), "label": _("invested in AI use cases")}
    ]
    if value.roi_multiple is not None:
        highlights.append(
            {
                "value": formatting.multiple(value.roi_multiple),
                "label": _(
                    "ROI multiple after 36 months (net benefit ÷ one-off investment; "
                    "benchmark 3.7×)"
                ),
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


def register() -> None:
    # A use case's KPI may be a shipped catalogue KPI: found by its key in another installation.
    registry.archive_rules.register(registry.ArchiveRule(key="roi.kpi", catalogue_key="key"))
    registry.nav_entries.register(
        registry.NavEntry(
            key="roi", label=gettext_lazy("Value and ROI"), url_name="roi:programme", order=50
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="roi",
            template="roi/cards/value.html",
            context=value_card_context,
            permission=view_dashboards,
            order=50,
        )
    )
    registry.report_sections.register(
        registry.ReportSection(
            key="value",
            title=gettext_lazy("Value: ROI per use case and programme"),
            template="roi/report/value.html",
            context=value_report_context,
            # After governance (400), as the board report's outline orders them.
            order=500,
        )
    )
    registry.demo_seeders.register(registry.DemoSeeder(key="roi", seed=demo.seed_value, order=450))
    transition_guards.register("roi.baselines", services.baselines_recorded)
