"""Governance's own conditions for moving a use case to pilot or production.

`governance/plugins.py` registers them in `transition_guards` like any other
app's, so the lifecycle has one list of conditions.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from governance.models import APPROVAL_TARGETS, ApprovalRequest, ApprovalStatus, UseCase


def classified(use_case: UseCase, target_state: str) -> str | None:
    if target_state in APPROVAL_TARGETS and not use_case.is_classified:
        return _("Classify the use case under the EU AI Act first.")
    return None


def not_prohibited(use_case: UseCase, target_state: str) -> str | None:
    if target_state in APPROVAL_TARGETS and use_case.is_prohibited:
        return _("The use case is classified as a prohibited practice.")
    return None


def no_open_approval(use_case: UseCase, target_state: str) -> str | None:
    if target_state not in APPROVAL_TARGETS:
        return None
    if ApprovalRequest.objects.filter(use_case=use_case, status=ApprovalStatus.PENDING).exists():
        return _("An approval for this use case is still open.")
    return None
