"""Change load per department and month, from what the product knows.

Load of a department in a month =
    step weight      × roadmap steps running there that month
  + go-live weight   × use cases of the department going into production
  + survey weight    × survey waves open that month that ask the department
  + training weight  × share of the department's people trained that month
  + licence weight   × share of the department's people who got a new tool licence

A roadmap step, a go-live and a survey wave concern the whole department
(share 1); training and new licences count by the share of people they
reach (people = the department's headcount, attendees capped at it). The
weights and the saturation level are the organisation's settings and are
shown on the page. A fixed number of queries whatever the number of
departments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.models import ChangeLoadSettings, UsageRecord, first_of_month
from adoption.services import load_settings
from assessments.selectors import DepartmentReadiness, department_readiness, waves_between
from governance.selectors import go_lives_by_department_month, training_reach_by_department_month
from transformation import formatting
from transformation.models import Department, Organisation, Programme, StepProgress, StepStatus

MONTHS_BACK = 5
MONTHS_AHEAD = 3

KINDS = (
    ("steps", "step_weight", gettext_lazy("roadmap steps in progress")),
    ("go_lives", "go_live_weight", gettext_lazy("use cases going live")),
    ("surveys", "survey_weight", gettext_lazy("survey waves")),
    ("training", "training_weight", gettext_lazy("training (share of people)")),
    ("licences", "licence_weight", gettext_lazy("new tool licences (share of people)")),
)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


def month_window(today: date, back: int = MONTHS_BACK, ahead: int = MONTHS_AHEAD) -> list[date]:
    current = first_of_month(today)
    return [add_months(current, offset) for offset in range(-back, ahead + 1)]


PART_KEYS = tuple(key for key, _weight, _label in KINDS)


@dataclass(slots=True)
class LoadCell:
    month: date
    value: float
    parts: dict[str, float]
    level: str  # "none", "low", "mid", "high" (app.css .load--*)

    @property
    def saturated(self) -> bool:
        return self.level == "high"

    @property
    def explanation(self) -> str:
        labels = {key: str(label) for key, _weight, label in KINDS}
        return "; ".join(
            f"{labels[key]}: {formatting.number(value)}"
            for key, value in self.parts.items()
            if value
        ) or str(_("nothing planned or recorded"))


@dataclass
class LoadRow:
    department: Department
    cells: list[LoadCell]
    readiness: DepartmentReadiness | None
    warning: str = ""
    saturated_unknown_readiness: bool = False

    def cell_for(self, month: date) -> LoadCell | None:
        return next((cell for cell in self.cells if cell.month == month), None)

    def parts(self) -> list[tuple[str, list[float]]]:
        """Each kind of change with its weighted value per month, for a table of the parts."""
        return [(str(label), [cell.parts[key] for cell in self.cells]) for key, _w, label in KINDS]


@dataclass
class ChangeLoad:
    months: list[date]
    current: date
    rows: list[LoadRow]
    settings: ChangeLoadSettings
    weights: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [row.warning for row in self.rows if row.warning]

    def row_for(self, department: Department) -> LoadRow | None:
        return next((row for row in self.rows if row.department.pk == department.pk), None)

    def current_cells(self) -> dict[int, LoadCell]:
        """This month's cell of each department, by department id."""
        index = self.months.index(self.current) if self.current in self.months else None
        return {row.department.pk: row.cells[index] for row in self.rows if index is not None}


def _level(value: float, saturation: float) -> str:
    if value <= 0:
        return "none"
    if saturation <= 0 or value >= saturation:
        return "high"
    return "low" if value < saturation / 2 else "mid"


def _steps(programme: Programme | None, months: list[date], today: date) -> dict:
    """Roadmap steps running per (department, month): one query."""
    if programme is None:
        return {}
    counts = {}
    for index, month in enumerate(months):
        last = last_day(month)
        running = Q(start__lte=last) & (Q(end__gte=month) | Q(end__isnull=True))
        if month <= today:
            # Started and not finished: it runs on past its planned end.
            running |= Q(status__in=(StepStatus.IN_PROGRESS, StepStatus.BLOCKED), start__lte=last)
        if last < today:
            # A month that is over: only what actually started counts.
            running &= ~Q(status=StepStatus.NOT_STARTED)
        counts[f"m{index}"] = Count("pk", filter=running)
    rows = (
        StepProgress.objects.filter(programme=programme)
        .exclude(status=StepStatus.NOT_APPLICABLE)
        .annotate(
            start=Coalesce("actual_start", "planned_start"),
            end=Coalesce("actual_end", "planned_end"),
        )
        .values("department")
        .annotate(**counts)
        .order_by()
    )
    result = {}
    for row in rows:
        for index, month in enumerate(months):
            if row[f"m{index}"]:
                result[(row["department"], month)] = row[f"m{index}"]
    return result


def _new_licences(months: list[date]) -> dict:
    """Increase in licensed users per (department, month) over all tools: one query."""
    first, end = add_months(months[0], -1), add_months(months[-1], 1)
    licensed = {
        (row["department"], row["month"]): row["licensed"]
        for row in UsageRecord.objects.filter(month__gte=first, month__lt=end)
        .values("department", "month")
        .annotate(licensed=Sum("licensed_users"))
        .order_by()
    }
    departments = {department for department, _month in licensed}
    increases = {}
    for department in departments:
        for month in months:
            before = licensed.get((department, add_months(month, -1)), 0)
            now = licensed.get((department, month))
            if now is not None and now > before:
                increases[(department, month)] = now - before
    return increases


