"""Demo data: tools with six months of usage, ideas, escalations and retrospectives.

Everything goes through the services (so the demo has an audit trail);
only the months of past ideas and the dates of past rows are set back
afterwards. Runs inside the organisation's scope; a second run changes
nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from adoption import services
from adoption.load import add_months
from adoption.models import AiTool, Idea, first_of_month
from governance.selectors import use_cases_for_linking
from transformation.models import (
    Department,
    Membership,
    Organisation,
    Programme,
    Role,
    StepProgress,
    StepStatus,
)

MONTHS = 6

# name, provider, licences, departments, use-case titles,
# per department: (licensed at the start, licensed at the end, active share start → end)
WHOLESALER_TOOLS = [
    (
        "Microsoft 365 Copilot",
        "Microsoft",
        60,
        {
            "Sales": (12, 20, 0.45, 0.8),
            "Customer support": (10, 14, 0.5, 0.85),
            "Finance and HR": (4, 8, 0.3, 0.55),
            "IT": (8, 10, 0.7, 0.9),
        },
        ["Sales e-mail drafting", "Knowledge search for product data"],
    ),
    (
        "SupportBot",
        "Own build on Azure OpenAI",
        None,
        {"Customer support": (30, 34, 0.4, 0.88)},
        ["Customer support chatbot"],
    ),
    (
        "DeepL Pro",
        "DeepL",
        25,
        {"Sales": (8, 10, 0.6, 0.7), "Purchasing": (6, 8, 0.5, 0.45)},
        [],
    ),
    (
        "Invoice Inbox",
        "Docutain",
        6,
        {"Finance and HR": (0, 6, 0.0, 0.8)},
        ["Invoice processing"],
    ),
]
# A tool rolled out this month (usage of the current month), so the heatmap shows a peak.
WHOLESALER_ROLLOUT = ("Pick assistant on handhelds", "LogiSoft", 40, "Warehouse", 35, 12)
BAKERY_TOOLS = [
    (
        "ChatGPT Team",
        "OpenAI",
        5,
        {"Shops": (2, 3, 0.5, 1.0), "Bakery": (0, 2, 0.0, 0.5)},
        [],
    ),
]

# title, description, department, author e-mail (None: anonymous), months ago, status, reason
WHOLESALER_IDEAS = [
    (
        "Match delivery notes to orders automatically",
        "We type every delivery note into the ERP by hand; a scanner with AI could match "
        "it to the purchase order and flag differences.",
        "Warehouse",
        "employee@demo.example",
        4,
        "use_case",
        "",
    ),
    (
        "Suggested replies for the ten most common ticket types",
        "Most tickets are about delivery dates and returns; drafts would save time.",
        "Customer support",
        None,
        5,
        "accepted",
        "",
    ),
    (
        "Translate product data sheets for the Dutch shop",
        "",
        "Sales",
        "sales.champion@demo.example",
        3,
        "under_review",
        "",
    ),
    (
        "Use AI to rate drivers' punctuality",
        "A score per driver from the telematics data.",
        "Transport",
        None,
        3,
        "declined",
        "Rating individual drivers would be performance monitoring; the works council and "
        "our AI guideline rule it out. We look at route planning instead.",
    ),
    (
        "Chatbot for HR questions (holidays, payslips)",
        "",
        "Finance and HR",
        None,
        2,
        "new",
        "",
    ),
    (
        "Summarise long supplier e-mails",
        "Purchasing gets threads of 30 mails; a summary at the top would help.",
        "Purchasing",
        "champion@demo.example",
        1,
        "accepted",
        "",
    ),
    (
        "Shared prompt library on the intranet",
        "Good prompts get lost in chats. One page per department.",
        None,
        None,
        0,
        "new",
        "",
    ),
    (
        "Pick list in the order of the shelves",
        "",
        "Warehouse",
        "employee@demo.example",
        0,
        "new",
        "",
    ),
]
BAKERY_IDEAS = [
    ("Bestellingen van horecaklanten uit e-mails halen", "", "Shops", None, 1, "new", ""),
    (
        "Allergenenlijst automatisch bijwerken",
        "",
        "Bakery",
        "employee@bakkerij.example",
        0,
        "under_review",
        "",
    ),
]

# title, department, category, severity, months ago, resolved (resolution text or "")
WHOLESALER_ESCALATIONS = [
    (
        "Warehouse team fears the pick-route tool rates individuals",
        "Warehouse",
        "surveillance",
        3,
        5,
        "Pick-route project stopped; works council agreement on no individual ratings.",
    ),
    (
        "Support agents worry the chatbot replaces them",
        "Customer support",
        "job_loss",
        3,
        4,
        "Town hall with the managing director: no job cuts, agents review every answer.",
    ),
    (
        "Sales does not trust AI-drafted quotes",
        "Sales",
        "ai_decisions",
        2,
        3,
        "",
    ),
    (
        "Too many tools and trainings at once in Finance",
        "Finance and HR",
        "change_fatigue",
        2,
        1,
        "",
    ),
    (
        "Unclear who checks the invoice assistant's bookings",
        "Finance and HR",
        "new_demands",
        2,
        0,
        "",
    ),
]
BAKERY_ESCALATIONS = [
    ("Bakkers twijfelen aan het nut van de tool", "Bakery", "ai_decisions", 1, 0, ""),
]


def seed_demo(organisation: Organisation, *, size: str = "full", **options) -> None:
    if AiTool.objects.exists():
        return
    coordinator = (
        Membership.objects.filter(role=Role.COORDINATOR).select_related("user").order_by("pk")
    ).first()
    if coordinator is None:
        return
    today = timezone.localdate()
    full = size == "full"
    _tools(organisation, coordinator.user, today, WHOLESALER_TOOLS if full else BAKERY_TOOLS)
    if full:
        _rollout(organisation, coordinator.user, today, *WHOLESALER_ROLLOUT)
    _ideas(organisation, coordinator.user, today, WHOLESALER_IDEAS if full else BAKERY_IDEAS)
    _escalations(
        organisation,
        coordinator.user,
        today,
        WHOLESALER_ESCALATIONS if full else BAKERY_ESCALATIONS,
    )
    _retrospectives(organisation, coordinator.user, today, full)


def _departments() -> dict[str, Department]:
    return {department.name: department for department in Department.objects.all()}


def _tools(organisation, actor, today: date, tools) -> None:
    departments = _departments()
    use_cases = {use_case.title: use_case for use_case in use_cases_for_linking()}
    rng = random.Random(organisation.slug)
    last_month = add_months(first_of_month(today), -1)
    for name, provider, licences, figures, titles in tools:
        tool = services.save_tool(
            organisation=organisation,
            actor=actor,
            values={"name": name, "provider": provider, "licences": licences, "notes": ""},
            departments=[departments[d] for d in figures if d in departments],
            use_cases=[use_cases[t] for t in titles if t in use_cases],
        )
        rows = []
        for department_name, (start, end, share_start, share_end) in figures.items():
            department = departments.get(department_name)
            if department is None:
                continue
            for step in range(MONTHS):
                month = add_months(last_month, step - MONTHS + 1)
                progress = step / (MONTHS - 1)
                licensed = round(start + (end - start) * progress)
                if not licensed:
                    continue
                share = share_start + (share_end - share_start) * progress
                active = min(licensed, round(licensed * share + rng.uniform(-0.5, 0.5)))
                actions = round(active * rng.uniform(14, 32))
                rows.append(
                    services.UsageRow(0, tool, department, month, licensed, active, actions)
                )
        if rows:
            services.import_usage(
                organisation=organisation, actor=actor, rows=rows, file_name="demo"
            )


def _rollout(organisation, actor, today, name, provider, licences, department, licensed, active):
    department = _departments().get(department)
    if department is None:
        return
    tool = services.save_tool(
        organisation=organisation,
        actor=actor,
        values={
            "name": name,
            "provider": provider,
            "licences": licences,
            "notes": "Rolled out this month.",
        },
        departments=[department],
    )
    services.record_usage(
        tool=tool,
        actor=actor,
        department=department,
        month=first_of_month(today),
        licensed_users=licensed,
        active_users=active,
        actions=active * 9,
    )


def _ideas(organisation, coordinator, today: date, ideas) -> None:
    departments = _departments()
    members = {m.user.email: m for m in Membership.objects.select_related("user").order_by("pk")}
    for title, description, department, author, months_ago, status, reason in ideas:
        member = members.get(author) if author else None
        if author and member is None:
            continue
        idea = services.submit_idea(
            organisation=organisation,
            author=member.user if member else None,
            title=title,
            description=description,
            department=departments.get(department) if department else None,
        )
        Idea.objects.filter(pk=idea.pk).update(
            submitted_in=add_months(first_of_month(today), -months_ago)
        )
        if status == "use_case":
            services.turn_idea_into_use_case(
                idea=idea,
                actor=coordinator,
                values={
                    "title": title,
                    "description": description,
                    "department": idea.department,
                    "application_area": "document_processing",
                },
            )
        elif status != "new":
            services.triage_idea(idea=idea, actor=coordinator, status=status, reason=reason)
        supporters = [m for email, m in members.items() if email != author][: 1 + months_ago % 3]
        if status in ("new", "under_review", "accepted"):
            for supporter in supporters:
                services.support_idea(idea=idea, member=supporter)


def _escalations(organisation, actor, today: date, escalations) -> None:
    departments = _departments()
    for title, department, category, severity, months_ago, resolution in escalations:
        raised = today - timedelta(days=30 * months_ago + 3)
        services.record_escalation(
            organisation=organisation,
            actor=actor,
            values={
                "title": title,
                "department": departments.get(department),
                "category": category,
                "severity": severity,
                "status": "resolved"
                if resolution
                else ("open" if months_ago <= 1 else "in_progress"),
                "raised_on": raised,
                "resolution": resolution,
                "resolved_on": min(today, raised + timedelta(days=20)) if resolution else None,
            },
        )


def _retrospectives(organisation, actor, today: date, full: bool) -> None:
    programme = Programme.objects.current()
    if programme is None:
        return
    done = list(
        StepProgress.objects.filter(programme=programme, status=StepStatus.DONE)
        .select_related("department", "step__template")
        .order_by("actual_end", "pk")[: 3 if full else 1]
    )
    for index, step in enumerate(done):
        services.save_retrospective(
            organisation=organisation,
            actor=actor,
            step=step,
            values={
                "held_on": min(today, (step.actual_end or today) + timedelta(days=7)),
                "went_well": "Everyone affected was in the kick-off; the champion answered "
                "questions the same day.",
                "went_badly": "The first training came two weeks after the tool; people improvised."
                if index % 2 == 0
                else "Too many meetings for a small change.",
                "changes": "Training before access; one short weekly update instead of meetings.",
                "decisions": "Champions get two hours a week for questions.",
            },
        )
    pilot = use_cases_for_linking().filter(title="Customer support chatbot").first()
    if full and pilot is not None:
        services.save_retrospective(
            organisation=organisation,
            actor=actor,
            use_case=pilot,
            values={
                "held_on": today - timedelta(days=40),
                "went_well": "Agents shaped the answer templates themselves; acceptance rose "
                "quickly once they saw they stay in control.",
                "went_badly": "The bot's first answers to returns questions were wrong; "
                "trust dropped for two weeks.",
                "changes": "New topics start in shadow mode: the bot drafts, agents decide.",
                "decisions": "Go-live for delivery-date questions; returns stay manual.",
            },
        )
