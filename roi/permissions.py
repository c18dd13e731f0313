"""Who may do what with value and ROI (see transformation/permissions.py)."""

from transformation.models import Role
from transformation.permissions import PROGRAMME_READERS, department_work, predicate

view_value = predicate(
    "roi.view_value",
    *PROGRAMME_READERS,
    description="The programme's and each use case's value, costs and payback.",
)
manage_value = predicate(
    "roi.manage_value",
    Role.COORDINATOR,
    description="KPIs, baselines, costs, value plans, the discount rate and the catalogue.",
)
record_measurements = department_work.named(
    "roi.record_measurements",
    "Measurements of a use case's KPIs: the coordinator, or its department's champion.",
)
