"""Workflows of the programme and its roadmap. Every state change writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from transformation.audit import AuditAction
from transformation.models import (
    Department,
    Organisation,
    OrganisationStep,
    Programme,
    RoadmapStep,
    StepEvidence,
    StepProgress,
    StepStatus,
    User,
    schedule_steps,
)
from transformation.services.audit import record_audit_event, save_audited
from transformation.uploads import discard_after_commit

RUNNING = (Programme.Status.PLANNED, Programme.Status.ACTIVE, Programme.Status.PAUSED)


def ensure_organisation_steps(*, organisation: Organisation) -> list[OrganisationStep]:
    """The organisation's roadmap, copied from the shipped template the first time."""
    steps = list(OrganisationStep.objects.filter(organisation=organisation))
    if steps:
        return steps
    by_number: dict[int, OrganisationStep] = {}
    for template in RoadmapStep.objects.order_by("number"):
        by_number[template.number] = OrganisationStep.objects.create(
            organisation=organisation,
            template=template,
            code=str(template.number),
            position=template.number * 10,
            phase=template.phase,
            duration_kind=template.duration_kind,
            weeks_min=template.weeks_min,
            weeks_max=template.weeks_max,
            change_phases=template.change_phases,
            anchor=by_number.get(template.anchor_number),
        )
    return list(by_number.values())


def ensure_progress_rows(*, programme: Programme) -> int:
    """Create the missing department x step rows of a programme; returns how many."""
    steps = list(OrganisationStep.objects.filter(organisation=programme.organisation))
    planned = schedule_steps(steps, start=programme.start_date, target_end=programme.target_end)
    existing = set(programme.progress.values_list("department_id", "step_id"))
    rows = [
        StepProgress(
            organisation=programme.organisation,
            programme=programme,
            department=department,
            step=step,
            planned_start=planned[step.pk][0],
            planned_end=planned[step.pk][1],
        )
        for department in Department.objects.filter(organisation=programme.organisation)
        for step in steps
        if (department.pk, step.pk) not in existing
    ]
    StepProgress.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def extend_running_programmes(*, organisation: Organisation) -> None:
    """Give every running programme the rows of new departments and steps."""
    for programme in Programme.objects.filter(organisation=organisation, status__in=RUNNING):
        ensure_progress_rows(programme=programme)


@transaction.atomic
def create_programme(
    *,
    organisation: Organisation,
    actor: User | None,
    name: str,
    start_date: dt.date,
    target_end: dt.date | None = None,
    vision: str = "",
    goals: str = "",
    organisation_model: str = "",
    status: str = Programme.Status.ACTIVE,
) -> Programme:
    """Create a programme with a row per department and step, planned from the durations."""
    ensure_organisation_steps(organisation=organisation)
    programme = Programme.objects.create(
        organisation=organisation,
        name=name,
        vision=vision,
        goals=goals,
        start_date=start_date,
        target_end=target_end,
        organisation_model=organisation_model or organisation.organisation_model,
        status=status,
    )
    created = ensure_progress_rows(programme=programme)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.PROGRAMME_CREATED,
        target=programme,
        changes={"start_date": start_date, "target_end": target_end, "rows": created},
    )
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, actor: User, values: dict[str, Any]) -> Programme:
    """Change a programme's profile; a new start or target end re-plans untouched steps.

    Steps that have not started and whose planned dates are still the ones
    the old schedule gave move with the new schedule; dates someone set by
    hand, and steps under way, stay as they are.
    """
    start = values.get("start_date", programme.start_date)
    target_end = values.get("target_end", programme.target_end)
    replanned = {}
    if (start, target_end) != (programme.start_date, programme.target_end):
        replanned["replanned_rows"] = _replan_untouched_steps(
            programme, start=start, target_end=target_end
        )
    save_audited(
        programme,
        actor=actor,
        action=AuditAction.PROGRAMME_CHANGED,
        values=values,
        extra_changes=replanned,
    )
    return programme


