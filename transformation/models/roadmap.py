"""The programme and its roadmap: the playbook's 10 steps, tracked per department."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models.core import Department, Organisation

LANGUAGE_CODES = ("en", "de", "nl")


def localised(obj: models.Model, field: str) -> str:
    """The value of `field_<language>` for the active language, English as fallback."""
    language = (translation.get_language() or "en")[:2]
    if language in LANGUAGE_CODES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class Phase(models.IntegerChoices):
    """The roadmap's three phases."""

    PREPARATION = 1, _("Preparation and strategy")
    PILOTS = 2, _("Pilots and first implementation")
    SCALING = 3, _("Scaling and anchoring")


class ChangePhase(models.IntegerChoices):
    """The five-phase change framework (Kotter-based) a step serves."""

    AWARENESS = 1, _("Sensitise and create awareness")
    VISION = 2, _("Develop a shared vision")
    ENABLE = 3, _("Enable and pilot")
    SCALE = 4, _("Scale and integrate")
    ANCHOR = 5, _("Anchor and keep adapting")


class DurationKind(models.TextChoices):
    WEEKS = "weeks", _("a number of weeks")
    PARALLEL = "parallel", _("parallel to another step")
    AFTER = "after", _("weeks after another step ends")
    CONTINUOUS = "continuous", _("continuous")


class StepShape(models.Model):
    """Fields a template step and an organisation's step share."""

    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    duration_kind = models.CharField(
        _("typical duration"),
        max_length=12,
        choices=DurationKind.choices,
        default=DurationKind.WEEKS,
    )
    weeks_min = models.PositiveSmallIntegerField(_("weeks (at least)"), null=True, blank=True)
    weeks_max = models.PositiveSmallIntegerField(_("weeks (at most)"), null=True, blank=True)
    change_phases = models.JSONField(_("change phases served"), default=list, blank=True)

    class Meta:
        abstract = True

    def change_phase_labels(self) -> list[str]:
        return [str(ChangePhase(number).label) for number in self.change_phases]

    def duration_label(self) -> str:
        anchor = self.anchor_code()
        if self.duration_kind == DurationKind.CONTINUOUS:
            return str(_("continuous"))
        if self.duration_kind == DurationKind.PARALLEL:
            return str(_("parallel to step %(step)s") % {"step": anchor})
        weeks = (
            str(self.weeks_min)
            if self.weeks_min == self.weeks_max or self.weeks_max is None
            else f"{self.weeks_min}\N{EN DASH}{self.weeks_max}"
        )
        if self.duration_kind == DurationKind.AFTER:
            return str(_("%(weeks)s weeks after step %(step)s") % {"weeks": weeks, "step": anchor})
        return str(_("%(weeks)s weeks") % {"weeks": weeks})

    def anchor_code(self) -> str:
        """The code of the step this one's timing refers to; each subclass knows its anchor."""
        return ""


class RoadmapStep(StepShape):
    """A step of the shipped roadmap template: reference data in three languages.

    Shared by every organisation; organisations rename or add steps through
    their own `OrganisationStep` rows, so the template stays untouched.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    anchor_number = models.PositiveSmallIntegerField(
        _("parallel to or after step"), null=True, blank=True
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    focus_en = models.TextField(_("change-management focus (English)"), blank=True)
    focus_de = models.TextField(_("change-management focus (German)"), blank=True)
    focus_nl = models.TextField(_("change-management focus (Dutch)"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("roadmap template step")
        verbose_name_plural = _("roadmap template steps")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def focus(self) -> str:
        return localised(self, "focus")

    def anchor_code(self) -> str:
        return str(self.anchor_number or "")


class OrganisationStep(StepShape):
    """A step of one organisation's roadmap: a template step (maybe renamed) or its own."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roadmap_steps"
    )
    template = models.ForeignKey(
        RoadmapStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("number"), max_length=8)
    position = models.PositiveIntegerField(_("position"))
    custom_name = models.CharField(_("own name"), max_length=200, blank=True)
    custom_focus = models.TextField(_("own change-management focus"), blank=True)
    anchor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parallel to or after step"),
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["position"]
        verbose_name = _("roadmap step")
        verbose_name_plural = _("roadmap steps")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="step_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def name(self) -> str:
        if self.custom_name:
            return self.custom_name
        return self.template.name if self.template_id else ""

    @property
    def focus(self) -> str:
        if self.custom_focus:
            return self.custom_focus
        return self.template.focus if self.template_id else ""

    @property
    def description(self) -> str:
        return self.template.description if self.template_id else ""

    @property
    def is_renamed(self) -> bool:
        return bool(self.template_id and self.custom_name)

    def anchor_code(self) -> str:
        return self.anchor.code if self.anchor_id else ""


