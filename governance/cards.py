"""Contexts for the overview cards and the board-report section (fixed query counts)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.coverage import (
    approvals_summary,
    literacy_by_department,
    open_obligations,
    role_coverage,
    use_cases_by_class,
)
from governance.models import Acknowledgement, Guideline, Obligation, RiskClass
from transformation.models import Organisation


def _class_rows() -> list[dict]:
    labels = dict(RiskClass.choices)
    return [{**row, "label": labels.get(row["result_class"], "")} for row in use_cases_by_class()]


def use_cases_card(request) -> dict:
    return {
        "classes": _class_rows(),
        "approvals": approvals_summary(),
        "open_obligations": Obligation.objects.open().count(),
        "overdue": Obligation.objects.open().filter(due_on__lt=timezone.localdate()).count(),
    }


def roles_card(request) -> dict:
    return {"coverage": role_coverage()}


def guidelines_card(request) -> dict:
    acknowledged = Exists(
        Acknowledgement.objects.filter(
            version=OuterRef("current_version"), member=request.membership
        )
    )
    return {
        "unread": list(
            Guideline.objects.filter(current_version__isnull=False)
            .annotate(acknowledged=acknowledged)
            .filter(acknowledged=False)
        )
    }


def report_context(request=None, *, organisation: Organisation | None = None, **kwargs) -> dict:
    """The governance section of the board report; runs inside the organisation's scope."""
    organisation = organisation or getattr(request, "organisation", None)
    literacy = literacy_by_department()
    total = sum(row["total"] for row in literacy)
    trained = sum(row["trained_count"] for row in literacy)
    return {
        "organisation": organisation,
        "classes": _class_rows(),
        "obligations": open_obligations(limit=15),
        "approvals": approvals_summary(),
        "coverage": role_coverage(),
        "literacy": literacy,
        "literacy_total": total,
        "literacy_trained": trained,
    }
