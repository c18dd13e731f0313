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


@dataclass
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
) -> ChangeLoad:
    """The heatmap: load per department and month, readiness, and the warnings."""
    today = today or timezone.localdate()
    months = months or month_window(today)
    start, end = months[0], add_months(months[-1], 1)
    settings = load_settings(organisation)
    saturation = float(settings.saturation)
    departments = list(Department.objects.order_by("name"))
    steps = _steps(Programme.objects.current(), months, today)
    go_lives = go_lives_by_department_month(start=start, end=end)
    training = training_reach_by_department_month(start=start, end=end)
    licences = _new_licences(months)
    waves = waves_between(start=start, end=end)
    readiness = {row.department.pk: row for row in department_readiness(organisation=organisation)}
    weights = {key: float(getattr(settings, field_name)) for key, field_name, _l in KINDS}

    # The waves open in each month, worked out once rather than per department: the whole
    # organisation's count, and the department lists of the waves sent to some departments.
    month_waves = {}
    for month in months:
        last = last_day(month)
        running = [wave for wave in waves if wave.starts <= last and wave.ends >= month]
        everyone = sum(1 for wave in running if wave.department_ids is None)
        chosen = [wave.department_ids for wave in running if wave.department_ids is not None]
        month_waves[month] = (everyone, chosen)

    rows = []
    for department in departments:
        people = max(department.headcount, 1)
        cells = []
        for month in months:
            everyone, chosen = month_waves[month]
            surveys = everyone + sum(1 for ids in chosen if department.pk in ids)
            parts = {
                "steps": weights["steps"] * steps.get((department.pk, month), 0),
                "go_lives": weights["go_lives"] * go_lives.get((department.pk, month), 0),
                "surveys": weights["surveys"] * surveys,
                "training": weights["training"]
                * min(1.0, training.get((department.pk, month), 0) / people),
                "licences": weights["licences"]
                * min(1.0, licences.get((department.pk, month), 0) / people),
            }
            parts = {key: round(value, 2) for key, value in parts.items()}
            value = round(sum(parts.values()), 1)
            cells.append(LoadCell(month, value, parts, _level(value, saturation)))
        rows.append(_row(department, cells, readiness.get(department.pk), settings, today))
    return ChangeLoad(
        months=months,
        current=first_of_month(today),
        rows=rows,
        settings=settings,
        weights=[(label, getattr(settings, name)) for _key, name, label in KINDS],
    )


def _row(department, cells, readiness, settings, today) -> LoadRow:
    row = LoadRow(department, cells, readiness)
    ahead = [cell for cell in cells if cell.month >= first_of_month(today) and cell.saturated]
    if not ahead:
        return row
    if readiness is None or readiness.mean is None:
        row.saturated_unknown_readiness = True
        return row
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
    return row
