"""Workflows of the governance app, one module per entity; import them from here.

Every state change writes an audit event.
"""

from governance.services.common import (
    TransitionBlocked,
)
from governance.services.guidelines import (
    acknowledge_guideline,
    add_guideline_version,
    create_guideline,
    publish_guideline_version,
)
from governance.services.lifecycle import (
    approval_request_errors,
    decide_approval,
    move_use_case,
    request_approval,
    transition_errors,
    use_case_snapshot,
)
from governance.services.literacy import (
    add_training_session,
    record_attendance,
    remove_attendance,
    save_training_offer,
)
from governance.services.roles import (
    create_custom_role,
    save_role_assignment,
)
from governance.services.usecases import (
    add_raci_entry,
    classify_use_case,
    remove_raci_entry,
    save_impact_assessment,
    save_use_case,
    update_obligation,
)

__all__ = [
    "TransitionBlocked",
    "acknowledge_guideline",
    "add_guideline_version",
    "add_raci_entry",
    "add_training_session",
    "approval_request_errors",
    "classify_use_case",
    "create_custom_role",
    "create_guideline",
    "decide_approval",
    "move_use_case",
    "publish_guideline_version",
    "record_attendance",
    "remove_attendance",
    "remove_raci_entry",
    "request_approval",
    "save_impact_assessment",
    "save_role_assignment",
    "save_training_offer",
    "save_use_case",
    "transition_errors",
    "update_obligation",
    "use_case_snapshot",
]
