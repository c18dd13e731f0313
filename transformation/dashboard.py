"""Read models of the roadmap: the steering matrix, phase completion, overall progress.

Everything is counted in SQL (conditional aggregates grouped by department,
phase or step), so the number of queries does not grow with the number of
departments. The board report uses the same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from transformation import charts, formatting
from transformation.models import (
    Department,
    OrganisationStep,
    Phase,
    Programme,
    StepProgress,
    StepStatus,
)
from transformation.models.roadmap import overdue_q


class PhaseStatus(models.TextChoices):
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")
    AT_RISK = "at_risk", _("at risk")
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


TONES = {
    "done": "ok",
    "blocked": "bad",
    "at_risk": "warn",
    "in_progress": "info",
    "not_started": "idle",
    "not_applicable": "idle",
}

OVERDUE = "overdue"  # a status filter value besides the step statuses


def phase_status(
    *, applicable: int, done: int, blocked: int, overdue: int, not_started: int, **_counts: int
) -> PhaseStatus:
    """A phase's status for a department, from its step counts.

    Done when all applicable steps are done; otherwise blocked when any is
    blocked, at risk when any is overdue, not started when none has begun,
    else in progress. A phase whose steps are all set aside is not applicable.
    """
    if applicable == 0:
        return PhaseStatus.NOT_APPLICABLE
    if done == applicable:
        return PhaseStatus.DONE
    if blocked:
        return PhaseStatus.BLOCKED
    if overdue:
        return PhaseStatus.AT_RISK
    if not_started == applicable:
        return PhaseStatus.NOT_STARTED
    return PhaseStatus.IN_PROGRESS


def percent(done: int, applicable: int) -> int:
    return round(100 * done / applicable) if applicable else 0


def width_class(value: int) -> str:
    """The app.css width class (5 % steps) closest to a percentage."""
    return f"w-{min(100, max(0, 5 * round(value / 5)))}"


@dataclass
class Tally:
    """Step counts of a row, a column, a cell or the whole programme."""

    total: int = 0
    applicable: int = 0
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_started: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, counts: dict | None) -> Tally:
        counts = counts or {}
        return cls(**{name: counts.get(name) or 0 for name in cls.__dataclass_fields__})

    def __add__(self, other: Tally) -> Tally:
        return Tally(**{name: getattr(self, name) + getattr(other, name) for name in self.__dict__})

    @property
    def percent(self) -> int:
        return percent(self.done, self.applicable)

    @property
    def width(self) -> str:
        return width_class(self.percent)

    @property
    def status(self) -> PhaseStatus:
        return phase_status(**self.__dict__)

    # The matrix writes these hundreds of times: as text they skip the
    # template's number localisation (integers print the same either way).
    @property
    def fraction(self) -> str:
        """Done of applicable, as "3/5"."""
        return f"{self.done}/{self.applicable}"

    @property
    def summary(self) -> str:
        """Done of applicable and the share, as "3/5 · 60%" in the active language."""
        return f"{self.done}/{self.applicable} · {formatting.percent(self.percent, 0)}"


@dataclass
class Cell:
    status: str
    label: str
    tone: str
    tally: Tally
    department_id: int
    phase: int
    progress_id: int | None = None
    overdue: bool = False
    href: str = ""  # the side panel's address, set by the view

    @property
    def dom_id(self) -> str:
        """The cell's id suffix in the page: department and step (s) or phase (p)."""
        if self.progress_id:
            return f"{self.department_id}-s{self.progress_id}"
        return f"{self.department_id}-p{self.phase}"


@dataclass
class Column:
    key: int
    label: str
    phase: int
    tally: Tally
    code: str = ""

    @property
    def heading(self) -> str:
        """ "2. Develop a shared vision", or the step's "2.1. Name" when expanded."""
        return f"{self.code or self.phase}. {self.label}"


@dataclass
class Row:
    department: Department
    cells: list[Cell]
    tally: Tally
    columns: list[Column] = field(default_factory=list)

    @cached_property
    def summary(self) -> str:
        return self.tally.summary

    @property
    def entries(self) -> list[tuple[Column, Cell]]:
        """Each cell with its column, for the phone layout (a card per department)."""
        return list(zip(self.columns, self.cells, strict=True))


