"""Change management measured: AI tools and their use, ideas, escalations, retrospectives.

The playbook (section 8) names how to measure whether the change works:
adoption and usage intensity, ideas from staff, fewer escalations,
retrospectives, next to the survey, competence and KPI figures other apps
hold. This app keeps the first group and reads the others through their
public functions (`adoption.scorecard`).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models import Department, Membership, Organisation, StepProgress


def first_of_month(day: date) -> date:
    return day.replace(day=1)


class AiTool(models.Model):
    """An AI tool the organisation uses: the inventory behind the adoption figures."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    licences = models.PositiveIntegerField(
        _("licences bought"),
        null=True,
        blank=True,
        help_text=_("Empty: the tool needs no licences (e.g. an internal tool)."),
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    use_cases = models.ManyToManyField(
        "governance.UseCase", blank=True, related_name="+", verbose_name=_("use cases")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("AI tool")
        verbose_name_plural = _("AI tools")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="aitool_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("adoption:tool", kwargs={"org": self.organisation.slug, "pk": self.pk})


class UsageSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    IMPORTED = "imported", _("imported")


class UsageRecord(models.Model):
    """One tool's use in one department and month: licensed and active users, actions.

    Counts only: nothing here names a person, so usage figures cannot become
    performance monitoring of individuals.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    tool = models.ForeignKey(AiTool, on_delete=models.CASCADE, related_name="usage")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )
    month = models.DateField(_("month"), help_text=_("Stored as the first day of the month."))
    licensed_users = models.PositiveIntegerField(_("licensed users"))
    active_users = models.PositiveIntegerField(_("active users"))
    actions = models.PositiveIntegerField(
        _("sessions or actions"),
        default=0,
        help_text=_("What the tool counts (sessions, prompts, documents) in the month."),
    )
    source = models.CharField(
        max_length=10, choices=UsageSource.choices, default=UsageSource.ENTERED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-month", "tool__name", "department__name"]
        verbose_name = _("usage figure")
        verbose_name_plural = _("usage figures")
        constraints = [
            models.UniqueConstraint(
                fields=["tool", "department", "month"], name="usage_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(active_users__lte=models.F("licensed_users")),
                name="usage_active_within_licensed",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "month"])]

    def __str__(self) -> str:
        return f"{self.tool} · {self.department} · {self.month:%Y-%m}"

    @property
    def adoption_rate(self) -> float | None:
        """Active users in percent of licensed users."""
        if not self.licensed_users:
            return None
        return round(100 * self.active_users / self.licensed_users, 1)

    @property
    def intensity(self) -> float | None:
        """Sessions or actions per active user."""
        if not self.active_users:
            return None
        return round(self.actions / self.active_users, 1)


class IdeaStatus(models.TextChoices):
    NEW = "new", _("new")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted")
    USE_CASE = "use_case", _("turned into a use case")
    DECLINED = "declined", _("declined")


# Badge tones (app.css .badge--*); the label always goes with the colour.
IDEA_TONES = {
    IdeaStatus.NEW: "info",
    IdeaStatus.UNDER_REVIEW: "warn",
    IdeaStatus.ACCEPTED: "ok",
    IdeaStatus.USE_CASE: "ok",
    IdeaStatus.DECLINED: "bad",
}
GOOD_IDEA_STATUSES = (IdeaStatus.ACCEPTED, IdeaStatus.USE_CASE)


class IdeaQuerySet(models.QuerySet["Idea"]):
    def for_box(self, member: Membership) -> IdeaQuerySet:
        """The idea box's order: open ideas first, then by support, then by title.

        Never by submission: the order must not hint at who submitted what.
        Each idea knows its number of supporters and whether `member` is one.
        """
        mine = IdeaSupport.objects.filter(idea=models.OuterRef("pk"), member=member)
        return (
            self.select_related("organisation", "department", "author", "use_case")
            .annotate(
                support_count=models.Count("supports", distinct=True),
                supported_by_me=models.Exists(mine),
            )
            .order_by(
                models.Case(
                    models.When(status__in=(IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW), then=0),
                    default=1,
                ),
                "-support_count",
                "title",
                "pk",
            )
        )


class Idea(models.Model):
    """An improvement idea from staff, named or anonymous.

    An anonymous idea has no author in any column, a random primary key
    and only the month of submission (no day, no time, no audit row), so
    neither a join nor the insertion order nor a timestamp matched with
    someone's activity ties it to the person who submitted it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("idea"), max_length=200)
    description = models.TextField(_("what would change, and why"), blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department it concerns"),
    )
    anonymous = models.BooleanField(_("submitted anonymously"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_in = models.DateField(_("month submitted"))
    status = models.CharField(
        _("status"), max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    use_case = models.ForeignKey(
        "governance.UseCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("use case"),
    )

    objects = ScopedManager(
        organisation="organisation", _manager_class=models.Manager.from_queryset(IdeaQuerySet)
    )

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(author__isnull=True),
                name="anonymous_idea_has_no_author",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="declined_idea_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "submitted_in"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("adoption:idea", kwargs={"org": self.organisation.slug, "pk": self.pk})

    @property
    def tone(self) -> str:
        return IDEA_TONES[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW)

    @property
    def can_become_use_case(self) -> bool:
        return self.status != IdeaStatus.USE_CASE and self.use_case_id is None


class IdeaSupport(models.Model):
    """A member supports an idea (once).

    A random key and no time: the order of supports must not show who came
    first, as the author of an anonymous idea is likely to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="idea_supported_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.idea}"


class EscalationCategory(models.TextChoices):
    """The playbook's typical forms of resistance (section 5)."""

    JOB_LOSS = "job_loss", _("fear of job loss")
    SURVEILLANCE = "surveillance", _("surveillance worries")
    AI_DECISIONS = "ai_decisions", _("scepticism of AI decisions")
    NEW_DEMANDS = "new_demands", _("uncertainty about new demands")
    CHANGE_FATIGUE = "change_fatigue", _("change fatigue")
    OTHER = "other", _("other")


class Severity(models.IntegerChoices):
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")
    CRITICAL = 4, _("critical")


SEVERITY_TONES = {1: "idle", 2: "info", 3: "warn", 4: "bad"}


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def unresolved(self) -> EscalationQuerySet:
        return self.exclude(status=EscalationStatus.RESOLVED)


class Escalation(models.Model):
    """An escalation or a sign of resistance, recorded by the coordinator or a champion."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(
        _("details"),
        blank=True,
        help_text=_("Describe the concern, not the person: no names are needed here."),
    )
    category = models.CharField(_("category"), max_length=20, choices=EscalationCategory.choices)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EscalationStatus.choices,
        default=EscalationStatus.OPEN,
    )
    resolution = models.TextField(_("resolution"), blank=True)
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(EscalationQuerySet),
    )

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["organisation", "raised_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "adoption:escalation_edit", kwargs={"org": self.organisation.slug, "pk": self.pk}
        )

    @property
    def severity_tone(self) -> str:
        return SEVERITY_TONES[self.severity]


class Retrospective(models.Model):
    """An after-action review of a roadmap step or a use case's pilot."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(
        StepProgress,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("roadmap step"),
    )
    use_case = models.ForeignKey(
        "governance.UseCase",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("use case"),
    )
    # The step's or the use case's department, kept here for the per-department figures.
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    went_well = models.TextField(_("what went well"))
    went_badly = models.TextField(_("what did not go well"))
    changes = models.TextField(_("what we change"))
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        constraints = [
            models.CheckConstraint(
                condition=(Q(step__isnull=False) & Q(use_case__isnull=True))
                | (Q(step__isnull=True) & Q(use_case__isnull=False)),
                name="retrospective_of_step_or_use_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse(
            "adoption:retrospective", kwargs={"org": self.organisation.slug, "pk": self.pk}
        )

    @property
    def subject(self) -> str:
        if self.step_id:
            return f"{self.step.department} · {self.step.step}"
        return str(self.use_case)


def _weight(label, default: str, help_text=None):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(0)],
        help_text=help_text,
    )


class ChangeLoadSettings(models.Model):
    """How the change-load heatmap weighs what happens, and when it warns."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    step_weight = _weight(_("roadmap step in progress"), "1")
    go_live_weight = _weight(_("use case going live"), "3")
    survey_weight = _weight(_("survey wave"), "0.5")
    training_weight = _weight(_("training, if the whole department attends"), "2")
    licence_weight = _weight(_("new tool licences, if the whole department gets one"), "2")
    saturation = _weight(
        _("saturation level"),
        "6",
        help_text=_("A department whose load reaches this level is saturated."),
    )
    low_readiness = models.DecimalField(
        _("low readiness below"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.2"),
        validators=[MinValueValidator(1)],
        help_text=_("Change readiness (1 to 5) under which a saturated department is warned."),
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("change-load settings")
        verbose_name_plural = _("change-load settings")

    def __str__(self) -> str:
        return str(self.organisation)
