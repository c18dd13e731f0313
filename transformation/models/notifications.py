"""The notification centre, e-mail digests and the steering committee's channel."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models.core import Membership, Organisation


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("due soon")
    OVERDUE = "overdue", _("overdue")


class DigestFrequency(models.TextChoices):
    NONE = "none", _("No e-mail")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A deadline that reached a stage, for one member. One row per item and stage."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="notifications"
    )
    item_key = models.CharField(max_length=120)
    source = models.CharField(max_length=60)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    # The title in every product language: the reader's language decides at display.
    title = models.JSONField(default=dict)
    url = models.CharField(max_length=300)
    due_at = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(NotificationQuerySet),
    )

    class Meta:
        ordering = ["read_at", "due_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "item_key", "stage"], name="notification_once_per_stage"
            )
        ]
        indexes = [models.Index(fields=["membership", "read_at"])]

    def __str__(self) -> str:
        return f"{self.item_key} · {self.stage}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a member wants to hear about deadlines beyond the notification centre."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.CharField(
        _("e-mail digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.membership} · {self.digest}"


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Nothing to send")
    FAILED = "failed", _("Failed")


class Send(models.Model):
    """Something to send once, recorded in the transaction that decided it.

    The row is the outbox: a task sends it after commit, claiming it with a
    conditional UPDATE; what a broker outage or a dead worker left behind is
    found again by the beat (`_due_again`), so it goes out once, late at worst.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PLANNED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Delivery(Send):
    """A send that must happen once per period."""

    frequency = models.CharField(max_length=10, choices=DigestFrequency.choices)
    period_start = models.DateField()
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class Digest(Delivery):
    """One member's e-mail digest of one period; unique, so it is sent once."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="digests")

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "frequency", "period_start"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.frequency} {self.period_start}"


class WebhookKind(models.TextChoices):
    TEAMS = "teams", _("Microsoft Teams (workflow or incoming webhook)")
    SLACK = "slack", _("Slack incoming webhook")


class ChannelWebhook(models.Model):
    """The steering committee's Teams or Slack channel of an organisation."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="channel_webhook"
    )
    kind = models.CharField(_("service"), max_length=10, choices=WebhookKind.choices)
    # The address carries the channel's secret: never shown back in full or audited.
    url = models.URLField(_("webhook address"), max_length=500)
    enabled = models.BooleanField(_("post to the channel"), default=True)
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=[
            (DigestFrequency.DAILY, DigestFrequency.DAILY.label),
            (DigestFrequency.WEEKLY, DigestFrequency.WEEKLY.label),
        ],
        default=DigestFrequency.WEEKLY,
    )
    # What the channel answered last time (a post or a test), for whoever set it up.
    last_result = models.CharField(_("last answer"), max_length=200, blank=True)
    last_result_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("channel webhook")
        verbose_name_plural = _("channel webhooks")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"

    @property
    def masked_url(self) -> str:
        """Scheme and host only: enough to recognise, not enough to post."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}/…"


class WebhookPost(Delivery):
    """One post of one period to the organisation's channel; unique, so it is sent once."""

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("channel post")
        verbose_name_plural = _("channel posts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "frequency", "period_start"],
                name="webhook_post_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.frequency} {self.period_start}"


class OutgoingMail(Send):
    """An e-mail decided by a request (an invitation, a request to read a guideline).

    Written in the request's transaction and sent by a worker, so neither a
    broker outage nor a mail server that is down loses it or fails the
    request. Once sent, its addresses and text are cleared: the row keeps
    only that a mail of this kind went out, and how many it reached.
    """

    kind = models.CharField(max_length=40)
    to = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    recipient_count = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} · {self.created_at:%Y-%m-%d %H:%M}"
