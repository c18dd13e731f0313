"""What governance plugs into the registries: navigation, overview cards, the board
report's governance section, demo data, its own transition guards and the deadline
sources of the notification centre (layout: see transformation/plugins.py). Card
contexts run a fixed number of queries."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance import deadlines, demo, demo_duties, guards, permissions
from governance.coverage import (
    approvals_summary,
    literacy_by_department,
    open_obligations,
    role_coverage,
    use_cases_by_class,
)
from governance.models import Acknowledgement, Guideline, Obligation, RiskClass
from governance.registry import transition_guards
from governance.services.consultations import consultation_concluded
from transformation import registry
from transformation.lists import DEPARTMENT_LIMIT, Appendix, attention_first, excerpt
from transformation.models import Organisation


def _class_rows() -> list[dict]:
    labels = dict(RiskClass.choices)
    return [{**row, "label": labels.get(row["result_class"], "")} for row in use_cases_by_class()]


def use_cases_card(request) -> dict:
    return {
        "classes": _class_rows(),
        "approvals": approvals_summary(),
        "open_obligations": Obligation.objects.open().count(),
        "overdue": Obligation.objects.open().filter(due_on__lt=timezone.localdate()).count(),
    }


# An overview card names this many role gaps; the roles page lists them all.
CARD_GAPS = 8


def roles_card(request) -> dict:
    coverage = role_coverage()
    gaps = [
        *([_("No AI sponsor")] if coverage.missing_sponsor else []),
        *([_("No AI coordinator")] if coverage.missing_coordinator else []),
        *coverage.department_gaps(),
        *(
            _("%(name)s: %(total)s%% of working time")
            % {"name": p["member__user__full_name"] or p["external_name"], "total": p["total"]}
            for p in coverage.overcommitted
        ),
    ]
    return {"coverage": coverage, "gaps": excerpt(gaps, CARD_GAPS)}


def guidelines_card(request) -> dict:
    acknowledged = Exists(
        Acknowledgement.objects.filter(
            version=OuterRef("current_version"), member=request.membership
        )
    )
    return {
        "unread": list(
            Guideline.objects.filter(current_version__isnull=False)
            .annotate(acknowledged=acknowledged)
            .filter(acknowledged=False)
        )
    }


# Role gaps the report lists by name; the rest are counted and attached.
GAP_LIMIT = 12


def report_context(request=None, *, organisation: Organisation | None = None, **kwargs) -> dict:
    """The governance section of the board report; runs inside the organisation's scope."""
    organisation = organisation or getattr(request, "organisation", None)
    literacy = literacy_by_department()
    total = sum(row["total"] for row in literacy)
    trained = sum(row["trained_count"] for row in literacy)
    classes = _class_rows()
    approvals = approvals_summary()
    coverage = role_coverage()
    overdue = Obligation.objects.open().filter(due_on__lt=timezone.localdate()).count()
    prohibited = next(
        (row["count"] for row in classes if row["result_class"] == RiskClass.PROHIBITED), 0
    )
    risks = []
    if prohibited:
        risks.append(
            ngettext(
                "%(n)d use case is classified as a prohibited practice.",
                "%(n)d use cases are classified as prohibited practices.",
                prohibited,
            )
            % {"n": prohibited}
        )
    if overdue:
        risks.append(
            ngettext(
                "%(n)d legal obligation is overdue.",
                "%(n)d legal obligations are overdue.",
                overdue,
            )
            % {"n": overdue}
        )
    if coverage.gap_count:
        risks.append(
            ngettext(
                "%(n)d gap in the AI roles.", "%(n)d gaps in the AI roles.", coverage.gap_count
            )
            % {"n": coverage.gap_count}
        )
    decisions = []
    if approvals["pending"]:
        decisions.append(
            ngettext(
                "%(n)d use-case approval waits for the steering committee.",
                "%(n)d use-case approvals wait for the steering committee.",
                approvals["pending"],
            )
            % {"n": approvals["pending"]}
        )
    gaps = coverage.department_gaps()
    department_gaps = excerpt(gaps, GAP_LIMIT)
    # Lowest share of trained members first.
    literacy_rows = attention_first(
        literacy,
        DEPARTMENT_LIMIT,
        key=lambda row: (row["trained_count"] / row["total"], row["name"] or ""),
    )
    gaps_csv = literacy_csv = None
    if department_gaps.more:
        gaps_csv = Appendix(
            filename="role-gaps.csv", header=[_("Role coverage gaps")], rows=[[gap] for gap in gaps]
        )
    if literacy_rows.more:
        literacy_csv = Appendix(
            filename="ai-literacy-departments.csv",
            header=[_("Department"), _("Trained"), _("Members")],
            rows=[[row["name"], row["trained_count"], row["total"]] for row in literacy],
        )
    return {
        "risks": risks,
        "decisions": decisions,
        "organisation": organisation,
        "classes": classes,
        "obligations": open_obligations(limit=15),
        "approvals": approvals,
        "coverage": coverage,
        "department_gaps": department_gaps,
        "gaps_csv": gaps_csv,
        "literacy": literacy_rows,
        "literacy_csv": literacy_csv,
        "appendices": [csv for csv in (gaps_csv, literacy_csv) if csv],
        "literacy_total": total,
        "literacy_trained": trained,
    }