def schedule_steps(
    steps: list[OrganisationStep], *, start: dt.date, target_end: dt.date | None
) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Planned (start, end) per step id, from the typical durations and the start date.

    Steps run one after another in their order, each taking its longest
    typical duration (plans should not count on the best case); a step
    parallel to another shares its dates, a step "after" another starts when
    that one ends, and a continuous step runs from the end of everything
    before it to the programme's target end (open-ended without one).
    """
    planned: dict[int, tuple[dt.date, dt.date | None]] = {}
    cursor = start
    for step in steps:
        weeks = dt.timedelta(weeks=step.weeks_max or step.weeks_min or 0)
        anchor = planned.get(step.anchor_id) if step.anchor_id else None
        if step.duration_kind == DurationKind.PARALLEL and anchor:
            planned[step.pk] = anchor
            continue
        if step.duration_kind == DurationKind.CONTINUOUS:
            end = target_end if target_end and target_end > cursor else None
            planned[step.pk] = (cursor, end)
            continue
        after_anchor = step.duration_kind == DurationKind.AFTER and anchor and anchor[1]
        begin = anchor[1] if after_anchor else cursor
        planned[step.pk] = (begin, begin + weeks)
        cursor = max(cursor, begin + weeks)
    return planned


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def current(self) -> Programme | None:
        """The programme the dashboards show by default: the latest running one."""
        finished = [Programme.Status.COMPLETED, Programme.Status.CANCELLED]
        running = self.exclude(status__in=finished).order_by("-start_date", "-pk")
        return running.first() or self.order_by("-start_date", "-pk").first()


class Programme(models.Model):
    """An organisation's AI transformation programme; a later wave is a new programme."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("running")
        PAUSED = "paused", _("paused")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    vision = models.TextField(_("vision statement"), blank=True)
    goals = models.TextField(
        _("measurable goals"), blank=True, help_text=_("One goal per line, each with a number.")
    )
    start_date = models.DateField(_("start"))
    target_end = models.DateField(_("target end"), null=True, blank=True)
    organisation_model = models.CharField(
        _("organisation model"), max_length=20, choices=Organisation.Model.choices
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(ProgrammeQuerySet),
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "roadmap", kwargs={"org": self.organisation.slug}, query={"programme": self.pk}
        )


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    BLOCKED = "blocked", _("blocked")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


OPEN_STATUSES = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.BLOCKED)
# Badge tones (app.css .badge--*) for each status; a text label always goes with them.
STATUS_TONES = {
    StepStatus.NOT_STARTED: "idle",
    StepStatus.IN_PROGRESS: "info",
    StepStatus.BLOCKED: "bad",
    StepStatus.DONE: "ok",
    StepStatus.NOT_APPLICABLE: "idle",
}


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Planned end passed and not done (nor set aside as not applicable)."""
    return Q(**{f"{prefix}planned_end__lt": today, f"{prefix}status__in": OPEN_STATUSES})


def status_counts(today: dt.date, prefix: str = "") -> dict[str, Count]:
    """Conditional counts the dashboard aggregates by, for `.annotate()` or `.aggregate()`."""
    status = f"{prefix}status"
    return {
        "total": Count(f"{prefix}pk"),
        "applicable": Count(f"{prefix}pk", filter=~Q(**{status: StepStatus.NOT_APPLICABLE})),
        "done": Count(f"{prefix}pk", filter=Q(**{status: StepStatus.DONE})),
        "in_progress": Count(f"{prefix}pk", filter=Q(**{status: StepStatus.IN_PROGRESS})),
        "blocked": Count(f"{prefix}pk", filter=Q(**{status: StepStatus.BLOCKED})),
        "not_started": Count(f"{prefix}pk", filter=Q(**{status: StepStatus.NOT_STARTED})),
        "overdue": Count(f"{prefix}pk", filter=overdue_q(today, prefix)),
    }


class StepProgressQuerySet(models.QuerySet["StepProgress"]):
    def overdue(self, today: dt.date | None = None) -> StepProgressQuerySet:
        return self.filter(overdue_q(today or timezone.localdate()))

    def counts_by(self, *fields: str, today: dt.date | None = None) -> models.QuerySet:
        """One row of status counts per combination of `fields`, computed in SQL."""
        counts = status_counts(today or timezone.localdate())
        return self.values(*fields).annotate(**counts).order_by(*fields)

    def totals(self, today: dt.date | None = None) -> dict[str, int]:
        return self.aggregate(**status_counts(today or timezone.localdate()))

    def for_dashboard(self) -> models.QuerySet:
        """The few columns a matrix cell needs, without loading whole rows."""
        return self.values(
            "pk", "department_id", "step_id", "status", "planned_start", "planned_end"
        ).order_by()


class StepProgress(models.Model):
    """Where one department stands in one step of one programme."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="step_progress"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="progress")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey(OrganisationStep, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    blocked_reason = models.TextField(_("reason it is blocked"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        organisation="organisation",
        _manager_class=models.Manager.from_queryset(StepProgressQuerySet),
    )

    class Meta:
        ordering = ["department__name", "step__position"]
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "department", "step"], name="progress_unique_per_cell"
            )
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.department} · {self.step}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.planned_end is not None
            and self.planned_end < timezone.localdate()
            and self.status in OPEN_STATUSES
        )

    @property
    def tone(self) -> str:
        return STATUS_TONES[self.status]


def evidence_path(instance: StepEvidence, filename: str) -> str:
    # A random name: the original is kept in `title`, and nothing guessable lands on disk.
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.organisation_id}/{uuid4().hex}{suffix}"


class StepEvidence(models.Model):
    """Proof that a step happened: an uploaded file or a link."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    url = models.URLField(_("link"), blank=True)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_is_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title
