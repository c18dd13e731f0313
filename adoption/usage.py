"""Adoption figures of the tool inventory: latest month per tool, history and chart."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from adoption.load import add_months
from adoption.models import AiTool, UsageRecord
from adoption.scorecard import Trend, trend
from transformation import charts


@dataclass
class MonthFigures:
    month: date
    licensed: int
    active: int
    actions: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.active / self.licensed, 1) if self.licensed else None

    @property
    def intensity(self) -> float | None:
        return round(self.actions / self.active, 1) if self.active else None


@dataclass
class ToolRow:
    tool: AiTool
    latest: MonthFigures | None
    previous: MonthFigures | None
    departments: int

    @property
    def trend(self) -> Trend:
        return trend(
            self.latest.rate if self.latest else None,
            self.previous.rate if self.previous else None,
            higher_is_better=True,
        )


def tool_rows() -> list[ToolRow]:
    """Every tool with its latest two months of figures (summed over departments): 2 queries."""
    tools = list(
        AiTool.objects.select_related("organisation")
        .annotate(department_count=Count("departments"))
        .order_by("name")
    )
    by_tool: dict[int, list[MonthFigures]] = defaultdict(list)
    for row in (
        UsageRecord.objects.values("tool", "month")
        .annotate(
            licensed=Sum("licensed_users"), active=Sum("active_users"), actions=Sum("actions")
        )
        .order_by("tool", "-month")
    ):
        figures = by_tool[row["tool"]]
        if len(figures) < 2:
            figures.append(
                MonthFigures(row["month"], row["licensed"], row["active"], row["actions"])
            )
    rows = []
    for tool in tools:
        figures = by_tool.get(tool.pk, [])
        latest = figures[0] if figures else None
        previous = (
            figures[1]
            if len(figures) > 1 and figures[1].month == add_months(latest.month, -1)
            else None
        )
        rows.append(ToolRow(tool, latest, previous, tool.department_count))
    return rows


@dataclass
class MonthGroup:
    totals: MonthFigures
    records: list[UsageRecord]


def usage_table(records: list[UsageRecord]) -> list[MonthGroup]:
    """One tool's records per month, newest first, each month with its totals."""
    by_month: dict[date, list[UsageRecord]] = defaultdict(list)
    for record in records:
        by_month[record.month].append(record)
    groups = []
    for month in sorted(by_month, reverse=True):
        rows = sorted(by_month[month], key=lambda r: r.department.name)
        totals = MonthFigures(
            month,
            sum(r.licensed_users for r in rows),
            sum(r.active_users for r in rows),
            sum(r.actions for r in rows),
        )
        groups.append(MonthGroup(totals, rows))
    return groups


def usage_chart(records: list[UsageRecord], *, title: str):
    """The tool's adoption rate per month (all departments), oldest first."""
    months = [g.totals for g in reversed(usage_table(records)) if g.totals.rate is not None]
    if len(months) < 2:
        return None
    arguments = {
        "series": [charts.Series(_("Adoption rate (%)"), [m.rate for m in months], "info")],
        "title": title,
        "x_labels": [m.month.strftime("%m/%y") for m in months],
    }
    # The page's chart and a phone's drawing of it (the stylesheet shows one).
    return charts.for_screens(
        charts.line_chart(**arguments, width=640, height=260),
        charts.line_chart(**arguments, width=320, height=280, font_size=12),
    )
