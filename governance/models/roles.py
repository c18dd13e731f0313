"""The role registry: who holds which governance role, where, and for how much time."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models import Department, Membership, Organisation


class RoleKind(models.TextChoices):
    SPONSOR = "sponsor", _("AI sponsor")
    COORDINATOR = "coordinator", _("AI coordinator")
    CHAMPION = "champion", _("AI champion")
    DATA_STEWARD = "data_steward", _("Data steward")
    ETHICS = "ethics", _("Ethics and compliance officer")
    CUSTOM = "custom", _("Custom role")


# The playbook's responsibilities of each shipped role (section 6).
RESPONSIBILITIES = {
    RoleKind.SPONSOR: _("Board member: owns the AI strategy and provides resources."),
    RoleKind.COORDINATOR: _(
        "Keeps the overview of all initiatives, the method and change management "
        "(often a half-time role)."
    ),
    RoleKind.CHAMPION: _("Represents a department and acts as a multiplier."),
    RoleKind.DATA_STEWARD: _("Looks after data quality and data governance."),
    RoleKind.ETHICS: _("Provides legal and ethical oversight."),
}


class CustomRole(models.Model):
    """A governance role the organisation defines beyond the shipped ones."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="custom_ai_roles"
    )
    name = models.CharField(_("name"), max_length=120)
    responsibilities = models.TextField(_("responsibilities"), blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name"]
        verbose_name = _("custom role")
        verbose_name_plural = _("custom roles")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="custom_role_name_unique_in_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def ended(self, on: date | None = None) -> RoleAssignmentQuerySet:
        return self.filter(ends_on__lt=on or timezone.localdate())


class RoleAssignment(models.Model):
    """A person (member or named external) holding a governance role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_role_assignments"
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    custom_role = models.ForeignKey(
        CustomRole,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("custom role"),
    )
    member = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ai_roles",
        verbose_name=_("member"),
    )
    external_name = models.CharField(_("external person"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ai_roles",
        verbose_name=_("department"),
    )
    share_percent = models.PositiveSmallIntegerField(
        _("share of working time (%)"),
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(RoleAssignmentQuerySet),
    )

    class Meta:
        ordering = ["kind", "starts_on", "pk"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.role_label}: {self.person_label}"

    @property
    def role_label(self) -> str:
        if self.kind == RoleKind.CUSTOM and self.custom_role_id:
            return self.custom_role.name
        return str(self.get_kind_display())

    @property
    def person_label(self) -> str:
        return str(self.member.user) if self.member_id else self.external_name

    @property
    def default_responsibilities(self) -> str:
        if self.kind == RoleKind.CUSTOM and self.custom_role_id:
            return self.custom_role.responsibilities
        return str(RESPONSIBILITIES.get(self.kind, ""))

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self) -> None:
        errors = {}
        if bool(self.member_id) == bool(self.external_name.strip()):
            errors["external_name"] = _("Choose a member or name an external person, not both.")
        if (self.kind == RoleKind.CUSTOM) != bool(self.custom_role_id):
            errors["custom_role"] = _("A custom role needs its name; other roles need none.")
        if self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)
