"""Read models of the roadmap: the steering matrix, phase completion, overall progress.

Phase completion, overall progress and the timeline are counted in SQL
(conditional aggregates), so the number of queries does not grow with the
number of departments. The matrix is counted from the one query its cache
keys are digests of (see `MatrixSource`): also a fixed number of queries.
The board report uses the same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models import Count, Max, Min, Q
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
from transformation.models.roadmap import OPEN_STATUSES


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
class CellLinks:
    """Where a matrix's cells link to (their side panels): set by the view, read when drawn.

    Addresses with `999999999` where the ids go, reversed once per page
    rather than once per cell, and the query string they all end with.
    """

    step: str = ""  # a step's panel: the marker stands for the progress id
    phase: str = ""  # a phase cell's panel: the marker stands for the department
    tail: str = ""

    MARKER = "999999999"


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
    links: CellLinks | None = None

    @property
    def href(self) -> str:
        """The side panel's address (only for the cells a page draws)."""
        links, marker = self.links, CellLinks.MARKER
        if links is None:
            return ""
        if self.progress_id:
            path = links.step.replace(marker, str(self.progress_id))
        else:
            path = links.phase.replace(marker, str(self.department_id))
            path = path.replace("/phases/1/", f"/phases/{self.phase}/")
        return f"{path}?{links.tail}"

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


@dataclass(frozen=True)
class DepartmentName:
    """A matrix row's department: its id and name, read with the steps (no query of its own)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


class Row:
    """A department's row: its cells are made when first read (a cached row needs none)."""

    def __init__(
        self,
        department: DepartmentName,
        tally: Tally,
        columns: list[Column],
        make_cells: Callable[[], list[Cell]],
        digest: str = "",
    ) -> None:
        self.department = department
        self.tally = tally
        self.columns = columns
        self.make_cells = make_cells
        self.digest = digest  # of the department's own steps: the key of its cached fragments

    @cached_property
    def cells(self) -> list[Cell]:
        return self.make_cells()

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
    links: CellLinks = field(default_factory=CellLinks)


# What the matrix draws and what its digest covers, one row per step of a department.
SOURCE_COLUMNS = (
    "pk",
    "department_id",
    "department__name",
    "step_id",
    "step__code",
    "step__position",
    "step__phase",
    "step__custom_name",
    # The shipped template's names change only with a release (its migration);
    # the fragments' timeout bounds that.
    "step__template_id",
    "status",
    "planned_end",
)
DONE, NOT_APPLICABLE = StepStatus.DONE.value, StepStatus.NOT_APPLICABLE.value
OPEN = frozenset(status.value for status in OPEN_STATUSES)
TALLY_FIELDS = tuple(Tally.__dataclass_fields__)  # total, applicable, done, in_progress, …
COUNTED = {name: TALLY_FIELDS.index(name) for name in ("in_progress", "blocked", "not_started")}


class MatrixSource:
    """The programme's steps as the matrix reads them: one query, read once per request.

    The matrix is counted from these rows and its cache keys are digests of
    them, so the page that checks its cached fragments has already read what
    it needs to draw a missing one. Counting 10 steps per department in
    Python costs less than the four grouped queries that did it in SQL.
    Taken from the rows themselves rather than a "last changed" time, so any
    write changes a digest: a service, a bulk update that skips `auto_now` (a
    replanned programme), a renamed department or step, a deleted department.
    (A digest computed in PostgreSQL, md5 of string_agg, was slower: building
    that expression costs Django more than reading the rows.)
    """

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        rows = StepProgress.objects.filter(programme=programme)
        self.rows = list(
            # A date as text: the digest only reads it, and ISO dates compare as text.
            rows.annotate(planned_end_text=Cast("planned_end", models.TextField()))
            .order_by("department__name", "department_id", "step__position", "pk")
            .values_list(*SOURCE_COLUMNS[:-1], "planned_end_text")
        )

    @cached_property
    def digests(self) -> dict[int, str]:
        """A digest of each department's rows: what its row of the matrix is drawn from."""
        by_department: dict[int, list[tuple]] = {}
        for row in self.rows:
            by_department.setdefault(row[1], []).append(row)
        return {
            department: hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()
            for department, rows in by_department.items()
        }

    @cached_property
    def digest(self) -> str:
        """A digest of all rows (in the order of the departments' names)."""
        text = ",".join(f"{pk}:{digest}" for pk, digest in self.digests.items())
        return f"{self.programme.pk}-{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"


def matrix_fingerprint(programme: Programme) -> str:
    """A digest of every row the matrix is drawn from (one query), for its cache key."""
    return MatrixSource(programme).digest


