"""Ideas and escalations per department and quarter, for the trend tables (one query each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.load import add_months
from adoption.models import GOOD_IDEA_STATUSES, Escalation, Idea, IdeaStatus, Severity
from transformation.models import Department

QUARTERS = 4


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    return f"Q{(start.month - 1) // 3 + 1}/{start.year}"


@dataclass
class QuarterCell:
    count: int = 0
    decided: int = 0
    good: int = 0

    @property
    def share(self) -> float | None:
        """Ideas: accepted or turned into a use case, in percent of the decided ones.
        Escalations: high or critical, in percent of all."""
        denominator = self.decided
        return round(100 * self.good / denominator) if denominator else None


@dataclass
class QuarterTable:
    quarters: list[tuple[date, str]]
    rows: list[tuple[str, list[QuarterCell]]]


def _starts(today: date) -> list[date]:
    current = quarter_start(today)
    return [add_months(current, -3 * offset) for offset in range(QUARTERS - 1, -1, -1)]


def _table(queryset: QuerySet, field: str, starts: list[date], **counts) -> QuarterTable:
    rows = (
        queryset.filter(**{f"{field}__gte": starts[0]})
        .annotate(quarter=TruncQuarter(field))
        .values("department", "quarter")
        .annotate(count=Count("pk"), **counts)
        .order_by()
    )
    cells = {
        (row["department"], row["quarter"]): QuarterCell(
            row["count"], row.get("decided", 0), row.get("good", 0)
        )
        for row in rows
    }
    table_rows = [
        (department.name, [cells.get((department.pk, start), QuarterCell()) for start in starts])
        for department in Department.objects.order_by("name")
    ]
    if any(department is None for department, _quarter in cells):
        table_rows.append(
            (_("No department given"), [cells.get((None, s), QuarterCell()) for s in starts])
        )
    return QuarterTable([(start, quarter_label(start)) for start in starts], table_rows)


def idea_quarters(today: date | None = None) -> QuarterTable:
    """Ideas submitted per department and quarter, and the share of decided ones that were good."""
    starts = _starts(today or timezone.localdate())
    decided = Q(status__in=(*GOOD_IDEA_STATUSES, IdeaStatus.DECLINED))
    return _table(
        Idea.objects.all(),
        "submitted_in",
        starts,
        decided=Count("pk", filter=decided),
        good=Count("pk", filter=Q(status__in=GOOD_IDEA_STATUSES)),
    )


def escalation_quarters(today: date | None = None) -> QuarterTable:
    """Escalations raised per department and quarter, and the share that were high or critical."""
    starts = _starts(today or timezone.localdate())
    return _table(
        Escalation.objects.all(),
        "raised_on",
        starts,
        decided=Count("pk"),
        good=Count("pk", filter=Q(severity__gte=Severity.HIGH)),
    )
