"""Who may do what in the change-management app (see transformation/permissions.py)."""

from transformation.models import Role
from transformation.permissions import EVERYONE, PROGRAMME_READERS, department_work, predicate

view_scorecard = predicate(
    "adoption.view_scorecard",
    *PROGRAMME_READERS,
    description=(
        "The scorecard per organisation and department, the change-load heatmap, the tools "
        "and their usage, the escalation log, retrospectives and the idea counts per quarter."
    ),
)
manage_tools = predicate(
    "adoption.manage_tools",
    Role.COORDINATOR,
    description="The tool inventory, usage figures entered inline and the usage import.",
)
configure_change_load = predicate(
    "adoption.configure_change_load",
    Role.COORDINATOR,
    description="The heatmap's weights, saturation level and readiness threshold.",
)
use_idea_box = predicate(
    "adoption.use_idea_box",
    *EVERYONE,
    description="Read the idea box, submit ideas (named or anonymous), support them.",
)
triage_ideas = predicate(
    "adoption.triage_ideas",
    Role.COORDINATOR,
    description="Review ideas (accept, decline with a reason) and turn them into use cases.",
)
record_escalations = predicate(
    "adoption.record_escalations",
    Role.COORDINATOR,
    Role.CHAMPION,
    description="Log escalations and resistance (champions for their own department).",
)
edit_escalation = department_work.named(
    "adoption.edit_escalation",
    "Follow up one escalation: the coordinator, or its department's champion.",
)
record_retrospectives = predicate(
    "adoption.record_retrospectives",
    Role.COORDINATOR,
    Role.CHAMPION,
    description="Record after-action reviews (champions for their own department).",
)
edit_retrospective = department_work.named(
    "adoption.edit_retrospective",
    "Change one retrospective: the coordinator, or its department's champion.",
)
record_for_any_department = predicate(
    "adoption.record_for_any_department",
    Role.COORDINATOR,
    description="Record escalations and retrospectives of any department, not only one's own.",
)