@dataclass
class Matrix:
    programme: Programme
    columns: list[Column]
    rows: list[Row]
    totals: Tally
    expanded: bool
    phase: int | None = None
    status: str = ""
    phases: list[Column] = field(default_factory=list)


def _progress(programme: Programme, phase: int | None):
    rows = StepProgress.objects.filter(programme=programme)
    return rows.filter(step__phase=phase) if phase else rows


def _departments(programme: Programme, phase: int | None, status: str, today: dt.date):
    departments = Department.objects.order_by("name")
    if not status:
        return list(departments)
    matching = _progress(programme, phase).filter(department=OuterRef("pk"))
    matching = matching.filter(overdue_q(today) if status == OVERDUE else models.Q(status=status))
    return list(departments.filter(Exists(matching)))


def build_matrix(
    programme: Programme,
    *,
    today: dt.date | None = None,
    phase: int | None = None,
    status: str = "",
    expanded: bool = False,
) -> Matrix:
    """Departments x phases (or x steps when expanded), with totals per row and column.

    `phase` limits the columns to one phase, `status` the rows to departments
    with a step in that status (or overdue). Five queries (six expanded), whatever
    the size: the totals are the sum of the columns, which split the same steps.
    """
    today = today or timezone.localdate()
    progress = _progress(programme, phase)
    departments = _departments(programme, phase, status, today)
    by_department = {
        row["department_id"]: Tally.of(row)
        for row in progress.counts_by("department_id", today=today)
    }
    if expanded:
        columns, cells = _step_columns(programme, progress, phase, today)
    else:
        columns, cells = _phase_columns(progress, phase, today)
    rows = [
        Row(
            department=department,
            cells=[cells[(department.pk, column.key)] for column in columns],
            tally=by_department.get(department.pk, Tally()),
            columns=columns,
        )
        for department in departments
        if all((department.pk, column.key) in cells for column in columns)
    ]
    return Matrix(
        programme=programme,
        columns=columns,
        rows=rows,
        totals=sum((column.tally for column in columns), Tally()),
        expanded=expanded,
        phase=phase,
        status=status,
    )


FINGERPRINT_COLUMNS = (
    "pk",
    "department_id",
    "department__name",
    "step_id",
    "step__code",
    "step__position",
    "step__phase",
    "step__custom_name",
    # The shipped template's names change only with a release (its migration);
    # the fragment's timeout bounds that.
    "step__template_id",
    "status",
    "planned_end",
)


def matrix_fingerprint(programme: Programme) -> str:
    """A digest of every row the matrix is drawn from (one query), for its cache key.

    Taken from the rows themselves rather than a "last changed" time, so any
    write changes it: a service, a bulk update that skips `auto_now` (a
    replanned programme), a renamed department or step, a deleted department.
    The day, the language and the filters belong in the key beside it.
    (A digest computed in PostgreSQL, md5 of string_agg, was slower: building
    that expression costs Django more than reading the rows.)
    """
    rows = StepProgress.objects.filter(programme=programme)
    values = (
        # As text: a date needs no conversion to Python, the digest only reads it.
        rows.annotate(planned_end_text=Cast("planned_end", models.TextField()))
        .order_by("pk")
        .values_list(*FINGERPRINT_COLUMNS[:-1], "planned_end_text")
    )
    text = repr(list(values))
    return f"{programme.pk}-{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"


def _phase_columns(progress, phase: int | None, today: dt.date):
    columns = [
        Column(
            key=row["step__phase"],
            label=Phase(row["step__phase"]).label,
            phase=row["step__phase"],
            tally=Tally.of(row),
        )
        for row in progress.counts_by("step__phase", today=today)
    ]
    cells = {}
    # One translation per status, not per cell: 1,000 departments make 3,000 cells.
    labels: dict[str, str] = {}
    for row in progress.counts_by("department_id", "step__phase", today=today):
        tally = Tally.of(row)
        status = tally.status
        if status.value not in labels:
            labels[status.value] = str(status.label)
        cells[(row["department_id"], row["step__phase"])] = Cell(
            status=status.value,
            label=labels[status.value],
            tone=TONES[status.value],
            tally=tally,
            department_id=row["department_id"],
            phase=row["step__phase"],
            overdue=tally.overdue > 0,
        )
    return columns, cells


