"""Lifecycle moves and the approvals they need."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import permissions
from governance.models import (
    APPROVAL_TARGETS,
    ApprovalDecision,
    ApprovalRequest,
    ApprovalStatus,
    Classification,
    LifecycleState,
    UseCase,
)
from governance.models.approvals import GRANTED, OUTCOME_STATUS, Outcome
from governance.registry import transition_guards
from governance.services.common import TransitionBlocked
from transformation.audit import AuditAction
from transformation.models import Membership, User
from transformation.services import plain, record_audit_event


def transition_errors(use_case: UseCase, target_state: str) -> list[str]:
    """Why the use case cannot move to `target_state` now (empty when it can)."""
    if target_state not in use_case.next_states:
        return [
            _("A use case cannot move from %(from)s to %(to)s.")
            % {
                "from": LifecycleState(use_case.state).label,
                "to": LifecycleState(target_state).label,
            }
        ]
    errors = transition_guards.errors(use_case, target_state)
    if target_state in APPROVAL_TARGETS and not _has_granted_approval(use_case, target_state):
        errors.append(_("This move needs an approval first."))
    return errors


def _has_granted_approval(use_case: UseCase, target_state: str) -> bool:
    return ApprovalRequest.objects.filter(
        use_case=use_case, target_state=target_state, status__in=GRANTED
    ).exists()


@transaction.atomic
def move_use_case(*, use_case: UseCase, actor: User | None, target_state: str) -> UseCase:
    """Move a use case along its lifecycle if every guard agrees; raises TransitionBlocked."""
    use_case = UseCase.objects.select_for_update().get(pk=use_case.pk)
    errors = transition_errors(use_case, target_state)
    if errors:
        raise TransitionBlocked(errors)
    previous = use_case.state
    use_case.state = target_state
    use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.USE_CASE_MOVED,
        target=use_case,
        changes={"state": [previous, target_state]},
    )
    return use_case


def approval_request_errors(use_case: UseCase, target_state: str) -> list[str]:
    from governance.guards import classified, no_open_approval, not_prohibited

    errors = [
        message
        for message in (
            check(use_case, target_state)
            for check in (classified, not_prohibited, no_open_approval)
        )
        if message
    ]
    allowed_from = {
        LifecycleState.PILOT: (LifecycleState.IDEA, LifecycleState.ASSESSMENT),
        LifecycleState.PRODUCTION: (LifecycleState.PILOT,),
    }
    if target_state not in allowed_from or use_case.state not in allowed_from[target_state]:
        errors.append(_("Approval for this move cannot be requested in the current state."))
    return errors


@transaction.atomic
def request_approval(
    *, use_case: UseCase, actor: User, target_state: str, note: str = ""
) -> ApprovalRequest:
    """Ask the steering committee or the sponsor to approve a move to pilot or production."""
    use_case = UseCase.objects.select_for_update().get(pk=use_case.pk)
    errors = approval_request_errors(use_case, target_state)
    if errors:
        raise TransitionBlocked(errors)
    request = ApprovalRequest.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        target_state=target_state,
        classification=use_case.current_classification,
        requested_by=actor,
        note=note,
    )
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.APPROVAL_REQUESTED,
        target=request,
        changes={"target_state": target_state, "use_case": use_case.pk},
    )
    return request


def use_case_snapshot(use_case: UseCase) -> dict[str, Any]:
    fields = [
        "title",
        "description",
        "department",
        "owner",
        "vendor",
        "system",
        "application_area",
        "uses_personal_data",
        "uses_special_categories",
        "uses_employee_data",
        "state",
        "efficiency_potential",
        "complexity_reduction",
        "strategic_relevance",
        "data_readiness",
        "implementation_risk",
    ]
    return {
        "use_case": {"id": use_case.pk, **{f: plain(getattr(use_case, f)) for f in fields}},
        "classification": (
            use_case.current_classification.snapshot() if use_case.current_classification else None
        ),
    }


@transaction.atomic
def decide_approval(
    *,
    request: ApprovalRequest,
    actor: User,
    membership: Membership,
    outcome: str,
    reasoning: str,
    conditions: str = "",
) -> ApprovalDecision:
    """Record a decision with a snapshot; an approval for pilot makes it approved for pilot."""
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request has already been decided."))
    if request.requested_by_id == actor.pk:
        raise ValidationError(_("Nobody may decide on their own request."))
    if not permissions.decide_approval(membership, request):
        raise ValidationError(_("Only steering members and the AI sponsor decide approvals."))
    if outcome == Outcome.APPROVE_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError(_("Name the conditions of the approval."))
    use_case = UseCase.objects.select_related(
        "current_classification", "department", "owner__user"
    ).get(pk=request.use_case_id)
    decision = ApprovalDecision.objects.create(
        organisation=request.organisation,
        request=request,
        decided_by=actor,
        decided_by_label=actor.email,
        outcome=outcome,
        conditions=conditions,
        reasoning=reasoning,
        snapshot=use_case_snapshot(use_case),
    )
    request.status = OUTCOME_STATUS[Outcome(outcome)]
    request.save(update_fields=["status"])
    if (
        request.is_granted
        and request.target_state == LifecycleState.PILOT
        and use_case.state in (LifecycleState.IDEA, LifecycleState.ASSESSMENT)
    ):
        use_case.state = LifecycleState.APPROVED_FOR_PILOT
        use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=request.organisation,
        actor=actor,
        action=AuditAction.APPROVAL_DECIDED,
        target=request,
        changes={"outcome": outcome, "status": request.status, "use_case": use_case.pk},
    )
    return decision


def reopen_granted_approval(
    use_case: UseCase,
    classification: Classification | None,
    actor: User | None,
    reason: str = "classification",
) -> None:
    """The latest granted approval goes back to the steering committee (with `reason`)."""
    granted = (
        ApprovalRequest.objects.filter(use_case=use_case, status__in=GRANTED)
        .order_by("-requested_at", "-pk")
        .first()
    )
    if granted is None:
        return
    previous_status = granted.status
    granted.status = ApprovalStatus.PENDING
    granted.reopened_at = timezone.now()
    if classification is not None:
        granted.classification = classification
    granted.save(update_fields=["status", "reopened_at", "classification"])
    if use_case.state == LifecycleState.APPROVED_FOR_PILOT:
        use_case.state = LifecycleState.ASSESSMENT
        use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.APPROVAL_REOPENED,
        target=granted,
        changes={"status": [previous_status, ApprovalStatus.PENDING], "reason": reason},
    )
