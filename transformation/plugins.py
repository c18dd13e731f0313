"""What the core app plugs into the registries: navigation, overview cards,
board-report sections (the roadmap and the next steps), demo data, the roadmap's
deadline source and the hook for new departments.

Every app keeps its parts in `<app>/plugins.py` with this layout: first the
callables the registries call (card and section contexts, seeders, hooks),
then one `register()`, which the app's `AppConfig.ready()` calls. See
"Plug-ins" in the README.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from transformation import charts, formatting, permissions, registry
from transformation.clocks import end_of_day, organisation_zone
from transformation.dashboard import (
    build_matrix,
    overall_progress,
    phase_completion,
    timeline_rows,
)
from transformation.deadlines import DATE_LEAD, Deadline, in_languages, is_user
from transformation.identity import signals as identity_signals
from transformation.lists import DEPARTMENT_LIMIT, Appendix, attention_first, excerpt
from transformation.models import (
    CommunicationItem,
    Department,
    Membership,
    Programme,
    StepProgress,
    StepStatus,
)
from transformation.models.roadmap import OPEN_STATUSES, overdue_q
from transformation.services.roadmap import extend_running_programmes

UPCOMING_DAYS = 60
LIST_LIMIT = 12
CARD_LIMIT = 5  # rows on an overview card; the card says how many more there are


# -- Overview cards ----------------------------------------------------------------------------


def organisation_card(request) -> dict:
    departments = Department.objects.aggregate(count=Count("pk"), headcount=Sum("headcount"))
    roles = dict(Membership.objects.values_list("role").annotate(n=Count("pk")).order_by())
    return {"departments": departments, "roles": roles}


def _current_programme(request):
    # Three cards ask for the same programme; look it up once per request.
    if not hasattr(request, "_current_programme"):
        request._current_programme = Programme.objects.current()
    return request._current_programme


def phase_progress_card(request) -> dict:
    programme = _current_programme(request)
    if programme is None:
        return {"programme": None}
    return {
        "programme": programme,
        "phases": phase_completion(programme),
        "overall": overall_progress(programme),
    }


def _step_list_card(request, status: str | None) -> dict:
    programme = _current_programme(request)
    if programme is None:
        return {"programme": None}
    rows = StepProgress.objects.filter(programme=programme)
    rows = rows.overdue() if status is None else rows.filter(status=status)
    shown = excerpt(
        rows.select_related("department", "step__template").order_by(
            "planned_end", "department__name", "pk"
        ),
        CARD_LIMIT,
    )
    return {
        "programme": programme,
        "count": shown.total,
        "rows": shown,
        "status": status or "overdue",
    }


def overdue_card(request) -> dict:
    return _step_list_card(request, None)


def blocked_card(request) -> dict:
    return _step_list_card(request, "blocked")


# -- Board-report sections ---------------------------------------------------------------------


def roadmap_section(report) -> dict:
    """Phase status per department, overdue and blocked steps, and the timeline chart."""
    programme = Programme.objects.current()
    if programme is None:
        return {"programme": None}
    today = timezone.localdate()
    progress = StepProgress.objects.filter(programme=programme).select_related(
        "department", "step__template"
    )
    overdue = list(
        progress.filter(overdue_q(today)).order_by(
            "planned_end", "department__name", "step__position", "pk"
        )[:LIST_LIMIT]
    )
    blocked = excerpt(
        progress.filter(status=StepStatus.BLOCKED).order_by("department__name", "pk"), LIST_LIMIT
    )
    overall = overall_progress(programme, today=today)
    matrix = build_matrix(programme, today=today)
    # Least progress first, then most overdue: the departments the board asks about.
    departments = attention_first(
        matrix.rows,
        DEPARTMENT_LIMIT,
        key=lambda row: (row.tally.percent, -row.tally.overdue, row.department.name),
    )
    risks = [
        _("%(department)s is blocked in “%(step)s”: %(reason)s")
        % {"department": row.department, "step": row.step, "reason": row.blocked_reason or "–"}
        for row in blocked[:3]
    ]
    if overall.overdue:
        risks.append(
            _("%(count)s roadmap steps are overdue, the oldest since %(date)s.")
            % {
                "count": overall.overdue,
                "date": date_format(overdue[0].planned_end, "SHORT_DATE_FORMAT"),
            }
        )
    departments_csv = blocked_csv = None
    if departments.more:
        departments_csv = Appendix(
            filename="roadmap-departments.csv",
            header=[
                _("Department"),
                *(column.label for column in matrix.columns),
                _("Done"),
                _("Overdue"),
            ],
            rows=[
                [
                    row.department.name,
                    *(cell.label for cell in row.cells),
                    row.tally.percent,
                    row.tally.overdue,
                ]
                for row in matrix.rows
            ],
        )
    if blocked.more:
        blocked_csv = Appendix(
            filename="roadmap-blocked-steps.csv",
            header=[_("Department"), _("Step"), _("Reason")],
            rows=[
                [str(row.department), str(row.step), row.blocked_reason]
                for row in progress.filter(status=StepStatus.BLOCKED).order_by(
                    "department__name", "pk"
                )
            ],
        )
    return {
        "programme": programme,
        "matrix": matrix,
        "departments": departments,
        "departments_csv": departments_csv,
        "blocked_csv": blocked_csv,
        "appendices": [csv for csv in (departments_csv, blocked_csv) if csv],
        "overdue": overdue,
        "overdue_count": overall.overdue,
        "blocked": blocked,
        "overall": overall,
        "chart": charts.timeline(
            timeline_rows(programme),
            title=_("Timeline of %(programme)s") % {"programme": programme},
            today=today,
            start=programme.start_date,
            planned_label=_("planned"),
            actual_label=_("actual"),
            today_label=_("today"),
            width=680,
            label_width=210,
        ),
        "highlights": [
            {
                "value": formatting.percent(overall.percent, 0),
                "label": _("of the roadmap's steps done"),
            },
            {"value": overall.overdue, "label": _("steps overdue")},
            {"value": overall.blocked, "label": _("steps blocked")},
        ],
        "risks": risks,
        "decisions": [
            _("Unblock “%(step)s” in %(department)s.")
            % {"step": row.step, "department": row.department}
            for row in blocked[:2]
        ],
    }


def next_steps_section(report) -> dict:
    """Roadmap steps and communication planned for the weeks after the period."""
    start = max(report.period_end, timezone.localdate())
    end = start + dt.timedelta(days=UPCOMING_DAYS)
    programme = Programme.objects.current()
    steps = excerpt([], LIST_LIMIT)
    if programme is not None:
        steps = excerpt(
            StepProgress.objects.filter(
                programme=programme,
                status__in=OPEN_STATUSES,
                planned_start__lte=end,
                planned_end__gte=start,
            )
            .select_related("department", "step__template")
            .order_by("planned_end", "department__name", "pk"),
            LIST_LIMIT,
        )
    communication = excerpt(
        CommunicationItem.objects.filter(planned_on__range=(start, end))
        .exclude(status__in=[CommunicationItem.Status.DONE, CommunicationItem.Status.CANCELLED])
        .order_by("planned_on", "pk"),
        LIST_LIMIT,
    )
    return {"start": start, "end": end, "steps": steps, "communication": communication}


# -- Deadline sources --------------------------------------------------------------------------


def overdue_steps(organisation, now) -> Iterable[Deadline]:
    """Open steps of the current programme that end soon or ended.

    Behind the step page's predicate; they concern whoever edits the step
    (the coordinator, the department's champion) and its owner, and the
    steering committee once they are overdue.
    """
    programme = Programme.objects.current()
    if programme is None:
        return
    zone = organisation_zone(organisation)
    horizon = timezone.localtime(now, zone).date() + DATE_LEAD
    rows = StepProgress.objects.filter(
        programme=programme,
        status__in=OPEN_STATUSES,
        planned_end__isnull=False,
        planned_end__lte=horizon,
    ).select_related("department", "step__template")
    for progress in rows:
        due = end_of_day(progress.planned_end, zone)

        def relevant(membership, progress=progress, overdue=now >= due):
            return (
                permissions.edit_step(membership, progress)
                or is_user(membership, progress.owner_id)
                or (overdue and permissions.follow_overdue_items(membership))
            )

        yield Deadline(
            key=f"roadmap.step:{progress.pk}",
            source="roadmap",
            title=in_languages(
                lambda progress=progress: (
                    _("Roadmap step “%(step)s” in %(department)s")
                    % {"step": progress.step.name, "department": progress.department}
                )
            ),
            url=reverse("roadmap_step", kwargs={"org": organisation.slug, "pk": progress.pk}),
            due_at=due,
            notify_from=due - DATE_LEAD,
            visible_to=permissions.view_roadmap,  # the step page's predicate
            relevant_to=relevant,
            all_day=True,
        )


# -- Hooks -------------------------------------------------------------------------------------


def add_department_to_running_programmes(*, department: Department) -> None:
    """A new department gets its rows in every running programme."""
    extend_running_programmes(organisation=department.organisation)


# -- Demo data ---------------------------------------------------------------------------------


def seed_roadmap(organisation, **options) -> None:
    from transformation.demo import seed_roadmap

    seed_roadmap(organisation, **options)


def seed_demo_reports(organisation, *, size: str = "full", **options) -> None:
    """The demo organisation gets last month's report and a monthly schedule (idempotent)."""
    from transformation.models import BoardReport, ReportSettings
    from transformation.services import reports

    if size != "full" or BoardReport.objects.exists():
        return
    ReportSettings.objects.get_or_create(
        organisation=organisation, defaults={"monthly": True, "monthly_language": "de"}
    )
    period_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    reports.request_board_report(
        organisation=organisation,
        requested_by=None,
        period_start=period_end.replace(day=1),
        period_end=period_end,
        language=organisation.default_language,
        sections=[section.key for section in reports.available_sections()],
        scheduled=True,
    )


def new_invitation_link(invitation) -> None:
    """An imported invitation gets a new secret: the link sent from the old installation is dead."""
    from transformation.services.core import hash_token

    invitation.token_hash = hash_token(secrets.token_urlsafe(32))


def imported_sign_on_waits(single_sign_on) -> None:
    """Imported single sign-on stays off until the coordinator enters the client secret again."""
    single_sign_on.enabled = False
    single_sign_on.required = False


def register() -> None:
    for key, label, url_name, order in (
        ("overview", gettext_lazy("Overview"), "overview", 0),
        ("roadmap", gettext_lazy("Roadmap"), "roadmap", 10),
        ("stakeholders", gettext_lazy("Stakeholders"), "stakeholders", 20),
        ("communication", gettext_lazy("Communication"), "communication", 30),
        ("board_reports", gettext_lazy("Board reports"), "board_reports", 800),
        ("members", gettext_lazy("People"), "members", 900),
        ("departments", gettext_lazy("Departments"), "departments", 910),
        ("settings", gettext_lazy("Organisation"), "organisation_settings", 920),
        ("sign_in", gettext_lazy("Sign-in"), "sign_in_settings", 925),
    ):
        registry.nav_entries.register(registry.NavEntry(key, label, url_name, order))

    for key, template, context, permission, order in (
        # The static facts last: on a phone the actionable cards come first.
        ("organisation", "organisation", organisation_card, permissions.view_overview, 1000),
        (
            "roadmap_progress",
            "roadmap_progress",
            phase_progress_card,
            permissions.view_overview,
            10,
        ),
        ("roadmap_overdue", "roadmap_steps", overdue_card, permissions.view_roadmap, 11),
        ("roadmap_blocked", "roadmap_steps", blocked_card, permissions.view_roadmap, 12),
    ):
        registry.overview_cards.register(
            registry.OverviewCard(
                key=key,
                template=f"transformation/cards/{template}.html",
                context=context,
                permission=permission,
                order=order,
            )
        )

    registry.report_sections.register(
        registry.ReportSection(
            key="roadmap",
            title=gettext_lazy("Roadmap"),
            template="transformation/report/roadmap.html",
            context=roadmap_section,
            order=10,
        )
    )
    registry.report_sections.register(
        registry.ReportSection(
            key="next_steps",
            title=gettext_lazy("Next steps"),
            template="transformation/report/next_steps.html",
            context=next_steps_section,
            order=900,
        )
    )

    registry.demo_seeders.register(registry.DemoSeeder(key="roadmap", seed=seed_roadmap, order=10))
    registry.demo_seeders.register(
        registry.DemoSeeder(key="board_reports", seed=seed_demo_reports, order=990)
    )

    registry.deadline_sources.register(
        registry.DeadlineSource(
            key="roadmap", label=gettext_lazy("Roadmap steps"), collect=overdue_steps, order=10
        )
    )

    # How the core's rows travel in an organisation archive (services/portability.py).
    for rule in (
        registry.ArchiveRule(key="transformation.roadmapstep", catalogue_key="number"),
        # Derived from what is due, with ids in their links: the import rebuilds them.
        registry.ArchiveRule(key="transformation.notification", skip=True),
        # The channel's address is its credential: set up again after a move.
        registry.ArchiveRule(key="transformation.channelwebhook", skip=True),
        registry.ArchiveRule(
            key="transformation.invitation",
            leave_out=frozenset({"token_hash"}),
            on_import=new_invitation_link,
        ),
        registry.ArchiveRule(
            key="transformation.singlesignon",
            # The secret is encrypted with this installation's key; the connection id is
            # unique in an installation and registered at the identity provider anew.
            leave_out=frozenset({"client_secret_encrypted", "connection_id"}),
            on_import=imported_sign_on_waits,
        ),
    ):
        registry.archive_rules.register(rule)

    registry.hooks.register(
        registry.Hook(
            key="roadmap.new_department",
            event=registry.Event.DEPARTMENT_CREATED,
            handler=add_department_to_running_programmes,
        )
    )

    # Sign-in: whether the person still has to set up a second factor their
    # organisation requires (transformation/identity/signals.py).
    user_logged_in.connect(
        identity_signals.check_second_factor, dispatch_uid="identity.second_factor_on_login"
    )
    authenticator_added.connect(
        identity_signals.second_factor_added, dispatch_uid="identity.second_factor_added"
    )
