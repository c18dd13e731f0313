"""Workflows of the change-management app. Every change writes an audit event
(transformation/audit.py, the change-management section), except the
submission of an anonymous idea and supports of ideas (see `submit_idea` and
`support_idea`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import (
    AiTool,
    ChangeLoadSettings,
    Escalation,
    EscalationStatus,
    Idea,
    IdeaStatus,
    IdeaSupport,
    Retrospective,
    UsageRecord,
    UsageSource,
    first_of_month,
)
from assessments.confidentiality import min_group_size
from governance.services import save_use_case
from transformation.audit import AuditAction
from transformation.models import Department, Membership, Organisation, StepProgress, User
from transformation.services import record_audit_event, save_audited

# The trail keeps long texts (descriptions, resolutions, reviews) in their rows, not in full.
LONG_TEXT = 200


def shortened(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes for the audit trail, with long texts replaced by an ellipsis."""
    return {key: value if len(str(value)) < LONG_TEXT else "…" for key, value in changes.items()}


# Tools -----------------------------------------------------------------------


@transaction.atomic
def save_tool(
    *,
    organisation: Organisation,
    actor: User,
    tool: AiTool | None = None,
    values: dict[str, Any],
    departments: Iterable[Department] = (),
    use_cases: Iterable[Any] = (),
) -> AiTool:
    """Add a tool to the inventory or change it, with its departments and use cases."""
    departments, use_cases = list(departments), list(use_cases)
    created = tool is None
    if created:
        tool = AiTool(organisation=organisation)
    name = str(values.get("name", tool.name)).strip()
    if AiTool.objects.filter(name__iexact=name).exclude(pk=tool.pk).exists():
        raise ValidationError({"name": _("A tool of this name is already in the inventory.")})
    before = (
        set()
        if created
        else {
            *(f"d{pk}" for pk in tool.departments.values_list("pk", flat=True)),
            *(f"u{pk}" for pk in tool.use_cases.values_list("pk", flat=True)),
        }
    )
    after = {*(f"d{d.pk}" for d in departments), *(f"u{u.pk}" for u in use_cases)}
    links = {}
    if before != after:
        links = {
            "departments": sorted(d.name for d in departments),
            "use_cases": sorted(u.title for u in use_cases),
        }
    save_audited(
        tool,
        actor=actor,
        action=AuditAction.AI_TOOL_CREATED if created else AuditAction.AI_TOOL_CHANGED,
        values=values,
        extra_changes=links,
    )
    tool.departments.set(departments)
    tool.use_cases.set(use_cases)
    return tool


def _check_usage(licensed: int, active: int, month: date) -> None:
    if active > licensed:
        raise ValidationError(
            _("More active users (%(active)s) than licensed users (%(licensed)s).")
            % {"active": active, "licensed": licensed}
        )
    if month > first_of_month(timezone.localdate()):
        raise ValidationError(_("The month lies in the future."))


@transaction.atomic
def record_usage(
    *,
    tool: AiTool,
    actor: User,
    department: Department,
    month: date,
    licensed_users: int,
    active_users: int,
    actions: int = 0,
) -> UsageRecord:
    """Enter or correct one tool's usage in one department and month."""
    month = first_of_month(month)
    _check_usage(licensed_users, active_users, month)
    values = {
        "licensed_users": licensed_users,
        "active_users": active_users,
        "actions": actions,
    }
    record = UsageRecord.objects.filter(tool=tool, department=department, month=month).first()
    if record is None:
        record = UsageRecord(
            organisation=tool.organisation, tool=tool, department=department, month=month
        )
    # Who entered the figures and when: saved with them, only when they change.
    entered_before = (record.source, record.recorded_by, record.recorded_at)
    record.source, record.recorded_by = UsageSource.ENTERED, actor
    record.recorded_at = timezone.now()
    changes = save_audited(
        record,
        actor=actor,
        action=AuditAction.USAGE_RECORDED,
        values=values,
        target=tool,
        summarise=lambda changes: {
            "month": month.isoformat(),
            "department": department,
            **changes,
        },
    )
    if not changes:  # nothing saved: the row keeps who entered its figures
        record.source, record.recorded_by, record.recorded_at = entered_before
    return record


@dataclass(frozen=True)
class UsageRow:
    """One validated line of a usage import."""

    line: int
    tool: AiTool
    department: Department
    month: date
    licensed_users: int
    active_users: int
    actions: int


