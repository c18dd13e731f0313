"""Workflows of the role registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from governance.models import (
    CustomRole,
    RoleAssignment,
    RoleKind,
)
from transformation.models import Membership, Organisation, Role, User
from transformation.services import diff_fields, record_audit_event


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
        action="custom_role.created",
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
    if assignment is None:
        assignment = RoleAssignment(organisation=organisation, **values)
        assignment.full_clean()
        assignment.save()
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="role.assigned",
            target=assignment,
            changes=values,
        )
        return assignment
    changes = diff_fields(assignment, values)
    for key, value in values.items():
        setattr(assignment, key, value)
    assignment.full_clean()
    assignment.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="role.changed",
            target=assignment,
            changes=changes,
        )
    return assignment


def can_decide_approvals(membership: Membership) -> bool:
    """Steering members and the active AI sponsor decide approvals."""
    if membership.role == Role.STEERING:
        return True
    return RoleAssignment.objects.active().filter(kind=RoleKind.SPONSOR, member=membership).exists()
