"""Workflows of the core app, one module per entity group; import them from here."""

from transformation.services.audit import (
    plain,
    record_audit_event,
    save_audited,
)
from transformation.services.core import (
    accept_invitation,
    change_membership,
    delete_organisation,
    find_invitation,
    hash_token,
    invite_member,
    owned_rows,
    remove_membership,
    revoke_invitation,
    save_department,
    stored_files,
    update_organisation,
)
from transformation.services.roadmap import (
    add_roadmap_step,
    add_step_evidence,
    create_programme,
    ensure_organisation_steps,
    ensure_progress_rows,
    remove_step_evidence,
    rename_roadmap_step,
    update_programme,
    update_step_progress,
)
from transformation.services.stakeholders import (
    import_stakeholders,
    save_communication_item,
    save_stakeholder,
)

__all__ = [
    "accept_invitation",
    "add_roadmap_step",
    "add_step_evidence",
    "change_membership",
    "create_programme",
    "delete_organisation",
    "ensure_organisation_steps",
    "ensure_progress_rows",
    "find_invitation",
    "hash_token",
    "import_stakeholders",
    "invite_member",
    "owned_rows",
    "plain",
    "record_audit_event",
    "remove_membership",
    "remove_step_evidence",
    "rename_roadmap_step",
    "revoke_invitation",
    "save_audited",
    "save_communication_item",
    "save_department",
    "save_stakeholder",
    "stored_files",
    "update_organisation",
    "update_programme",
    "update_step_progress",
]
