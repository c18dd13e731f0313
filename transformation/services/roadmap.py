"""Workflows of the programme and its roadmap. Every state change writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

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
from transformation.services.core import diff_fields, record_audit_event

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
        action="programme.created",
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
    old_start, old_target_end = programme.start_date, programme.target_end
    changes = diff_fields(programme, values)
    for key, value in values.items():
        setattr(programme, key, value)
    programme.full_clean()
    programme.save()
    if (programme.start_date, programme.target_end) != (old_start, old_target_end):
        changes["replanned_rows"] = _replan_untouched_steps(
            programme, old_start=old_start, old_target_end=old_target_end
        )
    if changes:
        record_audit_event(
            organisation=programme.organisation,
            actor=actor,
            action="programme.changed",
            target=programme,
            changes=changes,
        )
    return programme


def _replan_untouched_steps(
    programme: Programme, *, old_start: dt.date, old_target_end: dt.date | None
) -> int:
    """Move not-started rows still on the old schedule to the new one; returns how many."""
    steps = list(OrganisationStep.objects.filter(organisation=programme.organisation))
    before = schedule_steps(steps, start=old_start, target_end=old_target_end)
    after = schedule_steps(steps, start=programme.start_date, target_end=programme.target_end)
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
    changes = diff_fields(progress, values)
    if changes:
        for key, value in values.items():
            setattr(progress, key, value)
        progress.save()
        record_audit_event(
            organisation=progress.organisation,
            actor=actor,
            action="step_progress.changed",
            target=progress,
            changes=changes,
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
        action="step_evidence.added",
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
        action="step_evidence.removed",
        target=progress,
        changes={"title": evidence.title, "kind": "file" if evidence.file else "link"},
    )
    if evidence.file:
        name = evidence.file.name
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    evidence.delete()


@transaction.atomic
def rename_roadmap_step(
    *, step: OrganisationStep, actor: User, custom_name: str, custom_focus: str
) -> OrganisationStep:
    """Give an organisation's step its own wording; the shipped template is unchanged."""
    changes = diff_fields(step, {"custom_name": custom_name, "custom_focus": custom_focus})
    if changes:
        step.custom_name = custom_name
        step.custom_focus = custom_focus
        step.save(update_fields=["custom_name", "custom_focus"])
        record_audit_event(
            organisation=step.organisation,
            actor=actor,
            action="roadmap_step.renamed",
            target=step,
            changes=changes,
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
    for programme in Programme.objects.filter(organisation=organisation, status__in=RUNNING):
        ensure_progress_rows(programme=programme)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="roadmap_step.added",
        target=step,
        changes={"name": name, "phase": phase, "weeks": weeks, "after": after.code},
    )
    return step