def register() -> None:
    # One entry for the people who read the register (the governance pages
    # link to each other); everyone else gets the two pages they use.
    for entry in (
        registry.NavEntry(
            key="governance", label=_("AI governance"), url_name="governance:usecases", order=400
        ),
        registry.NavEntry(
            key="governance_guidelines",
            label=_("Guidelines"),
            url_name="governance:guidelines",
            order=410,
            unless=permissions.view_register,
        ),
        registry.NavEntry(
            key="governance_my_training",
            label=_("My training"),
            url_name="governance:my_training",
            order=420,
            unless=permissions.view_register,
        ),
    ):
        registry.nav_entries.register(entry)

    registry.overview_cards.register(
        registry.OverviewCard(
            key="governance_use_cases",
            template="governance/cards/use_cases.html",
            context=use_cases_card,
            permission=permissions.view_register,
            order=400,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="governance_roles",
            template="governance/cards/roles.html",
            context=roles_card,
            permission=permissions.view_roles,
            order=410,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="governance_guidelines",
            template="governance/cards/guidelines.html",
            context=guidelines_card,
            permission=permissions.read_guidelines,
            order=420,
        )
    )

    registry.report_sections.register(
        registry.ReportSection(
            key="governance",
            title=_("Governance"),
            template="governance/report_section.html",
            context=report_context,
            order=400,
        )
    )

    registry.demo_seeders.register(registry.DemoSeeder(key="governance", seed=demo.seed, order=400))
    # Consultations before the lifecycle walk (they let use cases go live).
    registry.demo_seeders.register(
        registry.DemoSeeder(key="governance_duties", seed=demo_duties.seed, order=450)
    )
    # After the other apps' seeders: their guards (ROI baselines) may hold
    # use cases back on the first pass.
    registry.demo_seeders.register(
        registry.DemoSeeder(key="governance_lifecycle", seed=demo.seed_lifecycle, order=900)
    )
    registry.demo_seeders.register(
        registry.DemoSeeder(key="governance_copies", seed=demo.copy_use_cases, order=960)
    )
    # The notification centre last, once everything that falls due exists.
    registry.demo_seeders.register(
        registry.DemoSeeder(key="notifications", seed=demo_duties.refresh, order=990)
    )

    transition_guards.register("governance.classified", guards.classified)
    transition_guards.register("governance.not_prohibited", guards.not_prohibited)
    transition_guards.register("governance.no_open_approval", guards.no_open_approval)
    # No pilot or production before the works council and the workers were involved.
    transition_guards.register("governance.consultation", consultation_concluded)

    for key, label, collect, order in (
        ("governance.obligations", _("Obligations"), deadlines.obligations, 400),
        ("governance.evidence", _("Evidence"), deadlines.evidence, 401),
        ("governance.reviews", _("DPIA and FRIA reviews"), deadlines.reviews, 402),
        ("governance.guidelines", _("Guidelines"), deadlines.acknowledgements, 403),
        ("governance.literacy", _("AI literacy"), deadlines.refreshers, 404),
        ("governance.approvals", _("Approvals"), deadlines.approvals, 405),
        ("governance.incidents", _("Incidents"), deadlines.incidents, 406),
    ):
        registry.deadline_sources.register(
            registry.DeadlineSource(key=key, label=label, collect=collect, order=order)
        )
