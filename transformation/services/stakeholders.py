"""Workflows of the stakeholder map and the communication plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from transformation.audit import AuditAction
from transformation.models import (
    AttitudeChange,
    CommunicationItem,
    Organisation,
    Stakeholder,
    User,
)
from transformation.services.audit import record_audit_event, save_audited


def _record_attitude(
    stakeholder: Stakeholder, old: str, actor: User | None, changed_on: dt.date
) -> None:
    AttitudeChange.objects.create(
        organisation=stakeholder.organisation,
        stakeholder=stakeholder,
        attitude_from=old,
        attitude_to=stakeholder.attitude,
        changed_on=changed_on,
        changed_by=actor,
    )


@transaction.atomic
def save_stakeholder(
    *,
    organisation: Organisation,
    actor: User | None,
    values: dict[str, Any],
    stakeholder: Stakeholder | None = None,
    changed_on: dt.date | None = None,
) -> Stakeholder:
    """Create or update a stakeholder; an attitude change is kept as history."""
    changed_on = changed_on or timezone.localdate()
    created = stakeholder is None
    if created:
        stakeholder = Stakeholder(organisation=organisation)
    old_attitude = stakeholder.attitude
    changes = save_audited(
        stakeholder,
        actor=actor,
        action=AuditAction.STAKEHOLDER_CREATED if created else AuditAction.STAKEHOLDER_CHANGED,
        values=values,
    )
    if not created and "attitude" in changes:
        _record_attitude(stakeholder, old_attitude, actor, changed_on)
    return stakeholder


@transaction.atomic
def import_stakeholders(
    *, organisation: Organisation, actor: User, rows: list[dict[str, Any]]
) -> tuple[int, int]:
    """Create or update (matched by name) every validated row; returns (created, updated)."""
    existing = {s.name.casefold(): s for s in Stakeholder.objects.filter(organisation=organisation)}
    created = updated = 0
    today = timezone.localdate()
    for values in rows:
        current = existing.get(values["name"].casefold())
        if current is None:
            stakeholder = Stakeholder(organisation=organisation, **values)
            stakeholder.save()
            existing[values["name"].casefold()] = stakeholder
            created += 1
            continue
        old_attitude = current.attitude
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        if current.attitude != old_attitude:
            _record_attitude(current, old_attitude, actor, today)
        updated += 1
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.STAKEHOLDER_IMPORTED,
        changes={"created": created, "updated": updated},
    )
    return created, updated


@transaction.atomic
def save_communication_item(
    *,
    organisation: Organisation,
    actor: User | None,
    values: dict[str, Any],
    item: CommunicationItem | None = None,
) -> CommunicationItem:
    """Create or update an item of the communication plan."""
    created = item is None
    if created:
        item = CommunicationItem(organisation=organisation)
    save_audited(
        item,
        actor=actor,
        action=AuditAction.COMMUNICATION_CREATED if created else AuditAction.COMMUNICATION_CHANGED,
        values=values,
        validate=False,
    )
    return item
