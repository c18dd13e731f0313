"""Notifications: the centre's rows, e-mail digests and the steering committee's channel.

Every send happens at most once per period and recipient: a row per period
(unique), claimed by a conditional UPDATE before anything leaves the server,
dispatched after commit, with `acks_late` tasks. The only window left is a
worker that dies after the mail server accepted a digest and before the row
is marked sent; its redelivery sends the same Message-ID again, which mail
systems treat as the same message.

Nothing reaches a person (or the channel) unless the item's own access
predicate lets them see the page it links to, checked when it is sent.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope, scopes_disabled

from transformation import deadlines, formatting
from transformation.audit import AuditAction
from transformation.clocks import organisation_zone
from transformation.models import (
    ChannelWebhook,
    DeliveryStatus,
    Digest,
    DigestFrequency,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    OutgoingMail,
    User,
    WebhookKind,
    WebhookPost,
)
from transformation.services.audit import record_audit_event, save_audited

logger = logging.getLogger(__name__)

DEFAULT_DIGEST = DigestFrequency.WEEKLY


def lease() -> timedelta:
    """How long a claimed send may take before another delivery may claim it again."""
    return timedelta(seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS)


# The centre -----------------------------------------------------------------------------------


def current_deadlines(organisation: Organisation, now: datetime) -> list[deadlines.Deadline]:
    """The organisation's notable items now, in its scope and time zone."""
    with scope(organisation=organisation), timezone.override(organisation_zone(organisation)):
        return deadlines.notable(deadlines.collect(organisation, now), now)


def deadlines_for(membership: Membership, now: datetime) -> list[deadlines.Deadline]:
    """What is due for one member: only items whose page they may see."""
    items = current_deadlines(membership.organisation, now)
    return deadlines.for_member(items, membership)


@transaction.atomic
def refresh_notifications(*, organisation: Organisation, now: datetime) -> dict[str, int]:
    """Bring the members' notifications in line with what is due now.

    New stages make new unread rows; items that were resolved, or that a
    member may no longer see, lose their rows; changed titles and due
    moments are updated in place.
    """
    items = current_deadlines(organisation, now)
    with scope(organisation=organisation):
        members = list(
            Membership.objects.filter(user__is_active=True).select_related("user", "department")
        )
        wanted: dict[tuple[int, str, str], deadlines.Deadline] = {}
        for item in items:
            stage = item.stage(now)
            for member in members:
                if item.reaches(member):
                    wanted[(member.pk, item.key, stage)] = item
        existing = {
            (row.membership_id, row.item_key, row.stage): row for row in Notification.objects.all()
        }
        created = [
            Notification(
                organisation=organisation,
                membership_id=member_id,
                item_key=key,
                source=item.source,
                stage=stage,
                title=dict(item.title),
                url=item.url,
                due_at=item.due_at,
                all_day=item.all_day,
                created_at=now,
            )
            for (member_id, key, stage), item in wanted.items()
            if (member_id, key, stage) not in existing
        ]
        Notification.objects.bulk_create(created, ignore_conflicts=True)
        changed = []
        for identity, row in existing.items():
            item = wanted.get(identity)
            title = dict(item.title) if item else None
            if item and (row.title, row.due_at, row.url) != (title, item.due_at, item.url):
                row.title, row.due_at, row.url = title, item.due_at, item.url
                changed.append(row)
        Notification.objects.bulk_update(changed, ["title", "due_at", "url"])
        reached = {(member_id, key) for member_id, key, _stage in wanted}
        overdue = {(member_id, key) for member_id, key, stage in wanted if stage == "overdue"}
        stale = [
            row.pk
            for (member_id, key, stage), row in existing.items()
            if (member_id, key) not in reached
            # An overdue row replaces the unread "due soon" one of the same item.
            or (stage == "upcoming" and row.read_at is None and (member_id, key) in overdue)
        ]
        Notification.objects.filter(pk__in=stale).delete()
    return {"created": len(created), "updated": len(changed), "removed": len(stale)}


