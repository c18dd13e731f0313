"""What the change-management app plugs into the registries: navigation, overview cards,
the board report's change-management section, demo data, and its retrospectives for
case-study drafts (layout: see transformation/plugins.py)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption import permissions
from adoption.load import change_load, load_warnings
from adoption.models import (
    GOOD_IDEA_STATUSES,
    Escalation,
    Idea,
    IdeaStatus,
    Retrospective,
    Severity,
    UsageRecord,
)
from adoption.quarters import quarter_start
from adoption.scorecard import department_rows, last_complete_month, scorecard, windows
from casestudies.registry import DraftAddition, DraftSource, draft_sources
from transformation import registry
from transformation.lists import DEPARTMENT_LIMIT, Appendix, attention_first, excerpt


def scorecard_card(request) -> dict:
    """Latest adoption, recent ideas, unresolved escalations and load warnings (fixed queries).

    A summary: the load warnings only need this month and the months ahead.
    """
    organisation = request.organisation
    current, _previous = windows(timezone.localdate())
    latest = (
        UsageRecord.objects.filter(month__lte=last_complete_month(timezone.localdate()))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    usage = (
        UsageRecord.objects.filter(month=latest).aggregate(
            licensed=Sum("licensed_users"), active=Sum("active_users")
        )
        if latest
        else {}
    )
    rate = round(100 * usage["active"] / usage["licensed"], 1) if usage.get("licensed") else None
    return {
        "rate": rate,
        "month": latest,
        "ideas": Idea.objects.filter(submitted_in__gte=current[0]).count(),
        "unresolved": Escalation.objects.unresolved().count(),
        "warnings": load_warnings(organisation),
    }


def ideas_card(request) -> dict:
    """The idea box for everyone: this quarter's ideas and how many became use cases."""
    start = quarter_start(timezone.localdate())
    counts = Idea.objects.aggregate(
        quarter=Count("pk", filter=Q(submitted_in__gte=start)),
        use_cases=Count("pk", filter=Q(status=IdeaStatus.USE_CASE)),
        accepted=Count("pk", filter=Q(status__in=GOOD_IDEA_STATUSES)),
    )
    return {"counts": counts}


# Load warnings the report lists; the rest are counted.
WARNING_LIMIT = 12


def report_section(report) -> dict:
    """The board report's change-management section, as of the period's end."""
    organisation = report.organisation
    on = min(report.period_end, timezone.localdate())
    card = scorecard(organisation, on=on)
    load = change_load(organisation, today=on)
    serious = (
        Escalation.objects.unresolved()
        .filter(severity__gte=Severity.HIGH, raised_on__lte=on)
        .count()
    )
    metrics = {metric.key: metric for metric in card.metrics}
    highlights = []
    if metrics["adoption"].shown:
        highlights.append({"value": metrics["adoption"].value, "label": _("AI tool adoption")})
    highlights.append({"value": metrics["ideas"].value, "label": _("ideas from staff (3 months)")})
    risks = list(load.warnings)
    if serious:
        risks.append(
            _("%(n)s escalations of high or critical severity are unresolved.") % {"n": serious}
        )
    all_rows = department_rows(on)
    # The most loaded departments first; then those with the lowest adoption.
    load_rows = attention_first(
        load.rows,
        DEPARTMENT_LIMIT,
        key=lambda row: (-max((cell.value for cell in row.cells), default=0), row.department.name),
    )
    rows = attention_first(
        all_rows,
        DEPARTMENT_LIMIT,
        key=lambda row: (row.adoption is None, row.adoption or 0, row.department.name),
    )
    load_csv = rows_csv = None
    if load_rows.more:
        load_csv = Appendix(
            filename="change-load-departments.csv",
            header=[_("Department"), *(month.strftime("%Y-%m") for month in load.months)],
            rows=[[row.department.name, *(cell.value for cell in row.cells)] for row in load.rows],
        )
    if rows.more:
        rows_csv = Appendix(
            filename="adoption-departments.csv",
            header=[
                _("Department"),
                _("Adoption"),
                _("Ideas (3 months)"),
                _("Unresolved escalations"),
                _("Retrospectives (3 months)"),
            ],
            rows=[
                [
                    row.department.name,
                    row.adoption,
                    row.ideas,
                    row.unresolved,
                    row.retrospectives,
                ]
                for row in all_rows
            ],
        )
    return {
        "card": card,
        "load": load,
        "warnings": excerpt(load.warnings, WARNING_LIMIT),
        "load_rows": load_rows,
        "load_csv": load_csv,
        "rows": rows,
        "rows_csv": rows_csv,
        "appendices": [csv for csv in (load_csv, rows_csv) if csv],
        "highlights": highlights,
        "risks": risks,
    }


def retrospective_lessons(use_case) -> DraftAddition:
    """The use case's retrospectives, for its case-study draft."""
    retrospectives = list(Retrospective.objects.filter(use_case=use_case).order_by("held_on"))
    if not retrospectives:
        return DraftAddition()
    lines = [
        _("After-action reviews: %(n)s retrospectives of the pilot") % {"n": len(retrospectives)}
    ]
    notes = []
    for item in retrospectives:
        parts = [
            _("Retrospective of %(date)s.") % {"date": item.held_on.isoformat()},
            _("What went well: %(text)s") % {"text": item.went_well},
            _("What did not go well: %(text)s") % {"text": item.went_badly},
            _("What we change: %(text)s") % {"text": item.changes},
        ]
        if item.decisions:
            parts.append(_("Decisions: %(text)s") % {"text": item.decisions})
        notes.append("\n".join(parts))
    return DraftAddition(change_approach=lines, notes=notes)


def seed_demo(organisation, **options) -> None:
    from adoption.demo import seed_demo

    seed_demo(organisation, **options)


def register() -> None:
    registry.nav_entries.register(
        registry.NavEntry(
            key="adoption",
            label=gettext_lazy("Change scorecard"),
            url_name="adoption:scorecard",
            order=350,
        )
    )
    registry.nav_entries.register(
        registry.NavEntry(
            key="adoption_ideas",
            label=gettext_lazy("Idea box"),
            url_name="adoption:ideas",
            order=360,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="adoption_scorecard",
            template="adoption/cards/scorecard.html",
            context=scorecard_card,
            permission=permissions.view_scorecard,
            order=350,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="adoption_ideas",
            template="adoption/cards/ideas.html",
            context=ideas_card,
            permission=permissions.use_idea_box,
            order=360,
        )
    )
    registry.report_sections.register(
        registry.ReportSection(
            key="adoption",
            title=gettext_lazy("Change management"),
            template="adoption/report/section.html",
            context=report_section,
            order=350,
        )
    )
    # After governance's lifecycle (use cases in production) and before the
    # case-study drafts, which pick up the retrospectives.
    registry.demo_seeders.register(registry.DemoSeeder(key="adoption", seed=seed_demo, order=920))
    draft_sources.register(DraftSource(key="adoption", addition=retrospective_lessons))
