"""AI literacy (Art 4): training offers, sessions and who attended them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models import Membership, Organisation


class Audience(models.TextChoices):
    """The playbook's training groups (section 5)."""

    LEADERS = "leaders", _("Leaders")
    POWER_USERS = "power_users", _("Specialists and power users")
    END_USERS = "end_users", _("End users")


class TrainingOffer(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_training_offers"
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    format = models.CharField(_("format"), max_length=150, blank=True)
    content = models.TextField(_("content"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the training does not need a refresh."),
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["audience", "title"]
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(TrainingOffer, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    trainer = models.CharField(_("trainer"), max_length=150, blank=True)
    location = models.CharField(_("place"), max_length=150, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.offer} · {self.held_on:%Y-%m-%d}"


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def valid(self, on=None) -> AttendanceQuerySet:
        on = on or timezone.localdate()
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on))


class Attendance(models.Model):
    """A member attended a session; valid until the offer's refresh date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="training_attendances"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(
        organisation="organisation", _manager_class=models.Manager.from_queryset(AttendanceQuerySet)
    )

    class Meta:
        ordering = ["-session__held_on", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member.user} · {self.session}"

    @property
    def is_valid(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()
