"""Board reports: a PDF produced by a Celery worker, tracked by a status row."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models.core import Organisation


def report_path(instance: BoardReport, filename: str) -> str:
    # The public id is random, so a file name cannot be guessed from another.
    return f"reports/{instance.organisation_id}/{instance.public_id}.pdf"


def logo_path(instance: ReportSettings, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"logos/{instance.organisation_id}/{uuid.uuid4().hex}.{extension}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being produced")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class BoardReport(models.Model):
    """One requested board report; the worker moves it queued → running → done or failed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_reports"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    sections = models.JSONField(_("sections"), default=list)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=report_path, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    email_to_steering = models.BooleanField(_("e-mail to the steering committee"), default=False)
    scheduled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")

    def __str__(self) -> str:
        return f"{self.organisation} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse(
            "board_report", kwargs={"org": self.organisation.slug, "public_id": self.public_id}
        )

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def download_name(self) -> str:
        return f"board-report-{self.organisation.slug}-{self.period_end:%Y-%m}.pdf"


class ReportSettings(models.Model):
    """Per organisation: the cover logo and the monthly schedule."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_settings"
    )
    logo = models.FileField(_("logo for the cover"), upload_to=logo_path, blank=True)
    monthly = models.BooleanField(_("produce a report every month"), default=False)
    monthly_language = models.CharField(
        _("language of the monthly report"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    email_to_steering = models.BooleanField(
        _("e-mail monthly reports to the steering committee"), default=False
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"{self.organisation}"
