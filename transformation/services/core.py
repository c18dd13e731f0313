"""Workflows of the core app. Every state change writes an audit event."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import Counter
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation import registry
from transformation.audit import AuditAction
from transformation.models import (
    DeletedOrganisation,
    Department,
    Invitation,
    Membership,
    Notification,
    Organisation,
    Role,
    User,
)
from transformation.services.audit import record_audit_event, save_audited
from transformation.services.notifications import queue_mail


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
    from transformation.identity.throttle import invitation_allowed

    if not invitation_allowed(
        organisation_id=organisation.pk, email=email, sender_id=invited_by.pk
    ):
        raise ValidationError(
            _("Too many invitations to this address or from you recently. Try again later.")
        )
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
        action=AuditAction.INVITATION_CREATED,
        target=invitation,
        changes={"email": email, "role": role, "department": department},
    )
    path = reverse("invitation_accept", kwargs={"token": token})
    link = accept_url_builder(path) if accept_url_builder else path
    with translation.override(organisation.default_language):
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
    # Sent by a worker after commit; a mail server or broker that is down delays it.
    queue_mail(organisation=organisation, kind="invitation", subject=subject, body=body, to=[email])
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
        action=AuditAction.MEMBERSHIP_JOINED if created else AuditAction.INVITATION_ACCEPTED,
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
            action=AuditAction.INVITATION_REVOKED,
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
    changes = save_audited(
        membership,
        actor=actor,
        action=AuditAction.MEMBERSHIP_CHANGED,
        values={"role": role, "department": department},
        validate=False,
    )
    if changes:
        # What they were told under their old access may not be theirs to see now.
        Notification.objects.filter(membership=membership).delete()
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, actor: User) -> None:
    """Remove a member from the organisation (the account itself stays)."""
    _ensure_a_coordinator_remains(membership, None)
    record_audit_event(
        organisation=membership.organisation,
        actor=actor,
        action=AuditAction.MEMBERSHIP_REMOVED,
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
    created = department is None
    if created:
        department = Department(organisation=organisation)
    save_audited(
        department,
        actor=actor,
        action=AuditAction.DEPARTMENT_CREATED if created else AuditAction.DEPARTMENT_CHANGED,
        values={"name": name, "parent": parent, "headcount": headcount},
    )
    if created:
        registry.run_hooks(registry.Event.DEPARTMENT_CREATED, department=department)
    return department


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> Organisation:
    """Change an organisation's profile and audit what changed."""
    save_audited(organisation, actor=actor, action=AuditAction.ORGANISATION_CHANGED, values=values)
    return organisation


logger = logging.getLogger(__name__)


def stored_files(organisation: Organisation) -> list[str]:
    """Every uploaded or produced file of the organisation (evidence, logos, reports, packs)."""
    names: list[str] = []
    with scopes_disabled():
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
            if not fields or not any(f.name == "organisation" for f in model._meta.fields):
                continue
            for row in model.objects.filter(organisation=organisation).values_list(*fields):
                names.extend(name for name in row if name)
    return names


def owned_rows(organisation: Organisation) -> dict[type[models.Model], set[Any]]:
    """The primary keys of every row the organisation owns, per model: what deleting it deletes.

    Django's deletion collector follows every cascade from the organisation,
    through parents to their children (a case study's areas too), so this is
    the one list of what belongs to an organisation, for deletion and export.
    """
    rows: dict[type[models.Model], set[Any]] = {}
    with scopes_disabled():
        collector = Collector(using=router.db_for_write(Organisation))
        collector.collect([organisation])
        for model, instances in collector.data.items():
            rows.setdefault(model, set()).update(instance.pk for instance in instances)
        for queryset in collector.fast_deletes:
            rows.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    return rows


@transaction.atomic
def delete_organisation(
    *, organisation: Organisation, actor: User, confirmation: str
) -> DeletedOrganisation:
    """Delete an organisation with everything it owns, its files included; irreversible.

    The person types the organisation's short name to confirm. What was deleted
    is recorded outside the organisation (DeletedOrganisation, and the log),
    since its own audit trail goes with it. Accounts stay: people may belong
    to other organisations; a person's own erasure is a separate request.
    References between the organisation's own rows are RESTRICT, not PROTECT,
    so they block deleting one row alone but not the whole organisation.
    """
    if confirmation.strip() != organisation.slug:
        raise ValidationError(
            _("Type the short name “%(slug)s” exactly to confirm.") % {"slug": organisation.slug}
        )
    files = stored_files(organisation)
    rows = Counter({model._meta.label: len(pks) for model, pks in owned_rows(organisation).items()})
    with scopes_disabled():
        record = DeletedOrganisation.objects.create(
            organisation_pk=organisation.pk,
            name=organisation.name,
            slug=organisation.slug,
            deleted_by=actor,
            deleted_by_label=actor.email,
            rows=dict(sorted(rows.items())),
            files=len(files),
        )
        organisation.delete()
    transaction.on_commit(lambda: _remove_files(files))
    logger.warning(
        "Organisation %s (%s) deleted by %s: %d rows, %d files",
        record.slug,
        record.organisation_pk,
        record.deleted_by_label,
        sum(rows.values()),
        len(files),
    )
    return record


def _remove_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or storage briefly unavailable: logged, not fatal
            logger.exception("Could not delete %s", name)