def _replan_untouched_steps(
    programme: Programme, *, start: dt.date, target_end: dt.date | None
) -> int:
    """Move not-started rows still on the programme's schedule to the one from `start`.

    Returns how many rows moved.
    """
    steps = list(OrganisationStep.objects.filter(organisation=programme.organisation))
    before = schedule_steps(steps, start=programme.start_date, target_end=programme.target_end)
    after = schedule_steps(steps, start=start, target_end=target_end)
    moved = 0
    for step in steps:
        if before[step.pk] == after[step.pk]:
            continue
        old_begin, old_end = before[step.pk]
        untouched = StepProgress.objects.filter(
            programme=programme,
            step=step,
            status=StepStatus.NOT_STARTED,
            actual_start__isnull=True,
            planned_start=old_begin,
        )
        untouched = (
            untouched.filter(planned_end=old_end)
            if old_end
            else untouched.filter(planned_end__isnull=True)
        )
        moved += untouched.update(planned_start=after[step.pk][0], planned_end=after[step.pk][1])
    return moved


@transaction.atomic
def update_step_progress(
    *,
    progress: StepProgress,
    actor: User,
    status: str,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    actual_start: dt.date | None,
    actual_end: dt.date | None,
    note: str,
    blocked_reason: str = "",
    owner: User | None = None,
    today: dt.date | None = None,
) -> StepProgress:
    """Record where a department stands in a step; fills actual dates the change implies."""
    today = today or timezone.localdate()
    started = status in (StepStatus.IN_PROGRESS, StepStatus.BLOCKED, StepStatus.DONE)
    values = {
        "status": status,
        "owner": owner,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "actual_start": actual_start or (today if started else None),
        "actual_end": actual_end or (today if status == StepStatus.DONE else None),
        "note": note,
        "blocked_reason": blocked_reason if status == StepStatus.BLOCKED else "",
    }
    save_audited(
        progress,
        actor=actor,
        action=AuditAction.STEP_PROGRESS_CHANGED,
        values=values,
        validate=False,
    )
    return progress


@transaction.atomic
def add_step_evidence(
    *,
    progress: StepProgress,
    actor: User,
    title: str,
    file: UploadedFile | None = None,
    url: str = "",
) -> StepEvidence:
    """Attach a checked file or a link to a step as evidence."""
    evidence = StepEvidence(
        organisation=progress.organisation,
        progress=progress,
        title=title or (file.name if file else url),
        url=url if file is None else "",
        added_by=actor,
    )
    if file is not None:
        evidence.file = file
        evidence.size = file.size
        evidence.content_type = file.content_type or ""
    evidence.save()
    record_audit_event(
        organisation=progress.organisation,
        actor=actor,
        action=AuditAction.STEP_EVIDENCE_ADDED,
        target=progress,
        changes={"title": evidence.title, "kind": "file" if file else "link"},
    )
    return evidence


@transaction.atomic
def remove_step_evidence(*, evidence: StepEvidence, actor: User) -> None:
    """Delete a piece of evidence and its stored file; the audit trail keeps its title."""
    progress = evidence.progress
    record_audit_event(
        organisation=progress.organisation,
        actor=actor,
        action=AuditAction.STEP_EVIDENCE_REMOVED,
        target=progress,
        changes={"title": evidence.title, "kind": "file" if evidence.file else "link"},
    )
    discard_after_commit(evidence.file)
    evidence.delete()


@transaction.atomic
def rename_roadmap_step(
    *, step: OrganisationStep, actor: User, custom_name: str, custom_focus: str
) -> OrganisationStep:
    """Give an organisation's step its own wording; the shipped template is unchanged."""
    save_audited(
        step,
        actor=actor,
        action=AuditAction.ROADMAP_STEP_RENAMED,
        values={"custom_name": custom_name, "custom_focus": custom_focus},
        validate=False,
    )
    return step


@transaction.atomic
def add_roadmap_step(
    *,
    organisation: Organisation,
    actor: User,
    after: OrganisationStep,
    name: str,
    phase: int,
    weeks: int,
    focus: str = "",
) -> OrganisationStep:
    """Add an organisation's own step after another; running programmes get its rows."""
    siblings = OrganisationStep.objects.filter(
        organisation=organisation, position__gt=after.position, position__lt=after.position + 10
    ).count()
    step = OrganisationStep.objects.create(
        organisation=organisation,
        code=f"{after.code}.{siblings + 1}",
        position=after.position + siblings + 1,
        phase=phase,
        custom_name=name,
        custom_focus=focus,
        weeks_min=weeks,
        weeks_max=weeks,
    )
    extend_running_programmes(organisation=organisation)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ROADMAP_STEP_ADDED,
        target=step,
        changes={"name": name, "phase": phase, "weeks": weeks, "after": after.code},
    )
    return step