def notifications_for(membership: Membership, now: datetime) -> list[Notification]:
    """The member's notifications whose items they may still see, newest stage first.

    Equal due dates are ordered by their content, not by row ids (which an
    organisation moved to another installation does not keep).
    """
    visible = {item.key for item in deadlines_for(membership, now)}
    rows = Notification.objects.filter(membership=membership).order_by(
        F("read_at").asc(nulls_first=True), "due_at", "source", "title", "pk"
    )
    return [row for row in rows if row.item_key in visible]


@transaction.atomic
def mark_notification_read(*, notification: Notification, now: datetime | None = None) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def mark_all_read(*, membership: Membership, now: datetime | None = None) -> int:
    return Notification.objects.filter(membership=membership, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def save_notification_preference(
    *, membership: Membership, actor: User, digest: str
) -> NotificationPreference:
    """Choose the e-mail digest: none, daily or weekly."""
    preference = NotificationPreference.objects.filter(
        membership=membership
    ).first() or NotificationPreference(organisation=membership.organisation, membership=membership)
    save_audited(
        preference,
        actor=actor,
        action=AuditAction.NOTIFICATIONS_PREFERENCE_CHANGED,
        values={"digest": digest},
        target=membership,
    )
    return preference


# Periods --------------------------------------------------------------------------------------


def period_start(frequency: str, local_now: datetime) -> date | None:
    """The period whose send is due at `local_now` (organisation time), or None before it."""
    hour = settings.NOTIFICATION_DIGEST_HOUR
    today = local_now.date()
    if frequency == DigestFrequency.DAILY:
        return today if local_now.hour >= hour else None
    if frequency == DigestFrequency.WEEKLY:
        if local_now.weekday() == 0 and local_now.hour < hour:
            return None
        return today - timedelta(days=today.weekday())
    return None


def _due_again(model, now: datetime) -> Q:
    """Rows of the last day whose task may have been lost: never claimed, or claim expired."""
    recent = Q(created_at__gte=now - timedelta(days=1))
    waiting = Q(status=DeliveryStatus.PLANNED, created_at__lt=now - lease())
    stuck = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease())
    return recent & (waiting | stuck)


def claim(model, pk: int, now: datetime):
    """Mark a planned (or abandoned) send as being sent; None when another has it or it is done.

    Call inside the organisation's scope: another organisation's send is not found.
    """
    claimed = (
        model.objects.filter(pk=pk)
        .filter(
            Q(status=DeliveryStatus.PLANNED)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease())
        )
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return model.objects.select_related("organisation").get(pk=pk)


def _finish(model, pk: int, status: str, now: datetime, **values: Any) -> bool:
    with scopes_disabled():
        return bool(
            model.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
                status=status, sent_at=now, **values
            )
        )


def release(model, pk: int) -> None:
    """Give a claimed send back (before a retry): nothing left the server."""
    with scopes_disabled():
        model.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PLANNED
        )


def fail_delivery(model, pk: int, error: str) -> None:
    with scopes_disabled():
        model.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, error=error[:2000]
        )


def _period_is_current(frequency: str, start: date, local_now: datetime) -> bool:
    current = period_start(frequency, local_now)
    return current is not None and current == start


# Digests --------------------------------------------------------------------------------------


@transaction.atomic
def plan_digests(*, now: datetime) -> int:
    """Create this period's digest of every member who wants one; send them after commit."""
    from transformation.tasks import send_digest

    planned = []
    with scopes_disabled():
        members = Membership.objects.filter(user__is_active=True).select_related(
            "organisation", "notification_preference"
        )
        for member in members:
            preference = getattr(member, "notification_preference", None)
            frequency = preference.digest if preference else DEFAULT_DIGEST
            start = period_start(frequency, now.astimezone(organisation_zone(member.organisation)))
            if start is None:
                continue
            planned.append(
                Digest(
                    organisation=member.organisation,
                    membership=member,
                    frequency=frequency,
                    period_start=start,
                    created_at=now,
                )
            )
        Digest.objects.bulk_create(planned, ignore_conflicts=True)
        new = Q(status=DeliveryStatus.PLANNED, created_at=now)
        due = list(
            Digest.objects.filter(new | _due_again(Digest, now)).values_list(
                "organisation_id", "pk"
            )
        )
    for organisation_id, pk in due:
        send_digest.delay_on_commit(organisation_id=organisation_id, digest_id=pk)
    return len(due)


