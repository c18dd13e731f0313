"""Who may do what with case studies (see transformation/permissions.py)."""

from transformation.models import Role
from transformation.permissions import EVERYONE, PROGRAMME_READERS, predicate

view_library = predicate(
    "casestudies.view_library", *EVERYONE, description="The library of case studies."
)
write_case_studies = predicate(
    "casestudies.write_case_studies",
    Role.COORDINATOR,
    description="Draft, edit, publish and share internal case studies; see drafts.",
)
compare_use_cases = predicate(
    "casestudies.compare_use_cases",
    *PROGRAMME_READERS,
    description="Compare the organisation's use cases with the library.",
)
