"""The AI use-case register: use cases, their classifications and obligations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from governance.rules import engine
from transformation.models import Department, Membership, Organisation


class LifecycleState(models.TextChoices):
    IDEA = "idea", _("Idea")
    ASSESSMENT = "assessment", _("Assessment")
    APPROVED_FOR_PILOT = "approved_for_pilot", _("Approved for pilot")
    PILOT = "pilot", _("Pilot")
    PRODUCTION = "production", _("Production")
    RETIRED = "retired", _("Retired")


# Where a use case may go from each state. Entering the approved state
# happens only through an approval decision.
TRANSITIONS = {
    LifecycleState.IDEA: (LifecycleState.ASSESSMENT, LifecycleState.RETIRED),
    LifecycleState.ASSESSMENT: (LifecycleState.IDEA, LifecycleState.RETIRED),
    LifecycleState.APPROVED_FOR_PILOT: (
        LifecycleState.PILOT,
        LifecycleState.ASSESSMENT,
        LifecycleState.RETIRED,
    ),
    LifecycleState.PILOT: (
        LifecycleState.PRODUCTION,
        LifecycleState.ASSESSMENT,
        LifecycleState.RETIRED,
    ),
    LifecycleState.PRODUCTION: (LifecycleState.RETIRED,),
    LifecycleState.RETIRED: (LifecycleState.IDEA,),
}
APPROVAL_TARGETS = (LifecycleState.PILOT, LifecycleState.PRODUCTION)


class ApplicationArea(models.TextChoices):
    DOCUMENT_PROCESSING = "document_processing", _("Document processing")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    DECISION_SUPPORT = "decision_support", _("Decision support")
    PRODUCT_DEVELOPMENT = "product_development", _("Product development")
    KNOWLEDGE_MANAGEMENT = "knowledge_management", _("Knowledge management")
    OTHER = "other", _("Other")


class RiskClass(models.TextChoices):
    OUT_OF_SCOPE = engine.OUT_OF_SCOPE, _("Out of scope")
    PROHIBITED = engine.PROHIBITED, _("Prohibited")
    HIGH_RISK_ANNEX_I = engine.HIGH_RISK_ANNEX_I, _("High risk (Annex I)")
    HIGH_RISK_ANNEX_III = engine.HIGH_RISK_ANNEX_III, _("High risk (Annex III)")
    LIMITED = engine.LIMITED, _("Limited risk (transparency)")
    MINIMAL = engine.MINIMAL, _("Minimal risk")


HIGH_RISK = (RiskClass.HIGH_RISK_ANNEX_I, RiskClass.HIGH_RISK_ANNEX_III)


class CompanyRole(models.TextChoices):
    PROVIDER = engine.PROVIDER, _("Provider")
    DEPLOYER = engine.DEPLOYER, _("Deployer")
    BECAME_PROVIDER = engine.BECAME_PROVIDER, _("Deployer who became provider (Art 25)")


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (low) to 5 (high)"),
    )


class UseCaseQuerySet(models.QuerySet["UseCase"]):
    def for_register(self) -> UseCaseQuerySet:
        return self.select_related("department", "owner__user", "current_classification")

    def ideas(self) -> UseCaseQuerySet:
        return self.filter(state__in=(LifecycleState.IDEA, LifecycleState.ASSESSMENT))


class UseCase(models.Model):
    """An AI application the organisation considers, pilots or runs."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_use_cases"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ai_use_cases",
        verbose_name=_("department"),
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_use_cases",
        verbose_name=_("owner"),
    )
    vendor = models.CharField(_("vendor"), max_length=150, blank=True)
    system = models.CharField(_("system"), max_length=150, blank=True)
    application_area = models.CharField(
        _("application area"), max_length=30, choices=ApplicationArea.choices
    )
    uses_personal_data = models.BooleanField(_("uses personal data"), default=False)
    uses_special_categories = models.BooleanField(
        _("uses special categories of personal data"), default=False
    )
    uses_employee_data = models.BooleanField(_("uses employee data"), default=False)
    state = models.CharField(
        _("lifecycle"), max_length=20, choices=LifecycleState.choices, default=LifecycleState.IDEA
    )
    efficiency_potential = _score_field(_("efficiency potential"))
    complexity_reduction = _score_field(_("complexity reduction"))
    strategic_relevance = _score_field(_("strategic relevance"))
    data_readiness = _score_field(_("data readiness"))
    implementation_risk = _score_field(_("implementation risk"))
    current_classification = models.ForeignKey(
        "governance.Classification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Blank: a use case created by the system or by a since-deleted account stays editable.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        organisation="organisation", _manager_class=models.Manager.from_queryset(UseCaseQuerySet)
    )

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("AI use case")
        verbose_name_plural = _("AI use cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:usecase", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def risk_class(self) -> str:
        return self.current_classification.result_class if self.current_classification else ""

    @property
    def is_classified(self) -> bool:
        return self.current_classification_id is not None

    @property
    def is_prohibited(self) -> bool:
        return self.risk_class == RiskClass.PROHIBITED

    @property
    def is_high_risk(self) -> bool:
        return self.risk_class in HIGH_RISK

    @property
    def requires_dpia(self) -> bool:
        c = self.current_classification
        return c is not None and c.flags.get("dpia") == "required"

    @property
    def requires_fria(self) -> bool:
        c = self.current_classification
        return c is not None and bool(c.flags.get("fria"))

    @property
    def value_score(self) -> float | None:
        """Mean of the three benefit scores of the potential analysis (roadmap step 1)."""
        scores = [self.efficiency_potential, self.complexity_reduction, self.strategic_relevance]
        if any(score is None for score in scores):
            return None
        return round(sum(scores) / 3, 2)

    @property
    def effort_score(self) -> float | None:
        """Low data readiness and high implementation risk both mean more effort."""
        if self.data_readiness is None or self.implementation_risk is None:
            return None
        return round(((6 - self.data_readiness) + self.implementation_risk) / 2, 2)

    @property
    def priority(self) -> float | None:
        if self.value_score is None or self.effort_score is None:
            return None
        return round(self.value_score - self.effort_score, 2)

    @property
    def next_states(self) -> tuple[str, ...]:
        return TRANSITIONS[LifecycleState(self.state)]


class Classification(models.Model):
    """One run of the questionnaire: never edited; new answers make a new row."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_classifications"
    )
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="classifications")
    rule_set_version = models.CharField(_("rule-set version"), max_length=20)
    rule_set_as_of = models.DateField(_("rules as of"))
    answers = models.JSONField(_("answers"), default=dict)
    result_class = models.CharField(_("class"), max_length=30, choices=RiskClass.choices)
    role = models.CharField(_("company role"), max_length=30, choices=CompanyRole.choices)
    annex_iii_point = models.CharField(_("Annex III point"), max_length=20, blank=True)
    obligations = models.JSONField(_("obligations"), default=list)
    flags = models.JSONField(_("flags"), default=dict)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    classified_by_label = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")

    def __str__(self) -> str:
        return f"{self.use_case} · {self.get_result_class_display()}"

    @property
    def obligation_keys(self) -> list[str]:
        return [obligation["key"] for obligation in self.obligations]

    @property
    def material_facts(self) -> dict:
        """What an approval relied on; a change in any of these reopens it."""
        return {
            "result_class": self.result_class,
            "role": self.role,
            "annex_iii_point": self.annex_iii_point,
            "obligations": sorted(self.obligation_keys),
            "dpia": self.flags.get("dpia"),
            "fria": bool(self.flags.get("fria")),
            "art22": bool(self.flags.get("art22")),
        }

    def differs_materially_from(self, other: Classification | None) -> bool:
        return other is None or self.material_facts != other.material_facts

    def snapshot(self) -> dict:
        return {
            "id": self.pk,
            "rule_set_version": self.rule_set_version,
            "result_class": self.result_class,
            "role": self.role,
            "annex_iii_point": self.annex_iii_point,
            "obligations": [o["key"] for o in self.obligations],
            "flags": self.flags,
            "answers": self.answers,
            "classified_by": self.classified_by_label,
            "created_at": self.created_at.isoformat(),
        }


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ObligationQuerySet(models.QuerySet["Obligation"]):
    def open(self) -> ObligationQuerySet:
        return self.filter(
            still_required=True, status__in=(ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
        )


def evidence_path(instance: Obligation, filename: str) -> str:
    return f"governance/{instance.organisation_id}/evidence/{instance.use_case_id}/{filename}"


class Obligation(models.Model):
    """A checklist item of a use case, created from its classification's obligations."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_obligations"
    )
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="checklist")
    key = models.CharField(max_length=40)
    article = models.CharField(_("article"), max_length=60)
    text = models.JSONField(default=dict)
    applies_from = models.DateField(_("applies from"), null=True, blank=True)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ai_obligations",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, blank=True, max_length=255
    )
    evidence_link = models.URLField(_("evidence link"), blank=True)
    evidence_expires_on = models.DateField(_("evidence valid until"), null=True, blank=True)
    # False when a later classification no longer lists it; the row stays as history.
    still_required = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(ObligationQuerySet),
    )

    class Meta:
        ordering = ["-still_required", "applies_from", "key"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(fields=["use_case", "key"], name="obligation_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.use_case}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.due_on < timezone.localdate()
            and self.status in (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
        )


class DataProtectionImpactAssessment(models.Model):
    """A DPIA with the contents Art 35(7) GDPR names, plus 35(2), 35(9) and Art 36."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="dpia")
    processing_description = models.TextField(
        _("systematic description of the processing and its purposes (Art 35(7)(a))"),
        blank=True,
    )
    necessity_proportionality = models.TextField(
        _("necessity and proportionality in relation to the purposes (Art 35(7)(b))"),
        blank=True,
    )
    risks = models.TextField(
        _("risks to the rights and freedoms of data subjects (Art 35(7)(c))"), blank=True
    )
    measures = models.TextField(
        _("measures, safeguards and security to address the risks (Art 35(7)(d))"), blank=True
    )
    dpo_advice = models.TextField(
        _("advice of the data protection officer (Art 35(2))"), blank=True
    )
    data_subject_views = models.TextField(
        _("views of data subjects or their representatives (Art 35(9))"), blank=True
    )
    residual_risk_high = models.BooleanField(
        _("high residual risk: consult the supervisory authority (Art 36)"), default=False
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("data protection impact assessment")
        verbose_name_plural = _("data protection impact assessments")

    def __str__(self) -> str:
        return f"DPIA · {self.use_case}"


class FundamentalRightsImpactAssessment(models.Model):
    """A FRIA with the contents of Art 27(1)(a)-(f) AI Act."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="fria")
    processes = models.TextField(
        _("the deployer's processes in which the system is used (Art 27(1)(a))"), blank=True
    )
    period_and_frequency = models.TextField(
        _("period and frequency of use (Art 27(1)(b))"), blank=True
    )
    affected_groups = models.TextField(
        _("categories of people and groups likely to be affected (Art 27(1)(c))"), blank=True
    )
    risks_of_harm = models.TextField(
        _("specific risks of harm to those groups (Art 27(1)(d))"), blank=True
    )
    human_oversight = models.TextField(_("human oversight measures (Art 27(1)(e))"), blank=True)
    mitigation = models.TextField(
        _("measures if the risks materialise, governance and complaints (Art 27(1)(f))"),
        blank=True,
    )
    authority_notified = models.BooleanField(
        _("market surveillance authority notified (Art 27(3))"), default=False
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("fundamental-rights impact assessment")
        verbose_name_plural = _("fundamental-rights impact assessments")

    def __str__(self) -> str:
        return f"FRIA · {self.use_case}"


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciEntry(models.Model):
    """One person's part in a use case: responsible, accountable, consulted or informed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="raci")
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="raci_entries", verbose_name=_("member")
    )
    letter = models.CharField(_("part"), max_length=1, choices=RaciRole.choices)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["letter", "member__user__full_name"]
        verbose_name = _("RACI entry")
        verbose_name_plural = _("RACI entries")
        constraints = [
            models.UniqueConstraint(
                fields=["use_case", "member", "letter"], name="raci_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} · {self.member.user}"
