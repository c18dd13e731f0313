"""Writing the audit trail: one row per change, in the vocabulary of transformation/audit.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models

from transformation.audit import AuditAction
from transformation.models import AuditEvent, Organisation, User


def plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def diff_fields(instance: models.Model, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields of `values` that differ from `instance`, as {field: [old, new]}."""
    changes = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [plain(old), plain(new)]
    return changes


def record_audit_event(
    *,
    organisation: Organisation,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the organisation's audit trail; `action` must be an `AuditAction`."""
    action = AuditAction(action)  # a free-text code has no sentence: refuse it
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.email if actor is not None and actor.is_authenticated else "system"),
        action=action.value,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        changes={key: plain(value) for key, value in (changes or {}).items()},
    )


def save_audited(
    instance: models.Model,
    *,
    actor: User | None,
    action: AuditAction,
    values: Mapping[str, Any],
    validate: bool = True,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    extra_changes: Mapping[str, Any] | None = None,
    summarise: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Diff `values` against `instance`, set them, validate, save and audit what changed.

    A new (unsaved) instance is always saved and audited with all its values;
    an existing one only when a value differs or `extra_changes` (facts the
    caller adds, such as an uploaded file's name) is not empty. The audit row
    targets `target` (default: the instance) in `organisation` (default: the
    instance's), with the changes as {field: [old, new]}, or passed through
    `summarise` where the trail should not hold them in full. Returns the
    changes (empty when nothing was saved). Call it inside the service's
    transaction.
    """
    adding = instance._state.adding
    changes: dict[str, Any] = dict(values) if adding else diff_fields(instance, values)
    changes.update(extra_changes or {})
    if not (adding or changes):
        return {}
    for name, value in values.items():
        setattr(instance, name, value)
    if validate:
        instance.full_clean()
    instance.save()
    if organisation is None:
        organisation = instance if isinstance(instance, Organisation) else instance.organisation
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=action,
        target=target if target is not None else instance,
        changes=summarise(changes) if summarise else changes,
    )
    return changes