@transaction.atomic
def import_usage(
    *, organisation: Organisation, actor: User, rows: Sequence[UsageRow], file_name: str = ""
) -> int:
    """Save every validated row at once (new or replacing the same tool, department, month).

    The rows were validated as a whole before (`adoption.imports`), so a
    file either imports completely or not at all; one audit event.
    """
    now = timezone.now()
    records = [
        UsageRecord(
            organisation=organisation,
            tool=row.tool,
            department=row.department,
            month=row.month,
            licensed_users=row.licensed_users,
            active_users=row.active_users,
            actions=row.actions,
            source=UsageSource.IMPORTED,
            recorded_by=actor,
            recorded_at=now,
        )
        for row in rows
    ]
    UsageRecord.objects.bulk_create(
        records,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["tool", "department", "month"],
        update_fields=[
            "licensed_users",
            "active_users",
            "actions",
            "source",
            "recorded_by",
            "recorded_at",
        ],
    )
    months = sorted({row.month for row in rows})
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.USAGE_IMPORTED,
        target=None,
        changes={
            "rows": len(rows),
            "tools": sorted({row.tool.name for row in rows}),
            "months": [months[0].isoformat(), months[-1].isoformat()] if months else [],
            "file": file_name[:120],
        },
    )
    return len(records)


# Ideas -----------------------------------------------------------------------


def anonymity_errors(department: Department | None) -> list[str]:
    """Why an anonymous idea may not name this department: too few people to hide among.

    Uses the survey minimum group size (the same rule that hides small
    groups' survey answers), against the department's headcount or its
    members, whichever is larger.
    """
    if department is None:
        return []
    people = max(department.headcount, Membership.objects.filter(department=department).count())
    minimum = min_group_size()
    if people < minimum:
        return [
            _(
                "%(department)s has fewer than %(n)s people, so an anonymous idea naming it "
                "could point to you. Leave the department empty."
            )
            % {"department": department.name, "n": minimum}
        ]
    return []


@transaction.atomic
def submit_idea(
    *,
    organisation: Organisation,
    author: User | None,
    title: str,
    description: str = "",
    department: Department | None = None,
) -> Idea:
    """Put an idea in the idea box; `author=None` submits it anonymously.

    An anonymous idea gets no author and no audit event: an audit row has
    an exact time and sits in sequence between the person's other actions,
    which is all it takes to link the two. Its only date is the month.
    """
    anonymous = author is None
    if anonymous:
        errors = anonymity_errors(department)
        if errors:
            raise ValidationError({"department": errors})
    idea = Idea(
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        department=department,
        anonymous=anonymous,
        author=author,
        submitted_in=first_of_month(timezone.localdate()),
    )
    idea.full_clean()
    idea.save()
    if not anonymous:
        record_audit_event(
            organisation=organisation,
            actor=author,
            action=AuditAction.IDEA_SUBMITTED,
            target=idea,
            changes={"title": idea.title, "department": department},
        )
    return idea


@transaction.atomic
def support_idea(*, idea: Idea, member: Membership) -> IdeaSupport:
    """Add the member's support to an idea (once; not to their own named idea).

    Not audited: the audit trail would line the supporters up in time, and
    the first supporter of an anonymous idea is likely its author.
    """
    if idea.author_id is not None and idea.author_id == member.user_id:
        raise ValidationError(_("You cannot support your own idea."))
    if not idea.is_open and idea.status != IdeaStatus.ACCEPTED:
        raise ValidationError(_("This idea has been decided; it takes no more support."))
    support, _created = IdeaSupport.objects.get_or_create(
        organisation=idea.organisation, idea=idea, member=member
    )
    return support


@transaction.atomic
def withdraw_support(*, idea: Idea, member: Membership) -> None:
    """Take the member's support back (not audited, like the support itself)."""
    IdeaSupport.objects.filter(idea=idea, member=member).delete()


TRIAGE_STATUSES = (
    IdeaStatus.NEW,
    IdeaStatus.UNDER_REVIEW,
    IdeaStatus.ACCEPTED,
    IdeaStatus.DECLINED,
)


