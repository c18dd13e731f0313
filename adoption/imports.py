"""Reading usage exports: two column layouts, every bad line named, all or nothing.

Layouts (sample files in `adoption/samples/`, described in the README):

monthly summary
    One line per tool, department and month:
    ``tool, department, month, licensed_users, active_users[, actions]``.
    This is what most admin consoles' "usage by group" reports reduce to.

per-user activity
    One line per licensed user, as vendor admin consoles export them
    (Microsoft 365 Copilot, ChatGPT Enterprise, GitHub Copilot seat lists):
    a department and a last-activity date per user, optionally a count of
    prompts, messages or actions. The tool and the month are chosen on the
    form. The lines are reduced to counts on reading: names and addresses
    in the file are never looked at or stored.

Headers are matched case-insensitively, in English, German or Dutch
(aliases below); commas, semicolons or tabs separate the columns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import AiTool, first_of_month
from adoption.services import UsageRow
from transformation import csvio, uploads
from transformation.models import Department

# Per-user exports have a line per licensed user: larger than the other imports.
LIMITS = csvio.CsvLimits(max_bytes=5 * uploads.MB, max_rows=50_000)
Records = list[tuple[int, list[str]]]

MONTHLY = "monthly"
PER_USER = "per_user"

ALIASES = {
    "tool": ("tool", "product", "application", "werkzeug", "anwendung", "applicatie"),
    "department": (
        "department",
        "abteilung",
        "afdeling",
        "team",
        "group",
        "cost centre",
        "cost center",
        "kostenstelle",
    ),
    "month": ("month", "monat", "maand", "period", "report period"),
    "licensed_users": (
        "licensed_users",
        "licensed users",
        "licensed",
        "enabled users",
        "seats",
        "licences",
        "licenses",
        "lizenzen",
        "lizenzierte nutzer",
        "licenties",
        "gelicentieerde gebruikers",
    ),
    "active_users": (
        "active_users",
        "active users",
        "active",
        "aktive nutzer",
        "actieve gebruikers",
    ),
    "actions": (
        "actions",
        "sessions",
        "prompts",
        "messages",
        "interactions",
        "aktionen",
        "sitzungen",
        "acties",
        "sessies",
    ),
    "last_activity": (
        "last activity date",
        "last_activity_date",
        "last activity",
        "last_active_at",
        "last active",
        "last_activity_at",
        "letzte aktivität",
        "laatste activiteit",
    ),
}


def _normalise(header: str) -> str:
    return re.sub(r"\s+", " ", (header or "").strip().lower().replace("_", " "))


_LOOKUP = {_normalise(alias): column for column, aliases in ALIASES.items() for alias in aliases}


@dataclass
class ParsedImport:
    layout: str = ""
    rows: list[UsageRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def parse_month(text: str) -> date:
    """2026-03, 2026-03-01, 03/2026, 03.2026 or 3.2026 as the first day of that month."""
    text = text.strip()
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m/%Y", "%m.%Y", "%Y/%m", "%d.%m.%Y"):
        try:
            return first_of_month(datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    raise ValueError


def parse_day(text: str) -> date:
    text = text.strip()
    if "T" in text:
        text = text.split("T", 1)[0]
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _count(text: str) -> int:
    text = text.strip().replace("\N{NO-BREAK SPACE}", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError
    value = int(text)
    if value > 10_000_000:
        raise ValueError
    return value


class UsageImport:
    """Parse a usage file against the organisation's tools and departments (2 queries)."""

    def __init__(self, *, tool: AiTool | None = None, month: date | None = None):
        self.tool = tool
        self.month = first_of_month(month) if month else None
        self.departments = {d.name.strip().lower(): d for d in Department.objects.all()}
        self.tools: dict[str, AiTool] | None = None
        self.current_month = first_of_month(timezone.localdate())

    def parse(self, text: str) -> ParsedImport:
        result = ParsedImport()
        try:
            table = csvio.read_text(text, limits=LIMITS)
        except ValidationError as error:
            result.errors.extend(error.messages)
            return result
        header = table.header
        if not header:
            result.errors.append(_("The file is empty."))
            return result
        columns = [_LOOKUP.get(_normalise(name), "") for name in header]
        found = set(columns) - {""}
        if {"licensed_users", "active_users"} <= found:
            result.layout = MONTHLY
            missing = {"tool", "department", "month"} - found
        elif "last_activity" in found:
            result.layout = PER_USER
            missing = {"department"} - found
            if self.tool is None or self.month is None:
                result.errors.append(
                    _(
                        "Line 1: this is a per-user export; choose the tool and the month "
                        "it covers on the form."
                    )
                )
                return result
        else:
            result.errors.append(
                _(
                    "Line 1: the header matches neither layout. A monthly summary needs the "
                    "columns tool, department, month, licensed_users and active_users; a "
                    "per-user export needs department and last activity date."
                )
            )
            return result
        if missing:
            result.errors.append(
                _("Line 1: the column %(columns)s is missing.")
                % {"columns": ", ".join(sorted(missing))}
            )
            return result
        index = {name: position for position, name in enumerate(columns) if name}
        if result.layout == MONTHLY:
            self.tools = {t.name.strip().lower(): t for t in AiTool.objects.all()}
            self._monthly(table.records, index, result)
        else:
            self._per_user(table.records, index, result)
        if not result.rows and not result.errors:
            result.errors.append(_("The file has no usage lines."))
        if result.errors:
            result.rows = []
        return result

    def _fail(self, result: ParsedImport, line: int, problem: str) -> None:
        result.errors.append(csvio.line_problem(line, problem))

    def _department(self, name: str) -> Department | None:
        return self.departments.get(name.strip().lower())

    def _monthly(self, records: Records, index: dict[str, int], result: ParsedImport) -> None:
        seen: dict[tuple[int, int, date], int] = {}
        for line, values in records:
            cell = {name: values[i] if i < len(values) else "" for name, i in index.items()}
            problem, row = self._monthly_row(line, cell)
            if problem:
                self._fail(result, line, problem)
                continue
            key = (row.tool.pk, row.department.pk, row.month)
            if key in seen:
                self._fail(
                    result,
                    line,
                    _("the same tool, department and month as line %(first)s.")
                    % {"first": seen[key]},
                )
                continue
            seen[key] = line
            result.rows.append(row)

    def _monthly_row(self, line: int, cell: dict[str, str]) -> tuple[str, UsageRow | None]:
        tool = self.tools.get(cell["tool"].strip().lower())
        if tool is None:
            return _("“%(tool)s” is not a tool in the inventory.") % {"tool": cell["tool"]}, None
        department = self._department(cell["department"])
        if department is None:
            return (
                _("“%(department)s” is not a department of the organisation.")
                % {"department": cell["department"]},
                None,
            )
        try:
            month = parse_month(cell["month"])
        except ValueError:
            return _("“%(month)s” is not a month (use 2026-03).") % {"month": cell["month"]}, None
        if month > self.current_month:
            return _("the month lies in the future."), None
        counts = {}
        for name in ("licensed_users", "active_users", "actions"):
            raw = cell.get(name, "0") if name == "actions" else cell[name]
            try:
                counts[name] = _count(raw or "0")
            except ValueError:
                return _("“%(value)s” is not a whole number.") % {"value": raw}, None
        if counts["active_users"] > counts["licensed_users"]:
            return (
                _("more active users (%(active)s) than licensed users (%(licensed)s).")
                % {"active": counts["active_users"], "licensed": counts["licensed_users"]},
                None,
            )
        return "", UsageRow(line, tool, department, month, **counts)

    def _per_user(self, records: Records, index: dict[str, int], result: ParsedImport) -> None:
        totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        departments: dict[int, Department] = {}
        first_line: dict[int, int] = {}
        for line, values in records:
            cell = {name: values[i] if i < len(values) else "" for name, i in index.items()}
            department = self._department(cell["department"])
            if department is None:
                self._fail(
                    result,
                    line,
                    _("“%(department)s” is not a department of the organisation.")
                    % {"department": cell["department"]},
                )
                continue
            activity = cell.get("last_activity", "").strip()
            active = False
            if activity:
                try:
                    active = parse_day(activity) >= self.month
                except ValueError:
                    self._fail(
                        result,
                        line,
                        _("“%(date)s” is not a date (use 2026-03-31).") % {"date": activity},
                    )
                    continue
            try:
                actions = _count(cell.get("actions", "") or "0")
            except ValueError:
                self._fail(
                    result,
                    line,
                    _("“%(value)s” is not a whole number.") % {"value": cell.get("actions")},
                )
                continue
            entry = totals[department.pk]
            entry[0] += 1
            entry[1] += int(active)
            entry[2] += actions
            departments[department.pk] = department
            first_line.setdefault(department.pk, line)
        if self.month > self.current_month:
            result.errors.append(_("The month lies in the future."))
            return
        for pk, (licensed, active, actions) in totals.items():
            result.rows.append(
                UsageRow(
                    first_line[pk],
                    self.tool,
                    departments[pk],
                    self.month,
                    licensed,
                    active,
                    actions,
                )
            )