def send_digest(*, digest: Digest, now: datetime) -> str:
    """Send one claimed digest (or skip it when nothing is due); returns the final status."""
    organisation = digest.organisation
    zone = organisation_zone(organisation)
    with scopes_disabled():
        member = Membership.objects.select_related("user", "department").get(
            pk=digest.membership_id
        )
    if not member.user.is_active or not _period_is_current(
        digest.frequency, digest.period_start, now.astimezone(zone)
    ):
        _finish(Digest, digest.pk, DeliveryStatus.SKIPPED, now)
        return DeliveryStatus.SKIPPED
    items = deadlines_for(member, now)
    if not items:
        _finish(Digest, digest.pk, DeliveryStatus.SKIPPED, now)
        return DeliveryStatus.SKIPPED
    language = member.user.language or organisation.default_language
    with translation.override(language), timezone.override(zone):
        subject = ngettext(
            "%(organisation)s: %(n)d item due in the AI programme",
            "%(organisation)s: %(n)d items due in the AI programme",
            len(items),
        ) % {"organisation": organisation.name, "n": len(items)}
        body = render_to_string(
            "transformation/email/digest.txt",
            {
                "member": member,
                "organisation": organisation,
                "items": [_line(item, language, now) for item in items],
                "centre": site_url(f"/o/{organisation.slug}/notifications/"),
                "settings_url": site_url(f"/o/{organisation.slug}/notifications/settings/"),
                "digest": digest,
            },
        )
    message = EmailMessage(
        subject,
        body,
        to=[member.user.email],
        headers={"Message-ID": f"<digest-{digest.pk}-{digest.period_start}@{_mail_domain()}>"},
    )
    message.send()
    _finish(Digest, digest.pk, DeliveryStatus.SENT, now, item_count=len(items))
    return DeliveryStatus.SENT


def _line(item: deadlines.Deadline, language: str, now: datetime) -> dict[str, Any]:
    local = timezone.localtime(item.due_at)
    if item.all_day:
        # A dated item falls due at the end of its day: show that day.
        when = formatting.date((local - timedelta(seconds=1)).date(), "short", language=language)
    else:
        when = formatting.date(local, "short_datetime", language=language)
    return {
        "title": item.title_in(language),
        "when": when,
        "overdue": item.stage(now) == deadlines.OVERDUE,
        "url": site_url(item.url),
        "article": item.article,
    }


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail_domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "localhost"


# E-mail decided by a request: the outbox -------------------------------------------------------

MAIL_MAX_ATTEMPTS = 5


def queue_mail(
    *,
    organisation: Organisation,
    kind: str,
    subject: str,
    body: str,
    to: list[str] | tuple[str, ...] = (),
    bcc: list[str] | tuple[str, ...] = (),
) -> OutgoingMail:
    """Record an e-mail in the caller's transaction; a worker sends it after commit.

    If the transaction rolls back, nothing is sent; if the broker or the mail
    server is down, the beat (`resend_pending_mail`) sends it later, once.
    """
    from transformation.tasks import send_outgoing_mail

    mail = OutgoingMail.objects.create(
        organisation=organisation,
        kind=kind,
        subject=subject,
        body=body,
        to=list(to),
        bcc=list(bcc),
        recipient_count=len(to) + len(bcc),
    )
    send_outgoing_mail.delay_on_commit(organisation_id=organisation.pk, mail_id=mail.pk)
    return mail


def send_outgoing_mail(*, mail: OutgoingMail, now: datetime) -> str:
    """Send one claimed mail, then forget its addresses and text."""
    EmailMessage(
        mail.subject,
        mail.body,
        to=mail.to,
        bcc=mail.bcc,
        headers={"Message-ID": f"<mail-{mail.pk}@{_mail_domain()}>"},
    ).send()
    _finish(OutgoingMail, mail.pk, DeliveryStatus.SENT, now, to=[], bcc=[], body="")
    return DeliveryStatus.SENT


