"""Workflows of the core app. Every state change writes an audit event."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation.models import (
    AuditEvent,
    Department,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
)


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def diff_fields(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of `values` that differ from `instance`, as {field: [old, new]}."""
    changes = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def record_audit_event(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the organisation's audit trail."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.email if actor is not None and actor.is_authenticated else "system"),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        changes={key: _plain(value) for key, value in (changes or {}).items()},
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_member(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    department: Department | None,
    invited_by: User,
    accept_url_builder=None,
) -> tuple[Invitation, str]:
    """Create an invitation, e-mail its single-use link after commit, audit it.

    Returns the invitation and the raw token (only its hash is stored).
    """
    email = email.strip().lower()
    with scopes_disabled():
        if Membership.objects.filter(organisation=organisation, user__email=email).exists():
            raise ValidationError(_("This person is already a member of the organisation."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        department=department,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record_audit_event(
        organisation=organisation,
        actor=invited_by,
        action="invitation.created",
        target=invitation,
        changes={"email": email, "role": role, "department": department},
    )
    path = reverse("invitation_accept", kwargs={"token": token})
    link = accept_url_builder(path) if accept_url_builder else path
    language = organisation.default_language

    def send() -> None:
        with translation.override(language):
            subject = _("You are invited to the AI programme of %(organisation)s") % {
                "organisation": organisation.name
            }
            body = render_to_string(
                "registration/invitation_email.txt",
                {
                    "invitation": invitation,
                    "link": link,
                    "organisation": organisation,
                    "days": settings.INVITATION_VALID_DAYS,
                },
            )
        send_mail(subject, body, None, [email])

    transaction.on_commit(send)
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The invitation for a raw token, whatever its state, or None."""
    with scopes_disabled():
        return (
            Invitation.objects.select_related("organisation", "department")
            .filter(token_hash=hash_token(token))
            .first()
        )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str | None = None,
) -> Membership:
    """Use the invitation once: create or attach the account and its membership."""
    with scopes_disabled():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise ValidationError(_("This invitation has already been used or has expired."))
        if user is None:
            user = User.objects.filter(email__iexact=locked.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=locked.email, password=password, full_name=full_name
                )
        elif user.email.lower() != locked.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        membership, created = Membership.objects.get_or_create(
            organisation=locked.organisation,
            user=user,
            defaults={"role": locked.role, "department": locked.department},
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    record_audit_event(
        organisation=locked.organisation,
        actor=user,
        action="membership.joined" if created else "invitation.accepted",
        target=membership,
        changes={"role": membership.role},
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: User) -> Invitation:
    """Revoke an open invitation so its link stops working."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_audit_event(
            organisation=invitation.organisation,
            actor=actor,
            action="invitation.revoked",
            target=invitation,
        )
    return invitation


def _ensure_a_coordinator_remains(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.COORDINATOR or new_role == Role.COORDINATOR:
        return
    others = Membership.objects.filter(role=Role.COORDINATOR).exclude(pk=membership.pk).exists()
    if not others:
        raise ValidationError(_("The organisation needs at least one AI coordinator."))


@transaction.atomic
def change_membership(
    *, membership: Membership, role: str, department: Department | None, actor: User
) -> Membership:
    """Change a member's access role or department, keeping one coordinator at least."""
    _ensure_a_coordinator_remains(membership, role)
    changes = diff_fields(membership, {"role": role, "department": department})
    if changes:
        membership.role = role
        membership.department = department
        membership.save(update_fields=["role", "department"])
        record_audit_event(
            organisation=membership.organisation,
            actor=actor,
            action="membership.changed",
            target=membership,
            changes=changes,
        )
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, actor: User) -> None:
    """Remove a member from the organisation (the account itself stays)."""
    _ensure_a_coordinator_remains(membership, None)
    record_audit_event(
        organisation=membership.organisation,
        actor=actor,
        action="membership.removed",
        target=membership,
        changes={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def save_department(
    *,
    organisation: Organisation,
    actor: User,
    department: Department | None = None,
    name: str,
    parent: Department | None,
    headcount: int,
) -> Department:
    """Create or update a department and audit the change."""
    values = {"name": name, "parent": parent, "headcount": headcount}
    if department is None:
        department = Department(organisation=organisation, **values)
        department.full_clean()
        department.save()
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="department.created",
            target=department,
            changes={key: _plain(value) for key, value in values.items()},
        )
        _add_department_to_running_programmes(department)
        return department
    changes = diff_fields(department, values)
    for key, value in values.items():
        setattr(department, key, value)
    department.full_clean()
    department.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="department.changed",
            target=department,
            changes=changes,
        )
    return department


def _add_department_to_running_programmes(department: Department) -> None:
    from transformation.models import Programme
    from transformation.services.roadmap import RUNNING, ensure_progress_rows

    for programme in Programme.objects.filter(
        organisation=department.organisation, status__in=RUNNING
    ):
        ensure_progress_rows(programme=programme)


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> Organisation:
    """Change an organisation's profile and audit what changed."""
    changes = diff_fields(organisation, values)
    for key, value in values.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="organisation.changed",
            target=organisation,
            changes=changes,
        )
    return organisation