def _step_columns(programme: Programme, progress, phase: int | None, today: dt.date):
    steps = OrganisationStep.objects.select_related("template").order_by("position")
    if phase:
        steps = steps.filter(phase=phase)
    by_step = {row["step_id"]: Tally.of(row) for row in progress.counts_by("step_id", today=today)}
    columns = [
        Column(
            key=step.pk,
            label=step.name,
            phase=step.phase,
            tally=by_step.get(step.pk, Tally()),
            code=step.code,
        )
        for step in steps
    ]
    labels = dict(StepStatus.choices)
    cells = {}
    for row in progress.for_dashboard():
        overdue = (
            row["planned_end"] is not None
            and row["planned_end"] < today
            and row["status"] not in (StepStatus.DONE, StepStatus.NOT_APPLICABLE)
        )
        done = row["status"] == StepStatus.DONE
        applicable = row["status"] != StepStatus.NOT_APPLICABLE
        cells[(row["department_id"], row["step_id"])] = Cell(
            status=row["status"],
            label=str(labels[row["status"]]),
            tone=TONES[row["status"]],
            tally=Tally(total=1, applicable=int(applicable), done=int(done), overdue=int(overdue)),
            department_id=row["department_id"],
            phase=0,
            progress_id=row["pk"],
            overdue=overdue,
        )
    return columns, cells


def phase_completion(programme: Programme, *, today: dt.date | None = None) -> list[Column]:
    """Completion per phase across all departments (one query)."""
    columns = {
        row["step__phase"]: Tally.of(row)
        for row in StepProgress.objects.filter(programme=programme).counts_by(
            "step__phase", today=today
        )
    }
    return [
        Column(key=number, label=label, phase=number, tally=columns.get(number, Tally()))
        for number, label in Phase.choices
    ]


def overall_progress(programme: Programme, *, today: dt.date | None = None) -> Tally:
    """The whole programme's counts; `.percent` is its overall progress (one query)."""
    return Tally.of(StepProgress.objects.filter(programme=programme).totals(today=today))


def timeline_rows(
    programme: Programme, department: Department | None = None
) -> list[charts.TimelineRow]:
    """Planned against actual per step, for one department or across all (one query)."""
    labels = dict(StepStatus.choices)
    if department is not None:
        rows = StepProgress.objects.filter(programme=programme, department=department)
        return [
            charts.TimelineRow(
                label=str(row.step),
                planned=charts.Span(row.planned_start, row.planned_end)
                if row.planned_start
                else None,
                actual=charts.Span(row.actual_start, row.actual_end) if row.actual_start else None,
                tone=TONES[row.status],
                note=str(labels[row.status]),
            )
            for row in rows.select_related("step__template").order_by("step__position")
        ]
    steps = {step.pk: step for step in OrganisationStep.objects.select_related("template")}
    aggregated = (
        StepProgress.objects.filter(programme=programme)
        .values("step_id")
        .annotate(
            plan_from=Min("planned_start"),
            plan_to=Max("planned_end"),
            began=Min("actual_start"),
            ended=Max("actual_end"),
            running=Count("pk", filter=Q(actual_start__isnull=False, actual_end__isnull=True)),
            done=Count("pk", filter=Q(status=StepStatus.DONE)),
            applicable=Count("pk", filter=~Q(status=StepStatus.NOT_APPLICABLE)),
        )
        .order_by("step__position")
    )
    return [
        charts.TimelineRow(
            label=str(steps[row["step_id"]]),
            planned=charts.Span(row["plan_from"], row["plan_to"]) if row["plan_from"] else None,
            actual=charts.Span(row["began"], None if row["running"] else row["ended"])
            if row["began"]
            else None,
            tone="ok" if row["applicable"] and row["done"] == row["applicable"] else "info",
            note=gettext("%(done)s of %(total)s departments done")
            % {"done": row["done"], "total": row["applicable"]},
        )
        for row in aggregated
    ]
