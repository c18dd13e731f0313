"""Workflows of the stakeholder map and the communication plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from transformation.models import (
    AttitudeChange,
    CommunicationItem,
    Organisation,
    Stakeholder,
    User,
)
from transformation.services.core import _plain, diff_fields, record_audit_event


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
    if stakeholder is None:
        stakeholder = Stakeholder(organisation=organisation, **values)
        stakeholder.full_clean()
        stakeholder.save()
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="stakeholder.created",
            target=stakeholder,
            changes={key: _plain(value) for key, value in values.items()},
        )
        return stakeholder
    old_attitude = stakeholder.attitude
    changes = diff_fields(stakeholder, values)
    for key, value in values.items():
        setattr(stakeholder, key, value)
    stakeholder.full_clean()
    stakeholder.save()
    if "attitude" in changes:
        _record_attitude(stakeholder, old_attitude, actor, changed_on)
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="stakeholder.changed",
            target=stakeholder,
            changes=changes,
        )
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
        action="stakeholder.imported",
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
    if item is None:
        item = CommunicationItem.objects.create(organisation=organisation, **values)
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="communication.created",
            target=item,
            changes={key: _plain(value) for key, value in values.items()},
        )
        return item
    changes = diff_fields(item, values)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="communication.changed",
            target=item,
            changes=changes,
        )
    return item
