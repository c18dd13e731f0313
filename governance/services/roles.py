"""Workflows of the role registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from governance.models import (
    CustomRole,
    RoleAssignment,
)
from transformation.audit import AuditAction
from transformation.models import Organisation, User
from transformation.services import record_audit_event, save_audited


@transaction.atomic
def create_custom_role(
    *, organisation: Organisation, actor: User, name: str, responsibilities: str = ""
) -> CustomRole:
    """Define a governance role beyond the shipped ones."""
    role = CustomRole.objects.create(
        organisation=organisation, name=name, responsibilities=responsibilities
    )
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CUSTOM_ROLE_CREATED,
        target=role,
        changes={"name": name},
    )
    return role


@transaction.atomic
def save_role_assignment(
    *,
    organisation: Organisation,
    actor: User | None,
    assignment: RoleAssignment | None = None,
    values: dict[str, Any],
) -> RoleAssignment:
    """Create or change a role assignment and audit what changed."""
    created = assignment is None
    if created:
        assignment = RoleAssignment(organisation=organisation)
    save_audited(
        assignment,
        actor=actor,
        action=(
            AuditAction.ROLE_ASSIGNMENT_CREATED if created else AuditAction.ROLE_ASSIGNMENT_CHANGED
        ),
        values=values,
    )
    return assignment
