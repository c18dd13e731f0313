"""The core app's views, one module per page group; urls.py imports them from here."""

from transformation.views.core import (
    department_edit,
    departments,
    home,
    invitation_accept,
    invite,
    member_edit,
    member_remove,
    members,
    organisation_delete,
    organisation_export,
    organisation_settings,
    organisations,
    overview,
    revoke_invitation,
)
from transformation.views.health import healthz

__all__ = [
    "department_edit",
    "departments",
    "healthz",
    "home",
    "invitation_accept",
    "invite",
    "member_edit",
    "member_remove",
    "members",
    "organisation_delete",
    "organisation_export",
    "organisation_settings",
    "organisations",
    "overview",
    "revoke_invitation",
]
