"""Read-side summaries: role coverage, literacy coverage, acknowledgement rates.

Each runs a fixed number of queries whatever the organisation's size; the
counting happens in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import (
    HIGH_RISK,
    Acknowledgement,
    ApprovalRequest,
    ApprovalStatus,
    Attendance,
    GuidelineVersion,
    Obligation,
    RaciEntry,
    RaciRole,
    RoleAssignment,
    RoleKind,
    UseCase,
)
from transformation.lists import Excerpt, excerpt
from transformation.models import Department, Membership


@dataclass
class RoleCoverage:
    departments: list[Department]
    missing_sponsor: bool
    missing_coordinator: bool
    overcommitted: list[dict]
    ended: list[RoleAssignment]
    gaps: list[str] = field(default_factory=list)

    def department_gaps(self) -> list[str]:
        """One line per department without a champion or a data steward, in words."""
        return [
            *(
                _("%(name)s: no AI champion") % {"name": d.name}
                for d in self.departments_without_champion
            ),
            *(
                _("%(name)s: no data steward") % {"name": d.name}
                for d in self.departments_without_steward
            ),
        ]

    @property
    def departments_without_champion(self) -> list[Department]:
        return [d for d in self.departments if not d.has_champion]

    @property
    def departments_without_steward(self) -> list[Department]:
        return [d for d in self.departments if not d.has_steward]

    @property
    def gap_count(self) -> int:
        return (
            len(self.departments_without_champion)
            + len(self.departments_without_steward)
            + int(self.missing_sponsor)
            + int(self.missing_coordinator)
            + len(self.overcommitted)
        )


def role_coverage(on: date | None = None) -> RoleCoverage:
    """Who is missing where: 4 queries."""
    on = on or timezone.localdate()
    active = RoleAssignment.objects.active(on)

    def held(kind: str):
        return Exists(active.filter(kind=kind, department=OuterRef("pk")))

    departments = list(
        Department.objects.annotate(
            has_champion=held(RoleKind.CHAMPION), has_steward=held(RoleKind.DATA_STEWARD)
        ).order_by("name")
    )
    kinds = set(active.values_list("kind", flat=True).distinct())
    overcommitted = list(
        active.values("member", "external_name", "member__user__full_name", "member__user__email")
        .annotate(total=Sum("share_percent"))
        .filter(total__gt=100)
        .order_by("-total")
    )
    ended = list(
        RoleAssignment.objects.ended(on)
        .select_related("member__user", "department", "custom_role")
        .order_by("-ends_on")
    )
    return RoleCoverage(
        departments=departments,
        missing_sponsor=RoleKind.SPONSOR not in kinds,
        missing_coordinator=RoleKind.COORDINATOR not in kinds,
        overcommitted=overcommitted,
        ended=ended,
    )


def _trained(on: date):
    return Exists(Attendance.objects.valid(on).filter(member=OuterRef("pk")))


def literacy_by_department(on: date | None = None) -> list[dict]:
    """Members and members with a valid training, per department: 1 query."""
    on = on or timezone.localdate()
    return list(
        Membership.objects.annotate(trained=_trained(on))
        .values(name=F("department__name"))
        .annotate(total=Count("pk"), trained_count=Count("pk", filter=Q(trained=True)))
        .order_by("name")
    )


def literacy_by_role(on: date | None = None) -> list[dict]:
    on = on or timezone.localdate()
    return list(
        Membership.objects.annotate(trained=_trained(on))
        .values("role")
        .annotate(total=Count("pk"), trained_count=Count("pk", filter=Q(trained=True)))
        .order_by("role")
    )


def high_risk_operators(on: date | None = None) -> list[RaciEntry]:
    """The people responsible for running high-risk systems, and whether they are trained."""
    on = on or timezone.localdate()
    return list(
        RaciEntry.objects.filter(
            letter=RaciRole.RESPONSIBLE,
            use_case__current_classification__result_class__in=HIGH_RISK,
        )
        .annotate(trained=Exists(Attendance.objects.valid(on).filter(member=OuterRef("member"))))
        .select_related("use_case", "member__user")
        .order_by("use_case__title", "member__user__full_name")
    )


def acknowledgement_rates(version: GuidelineVersion) -> list[dict]:
    """Members and acknowledgements of one version, per department: 1 query."""
    acknowledged = Exists(Acknowledgement.objects.filter(version=version, member=OuterRef("pk")))
    return list(
        Membership.objects.annotate(acknowledged=acknowledged)
        .values(name=F("department__name"))
        .annotate(total=Count("pk"), acknowledged_count=Count("pk", filter=Q(acknowledged=True)))
        .order_by("name")
    )


def use_cases_by_class() -> list[dict]:
    return list(
        UseCase.objects.values(result_class=F("current_classification__result_class"))
        .annotate(count=Count("pk"))
        # Not classified first, on every database (SQLite and PostgreSQL put NULL apart).
        .order_by(F("result_class").asc(nulls_first=True))
    )


def approvals_summary() -> dict[str, int]:
    rows = dict(ApprovalRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    pending = rows.pop(ApprovalStatus.PENDING, 0)
    return {"pending": pending, "decided": sum(rows.values())}


def open_obligations(limit: int = 10) -> Excerpt:
    """The open obligations most urgent first, and how many there are in all.

    An obligation without a due date applies already (for example GDPR Art 35
    or AI Act Art 4), so it comes before every dated one.
    """
    return excerpt(
        Obligation.objects.open()
        .select_related("use_case", "owner__user")
        .order_by(
            F("due_on").asc(nulls_first=True), "use_case__title", "use_case__pk", "article", "pk"
        ),
        limit,
    )