@transaction.atomic
def triage_idea(*, idea: Idea, actor: User, status: str, reason: str = "") -> Idea:
    """Set an idea's status; declining needs a reason, which its author (and everyone) reads."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status == IdeaStatus.USE_CASE:
        raise ValidationError(_("This idea is already a use case."))
    if status not in TRIAGE_STATUSES:
        raise ValidationError(_("Choose new, under review, accepted or declined."))
    reason = reason.strip()
    if status == IdeaStatus.DECLINED and not reason:
        raise ValidationError({"reason": _("Give the reason for declining the idea.")})
    values = {
        "status": status,
        "decline_reason": reason if status == IdeaStatus.DECLINED else "",
        "decided_on": timezone.localdate()
        if status in (IdeaStatus.ACCEPTED, IdeaStatus.DECLINED)
        else None,
    }
    save_audited(idea, actor=actor, action=AuditAction.IDEA_TRIAGED, values=values)
    return idea


@transaction.atomic
def turn_idea_into_use_case(*, idea: Idea, actor: User, values: dict[str, Any]) -> Any:
    """Register a draft use case from the idea (governance's service) and link the two."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not idea.can_become_use_case:
        raise ValidationError(_("This idea is already a use case."))
    use_case = save_use_case(organisation=idea.organisation, actor=actor, values=values)
    save_audited(
        idea,
        actor=actor,
        action=AuditAction.IDEA_TURNED_INTO_USE_CASE,
        values={
            "status": IdeaStatus.USE_CASE,
            "use_case": use_case,
            "decline_reason": "",
            "decided_on": timezone.localdate(),
        },
    )
    return use_case


# Escalations -----------------------------------------------------------------


def _escalation_values(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if values.get("status") == EscalationStatus.RESOLVED:
        if not str(values.get("resolution", "")).strip():
            raise ValidationError({"resolution": _("Say how the escalation was resolved.")})
        values["resolved_on"] = values.get("resolved_on") or timezone.localdate()
    else:
        values["resolved_on"] = None
    return values


@transaction.atomic
def record_escalation(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> Escalation:
    """Log an escalation or a sign of resistance."""
    escalation = Escalation(organisation=organisation, recorded_by=actor)
    save_audited(
        escalation,
        actor=actor,
        action=AuditAction.ESCALATION_RECORDED,
        values=_escalation_values(values),
        summarise=_escalation_summary,
    )
    return escalation


def _escalation_summary(changes: dict[str, Any]) -> dict[str, Any]:
    """A new escalation in the trail: its classification; what happened stays in the log."""
    return {key: changes[key] for key in ESCALATION_FACTS if key in changes}


ESCALATION_FACTS = ("category", "severity", "department", "status")


@transaction.atomic
def update_escalation(*, escalation: Escalation, actor: User, values: dict[str, Any]) -> Escalation:
    """Change an escalation's status, severity or resolution."""
    save_audited(
        escalation,
        actor=actor,
        action=AuditAction.ESCALATION_CHANGED,
        values=_escalation_values(values),
        summarise=shortened,
    )
    return escalation


# Retrospectives --------------------------------------------------------------


@transaction.atomic
def save_retrospective(
    *,
    organisation: Organisation,
    actor: User,
    retrospective: Retrospective | None = None,
    step: StepProgress | None = None,
    use_case: Any = None,
    values: dict[str, Any],
) -> Retrospective:
    """Record an after-action review of a roadmap step or a use case, or change one."""
    created = retrospective is None
    if created:
        if (step is None) == (use_case is None):
            raise ValidationError(_("Choose either a roadmap step or a use case."))
        department_id = step.department_id if step is not None else use_case.department_id
        retrospective = Retrospective(
            organisation=organisation,
            step=step,
            use_case=use_case,
            department_id=department_id,
            recorded_by=actor,
        )
        subject = step if step is not None else use_case
        save_audited(
            retrospective,
            actor=actor,
            action=AuditAction.RETROSPECTIVE_RECORDED,
            values=values,
            # The review's texts stay in its row; the trail names what was reviewed.
            summarise=lambda changes: {"subject": subject},
        )
    else:
        save_audited(
            retrospective,
            actor=actor,
            action=AuditAction.RETROSPECTIVE_CHANGED,
            values=values,
            summarise=shortened,
        )
    return retrospective


# Change load -----------------------------------------------------------------


def load_settings(organisation: Organisation) -> ChangeLoadSettings:
    """The organisation's change-load settings (the defaults until someone changes them)."""
    found = ChangeLoadSettings.objects.filter(organisation=organisation).first()
    return found or ChangeLoadSettings(organisation=organisation)


@transaction.atomic
def save_load_settings(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> ChangeLoadSettings:
    """Change the heatmap's weights, saturation level and readiness threshold."""
    # Stored with the defaults first, so an unchanged form writes no audit row.
    settings, _created = ChangeLoadSettings.objects.get_or_create(organisation=organisation)
    save_audited(
        settings,
        actor=actor,
        action=AuditAction.CHANGE_LOAD_SETTINGS_CHANGED,
        values=values,
    )
    return settings
