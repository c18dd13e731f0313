"""Workflows of the AI guidelines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from governance.models import (
    Acknowledgement,
    Guideline,
    GuidelineVersion,
)
from transformation.audit import AuditAction
from transformation.models import Membership, Organisation, User
from transformation.services import record_audit_event
from transformation.services.notifications import queue_mail


@transaction.atomic
def create_guideline(
    *, organisation: Organisation, actor: User | None, title: str, body: str, change_note: str = ""
) -> GuidelineVersion:
    """Start a guideline with a first draft version."""
    guideline = Guideline.objects.create(organisation=organisation, title=title)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.GUIDELINE_CREATED,
        target=guideline,
        changes={"title": title},
    )
    return add_guideline_version(
        guideline=guideline, actor=actor, body=body, change_note=change_note
    )


@transaction.atomic
def add_guideline_version(
    *, guideline: Guideline, actor: User | None, body: str, change_note: str = ""
) -> GuidelineVersion:
    """Add a draft as the next version number; a single open draft is edited in place."""
    draft = guideline.versions.filter(published_at__isnull=True).order_by("-number").first()
    if draft is not None:
        draft.body, draft.change_note = body, change_note
        draft.save(update_fields=["body", "change_note"])
        version = draft
    else:
        number = (guideline.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = GuidelineVersion.objects.create(
            organisation=guideline.organisation,
            guideline=guideline,
            number=number,
            body=body,
            change_note=change_note,
            created_by=actor,
        )
    record_audit_event(
        organisation=guideline.organisation,
        actor=actor,
        action=AuditAction.GUIDELINE_DRAFT_SAVED,
        target=version,
        changes={"number": version.number, "change_note": change_note},
    )
    return version


@transaction.atomic
def publish_guideline_version(
    *,
    version: GuidelineVersion,
    actor: User | None,
    when: Any = None,
    url_builder: Callable[[str], str] | None = None,
    notify: bool = True,
) -> GuidelineVersion:
    """Publish a draft as the current version; e-mails members to acknowledge it after commit."""
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    version.published_at = when or timezone.now()
    version.save(update_fields=["published_at"])
    guideline = version.guideline
    guideline.current_version = version
    guideline.save(update_fields=["current_version"])
    record_audit_event(
        organisation=version.organisation,
        actor=actor,
        action=AuditAction.GUIDELINE_PUBLISHED,
        target=version,
        changes={"number": version.number},
    )
    if notify:
        _ask_to_acknowledge(version, url_builder)
    return version


def _ask_to_acknowledge(
    version: GuidelineVersion, url_builder: Callable[[str], str] | None
) -> None:
    """One e-mail, with every member in Bcc, asking them to read the new version."""
    organisation = version.organisation
    with scope(organisation=organisation):
        recipients = list(
            Membership.objects.filter(user__is_active=True).values_list("user__email", flat=True)
        )
    if not recipients:
        return
    path = reverse(
        "governance:guideline_version",
        kwargs={"org": organisation.slug, "pk": version.guideline_id, "number": version.number},
    )
    with translation.override(organisation.default_language):
        subject = _("Please read and acknowledge: %(title)s") % {"title": version.guideline}
        body = _(
            "A new version of the AI guideline “%(title)s” has been published. "
            "Please read it and confirm that you have: %(link)s"
        ) % {"title": version.guideline, "link": url_builder(path) if url_builder else path}
    # Sent by a worker after commit; a mail server or broker that is down delays it.
    queue_mail(
        organisation=organisation,
        kind="guideline_published",
        subject=subject,
        body=body,
        bcc=recipients,
    )


@transaction.atomic
def acknowledge_guideline(*, version: GuidelineVersion, member: Membership) -> Acknowledgement:
    """Record that a member has read a published version (idempotent)."""
    if not version.is_published:
        raise ValidationError(_("Only published versions can be acknowledged."))
    try:
        with transaction.atomic():
            acknowledgement, created = Acknowledgement.objects.get_or_create(
                organisation=version.organisation, version=version, member=member
            )
    except IntegrityError:
        return Acknowledgement.objects.get(version=version, member=member)
    if created:
        record_audit_event(
            organisation=version.organisation,
            actor=member.user,
            action=AuditAction.GUIDELINE_ACKNOWLEDGED,
            target=version,
        )
    return acknowledgement
