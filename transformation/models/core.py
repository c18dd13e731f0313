"""Tenants, people and the audit trail: the core every other app builds on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, get_scope

from transformation import audit
from transformation.clocks import validate_time_zone


def normalise_email(email: str) -> str:
    """How every e-mail address is stored and compared: trimmed and lower-case."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case; people type them as they like.
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by e-mail; belongs to organisations through memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_stored_lower_case"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """The tenant: one company running its programme. Nothing crosses its boundary."""

    class Model(models.TextChoices):
        CENTRALISED = "centralised", _("Centralised (dedicated AI team)")
        FEDERAL = "federal", _("Federal (experts in departments, central coordination)")
        NETWORK = "network", _("Network (AI champions plus external expertise)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    employee_count = models.PositiveIntegerField(_("employees"), default=0)
    country = models.CharField(_("country"), max_length=2, default="DE")
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    has_works_council = models.BooleanField(_("has a works council"), default=False)
    organisation_model = models.CharField(
        _("organisation model"), max_length=20, choices=Model.choices, default=Model.FEDERAL
    )
    has_ai_experience = models.BooleanField(_("has prior AI project experience"), default=False)
    # Empty: settings.TIME_ZONE. Dates, digests and legal clocks use this zone.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("overview", kwargs={"org": self.slug})


class DepartmentQuerySet(models.QuerySet["Department"]):
    def top_level(self) -> DepartmentQuerySet:
        return self.filter(parent__isnull=True)


class Department(models.Model):
    """A unit of the organisation; departments form a tree (parent, children)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=0)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(DepartmentQuerySet),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="department_name_unique_in_org"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("Choose a department of the same organisation.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot be part of itself.")})
            ancestor = ancestor.parent


class Role(models.TextChoices):
    """Access roles: what a member may see and do in the application."""

    COORDINATOR = "coordinator", _("AI coordinator")
    STEERING = "steering", _("Steering committee")
    CHAMPION = "champion", _("AI champion")
    EMPLOYEE = "employee", _("Employee")


class Membership(models.Model):
    """A user's access to one organisation, with one access role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("access role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["user__full_name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self._organisation()} · {self.get_role_display()}"

    def _organisation(self) -> Organisation:
        """The member's organisation, without a query inside its own scope.

        A tenant's page lists only its own members, so the organisation of the
        active scope is theirs: member choices and lists need not load it once
        per member. Elsewhere (admin, shell) it is read as usual.
        """
        if not Membership.organisation.is_cached(self):
            current = get_scope().get("organisation")
            if isinstance(current, Organisation) and current.pk == self.organisation_id:
                Membership.organisation.field.set_cached_value(self, current)
        return self.organisation


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation with a role.

    Only a hash of the token is stored, so a database leak does not hand out
    working links.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("access role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("department"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return str(_("accepted"))
        if self.revoked_at:
            return str(_("revoked"))
        if self.is_expired:
            return str(_("expired"))
        return str(_("open"))


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")

    def for_target(self, target: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


class AuditEvent(models.Model):
    """Who did what to which object, when, with the changed values. Never edited."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the trail still names the person after an account is deleted.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(AuditEventQuerySet),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: the trail is append-only.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def sentence(self) -> str:
        """What happened, in the active language (see transformation/audit.py)."""
        return audit.sentence(self)


class DeletedOrganisation(models.Model):
    """The installation's record that an organisation and everything it owned was deleted.

    The organisation's own audit trail goes with it, so this row, which belongs
    to no organisation, is what remains: who deleted what, when, and how many
    rows and files went. It names no member and holds none of the data.
    """

    organisation_pk = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=60)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_by_label = models.CharField(max_length=254)
    deleted_at = models.DateTimeField(default=timezone.now)
    rows = models.JSONField(default=dict)
    files = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deleted organisation")
        verbose_name_plural = _("deleted organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.slug}), {self.deleted_at:%Y-%m-%d %H:%M}"
