"""Who may do what in governance (see transformation/permissions.py for how predicates work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transformation.models import Role
from transformation.permissions import (
    EVERYONE,
    PROGRAMME_READERS,
    STEERING_READERS,
    department_work,
    predicate,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from governance.models import ApprovalRequest, Incident, UseCase
    from transformation.models import Membership


def _steering_or_sponsor(membership: Membership, approval: ApprovalRequest) -> bool:
    """Steering members and the active AI sponsor decide, never on their own request."""
    from governance.models import RoleAssignment, RoleKind

    if approval.requested_by_id == membership.user_id:
        return False
    if membership.role == Role.STEERING:
        return True
    return RoleAssignment.objects.active().filter(kind=RoleKind.SPONSOR, member=membership).exists()


view_register = predicate(
    "governance.view_register",
    *PROGRAMME_READERS,
    description="The use-case register, classifications, DPIA, FRIA, evidence, portfolio.",
)
register_use_case = predicate(
    "governance.register_use_case",
    Role.COORDINATOR,
    Role.CHAMPION,
    description="Register a new use case (champions for their own department).",
)
register_for_any_department = predicate(
    "governance.register_for_any_department",
    Role.COORDINATOR,
    description="Register use cases of any department, not only one's own.",
)
edit_use_case = department_work.named(
    "governance.edit_use_case",
    "Edit, classify, move, RACI, obligations, DPIA and FRIA of one use case.",
)
view_approvals = predicate(
    "governance.view_approvals", *STEERING_READERS, description="Approval requests."
)
decide_approval = predicate(
    "governance.decide_approval",
    *EVERYONE,
    check=_steering_or_sponsor,
    per_object=True,
    description="Decide one approval request.",
)
view_roles = predicate(
    "governance.view_roles", *STEERING_READERS, description="The role registry and its gaps."
)
manage_roles = predicate(
    "governance.manage_roles", Role.COORDINATOR, description="Assign roles, add custom roles."
)
read_guidelines = predicate(
    "governance.read_guidelines",
    *EVERYONE,
    description="Read and acknowledge published guidelines.",
)
write_guidelines = predicate(
    "governance.write_guidelines",
    Role.COORDINATOR,
    description="Draft and publish guidelines; see drafts.",
)
follow_acknowledgements = predicate(
    "governance.follow_acknowledgements",
    *STEERING_READERS,
    description="Who has acknowledged a guideline version.",
)
view_training = predicate(
    "governance.view_training",
    *STEERING_READERS,
    description="AI-literacy coverage, offers and the evidence export.",
)
manage_training = predicate(
    "governance.manage_training",
    Role.COORDINATOR,
    description="Training offers, sessions and attendance.",
)
view_own_training = predicate(
    "governance.view_own_training", *EVERYONE, description="One's own training record."
)
view_audit = predicate(
    "governance.view_audit", *STEERING_READERS, description="The audit trail and its export."
)


# -- Works council, incidents and what falls due (issue 17) ------------------------------------

view_agreements = predicate(
    "governance.view_agreements",
    *PROGRAMME_READERS,
    description="Works and framework agreements and their signed documents.",
)
manage_agreements = predicate(
    "governance.manage_agreements",
    Role.COORDINATOR,
    description="Register and change works and framework agreements.",
)
view_all_incidents = predicate(
    "governance.view_all_incidents",
    *STEERING_READERS,
    description="Incidents of every department (they name affected people).",
)


def _reads_incident(membership: Membership, incident: Incident) -> bool:
    """Every incident for those who see all of them; a champion their department's."""
    if view_all_incidents(membership):
        return True
    return (
        membership.department_id is not None
        and membership.department_id == incident.use_case.department_id
    )


view_incidents = predicate(
    "governance.view_incidents",
    *PROGRAMME_READERS,
    description="The incident register (champions see their own department's incidents).",
)
view_incident = predicate(
    "governance.view_incident",
    *PROGRAMME_READERS,
    check=_reads_incident,
    per_object=True,
    description="One incident, its clocks, reports and corrective actions.",
)
record_incident = predicate(
    "governance.record_incident",
    Role.COORDINATOR,
    Role.CHAMPION,
    description="Record an incident (champions for their own department's use cases).",
)
record_incident_for_any_department = predicate(
    "governance.record_incident_for_any_department",
    Role.COORDINATOR,
    description="Record incidents of any department's use cases, not only one's own.",
)


def _edits_incident(membership: Membership, incident: Incident) -> bool:
    """Whoever may edit the incident's use case; never the channel's stand-in member."""
    return membership.pk is not None and edit_use_case(membership, incident.use_case)


edit_incident = predicate(
    "governance.edit_incident",
    Role.COORDINATOR,
    Role.CHAMPION,
    check=_edits_incident,
    per_object=True,
    description="Change an incident, record its reports, corrective actions and closure.",
)


def incidents_visible_to(membership: Membership, incidents: QuerySet[Incident]) -> QuerySet:
    """`view_incident` in SQL, for lists and counts."""
    if view_all_incidents(membership):
        return incidents
    if view_incidents(membership) and membership.department_id is not None:
        return incidents.filter(use_case__department_id=membership.department_id)
    return incidents.none()


def use_cases_for_incidents(membership: Membership, use_cases: QuerySet[UseCase]) -> QuerySet:
    """The use cases a member may record an incident for (`record_incident`, in SQL)."""
    if record_incident_for_any_department(membership):
        return use_cases
    if record_incident(membership) and membership.department_id is not None:
        return use_cases.filter(department_id=membership.department_id)
    return use_cases.none()
