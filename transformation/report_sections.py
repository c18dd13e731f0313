"""The core app's parts of the board report: the roadmap and the next steps.

Other apps add their sections from their own AppConfig.ready(); the report
service renders every registered section the request asks for.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from transformation import charts, registry
from transformation.dashboard import build_matrix, overall_progress, timeline_rows
from transformation.models import (
    CommunicationItem,
    Programme,
    Role,
    StepProgress,
    StepStatus,
)
from transformation.models.roadmap import OPEN_STATUSES, overdue_q

UPCOMING_DAYS = 60
LIST_LIMIT = 12


def roadmap_section(report) -> dict:
    """Phase status per department, overdue and blocked steps, and the timeline chart."""
    programme = Programme.objects.current()
    if programme is None:
        return {"programme": None}
    today = timezone.localdate()
    progress = StepProgress.objects.filter(programme=programme).select_related(
        "department", "step__template"
    )
    overdue = list(progress.filter(overdue_q(today)).order_by("planned_end")[:LIST_LIMIT])
    blocked = list(progress.filter(status=StepStatus.BLOCKED).order_by("department__name"))
    overall = overall_progress(programme, today=today)
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
    return {
        "programme": programme,
        "matrix": build_matrix(programme, today=today),
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
            {"value": f"{overall.percent} %", "label": _("of the roadmap's steps done")},
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
    steps = []
    if programme is not None:
        steps = list(
            StepProgress.objects.filter(
                programme=programme,
                status__in=OPEN_STATUSES,
                planned_start__lte=end,
                planned_end__gte=start,
            )
            .select_related("department", "step__template")
            .order_by("planned_end", "department__name")[:LIST_LIMIT]
        )
    communication = list(
        CommunicationItem.objects.filter(planned_on__range=(start, end))
        .exclude(status__in=[CommunicationItem.Status.DONE, CommunicationItem.Status.CANCELLED])
        .order_by("planned_on")[:LIST_LIMIT]
    )
    return {"start": start, "end": end, "steps": steps, "communication": communication}


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


def register() -> None:
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
    registry.demo_seeders.register(
        registry.DemoSeeder(key="board_reports", seed=seed_demo_reports, order=990)
    )
    registry.nav_entries.register(
        registry.NavEntry(
            key="board_reports",
            label=gettext_lazy("Board reports"),
            url_name="board_reports",
            roles=frozenset({Role.COORDINATOR, Role.STEERING}),
            order=800,
        )
    )