def mail_failed(*, mail_id: int, error: Exception) -> str:
    """A failed attempt: back to planned for the beat, or failed after the last attempt."""
    with scopes_disabled():
        attempts = OutgoingMail.objects.filter(pk=mail_id).values_list("attempts", flat=True)
    if attempts and attempts[0] >= MAIL_MAX_ATTEMPTS:
        logger.error("Mail %s failed for good: %s", mail_id, error)
        fail_delivery(OutgoingMail, mail_id, f"{type(error).__name__}: {error}")
        return DeliveryStatus.FAILED
    logger.warning("Mail %s not sent (%s); the beat tries again", mail_id, error)
    release(OutgoingMail, mail_id)
    return DeliveryStatus.PLANNED


def resend_pending_mail(*, now: datetime) -> int:
    """Beat: send again what the broker never delivered or a worker or mail server dropped."""
    from transformation.tasks import send_outgoing_mail

    waiting = Q(status=DeliveryStatus.PLANNED, created_at__lt=now - lease())
    stuck = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease())
    with scopes_disabled():
        due = list(
            OutgoingMail.objects.filter(waiting | stuck)
            .order_by("created_at")
            .values_list("organisation_id", "pk")
        )
    for organisation_id, pk in due:
        send_outgoing_mail.delay_on_commit(organisation_id=organisation_id, mail_id=pk)
    return len(due)


# The steering committee's channel -------------------------------------------------------------


@transaction.atomic
def save_channel_webhook(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> ChannelWebhook:
    """Set the channel's service, address, schedule; the address is never written to the trail."""
    webhook = ChannelWebhook.objects.filter(organisation=organisation).first() or ChannelWebhook(
        organisation=organisation
    )
    save_audited(
        webhook,
        actor=actor,
        action=AuditAction.CHANNEL_WEBHOOK_SAVED,
        # An empty address field keeps the stored one (the form never shows it).
        values={**values, "url": values.get("url") or webhook.url},
        summarise=_without_address,
    )
    return webhook


def _without_address(changes: dict[str, Any]) -> dict[str, Any]:
    """The webhook address is a secret: the trail only says that it changed."""
    return {key: "changed" if key == "url" else value for key, value in changes.items()}


@transaction.atomic
def request_channel_test(*, organisation: Organisation, actor: User) -> None:
    """Post a test message to the channel from a worker."""
    from transformation.tasks import post_channel_test

    record_audit_event(
        organisation=organisation, actor=actor, action=AuditAction.CHANNEL_WEBHOOK_TEST_REQUESTED
    )
    post_channel_test.delay_on_commit(organisation_id=organisation.pk)


@transaction.atomic
def plan_channel_posts(*, now: datetime) -> int:
    """Create this period's post of every organisation with an active channel."""
    from transformation.tasks import post_to_channel

    planned = []
    with scopes_disabled():
        for webhook in ChannelWebhook.objects.filter(enabled=True).select_related("organisation"):
            zone = organisation_zone(webhook.organisation)
            start = period_start(webhook.frequency, now.astimezone(zone))
            if start is not None:
                planned.append(
                    WebhookPost(
                        organisation=webhook.organisation,
                        frequency=webhook.frequency,
                        period_start=start,
                        created_at=now,
                    )
                )
        WebhookPost.objects.bulk_create(planned, ignore_conflicts=True)
        new = Q(status=DeliveryStatus.PLANNED, created_at=now)
        due = list(
            WebhookPost.objects.filter(new | _due_again(WebhookPost, now)).values_list(
                "organisation_id", "pk"
            )
        )
    for organisation_id, pk in due:
        post_to_channel.delay_on_commit(organisation_id=organisation_id, post_id=pk)
    return len(due)


def channel_items(organisation: Organisation, now: datetime) -> list[deadlines.Deadline]:
    """Only what the steering committee may see, and what concerns it."""
    committee = deadlines.steering_committee(organisation)
    return deadlines.for_member(current_deadlines(organisation, now), committee)


def channel_payload(
    kind: str, organisation: Organisation, items: list[deadlines.Deadline], now: datetime
) -> dict:
    """A Slack message or a Teams adaptive card, in the organisation's language."""
    language = organisation.default_language
    with translation.override(language), timezone.override(organisation_zone(organisation)):
        heading = ngettext(
            "%(organisation)s: %(n)d item due in the AI programme",
            "%(organisation)s: %(n)d items due in the AI programme",
            len(items),
        ) % {"organisation": organisation.name, "n": len(items)}
        lines = []
        for item in items:
            line = _line(item, language, now)
            state = _("overdue") if line["overdue"] else _("due")
            lines.append((line, f"{state} {line['when']}"))
        if kind == WebhookKind.SLACK:
            text = "\n".join(
                [
                    f"*{heading}*",
                    *(f"• <{line['url']}|{line['title']}> ({when})" for line, when in lines),
                ]
            )
            return {"text": text}
        body = [{"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True}]
        body += [
            {
                "type": "TextBlock",
                "text": f"[{line['title']}]({line['url']}) ({when})",
                "wrap": True,
            }
            for line, when in lines
        ]
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": body,
                    },
                }
            ],
        }


