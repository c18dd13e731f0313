"""Public reads of the governance app for other apps.

Other apps (the change-management scorecard in `adoption`) read use cases
and training through these functions instead of governance's tables. Each
runs one query whatever the number of departments. Call them inside the
organisation's scope.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import CharField, Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from governance.models import ApplicationArea, Attendance, LifecycleState, UseCase
from transformation.audit import AuditAction
from transformation.models import AuditEvent

MonthCounts = dict[tuple[int | None, date], int]


def _month(value: date | datetime) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def use_cases_for_linking() -> QuerySet[UseCase]:
    """The organisation's use cases, for choosing one in another app's form."""
    return UseCase.objects.select_related("department").order_by("title", "pk")


def application_area_choices() -> list[tuple[str, str]]:
    """The application areas a new use case chooses from, for another app's form."""
    return list(ApplicationArea.choices)


def go_lives_by_department_month(*, start: date, end: date) -> MonthCounts:
    """Use cases moved into production per (department id, first of month), from `start` to `end`.

    Read from the audit trail's lifecycle moves, so a use case that went live,
    was retired and went live again counts twice. The department is the use
    case's current one (None: no department).
    """
    zone = timezone.get_current_timezone()
    department = Subquery(
        UseCase.objects.annotate(key=Cast("pk", CharField()))
        .filter(key=OuterRef("target_id"))
        .values("department")[:1]
    )
    rows = (
        AuditEvent.objects.filter(
            action=AuditAction.USE_CASE_MOVED,
            target_type=UseCase._meta.label_lower,
            changes__state__1=LifecycleState.PRODUCTION,
            created_at__gte=datetime.combine(start, datetime.min.time(), zone),
            created_at__lt=datetime.combine(end, datetime.min.time(), zone),
        )
        .annotate(department=department, month=TruncMonth("created_at"))
        .values("department", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: MonthCounts = {}
    for row in rows:
        key = (row["department"], _month(row["month"]))
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def training_reach_by_department_month(*, start: date, end: date) -> MonthCounts:
    """Members who attended a training session, per (department id, first of month)."""
    rows = (
        Attendance.objects.filter(session__held_on__gte=start, session__held_on__lt=end)
        .values(department=F("member__department"), month=TruncMonth("session__held_on"))
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )
    return {(row["department"], _month(row["month"])): row["n"] for row in rows}
