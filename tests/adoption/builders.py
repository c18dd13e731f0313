"""Change-management test data, made through the app's services."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from adoption import services
from adoption.models import AiTool, Escalation, Idea, Retrospective
from governance.models import UseCase
from transformation.models import Department, Membership, Organisation, Role, User


def coordinator(organisation: Organisation) -> User:
    return Membership.objects.select_related("user").get(role=Role.COORDINATOR).user


def tool(organisation: Organisation, name: str = "Copilot", **values) -> AiTool:
    return services.save_tool(
        organisation=organisation,
        actor=coordinator(organisation),
        values={"name": name, "provider": "Microsoft", "licences": 50, "notes": "", **values},
        departments=Department.objects.all(),
    )


def usage(tool: AiTool, department: Department, month: date, licensed, active, actions=0):
    return services.record_usage(
        tool=tool,
        actor=coordinator(tool.organisation),
        department=department,
        month=month,
        licensed_users=licensed,
        active_users=active,
        actions=actions,
    )


def idea(organisation: Organisation, *, author: User | None = None, **values) -> Idea:
    values.setdefault("title", "Draft replies for returns")
    return services.submit_idea(organisation=organisation, author=author, **values)


def escalation(organisation: Organisation, department_name: str = "Support", **values):
    values = {
        "title": "Agents fear for their jobs",
        "department": Department.objects.get(name=department_name),
        "category": "job_loss",
        "severity": 3,
        "status": "open",
        "raised_on": timezone.localdate(),
        "description": "",
        "resolution": "",
        **values,
    }
    return services.record_escalation(
        organisation=organisation, actor=coordinator(organisation), values=values
    )


def use_case(organisation: Organisation, department_name: str = "Support", **values) -> UseCase:
    return UseCase.objects.create(
        organisation=organisation,
        title=values.pop("title", "Ticket triage"),
        application_area="customer_service",
        department=Department.objects.get(name=department_name),
        state=values.pop("state", "pilot"),
        **values,
    )


def retrospective(organisation: Organisation, **subject) -> Retrospective:
    if not subject:
        subject = {"use_case": use_case(organisation)}
    return services.save_retrospective(
        organisation=organisation,
        actor=coordinator(organisation),
        values={
            "held_on": timezone.localdate(),
            "went_well": "Agents shaped the templates.",
            "went_badly": "Returns answers were wrong at first.",
            "changes": "Shadow mode for new topics.",
            "decisions": "Go live for delivery dates.",
        },
        **subject,
    )


__all__ = ["Escalation", "coordinator", "escalation", "idea", "retrospective", "tool", "usage"]
