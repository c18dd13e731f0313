"""AI guidelines: versioned Markdown documents that members acknowledge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models import Membership, Organisation


class Guideline(models.Model):
    """A guideline document; its text lives in numbered versions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_guidelines"
    )
    title = models.CharField(_("title"), max_length=200)
    current_version = models.ForeignKey(
        "governance.GuidelineVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["title"]
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")

    def __str__(self) -> str:
        return self.title


class GuidelineVersion(models.Model):
    """A draft or published text of a guideline. Published versions are never edited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text (Markdown)"))
    change_note = models.CharField(_("what changed"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-number"]
        verbose_name = _("guideline version")
        verbose_name_plural = _("guideline versions")
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "number"], name="guideline_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guideline} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Acknowledgement(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        GuidelineVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="guideline_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="acknowledgement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member.user} · {self.version}"
