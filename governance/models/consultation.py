"""Works-council consultation: agreements, the record per use case, its documents, packs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from governance.models.usecases import UseCase
from transformation.models import Organisation


class SystemCategory(models.TextChoices):
    """AI-system categories a works or framework agreement can cover."""

    ASSISTANT = "assistant", _("Text and office assistants (copilots, chat)")
    CUSTOMER_CHATBOT = "customer_chatbot", _("Chatbots and voice agents for customers")
    DOCUMENTS = "documents", _("Document and invoice processing")
    ANALYTICS = "analytics", _("Analytics and forecasting")
    RECRUITMENT = "recruitment", _("Recruitment and selection")
    WORKFORCE = "workforce", _("Workforce management, performance and monitoring")
    BIOMETRICS = "biometrics", _("Biometrics and video analysis")
    OTHER = "other", _("Other AI systems")


class AgreementKind(models.TextChoices):
    WORKS_AGREEMENT = "works_agreement", _("Works agreement for one system")
    FRAMEWORK = "framework", _("Framework agreement for several systems")


def agreement_path(instance: WorksAgreement, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"governance/{instance.organisation_id}/agreements/{uuid.uuid4().hex}.{suffix}"


class WorksAgreement(models.Model):
    """A works or framework agreement with the works council and the categories it covers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="works_agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    reference = models.CharField(_("reference"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    categories = models.JSONField(_("AI-system categories covered"), default=list)
    concluded_on = models.DateField(_("concluded on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("signed agreement"), upload_to=agreement_path, blank=True, max_length=255
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-concluded_on", "reference"]
        verbose_name = _("works agreement")
        verbose_name_plural = _("works agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="works_agreement_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"

    def covers(self, category: str) -> bool:
        return category in self.categories

    def in_force(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.concluded_on <= on and (self.valid_until is None or self.valid_until >= on)

    @property
    def category_labels(self) -> list[str]:
        labels = dict(SystemCategory.choices)
        return [str(labels.get(value, value)) for value in self.categories]


class ConsultationStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    TO_INFORM = "to_inform", _("To inform")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    AGREED = "agreed", _("Agreed")
    REFUSED = "refused", _("Refused")
    IN_FORCE = "in_force", _("Agreement in force")


CONCLUDED = (ConsultationStatus.AGREED, ConsultationStatus.IN_FORCE)


class Consultation(models.Model):
    """Where the information, consultation or co-determination of one use case stands."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_consultations"
    )
    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="consultation")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.TO_INFORM,
    )
    category = models.CharField(
        _("AI-system category"), max_length=20, choices=SystemCategory.choices, blank=True
    )
    agreement = models.ForeignKey(
        WorksAgreement,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("works or framework agreement"),
    )
    agreement_reference = models.CharField(
        _("agreement reference (if not registered here)"), max_length=80, blank=True
    )
    informed_on = models.DateField(_("works council informed on"), null=True, blank=True)
    started_on = models.DateField(_("consultation started on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    participants = models.TextField(
        _("people involved"),
        blank=True,
        help_text=_("Works council members, management, data protection officer, experts."),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("works-council consultation")
        verbose_name_plural = _("works-council consultations")

    def __str__(self) -> str:
        return f"{self.use_case} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:consultation",
            kwargs={"org": self.organisation.slug, "pk": self.use_case_id},
        )

    @property
    def is_concluded(self) -> bool:
        return self.status in CONCLUDED


def consultation_document_path(instance: ConsultationDocument, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"governance/{instance.organisation_id}/consultations/"
        f"{instance.consultation_id}/{uuid.uuid4().hex}.{suffix}"
    )


class ConsultationDocument(models.Model):
    """A document of the consultation: information letter, minutes, the council's answer."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=consultation_document_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")

    def __str__(self) -> str:
        return self.title


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being produced")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def pack_path(instance: InformationPack, filename: str) -> str:
    return f"governance/{instance.organisation_id}/packs/{instance.public_id}.pdf"


class InformationPack(models.Model):
    """The one-page information pack for the works council as a PDF, made by a worker."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.ForeignKey(
        UseCase, on_delete=models.CASCADE, related_name="information_packs"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=pack_path, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker last claimed it: one claimed long ago lost its worker.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("information pack")
        verbose_name_plural = _("information packs")

    def __str__(self) -> str:
        return f"{self.use_case} · {self.language}"

    @property
    def is_pending(self) -> bool:
        return self.status in (PackStatus.QUEUED, PackStatus.RUNNING)

    @property
    def download_name(self) -> str:
        return f"information-pack-{self.use_case_id}-{self.language}.pdf"
