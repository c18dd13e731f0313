"""Approvals: a use case moves to pilot or production only after a decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from governance.models.usecases import Classification, LifecycleState, RiskClass, UseCase
from transformation.models import Organisation


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    REJECT = "reject", _("Reject")


OUTCOME_STATUS = {
    Outcome.APPROVE: ApprovalStatus.APPROVED,
    Outcome.APPROVE_WITH_CONDITIONS: ApprovalStatus.APPROVED_WITH_CONDITIONS,
    Outcome.REJECT: ApprovalStatus.REJECTED,
}
GRANTED = (ApprovalStatus.APPROVED, ApprovalStatus.APPROVED_WITH_CONDITIONS)


class ApprovalRequest(models.Model):
    """A request to move a use case to pilot or production."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ai_approval_requests"
    )
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="approvals")
    target_state = models.CharField(
        _("move to"),
        max_length=20,
        choices=[(s.value, s.label) for s in (LifecycleState.PILOT, LifecycleState.PRODUCTION)],
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    classification = models.ForeignKey(
        Classification,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("classification"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")

    def __str__(self) -> str:
        return f"{self.use_case} → {self.get_target_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == ApprovalStatus.PENDING

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED


class ApprovalDecision(models.Model):
    """Who decided what, why, and the use case as it stood at that moment."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by_label = models.CharField(max_length=254, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    reasoning = models.TextField(_("reasoning"))
    snapshot = models.JSONField(default=dict)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")

    def __str__(self) -> str:
        return f"{self.request} · {self.get_outcome_display()}"

    @property
    def snapshot_class(self) -> str:
        """The use case's risk class when it was decided, by its name in the active language."""
        code = self.snapshot.get("classification", {}).get("result_class", "")
        try:
            return str(RiskClass(code).label)
        except ValueError:
            return code or "–"