def build_matrix(
    programme: Programme,
    *,
    today: dt.date | None = None,
    phase: int | None = None,
    status: str = "",
    expanded: bool = False,
    source: MatrixSource | None = None,
) -> Matrix:
    """Departments x phases (or x steps when expanded), with totals per row and column.

    `phase` limits the columns to one phase, `status` the rows to departments
    with a step in that status (or overdue). One query (two expanded), or
    none but the steps' names given the `source` a page read for its cache
    keys: the totals are the sum of the columns, which split the same steps.
    A row's cells are made only when it is drawn or read.
    """
    today = today or timezone.localdate()
    source = source or MatrixSource(programme)
    day = today.isoformat()
    names: dict[int, str] = {}
    # Counts per cell, in the order of Tally's fields; rows and columns add them up.
    by_cell: dict[tuple[int, int], list[int]] = {}
    steps: dict[tuple[int, int], tuple[int, str]] = {}
    matching: set[int] = set()
    for pk, department, name, step, _code, _pos, step_phase, _own, _tpl, state, end in source.rows:
        if phase and step_phase != phase:
            continue
        names[department] = name
        key = (department, step if expanded else step_phase)
        counts = by_cell.get(key)
        if counts is None:
            counts = by_cell[key] = [0, 0, 0, 0, 0, 0, 0]
        counts[0] += 1
        if state != NOT_APPLICABLE:
            counts[1] += 1
        if state == DONE:
            counts[2] += 1
        elif state in COUNTED:
            counts[COUNTED[state]] += 1
        overdue = end is not None and end < day and state in OPEN
        if overdue:
            counts[6] += 1
        if expanded:
            steps[key] = (pk, state)
        if status and (state == status or (status == OVERDUE and overdue)):
            matching.add(department)
    by_department: dict[int, list[int]] = {}
    by_column: dict[int, list[int]] = {}
    for (department, column), counts in by_cell.items():
        for totals, key in ((by_department, department), (by_column, column)):
            into = totals.get(key)
            if into is None:
                totals[key] = list(counts)
            else:
                for index, value in enumerate(counts):
                    into[index] += value
    if expanded:
        columns = _step_columns(phase, by_column)
        make_cell = _step_cell(steps, by_cell)
    else:
        columns = [
            Column(key=number, label=Phase(number).label, phase=number, tally=Tally(*counts))
            for number, counts in sorted(by_column.items())
        ]
        make_cell = _phase_cell(by_cell)
    links = CellLinks()
    digests = source.digests

    def cells_of(department: int) -> Callable[[], list[Cell]]:
        return lambda: [make_cell(department, column.key, links) for column in columns]

    rows = [
        Row(
            department=DepartmentName(department, name),
            tally=Tally(*by_department[department]),
            columns=columns,
            make_cells=cells_of(department),
            digest=digests[department],
        )
        for department, name in names.items()
        if (not status or department in matching)
        and all((department, column.key) in by_cell for column in columns)
    ]
    return Matrix(
        programme=programme,
        columns=columns,
        rows=rows,
        totals=sum((column.tally for column in columns), Tally()),
        expanded=expanded,
        phase=phase,
        status=status,
        links=links,
    )


def _phase_cell(by_cell: dict[tuple[int, int], list[int]]) -> Callable[..., Cell]:
    labels = {status.value: str(status.label) for status in PhaseStatus}

    def make(department: int, number: int, links: CellLinks) -> Cell:
        tally = Tally(*by_cell[(department, number)])
        status = tally.status.value
        return Cell(
            status=status,
            label=labels[status],
            tone=TONES[status],
            tally=tally,
            department_id=department,
            phase=number,
            overdue=tally.overdue > 0,
            links=links,
        )

    return make


def _step_columns(phase: int | None, by_step: dict[int, list[int]]) -> list[Column]:
    steps = OrganisationStep.objects.select_related("template").order_by("position")
    if phase:
        steps = steps.filter(phase=phase)
    return [
        Column(
            key=step.pk,
            label=step.name,
            phase=step.phase,
            tally=Tally(*by_step[step.pk]) if step.pk in by_step else Tally(),
            code=step.code,
        )
        for step in steps
    ]


def _step_cell(steps: dict, by_cell: dict) -> Callable[..., Cell]:
    labels = {status: str(label) for status, label in StepStatus.choices}

    def make(department: int, step: int, links: CellLinks) -> Cell:
        pk, state = steps[(department, step)]
        tally = Tally(*by_cell[(department, step)])
        return Cell(
            status=state,
            label=labels[state],
            tone=TONES[state],
            tally=tally,
            department_id=department,
            phase=0,
            progress_id=pk,
            overdue=tally.overdue > 0,
            links=links,
        )

    return make


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
