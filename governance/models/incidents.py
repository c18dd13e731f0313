"""Incidents of AI use cases: what happened, the legal clocks, corrective actions, closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from governance.models.usecases import UseCase
from transformation.models import Membership, Organisation


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class SeriousHarm(models.TextChoices):
    """Art 3(49) AI Act: what makes an incident serious."""

    NONE = "", _("Not a serious incident")
    HEALTH = "a", _("(a) death of a person, or serious harm to a person's health")
    INFRASTRUCTURE = (
        "b",
        _(
            "(b) serious and irreversible disruption of the management or operation of critical "
            "infrastructure"
        ),
    )
    RIGHTS = "c", _("(c) infringement of Union law protecting fundamental rights")
    PROPERTY = "d", _("(d) serious harm to property or the environment")


class BreachRisk(models.TextChoices):
    """Art 33 and 34 GDPR: whether personal data were breached, and the risk it brings."""

    NONE = "none", _("No personal-data breach")
    UNLIKELY = "unlikely", _("Breach unlikely to result in a risk (document it, Art 33(5))")
    RISK = "risk", _("Breach with a risk to people (notify the authority, Art 33)")
    HIGH = "high", _("Breach with a high risk (also inform the people, Art 34)")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FollowUp(models.TextChoices):
    NONE = "none", _("No follow-up")
    RECLASSIFY = "reclassify", _("Re-classify the use case")
    REAPPROVE = "reapprove", _("Re-approval by the steering committee")


class Incident(models.Model):
    """Something that went wrong with an AI system, from the moment someone became aware."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_incidents"
    )
    use_case = models.ForeignKey(
        UseCase, on_delete=models.RESTRICT, related_name="incidents", verbose_name=_("use case")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True)
    aware_at = models.DateTimeField(
        _("became aware at"),
        help_text=_("When the organisation learned of it: the legal clocks run from here."),
    )
    affected_people = models.TextField(_("who is affected"), blank=True)
    affected_count = models.PositiveIntegerField(
        _("number of people affected"), null=True, blank=True
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    serious_harm = models.CharField(
        _("serious incident (Art 3(49) AI Act)"),
        max_length=1,
        choices=SeriousHarm.choices,
        blank=True,
        default=SeriousHarm.NONE,
    )
    death = models.BooleanField(_("a person died"), default=False)
    widespread_infringement = models.BooleanField(
        _("widespread infringement (Art 3(61) AI Act)"),
        default=False,
        help_text=_("Harms, or is likely to harm, people in several member states."),
    )
    breach_risk = models.CharField(
        _("personal-data breach (GDPR)"),
        max_length=10,
        choices=BreachRisk.choices,
        default=BreachRisk.NONE,
    )
    provider_informed_at = models.DateTimeField(_("provider informed at"), null=True, blank=True)
    authority_informed_at = models.DateTimeField(
        _("market surveillance authority informed at"), null=True, blank=True
    )
    dpa_notified_at = models.DateTimeField(
        _("data protection authority notified at"), null=True, blank=True
    )
    data_subjects_informed_at = models.DateTimeField(
        _("affected people informed at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure_note = models.TextField(_("closing note"), blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.NONE
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Who may read or change an incident: governance/permissions.py (view_incident,
    # edit_incident, incidents_visible_to).
    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["status", "-aware_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:incident", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN

    @property
    def is_serious(self) -> bool:
        return bool(self.serious_harm) or self.death or self.widespread_infringement


class CorrectiveAction(models.Model):
    """What is done so that it does not happen again, with an owner and a due date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="corrective_actions"
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
