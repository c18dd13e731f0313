"""Contexts for the overview cards and the board-report section (fixed query counts)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import ngettext

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
    classes = _class_rows()
    approvals = approvals_summary()
    coverage = role_coverage()
    overdue = Obligation.objects.open().filter(due_on__lt=timezone.localdate()).count()
    prohibited = next(
        (row["count"] for row in classes if row["result_class"] == RiskClass.PROHIBITED), 0
    )
    risks = []
    if prohibited:
        risks.append(
            ngettext(
                "%(n)d use case is classified as a prohibited practice.",
                "%(n)d use cases are classified as prohibited practices.",
                prohibited,
            )
            % {"n": prohibited}
        )
    if overdue:
        risks.append(
            ngettext(
                "%(n)d legal obligation is overdue.",
                "%(n)d legal obligations are overdue.",
                overdue,
            )
            % {"n": overdue}
        )
    if coverage.gap_count:
        risks.append(
            ngettext(
                "%(n)d gap in the AI roles.", "%(n)d gaps in the AI roles.", coverage.gap_count
            )
            % {"n": coverage.gap_count}
        )
    decisions = []
    if approvals["pending"]:
        decisions.append(
            ngettext(
                "%(n)d use-case approval waits for the steering committee.",
                "%(n)d use-case approvals wait for the steering committee.",
                approvals["pending"],
            )
            % {"n": approvals["pending"]}
        )
    return {
        "risks": risks,
        "decisions": decisions,
        "organisation": organisation,
        "classes": classes,
        "obligations": open_obligations(limit=15),
        "approvals": approvals,
        "coverage": coverage,
        "literacy": literacy,
        "literacy_total": total,
        "literacy_trained": trained,
    }
