"""Incidents: record, report, correct, close; every change refreshes the notifications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.incident_clocks import clocks_for
from governance.models import CorrectiveAction, FollowUp, Incident, IncidentStatus, UseCase
from governance.services.common import new_values_shortened
from governance.services.lifecycle import reopen_granted_approval
from transformation.audit import AuditAction
from transformation.clocks import organisation_zone
from transformation.models import Membership, Organisation, User
from transformation.services import record_audit_event, save_audited

REPORT_FIELDS = (
    "provider_informed_at",
    "authority_informed_at",
    "dpa_notified_at",
    "data_subjects_informed_at",
)


def _refresh_notifications(organisation: Organisation) -> None:
    """Clocks started or stopped: the people concerned hear of it now, not at the next cycle."""
    from transformation.tasks import refresh_organisation_notifications

    refresh_organisation_notifications.delay_on_commit(organisation_id=organisation.pk)


def _check_times(values: dict[str, Any], now: datetime) -> None:
    errors = {}
    aware, occurred = values.get("aware_at"), values.get("occurred_at")
    if aware and aware > now:
        errors["aware_at"] = _("This moment cannot be in the future.")
    if occurred and occurred > now:
        errors["occurred_at"] = _("This moment cannot be in the future.")
    if aware and occurred and occurred > aware:
        errors["occurred_at"] = _("It cannot have happened after you became aware of it.")
    if values.get("death") and values.get("serious_harm") not in ("a",):
        errors["serious_harm"] = _("A death is a serious incident under Art 3(49)(a).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_incident(
    *, use_case: UseCase, actor: User, values: dict[str, Any], now: datetime | None = None
) -> Incident:
    """Register an incident; its clocks start at the moment of awareness."""
    _check_times(values, now or timezone.now())
    incident = Incident(
        organisation=use_case.organisation, use_case=use_case, reported_by=actor, **values
    )
    incident.full_clean()
    incident.save()
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.INCIDENT_RECORDED,
        target=incident,
        changes={
            "use_case": use_case.pk,
            "severity": incident.severity,
            "serious_harm": incident.serious_harm,
            "breach_risk": incident.breach_risk,
            "aware_at": incident.aware_at,
        },
    )
    _refresh_notifications(use_case.organisation)
    return incident


@transaction.atomic
def update_incident(
    *, incident: Incident, actor: User, values: dict[str, Any], now: datetime | None = None
) -> Incident:
    """Correct what was recorded (facts, awareness, reports)."""
    now = now or timezone.now()
    _check_times(values, now)
    for field in REPORT_FIELDS:
        if values.get(field) and values[field] > now:
            raise ValidationError({field: _("This moment cannot be in the future.")})
    changes = save_audited(
        incident,
        actor=actor,
        action=AuditAction.INCIDENT_CHANGED,
        values=values,
        summarise=new_values_shortened,
    )
    if changes:
        _refresh_notifications(incident.organisation)
    return incident


@transaction.atomic
def record_report(
    *, incident: Incident, actor: User, clock: str, when: datetime, now: datetime | None = None
) -> Incident:
    """Record that a report (provider, authority, data protection authority, people) was made."""
    zone = organisation_zone(incident.organisation)
    clocks = {item.key: item for item in clocks_for(incident, zone)}
    if clock not in clocks:
        raise ValidationError(_("This report is not required for this incident."))
    if when > (now or timezone.now()):
        raise ValidationError(_("This moment cannot be in the future."))
    if when < incident.aware_at:
        raise ValidationError(_("A report cannot come before you became aware of the incident."))
    field = clocks[clock].field
    setattr(incident, field, when)
    incident.save(update_fields=[field, "updated_at"])
    record_audit_event(
        organisation=incident.organisation,
        actor=actor,
        action=AuditAction.INCIDENT_REPORTED,
        target=incident,
        changes={"report": clock, "at": when, "due": clocks[clock].due_at},
    )
    _refresh_notifications(incident.organisation)
    return incident


@transaction.atomic
def add_corrective_action(
    *,
    incident: Incident,
    actor: User,
    description: str,
    owner: Membership | None = None,
    due_on: date | None = None,
) -> CorrectiveAction:
    action = CorrectiveAction.objects.create(
        organisation=incident.organisation,
        incident=incident,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    record_audit_event(
        organisation=incident.organisation,
        actor=actor,
        action=AuditAction.INCIDENT_ACTION_ADDED,
        target=incident,
        changes={"action": description, "owner": owner, "due_on": due_on},
    )
    _refresh_notifications(incident.organisation)
    return action


@transaction.atomic
def complete_corrective_action(
    *, action: CorrectiveAction, actor: User, done_on: date | None = None
) -> CorrectiveAction:
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."))
    CorrectiveAction.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=done_on)
    action.refresh_from_db()
    record_audit_event(
        organisation=action.organisation,
        actor=actor,
        action=AuditAction.INCIDENT_ACTION_DONE,
        target=action.incident,
        changes={"action": action.description, "done_on": done_on},
    )
    _refresh_notifications(action.organisation)
    return action


@transaction.atomic
def close_incident(
    *, incident: Incident, actor: User, note: str, follow_up: str, now: datetime | None = None
) -> Incident:
    """Close once every required report is made and every action done; start the follow-up."""
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise ValidationError(_("This incident is already closed."))
    zone = organisation_zone(incident.organisation)
    missing = [clock.label for clock in clocks_for(incident, zone) if clock.done_at is None]
    if missing:
        raise ValidationError(
            _("Record these reports before closing: %(reports)s.")
            % {"reports": "; ".join(str(label) for label in missing)}
        )
    if incident.corrective_actions.filter(done_on__isnull=True).exists():
        raise ValidationError(_("Complete or remove the open corrective actions before closing."))
    if not note.strip():
        raise ValidationError(_("Say how the incident was resolved."))
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = now
    incident.closure_note = note
    incident.follow_up = follow_up
    incident.save(update_fields=["status", "closed_at", "closure_note", "follow_up", "updated_at"])
    record_audit_event(
        organisation=incident.organisation,
        actor=actor,
        action=AuditAction.INCIDENT_CLOSED,
        target=incident,
        changes={"follow_up": follow_up},
    )
    if follow_up == FollowUp.REAPPROVE:
        use_case = UseCase.objects.select_for_update().get(pk=incident.use_case_id)
        reopen_granted_approval(use_case, None, actor, reason="incident")
    _refresh_notifications(incident.organisation)
    return incident
