"""What the product already knows about a finished pilot, as the content of a draft case study.

Read-only: gathers the use case, its classification, the change actions
(stakeholder work, communication, training) and, when the ROI app records
them, baselines, latest measurements, costs and payback. The service
`create_draft_from_use_case` turns the result into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from casestudies import peers
from casestudies.models import LANGUAGE_CODES, PaybackBasis, function_for, sector_for
from casestudies.registry import additions_for
from governance.models import LifecycleState, TrainingOffer, UseCase
from roi.value import UseCaseValue
from transformation.audit import AuditAction
from transformation.models import Attitude, AuditEvent, CommunicationItem, Stakeholder

SUPPORTIVE = (Attitude.PROMOTER, Attitude.SUPPORTER)


def pilot_finished(use_case: UseCase) -> bool:
    """The pilot is over: the use case went to production, or left the pilot state otherwise."""
    if use_case.state == LifecycleState.PRODUCTION:
        return True
    if use_case.state == LifecycleState.PILOT:
        return False
    return (
        AuditEvent.objects.for_target(use_case)
        .filter(action=AuditAction.USE_CASE_MOVED, changes__state__0=LifecycleState.PILOT)
        .exists()
    )


@dataclass
class DraftContent:
    language: str
    fields: dict[str, Any]
    areas: list[str]
    metrics: list[dict[str, Any]] = field(default_factory=list)


def _stakeholder_lines(use_case: UseCase) -> list[str]:
    stakeholders = Stakeholder.objects.all()
    if use_case.department_id:
        stakeholders = stakeholders.filter(
            Q(department=use_case.department_id) | Q(department__isnull=True)
        )
    counts = stakeholders.aggregate(
        total=Count("pk"),
        supportive=Count("pk", filter=Q(attitude__in=SUPPORTIVE)),
        changed=Count("attitude_changes", distinct=True),
    )
    if not counts["total"]:
        return []
    return [
        _(
            "Stakeholder work: %(total)s stakeholders mapped and engaged, %(supportive)s of "
            "them supporters or promoters; %(changed)s changes of attitude recorded"
        )
        % counts
    ]


def _communication_lines() -> list[str]:
    done = CommunicationItem.objects.filter(status=CommunicationItem.Status.DONE).order_by(
        "planned_on", "pk"
    )
    return [
        _("Communication: %(channel)s for %(audience)s")
        % {"channel": item.get_channel_display(), "audience": item.audience}
        for item in done[:6]
    ]


def _training_lines() -> list[str]:
    offers = (
        TrainingOffer.objects.annotate(
            sessions_held=Count("sessions", distinct=True),
            participants=Count("sessions__attendances__member", distinct=True),
        )
        .filter(sessions_held__gt=0)
        .order_by("title")
    )
    return [
        _("Training: %(title)s (%(sessions)s sessions, %(people)s participants)")
        % {"title": offer.title, "sessions": offer.sessions_held, "people": offer.participants}
        for offer in offers[:6]
    ]


def _situation(use_case: UseCase) -> str:
    parts = [use_case.description.strip() or use_case.title]
    if use_case.department_id:
        parts.append(_("Department: %(name)s.") % {"name": use_case.department.name})
    return "\n\n".join(parts)


def _components(use_case: UseCase) -> list[str]:
    if use_case.system and use_case.vendor:
        return [
            _("%(system)s by %(vendor)s") % {"system": use_case.system, "vendor": use_case.vendor}
        ]
    return [use_case.system or use_case.vendor] if (use_case.system or use_case.vendor) else []


def _classification_note(use_case: UseCase) -> str:
    classification = use_case.current_classification
    if classification is None:
        return _("The use case has not been classified under the EU AI Act.")
    note = _(
        "EU AI Act classification: %(class)s; company role: %(role)s (rule set %(version)s)."
    ) % {
        "class": classification.get_result_class_display(),
        "role": classification.get_role_display(),
        "version": classification.rule_set_version,
    }
    if classification.annex_iii_point:
        note += " " + _("Annex III point %(point)s.") % {"point": classification.annex_iii_point}
    return note


def _metrics(value: UseCaseValue) -> list[dict[str, Any]]:
    """Baselines and latest measurements as before and after, names in every language."""
    rows = []
    for row in value.kpis:
        if row.baseline is None or row.latest is None:
            continue
        kpi = row.kpi
        metric = {"before": row.baseline, "after": row.latest}
        metric["higher_is_better"] = kpi.higher_is_better
        for language in LANGUAGE_CODES:
            metric[f"name_{language}"] = getattr(kpi, f"name_{language}")
            metric[f"unit_{language}"] = getattr(kpi, f"unit_{language}")
        rows.append({"position": len(rows), **metric})
    return rows


def draft_content(use_case: UseCase) -> DraftContent:
    """The draft's content in the organisation's language, from the use case and its context."""
    organisation = use_case.organisation
    language = organisation.default_language
    with translation.override(language):
        added = additions_for(use_case)
        change_approach = [
            *_stakeholder_lines(use_case),
            *_communication_lines(),
            *_training_lines(),
            *added.change_approach,
        ]
        notes = "\n\n".join([_classification_note(use_case), *added.notes])
        fields = {
            "original_language": language,
            f"title_{language}": use_case.title,
            f"situation_{language}": _situation(use_case),
            f"components_{language}": _components(use_case),
            f"change_approach_{language}": change_approach,
            f"notes_{language}": notes,
            "sector": sector_for(organisation.sector),
            "employee_count": organisation.employee_count,
            "business_function": function_for(use_case.department.name)
            if use_case.department_id
            else "",
        }
        value = peers.roi_figures(use_case)
        metrics = [] if value is None else _metrics(value)
        if value is not None and value.investment:
            fields["investment"] = value.investment
            fields["payback_months"] = value.payback_month
            fields["payback_basis"] = (
                PaybackBasis.MEASURED if value.paid_back_by_measurements else PaybackBasis.FORECAST
            )
    return DraftContent(language, fields, [use_case.application_area], metrics)
