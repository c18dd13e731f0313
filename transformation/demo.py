"""Demo data of the roadmap: a programme about five months in, stakeholders, messages.

Dates are relative to today, so the demo always looks current. Seeding is
idempotent: an organisation that already has the demo programme is left alone.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib

from django.utils import timezone

from transformation import services
from transformation.models import (
    Attitude,
    CommunicationItem,
    Department,
    Membership,
    Organisation,
    Programme,
    Role,
    StepProgress,
    StepStatus,
)

DONE, ACTIVE, BLOCKED, IDLE = (
    StepStatus.DONE,
    StepStatus.IN_PROGRESS,
    StepStatus.BLOCKED,
    StepStatus.NOT_STARTED,
)

# Department -> status of steps 1..6 (later steps have not started anywhere).
WHOLESALER_PROGRESS = {
    "Management": [DONE, DONE, DONE, IDLE, ACTIVE, ACTIVE],
    "Sales": [DONE, DONE, DONE, ACTIVE, ACTIVE, ACTIVE],
    "Customer support": [DONE, DONE, DONE, ACTIVE, ACTIVE, ACTIVE],
    "Logistics": [DONE, DONE, DONE, IDLE, ACTIVE, IDLE],
    "Warehouse": [DONE, DONE, BLOCKED, IDLE, IDLE, IDLE],
    "Transport": [DONE, DONE, ACTIVE, IDLE, IDLE, IDLE],
    "Purchasing": [DONE, DONE, DONE, IDLE, ACTIVE, IDLE],
    "Quality": [DONE, DONE, IDLE, IDLE, IDLE, IDLE],
    "IT": [DONE, DONE, DONE, IDLE, ACTIVE, ACTIVE],
    "Finance and HR": [DONE, ACTIVE, IDLE, IDLE, IDLE, IDLE],
}
NOTES = {
    ("Customer support", 4): "Pilot: AI-assisted ticket triage and reply drafts, 12 agents.",
    ("Sales", 4): "Pilot: quote drafting from the product catalogue, 6 account managers.",
}
BLOCKED_REASON = (
    "The works council has not yet agreed to the readiness interviews in the warehouse; "
    "it discusses the request at its next meeting."
)

STAKEHOLDERS = [
    # name, kind, department, role, influence, interest, attitude now, earlier attitude, days ago
    (
        "Dr. Klaus Hoffmann",
        "person",
        "Management",
        "Managing director, AI sponsor",
        5,
        5,
        "promoter",
        None,
        0,
    ),
    ("Works council", "group", None, "Co-determination (BetrVG)", 5, 5, "neutral", "sceptic", 40),
    ("Petra Lange", "person", "Finance and HR", "Head of finance and HR", 4, 2, "neutral", None, 0),
    ("Warehouse team", "group", "Warehouse", "42 warehouse staff", 2, 5, "sceptic", "opponent", 20),
    ("Support agents", "group", "Customer support", "38 agents", 2, 5, "supporter", "sceptic", 35),
    ("Mehmet Yilmaz", "person", "Customer support", "AI champion", 3, 5, "promoter", None, 0),
    ("Julia Schneider", "person", "Sales", "AI champion", 3, 5, "promoter", "supporter", 60),
    ("Sales team", "group", "Sales", "Field and office sales", 3, 4, "supporter", "neutral", 25),
    ("Thomas Krüger", "person", "Logistics", "Head of logistics", 4, 3, "sceptic", None, 0),
    ("Drivers", "group", "Transport", "12 drivers", 1, 2, "neutral", None, 0),
    ("Anna Berger", "person", "IT", "AI coordinator", 4, 5, "promoter", None, 0),
    ("IT operations", "group", "IT", "Infrastructure and security", 3, 3, "supporter", None, 0),
    ("Data protection officer", "person", None, "External DPO", 4, 4, "sceptic", None, 0),
    ("Purchasing team", "group", "Purchasing", "Buyers", 2, 2, "neutral", None, 0),
    ("Quality lead", "person", "Quality", "Supplier quality", 2, 3, "opponent", None, 0),
]

CONCERNS = {
    "Works council": ["surveillance", "job_loss"],
    "Warehouse team": ["job_loss", "new_ways"],
    "Support agents": ["workload", "algorithms"],
    "Data protection officer": ["surveillance"],
    "Quality lead": ["algorithms"],
    "Thomas Krüger": ["workload"],
}

MESSAGES = [
    # days from today, audience, message, channel, status
    (
        -120,
        "All staff",
        "Why NordTec starts an AI programme, and what it will not do",
        "all_hands",
        "done",
    ),
    (
        -90,
        "Works council",
        "Programme goals, data use and the pilot's limits",
        "works_council",
        "done",
    ),
    (-60, "Team leads", "How departments take part; the champions' role", "team_meeting", "done"),
    (-30, "All staff", "Pilot started in support and sales: first impressions", "intranet", "done"),
    (
        -7,
        "Warehouse team",
        "Questions and answers on the readiness interviews",
        "team_meeting",
        "done",
    ),
    (
        10,
        "All staff",
        "Pilot half-time report: numbers, problems, next steps",
        "email",
        "in_preparation",
    ),
    (24, "Works council", "Agreement on the warehouse interviews", "works_council", "planned"),
    (45, "All staff", "Pilot results and the scaling decision", "all_hands", "planned"),
]


COPY_SUFFIX = re.compile(r" (\d+)$")


def copy_name(name: str, copy: int) -> str:
    """A department's name in copy `copy` of the demo (copy 1 is the demo itself)."""
    return name if copy == 1 else f"{name} {copy}"


