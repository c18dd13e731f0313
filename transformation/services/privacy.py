"""A person's data protection rights: access to their data (GDPR Art 15) and erasure (Art 17).

Both work across every organisation the person belongs to, since the account
is the installation's. The export is complete by construction: it lists every
row of every model that refers to the account or to one of its memberships.
Erasure keeps the account row (other rows refer to it) but replaces everything
that names the person with a pseudonym, in the audit trail too, removes the
memberships and sign-in methods, and leaves survey answers alone: they were
never linked to a person.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation.audit import AuditAction
from transformation.models import (
    AuditEvent,
    DeliveryStatus,
    Invitation,
    Membership,
    OutgoingMail,
    Role,
    User,
)
from transformation.services.audit import record_audit_event

EXPORT_FORMAT = "ai-programme.personal-data/1"
# Never part of an export: secrets, not personal information about the person.
SECRET_FIELDS = {"password", "secret", "data", "token_hash", "nonce"}


def _links() -> list[tuple[type[models.Model], str]]:
    """(model, lookup) for every foreign key to an account or a membership."""
    links = []
    for model in apps.get_models():
        if model in (User, AuditEvent):
            continue
        for field in model._meta.fields:
            if not field.is_relation or field.related_model not in (User, Membership):
                continue
            lookup = field.name if field.related_model is User else f"{field.name}__user"
            links.append((model, lookup))
    return links


def personal_data(user: User) -> dict[str, Any]:
    """Everything the installation holds about the person, as one JSON-ready document."""
    with scopes_disabled():
        records = []
        for model, lookup in _links():
            rows = model._default_manager.filter(**{lookup: user}).order_by("pk")
            for row in serializers.serialize("python", rows):
                fields = {k: v for k, v in row["fields"].items() if k not in SECRET_FIELDS}
                records.append({"kind": row["model"], "id": row["pk"], "fields": fields})
        trail = [
            {
                "organisation": event.organisation.name,
                "when": event.created_at,
                "what": event.sentence,
                "action": event.action,
            }
            for event in AuditEvent.objects.filter(actor=user)
            .select_related("organisation", "actor")
            .order_by("created_at", "pk")
        ]
    document = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
        },
        "records": records,
        "audit_trail_as_actor": trail,
        "survey_answers": (
            "Survey answers are stored without any link to a person, so they cannot be "
            "found, exported or erased for anyone."
        ),
    }
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def pseudonym(user: User) -> str:
    """A stable label for an erased person that cannot be turned back into the person."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"person:{user.pk}".encode(), hashlib.sha256)
    return f"person-{digest.hexdigest()[:10]}"


def _scrub(text: str, names: list[str], replacement: str) -> str:
    for name in names:
        if name:
            text = text.replace(name, replacement)
    return text


@transaction.atomic
def _unaddress_unsent_mail(email: str) -> None:
    """Mail not sent yet no longer goes to the person (sent mail keeps no address)."""
    address = email.lower()
    for mail in OutgoingMail.objects.exclude(status=DeliveryStatus.SENT):
        to = [a for a in mail.to if a.lower() != address]
        bcc = [a for a in mail.bcc if a.lower() != address]
        if (to, bcc) == (mail.to, mail.bcc):
            continue
        if to or bcc:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                to=to, bcc=bcc, recipient_count=len(to) + len(bcc)
            )
        else:
            OutgoingMail.objects.filter(pk=mail.pk).delete()


def erase_person(*, user: User, actor: User | None) -> str:
    """Erase the person's personal data everywhere; returns their pseudonym.

    The audit trail is append-only, and this is its one sanctioned rewrite:
    the person's e-mail and name are replaced by the pseudonym wherever they
    were recorded (who acted, on whom, the changed values); what happened
    stays. Each organisation's trail records the erasure itself.
    """
    label = pseudonym(user)
    names = sorted({user.email, user.email.lower(), user.full_name} - {""}, key=len, reverse=True)
    with scopes_disabled():
        memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
        # "An organisation needs at least one AI coordinator": a rule about the data.
        coordinating = Membership.objects.filter(user=user, role=Role.COORDINATOR)
        alone = [
            m.organisation.name
            for m in coordinating.select_related("organisation")
            if not Membership.objects.filter(organisation=m.organisation, role=Role.COORDINATOR)
            .exclude(pk=m.pk)
            .exists()
        ]
        if alone:
            raise ValidationError(
                _(
                    "You are the only AI coordinator of %(organisations)s. Make someone else "
                    "coordinator first, so the organisation is not left without one."
                )
                % {"organisations": ", ".join(alone)}
            )
        mentions = Q(actor=user)
        for name in names:
            mentions |= Q(actor_label__icontains=name) | Q(target_label__icontains=name)
            mentions |= Q(changes__icontains=name)
        events = list(AuditEvent.objects.filter(mentions))
        for event in events:
            if event.actor_id == user.pk:
                event.actor_label = label
            event.actor_label = _scrub(event.actor_label, names, label)
            event.target_label = _scrub(event.target_label, names, label)
            event.changes = json.loads(_scrub(json.dumps(event.changes), names, label))
        # The append-only guard refuses updates; erasure goes around it on purpose.
        models.QuerySet(AuditEvent).bulk_update(
            events, ["actor_label", "target_label", "changes"], batch_size=500
        )
        Invitation.objects.filter(email__iexact=user.email).delete()
        _unaddress_unsent_mail(user.email)
        for model_label in (
            "account.EmailAddress",
            "socialaccount.SocialAccount",
            "mfa.Authenticator",
        ):
            apps.get_model(model_label).objects.filter(user=user).delete()
        user.email = f"{label}@erased.invalid"
        user.full_name = f"Erased person {label[-4:]}"
        user.language = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        for membership in memberships:
            membership.user = user  # the erased account: the trail names only the pseudonym
            record_audit_event(
                organisation=membership.organisation,
                actor=actor if actor is not None and actor.pk != user.pk else None,
                action=AuditAction.PERSON_ERASED,
                target=membership,
                changes={"person": label},
            )
        Membership.objects.filter(user=user).delete()
    return label
