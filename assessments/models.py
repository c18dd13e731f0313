"""Survey instruments, waves, participation and answers.

Confidentiality is built into the schema: who was invited and who answered
(`Participation`) is stored apart from what was answered (`Response`,
`Answer`). A response has no link to a user, participation, token, IP
address or exact time, and a random primary key, so no join ties an answer
to a person; and the rows one answering transaction wrote are rewritten with
all the wave's others (`assessments.services.mixing`), so neither the
transaction ids nor the physical order of the rows do either.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models import Department, Organisation

LANGUAGE_CODES = ("en", "de", "nl")


class Translated(models.Model):
    """A text kept in English, German and Dutch; `text` picks the active language."""

    text_en = models.TextField(_("text (English)"))
    text_de = models.TextField(_("text (German)"), blank=True)
    text_nl = models.TextField(_("text (Dutch)"), blank=True)

    class Meta:
        abstract = True

    def text_in(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en")[:2]
        return getattr(self, f"text_{language}", "") or self.text_en

    @property
    def text(self) -> str:
        return self.text_in()


class Instrument(models.Model):
    """A versioned questionnaire: scales with their items.

    A version that a wave has used is frozen; editing it creates the next
    version, so every wave's answers keep the exact wording they were given.
    """

    class Kind(models.TextChoices):
        READINESS = "readiness", _("Change readiness")
        PULSE = "pulse", _("AI pulse")
        ACCEPTANCE = "acceptance", _("Technology acceptance")
        COMPETENCE = "competence", _("Competence self-assessment")
        CUSTOM = "custom", _("Custom")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="instruments"
    )
    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    # Name, description and construct source in English, German and Dutch like
    # the scale and item texts; `name`, `description` and `source` pick the
    # active language. An empty German or Dutch text falls back to English.
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    source_en = models.CharField(_("construct source (English)"), max_length=300, blank=True)
    source_de = models.CharField(_("construct source (German)"), max_length=300, blank=True)
    source_nl = models.CharField(_("construct source (Dutch)"), max_length=300, blank=True)
    # The named tool of a technology-acceptance instrument; items say {tool}.
    subject = models.CharField(_("named tool"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name_en", "-version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def in_language(self, field: str, language: str | None = None) -> str:
        """`field` ("name", "description" or "source") in `language`, English as fallback."""
        language = (language or translation.get_language() or "en")[:2]
        if language in LANGUAGE_CODES:
            value = getattr(self, f"{field}_{language}")
            if value:
                return value
        return getattr(self, f"{field}_en")

    def texts(self, field: str) -> dict[str, str]:
        return {language: getattr(self, f"{field}_{language}") for language in LANGUAGE_CODES}

    @property
    def name(self) -> str:
        return self.in_language("name")

    @property
    def description(self) -> str:
        return self.in_language("description")

    @property
    def source(self) -> str:
        return self.in_language("source")

    @property
    def is_frozen(self) -> bool:
        return self.waves.exists() or self.series.exists()


class Scale(Translated):
    """A dimension of an instrument; its kind decides how its items are scored."""

    class Kind(models.TextChoices):
        MEAN = "mean", _("Mean of agreement items")
        ENPS = "enps", _("Employee Net Promoter Score")
        PHASE = "phase", _("Culture phase")
        LEVELS = "levels", _("Skill levels")
        CHOICE = "choice", _("Choice distribution")
        TEXT = "text", _("Open comments")
        AUDIENCE = "audience", _("Audience group")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="scales")
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEAN)
    order = models.PositiveIntegerField(default=0)
    # Competence scales: target level per audience group, e.g. {"leaders": 2}.
    targets = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="scale_key_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_scored(self) -> bool:
        return self.kind in (self.Kind.MEAN, self.Kind.LEVELS)


class Item(Translated):
    """One question. Reverse-scored items are worded against their scale."""

    class Type(models.TextChoices):
        AGREEMENT = "agreement5", _("5-point agreement")
        SCALE_0_10 = "scale10", _("0-10 scale")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"), max_length=60)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    reverse = models.BooleanField(_("reverse-scored"), default=False)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(default=0)
    # Choice items: [{"value": 1, "en": "...", "de": "...", "nl": "..."}, ...]
    options = models.JSONField(default=list, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="item_key_unique")
        ]

    def __str__(self) -> str:
        return self.key

    def text_in(self, language: str | None = None) -> str:
        text = super().text_in(language)
        return text.replace("{tool}", self.instrument.subject or "AI")

    @property
    def points(self) -> tuple[int, int]:
        """Lowest and highest raw value of a numeric item."""
        if self.type == self.Type.AGREEMENT:
            return 1, 5
        if self.type == self.Type.SCALE_0_10:
            return 0, 10
        values = [option["value"] for option in self.options] or [0]
        return min(values), max(values)

    def score(self, raw: int) -> int:
        """The scored value: reverse items count points + lowest - raw."""
        low, high = self.points
        return high + low - raw if self.reverse else raw

    def option_label(self, value: int, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en")[:2]
        for option in self.options:
            if option["value"] == value:
                return option.get(language) or option["en"]
        return str(value)


class PulseSeries(models.Model):
    """Creates a wave of one instrument on a cadence (run by Celery beat)."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pulse_series"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.RESTRICT, related_name="series")
    title = models.CharField(_("title"), max_length=200)
    cadence = models.CharField(
        _("cadence"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    open_days = models.PositiveIntegerField(_("open for days"), default=7)
    next_run_at = models.DateTimeField(_("next wave opens"))
    is_active = models.BooleanField(_("active"), default=True)
    link_base = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["title"]
        verbose_name = _("pulse series")
        verbose_name_plural = _("pulse series")

    def __str__(self) -> str:
        return self.title

    def following_run(self, after) -> timezone.datetime:
        steps = {
            self.Cadence.WEEKLY: timedelta(days=7),
            self.Cadence.BIWEEKLY: timedelta(days=14),
        }
        if self.cadence in steps:
            return after + steps[self.cadence]
        months = 1 if self.cadence == self.Cadence.MONTHLY else 3
        month = after.month - 1 + months
        year = after.year + month // 12
        return after.replace(year=year, month=month % 12 + 1, day=min(after.day, 28))


def default_reminder_days() -> list[int]:
    return [3, 5]


class Wave(models.Model):
    """One run of an instrument for an audience between two times."""

    class Mode(models.TextChoices):
        PERSONAL = "personal", _("Personal links by e-mail")
        KIOSK = "kiosk", _("Shared code (kiosk)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="waves")
    instrument = models.ForeignKey(Instrument, on_delete=models.RESTRICT, related_name="waves")
    series = models.ForeignKey(
        PulseSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="waves"
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("distribution"), max_length=12, choices=Mode.choices)
    # No department chosen means the whole organisation.
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    closed_early_at = models.DateTimeField(null=True, blank=True)
    reminder_days = models.JSONField(_("reminder days"), default=default_reminder_days, blank=True)
    kiosk_code = models.CharField(max_length=12, blank=True, db_index=True)
    # Where the e-mailed links point (taken from the request that created the wave),
    # so the invitation and reminder tasks can build them without a request.
    link_base = models.CharField(max_length=200, blank=True)
    # Set when the opening task invited the audience (claimed once, so a retry or a
    # second beat run never invites twice); personal waves invite when they open.
    opened_at = models.DateTimeField(null=True, blank=True)
    # Set when the raw answers were deleted after the retention period.
    purged_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the reader's language where it is the instrument's name.

        A wave without a title of its own is named after its instrument in the
        organisation's language (a series' waves add " #3"); that name follows
        the reader's language, so a Dutch respondent in a German organisation
        reads the Dutch name in the invitation and on the answering page.
        """
        for name in self.instrument.texts("name").values():
            if not name or not self.title.startswith(name):
                continue
            rest = self.title[len(name) :]
            if not rest or (rest.startswith(" #") and rest[2:].isdigit()):
                return self.instrument.name + rest
        return self.title

    @property
    def ends_at(self):
        return self.closed_early_at or self.closes_at

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_at <= now < self.ends_at and self.purged_at is None

    @property
    def status(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "scheduled"
        return "open" if now < self.ends_at else "closed"

    def get_status_display(self) -> str:
        return {
            "scheduled": _("scheduled"),
            "open": _("open"),
            "closed": _("closed"),
        }[self.status]


class ResultRelease(models.Model):
    """A published state of a wave's results: every output reads the latest one.

    Responses join a release only in steps that cannot isolate a person (see
    `assessments.services.releases`), so comparing two releases never shows
    what one person answered. A response carries its release, nothing else.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    responses = models.PositiveIntegerField(default=0)
    # The release made when the wave closed; nothing is released after it.
    is_final = models.BooleanField(default=False)
    # Answers given after the previous release that were too few to add without
    # being told apart; they are kept out of the results for good.
    held_back = models.PositiveIntegerField(default=0)
    # Its answers are counted in the wave's tallies (releases made before the tallies
    # existed are not, and the wave's tallies are rebuilt when it is next read).
    tallied = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["wave", "number"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "number"], name="result_release_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.wave} · {self.number}"


class Participation(models.Model):
    """Who was invited to a wave and whether they answered, never what.

    Only a hash of the personal link's token is stored; `nonce` lets the
    reminder task rebuild the same link with the secret key.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    language = models.CharField(max_length=8, default="en")
    nonce = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # A flag, not a time: a timestamp here could be matched to a response.
    has_answered = models.BooleanField(default=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "user"], name="participation_once_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.wave}"


class Response(models.Model):
    """One submitted questionnaire, deliberately unlinkable to its respondent.

    The primary key is random, and the only time is the wave itself. The
    transaction that stores a response also marks the participation as
    answered, so both rows carry its id (`xmin`) and sit next to each other;
    `assessments.services.mixing` rewrites the wave's rows together soon
    after, and `is_mixed` says which responses are still waiting for that.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, default="en")
    # Null until the response is published in a release; results read only released rows.
    release = models.ForeignKey(
        ResultRelease, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # False from the answering transaction until the wave's rows were rewritten together.
    is_mixed = models.BooleanField(default=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        indexes = [
            models.Index(fields=["wave", "department"]),
            # The sweeper's question "which waves wait for mixing?" reads only this.
            models.Index(
                fields=["wave"], condition=models.Q(is_mixed=False), name="response_unmixed"
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class SubmissionToken(models.Model):
    """A used one-time answering form token: its form cannot store a second response.

    Only the hash of the token's random part is kept, with the wave it was
    issued for: no participation, no time. The row is inserted in the same
    transaction as the response; a concurrent second submission of the same
    form waits on the unique index and then finds the token used.
    """

    # Random like the response's key: a sequence would number the submissions.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    objects = ScopedManager(organisation="organisation")

    def __str__(self) -> str:
        return self.token_hash[:12]


class Answer(models.Model):
    """One answer to one item. Multiple choice stores one row per chosen option.

    The wave and department are copied from the response (never the person),
    so results aggregate over this one table without joining responses.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Copied from the response when it is released (see Response.release).
    release = models.ForeignKey(
        ResultRelease, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        indexes = [
            models.Index(fields=["wave", "item", "value"]),
            models.Index(fields=["wave", "department", "item"]),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Tally(models.Model):
    """Released answers of a wave summed per department: what results are read from.

    Written when answers are released (never before, so an unreleased answer
    is in no tally) and rebuilt from the released answers on demand; rows are
    sums, so a department deleted later (null, like on its answers) only adds
    a second row to the same key. The confidentiality rules are applied to
    these sums exactly as they were to the answers.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


class DepartmentTally(Tally):
    """Released responses of one department in a wave."""

    responses = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["wave", "department"])]

    def __str__(self) -> str:
        return f"{self.wave_id} · {self.department_id}: {self.responses}"


class ValueTally(Tally):
    """How often one value was given to one item, per department and audience group."""

    # The response's answer to the instrument's audience question (none: null).
    audience = models.SmallIntegerField(null=True, blank=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["wave", "department", "item"])]

    def __str__(self) -> str:
        return f"{self.wave_id} · {self.item_id} = {self.value}: {self.answers}"


class ScaleTally(Tally):
    """Respondents of one scale in one department, with the per-person figures.

    `complete*` are over the respondents who answered every (single-answer)
    item of a scored scale: their count, the sum and sum of squares of their
    total scores, and per item the sum and sum of squares of the scores
    (Cronbach's alpha needs nothing else). `people` counts respondents by
    their mean score rounded half up (the bars).
    """

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="+")
    # Respondents with any answer (a value or a text), and with a value.
    respondents = models.PositiveIntegerField(default=0)
    valued = models.PositiveIntegerField(default=0)
    complete = models.PositiveIntegerField(default=0)
    complete_total = models.BigIntegerField(default=0)
    complete_squares = models.BigIntegerField(default=0)
    complete_items = models.JSONField(default=dict, blank=True)  # item id: [sum, squares]
    people = models.JSONField(default=dict, blank=True)  # rounded mean: respondents

    class Meta:
        indexes = [models.Index(fields=["wave", "department", "scale"])]

    def __str__(self) -> str:
        return f"{self.wave_id} · {self.scale_id}: {self.respondents}"


class Action(models.Model):
    """What the organisation does about a finding, and whether it moved the score."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_actions"
    )
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="actions")
    # The group the action addresses; empty means the finding wave's whole audience.
    # Its before and after figures are that group's, under the same thresholds.
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    scale_key = models.SlugField(_("scale"), max_length=60)
    finding = models.TextField(_("finding"))
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    follow_up_wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up wave"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["status", "due_date"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_date < timezone.localdate()
