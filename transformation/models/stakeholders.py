"""Stakeholder map (roadmap step 3) and communication plan (step 5)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models.core import Department, Organisation

# On the 1-5 scales, 3 and above counts as high: the midpoint already asks
# for attention in the playbook's engagement grid.
HIGH_FROM = 3


class Attitude(models.TextChoices):
    PROMOTER = "promoter", _("promoter")
    SUPPORTER = "supporter", _("supporter")
    NEUTRAL = "neutral", _("neutral")
    SCEPTIC = "sceptic", _("sceptic")
    OPPONENT = "opponent", _("opponent")


# Higher is friendlier: used to tell an improvement from a setback.
ATTITUDE_RANK = {
    Attitude.OPPONENT: 0,
    Attitude.SCEPTIC: 1,
    Attitude.NEUTRAL: 2,
    Attitude.SUPPORTER: 3,
    Attitude.PROMOTER: 4,
}


class Concern(models.TextChoices):
    JOB_LOSS = "job_loss", _("fear of job loss")
    SURVEILLANCE = "surveillance", _("surveillance")
    ALGORITHMS = "algorithms", _("scepticism of algorithmic decisions")
    NEW_WAYS = "new_ways", _("new ways of working")
    WORKLOAD = "workload", _("workload")
    OTHER = "other", _("other")


class Engagement(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("keep satisfied")
    KEEP_INFORMED = "keep_informed", _("keep informed")
    MONITOR = "monitor", _("monitor")


def engagement_for(influence: int, interest: int) -> Engagement:
    """The influence-interest quadrant's engagement strategy."""
    if influence >= HIGH_FROM:
        return Engagement.MANAGE_CLOSELY if interest >= HIGH_FROM else Engagement.KEEP_SATISFIED
    return Engagement.KEEP_INFORMED if interest >= HIGH_FROM else Engagement.MONITOR


def _rank(field: str) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(rank)) for value, rank in ATTITUDE_RANK.items()],
        output_field=models.IntegerField(),
    )


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def with_attitude_on(self, day: dt.date) -> StakeholderQuerySet:
        """Annotate `attitude_then`: the attitude the stakeholder had at the end of `day`.

        The last change on or before the day tells it; without one, the
        attitude before the first later change; without any change, today's.
        """
        changes = AttitudeChange.objects.filter(stakeholder=OuterRef("pk"))
        last_before = changes.filter(changed_on__lte=day).order_by("-changed_on", "-pk")
        first_after = changes.filter(changed_on__gt=day).order_by("changed_on", "pk")
        return self.annotate(
            attitude_then=Coalesce(
                Subquery(last_before.values("attitude_to")[:1]),
                Subquery(first_after.values("attitude_from")[:1]),
                F("attitude"),
            )
        )

    def moved(self, direction: str) -> StakeholderQuerySet:
        """After `with_attitude_on`: those now friendlier ("improved") or less so ("worsened")."""
        now, then = _rank("attitude"), _rank("attitude_then")
        if direction == "improved":
            return self.alias(rank_now=now, rank_then=then).filter(rank_now__gt=F("rank_then"))
        return self.alias(rank_now=now, rank_then=then).filter(rank_now__lt=F("rank_then"))

    def with_engagement(self) -> StakeholderQuerySet:
        high_influence = Q(influence__gte=HIGH_FROM)
        high_interest = Q(interest__gte=HIGH_FROM)
        derived = Case(
            When(high_influence & high_interest, then=Value(Engagement.MANAGE_CLOSELY.value)),
            When(high_influence, then=Value(Engagement.KEEP_SATISFIED.value)),
            When(high_interest, then=Value(Engagement.KEEP_INFORMED.value)),
            default=Value(Engagement.MONITOR.value),
        )
        return self.annotate(
            engagement_value=Case(
                When(engagement_override="", then=derived), default=F("engagement_override")
            )
        )


class Stakeholder(models.Model):
    """A person or group whose support the programme needs."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        GROUP = "group", _("group")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("person or group"), max_length=8, choices=Kind.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    attitude = models.CharField(_("attitude"), max_length=12, choices=Attitude.choices)
    concerns = models.JSONField(_("concerns"), default=list, blank=True)
    engagement_override = models.CharField(
        _("engagement strategy (override)"),
        max_length=16,
        choices=Engagement.choices,
        blank=True,
        help_text=_("Leave empty to follow the influence-interest quadrant."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(StakeholderQuerySet),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="stakeholder_name_unique_in_org"
            ),
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5, interest__gte=1, interest__lte=5),
                name="stakeholder_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def derived_engagement(self) -> Engagement:
        return engagement_for(self.influence, self.interest)

    @property
    def engagement(self) -> Engagement:
        return Engagement(self.engagement_override or self.derived_engagement)

    def concern_labels(self) -> list[str]:
        return [str(Concern(code).label) for code in self.concerns if code in Concern.values]


class AttitudeChange(models.Model):
    """One recorded move of a stakeholder's attitude, kept as history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="attitude_changes"
    )
    attitude_from = models.CharField(max_length=12, choices=Attitude.choices)
    attitude_to = models.CharField(max_length=12, choices=Attitude.choices)
    changed_on = models.DateField(default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("attitude change")
        verbose_name_plural = _("attitude changes")

    def __str__(self) -> str:
        return f"{self.stakeholder}: {self.attitude_from} → {self.attitude_to}"


class CommunicationItem(models.Model):
    """One planned message of the communication plan."""

    class Channel(models.TextChoices):
        ALL_HANDS = "all_hands", _("all-hands meeting")
        TEAM_MEETING = "team_meeting", _("team meeting")
        EMAIL = "email", _("e-mail or newsletter")
        INTRANET = "intranet", _("intranet")
        WORKSHOP = "workshop", _("workshop")
        WORKS_COUNCIL = "works_council", _("works council meeting")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PREPARATION = "in_preparation", _("in preparation")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="communication_items"
    )
    audience = models.CharField(_("audience"), max_length=200)
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    planned_on = models.DateField(_("planned date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("communication item")
        verbose_name_plural = _("communication items")

    def __str__(self) -> str:
        return f"{self.planned_on:%Y-%m-%d} {self.audience}"
