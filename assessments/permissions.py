"""Who may do what with surveys (see transformation/permissions.py for how predicates work)."""

from transformation.models import Role
from transformation.permissions import EVERYONE, STEERING_READERS, predicate

take_part = predicate(
    "assessments.take_part",
    *EVERYONE,
    description="The survey overview with one's own open surveys, the works-council page.",
)
run_surveys = predicate(
    "assessments.run_surveys",
    Role.COORDINATOR,
    description="Instruments, waves, invitations, reminders, pulse series and actions.",
)
view_results = predicate(
    "assessments.view_results",
    *STEERING_READERS,
    description="Results within the confidentiality rules, their CSV and the actions.",
)