def change_load(
    organisation: Organisation,
    *,
    today: date | None = None,
    months: list[date] | None = None,
    all_readiness: bool = True,
) -> ChangeLoad:
    """The heatmap: load per department and month, readiness, and the warnings.

    Linear in departments × months: the figures are read as plain rows, grouped by
    department once, and a month with nothing in it costs no arithmetic. With
    `all_readiness=False` the readiness survey is read only when a department is
    saturated ahead (the rows then carry readiness only for the warnings).
    """
    today = today or timezone.localdate()
    months = months or month_window(today)
    start, end = months[0], add_months(months[-1], 1)
    settings = load_settings(organisation)
    saturation = float(settings.saturation)
    departments = list(Department.objects.order_by("name"))
    weights = {key: float(getattr(settings, field_name)) for key, field_name, _l in KINDS}
    # Per kind, per department: {month index: count}.
    position = {month: index for index, month in enumerate(months)}
    figures: dict[str, dict[int, dict[int, float]]] = {}
    for key, values in (
        ("steps", _steps(Programme.objects.current(), months, today)),
        ("go_lives", go_lives_by_department_month(start=start, end=end)),
        ("training", training_reach_by_department_month(start=start, end=end)),
        ("licences", _new_licences(months)),
    ):
        by_department: dict[int, dict[int, float]] = {}
        for (department_id, month), value in values.items():
            if month in position:
                by_department.setdefault(department_id, {})[position[month]] = value
        figures[key] = by_department
    # Survey waves per month: those that ask everyone, and the departments the others ask.
    everyone = [0] * len(months)
    some: list[list[frozenset[int]]] = [[] for _month in months]
    for wave in waves_between(start=start, end=end):
        for index, month in enumerate(months):
            if wave.starts <= last_day(month) and wave.ends >= month:
                if wave.department_ids is None:
                    everyone[index] += 1
                else:
                    some[index].append(wave.department_ids)

    current = first_of_month(today)
    ahead = [index for index, month in enumerate(months) if month >= current]
    rows = []
    for department in departments:
        pk = department.pk
        people = max(department.headcount, 1)
        steps = figures["steps"].get(pk, {})
        go_lives = figures["go_lives"].get(pk, {})
        training = figures["training"].get(pk, {})
        licences = figures["licences"].get(pk, {})
        cells = []
        for index, month in enumerate(months):
            surveys = everyone[index] + sum(1 for ids in some[index] if pk in ids)
            if not (
                surveys
                or index in steps
                or index in go_lives
                or index in training
                or index in licences
            ):
                cells.append(LoadCell(month, 0.0, dict.fromkeys(PART_KEYS, 0.0), "none"))
                continue
            parts = {
                "steps": round(weights["steps"] * steps.get(index, 0), 2),
                "go_lives": round(weights["go_lives"] * go_lives.get(index, 0), 2),
                "surveys": round(weights["surveys"] * surveys, 2),
                "training": round(
                    weights["training"] * min(1.0, training.get(index, 0) / people), 2
                ),
                "licences": round(
                    weights["licences"] * min(1.0, licences.get(index, 0) / people), 2
                ),
            }
            value = round(sum(parts.values()), 1)
            cells.append(LoadCell(month, value, parts, _level(value, saturation)))
        rows.append(LoadRow(department, cells, None))
    saturated = any(row.cells[index].saturated for row in rows for index in ahead)
    if all_readiness or saturated:
        readiness = {
            row.department.pk: row for row in department_readiness(organisation=organisation)
        }
        for row in rows:
            row.readiness = readiness.get(row.department.pk)
            _warn(row, [row.cells[index] for index in ahead], settings)
    return ChangeLoad(
        months=months,
        current=current,
        rows=rows,
        settings=settings,
        weights=[(label, getattr(settings, name)) for _key, name, label in KINDS],
    )


def load_warnings(organisation: Organisation, *, today: date | None = None) -> list[str]:
    """The warnings alone (the overview's card): only this month and the months ahead count,
    and the readiness survey is read only when a department is saturated then."""
    today = today or timezone.localdate()
    months = month_window(today, back=0)
    return change_load(organisation, today=today, months=months, all_readiness=False).warnings


def _warn(row: LoadRow, ahead: list[LoadCell], settings: ChangeLoadSettings) -> None:
    """A warning when the row is saturated in a month ahead while its readiness is low."""
    ahead = [cell for cell in ahead if cell.saturated]
    if not ahead:
        return
    department, readiness = row.department, row.readiness
    if readiness is None or readiness.mean is None:
        row.saturated_unknown_readiness = True
        return
    if Decimal(str(readiness.mean)) < settings.low_readiness:
        peak = max(ahead, key=lambda cell: cell.value)
        row.warning = _(
            "%(department)s: change load %(load)s in %(month)s reaches the saturation level "
            "of %(saturation)s while its change readiness is low (%(readiness)s)."
        ) % {
            "department": department.name,
            "load": formatting.number(peak.value),
            "month": formatting.date(peak.month, "month"),
            "saturation": formatting.number(settings.saturation),
            "readiness": formatting.decimal(readiness.mean),
        }