def _record_answer(organisation: Organisation, result: str, now: datetime) -> None:
    with scopes_disabled():
        ChannelWebhook.objects.filter(organisation=organisation).update(
            last_result=result[:200], last_result_at=now
        )


def post_channel_summary(*, post: WebhookPost, now: datetime) -> str:
    """Post one claimed summary (or skip it); raises on a failed post so the task retries."""
    from transformation.webhooks import post_json

    organisation = post.organisation
    with scopes_disabled():
        webhook = ChannelWebhook.objects.filter(organisation=organisation, enabled=True).first()
    zone = organisation_zone(organisation)
    if webhook is None or not _period_is_current(
        post.frequency, post.period_start, now.astimezone(zone)
    ):
        _finish(WebhookPost, post.pk, DeliveryStatus.SKIPPED, now)
        return DeliveryStatus.SKIPPED
    items = channel_items(organisation, now)
    if not items:
        _finish(WebhookPost, post.pk, DeliveryStatus.SKIPPED, now)
        return DeliveryStatus.SKIPPED
    answer = post_json(webhook.url, channel_payload(webhook.kind, organisation, items, now))
    _record_answer(organisation, f"{answer.status} {answer.reason}", now)
    if not answer.ok:
        raise OSError(f"the channel answered {answer.status} {answer.reason}")
    _finish(WebhookPost, post.pk, DeliveryStatus.SENT, now, item_count=len(items))
    return DeliveryStatus.SENT


def post_channel_test_message(*, organisation: Organisation, now: datetime) -> str:
    from transformation.webhooks import WebhookRefused, post_json

    with scopes_disabled():
        webhook = ChannelWebhook.objects.filter(organisation=organisation).first()
    if webhook is None:
        return "no webhook"
    with translation.override(organisation.default_language):
        text = _("Test message from the AI programme of %(organisation)s.") % {
            "organisation": organisation.name
        }
    if webhook.kind == WebhookKind.SLACK:
        payload = {"text": text}
    else:
        payload = {"type": "message", "attachments": _teams_text(text)}
    try:
        answer = post_json(webhook.url, payload)
    except (WebhookRefused, OSError) as error:
        result = f"{type(error).__name__}: {error}"
    else:
        result = f"{answer.status} {answer.reason}"
    _record_answer(organisation, result, now)
    return result


def _teams_text(text: str) -> list[dict]:
    return [
        {
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": text, "wrap": True}],
            },
        }
    ]


# The beat's cycle -----------------------------------------------------------------------------


def run_cycle(*, now: datetime) -> dict[str, int]:
    """Every few minutes: refresh notifications, then plan digests and channel posts."""
    with scopes_disabled():
        organisations = list(Organisation.objects.order_by("pk"))
    created = 0
    for organisation in organisations:
        created += refresh_notifications(organisation=organisation, now=now)["created"]
    return {
        "notifications": created,
        "digests": plan_digests(now=now),
        "channel_posts": plan_channel_posts(now=now),
    }