def demo_name(name: str) -> str:
    """The demo department a copy was made from (`copy_name` undone)."""
    return COPY_SUFFIX.sub("", name)


def seed_roadmap(organisation: Organisation, *, size: str = "full", **_options) -> None:
    """Give the organisation its demo programme (skipped when it already has one)."""
    if Programme.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    if size == "full":
        _seed_wholesaler(organisation, today)
    else:
        _seed_small(organisation, today)


def _champions() -> dict[int, object]:
    return {
        m.department_id: m.user
        for m in Membership.objects.filter(role=Role.CHAMPION).select_related("user")
    }


def _jitter(department_name: str) -> int:
    """A department's own offset for its demo dates: from its name, so the same demo
    has the same dates on every database (row ids differ between runs)."""
    return zlib.crc32(department_name.encode())


def _set(row: StepProgress, status: str, today: dt.date, note: str = "", jitter: int = 0) -> None:
    planned_start, planned_end = row.planned_start, row.planned_end
    row.status = status
    if status in (DONE, ACTIVE, BLOCKED):
        row.actual_start = planned_start + dt.timedelta(days=(jitter % 3) * 3)
    if status == DONE:
        late = dt.timedelta(days=(jitter % 4) * 4)
        row.actual_end = min(planned_end + late, today - dt.timedelta(days=1))
    if status == BLOCKED:
        row.blocked_reason = BLOCKED_REASON
    row.note = note


def _seed_wholesaler(organisation: Organisation, today: dt.date) -> None:
    start = today - dt.timedelta(weeks=22)
    programme = services.create_programme(
        organisation=organisation,
        actor=None,
        name="KI-Programm 2026",
        vision="AI takes routine work off our people so that they have time for customers.",
        goals="Answer 30 % of support tickets with AI-drafted replies reviewed by an agent\n"
        "Cut quote turnaround in sales from 2 days to 4 hours\n"
        "80 % of staff trained in the AI basics by the end of the pilot",
        start_date=start,
        target_end=start + dt.timedelta(weeks=78),
    )
    champions = _champions()
    departments = {d.pk: d.name for d in Department.objects.all()}
    rows = list(programme.progress.select_related("step"))
    for row in rows:
        name = demo_name(departments[row.department_id])
        plan = WHOLESALER_PROGRESS.get(name)
        number = row.step.template.number if row.step.template_id else None
        if plan is None or number is None or number > len(plan):
            continue
        note = NOTES.get((name, number), "")
        _set(row, plan[number - 1], today, note, jitter=_jitter(departments[row.department_id]))
        row.owner = champions.get(row.department_id)
    StepProgress.objects.bulk_update(
        rows,
        ["status", "actual_start", "actual_end", "blocked_reason", "note", "owner"],
        batch_size=200,
    )
    _seed_stakeholders(organisation, today)
    _seed_messages(organisation, today, MESSAGES)


def _seed_stakeholders(organisation: Organisation, today: dt.date) -> None:
    departments = {d.name: d for d in Department.objects.all()}
    for name, kind, department, role, influence, interest, now, before, days in STAKEHOLDERS:
        values = {
            "name": name,
            "kind": kind,
            "department": departments.get(department) if department else None,
            "role": role,
            "influence": influence,
            "interest": interest,
            "attitude": before or now,
            "concerns": CONCERNS.get(name, []),
        }
        stakeholder = services.save_stakeholder(
            organisation=organisation, actor=None, values=values
        )
        if before:
            services.save_stakeholder(
                organisation=organisation,
                actor=None,
                stakeholder=stakeholder,
                values={"attitude": now},
                changed_on=today - dt.timedelta(days=days),
            )


def _seed_messages(organisation: Organisation, today: dt.date, messages: list) -> None:
    owner = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").first()
    for days, audience, message, channel, status in messages:
        CommunicationItem.objects.create(
            organisation=organisation,
            audience=audience,
            message=message,
            channel=channel,
            status=status,
            planned_on=today + dt.timedelta(days=days),
            owner=owner.user if owner else None,
        )


def _seed_small(organisation: Organisation, today: dt.date) -> None:
    programme = services.create_programme(
        organisation=organisation,
        actor=None,
        name="AI in de bakkerij",
        vision="Minder papierwerk, meer tijd voor vakmanschap.",
        goals="Bestellingen van zakelijke klanten automatisch verwerken",
        start_date=today - dt.timedelta(weeks=6),
        target_end=today + dt.timedelta(weeks=46),
    )
    rows = list(programme.progress.select_related("step", "department"))
    for row in rows:
        number = row.step.template.number if row.step.template_id else None
        if number == 1:
            _set(row, DONE, today, jitter=_jitter(row.department.name))
        elif number == 2:
            _set(row, ACTIVE, today, jitter=_jitter(row.department.name))
    StepProgress.objects.bulk_update(rows, ["status", "actual_start", "actual_end"])
    for name, influence, interest, attitude in (
        ("Owner family", 5, 4, Attitude.PROMOTER),
        ("Bakers", 2, 4, Attitude.SCEPTIC),
        ("Shop staff", 2, 3, Attitude.NEUTRAL),
    ):
        services.save_stakeholder(
            organisation=organisation,
            actor=None,
            values={
                "name": name,
                "kind": "group",
                "influence": influence,
                "interest": interest,
                "attitude": attitude,
            },
        )
    _seed_messages(
        organisation,
        today,
        [
            (-20, "Iedereen", "Waarom we met AI beginnen", "team_meeting", "done"),
            (14, "Bakkers", "Demo: bestellingen automatisch inlezen", "workshop", "planned"),
        ],
    )
