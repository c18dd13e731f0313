"""Workflows of the case-study library. Every change writes an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.anonymise import AnonymisedCopy, anonymised_copy
from casestudies.drafting import draft_content, pilot_finished
from casestudies.models import CaseStudy, CaseStudyArea, CaseStudyMetric
from governance.models import UseCase
from transformation.audit import AuditAction
from transformation.models import User
from transformation.services import record_audit_event, save_audited

LANGUAGE_FIELDS = (
    "title",
    "situation",
    "components",
    "change_approach",
    "success_factor",
    "notes",
)
SHARED_FIELDS = (
    "sector",
    "employee_count",
    "business_function",
    "investment",
    "payback_months",
    "payback_basis",
)
METRIC_LANGUAGE_FIELDS = ("name", "unit")
METRIC_FIELDS = (
    "before",
    "after",
    "stated_relative_change",
    "stated_absolute_change",
    "higher_is_better",
)


def _require_internal(case_study: CaseStudy) -> None:
    if not case_study.is_internal:
        raise ValidationError(_("Only the organisation's own case studies can be changed."))


def _set_areas(case_study: CaseStudy, areas: list[str]) -> None:
    CaseStudyArea.objects.filter(case_study=case_study).exclude(area__in=areas).delete()
    existing = set(
        CaseStudyArea.objects.filter(case_study=case_study).values_list("area", flat=True)
    )
    CaseStudyArea.objects.bulk_create(
        CaseStudyArea(case_study=case_study, area=area) for area in areas if area not in existing
    )


@transaction.atomic
def update_case_study(
    *,
    case_study: CaseStudy,
    actor: User,
    language: str,
    values: dict[str, Any],
    areas: list[str],
) -> CaseStudy:
    """Save one language version and the shared facts of an internal case study; audited."""
    _require_internal(case_study)
    fields = {f"{name}_{language}": values[name] for name in LANGUAGE_FIELDS}
    fields |= {name: values[name] for name in SHARED_FIELDS if name in values}
    old_areas = sorted(area.area for area in case_study.areas.all())
    moved_areas = {"areas": [old_areas, sorted(areas)]} if old_areas != sorted(areas) else {}
    save_audited(
        case_study,
        actor=actor,
        action=AuditAction.CASE_STUDY_UPDATED,
        values=fields,
        validate=False,
        extra_changes=moved_areas,
    )
    _set_areas(case_study, areas)
    return case_study


@transaction.atomic
def update_case_study_results(
    *, case_study: CaseStudy, actor: User, language: str, rows: list[dict[str, Any]]
) -> CaseStudy:
    """Replace the results of an internal case study with `rows`, in their order; audited.

    Each row holds `metric` (an existing result of this case study, or None),
    `delete`, and the fields; names and units go to the `language` version.
    """
    _require_internal(case_study)
    own = {metric.pk: metric for metric in case_study.metrics.all()}
    kept = []
    for position, row in enumerate(rows):
        metric = row.get("metric")
        if metric is not None and metric.pk not in own:
            raise ValidationError(_("This result belongs to another case study."))
        if row.get("delete"):
            if metric is not None:
                metric.delete()
            continue
        metric = metric or CaseStudyMetric(case_study=case_study)
        metric.position = position
        for name in METRIC_LANGUAGE_FIELDS:
            setattr(metric, f"{name}_{language}", row[name])
        for name in METRIC_FIELDS:
            setattr(metric, name, row[name])
        metric.save()
        kept.append(metric)
    record_audit_event(
        organisation=case_study.organisation,
        actor=actor,
        action=AuditAction.CASE_STUDY_RESULTS_UPDATED,
        target=case_study,
        changes={"results": [str(metric) for metric in kept]},
    )
    return case_study


@transaction.atomic
def publish_case_study(*, case_study: CaseStudy, actor: User) -> CaseStudy:
    """Publish an internal draft to everyone in its organisation; audited."""
    _require_internal(case_study)
    if not case_study.is_draft:
        raise ValidationError(_("This case study is already published."))
    if not case_study.title:
        raise ValidationError(_("Give the case study a title before publishing it."))
    case_study.status = CaseStudy.Status.PUBLISHED
    case_study.published_at = timezone.now()
    case_study.save(update_fields=["status", "published_at", "updated_at"])
    record_audit_event(
        organisation=case_study.organisation,
        actor=actor,
        action=AuditAction.CASE_STUDY_PUBLISHED,
        target=case_study,
        changes={"status": [CaseStudy.Status.DRAFT, CaseStudy.Status.PUBLISHED]},
    )
    return case_study


def _create_copy(copy: AnonymisedCopy) -> CaseStudy:
    shared = CaseStudy(
        source=CaseStudy.Source.SHARED,
        status=CaseStudy.Status.PUBLISHED,
        published_at=timezone.now(),
        **copy.fields,
    )
    shared.save()
    CaseStudyArea.objects.bulk_create(
        CaseStudyArea(case_study=shared, area=area) for area in copy.areas
    )
    CaseStudyMetric.objects.bulk_create(
        CaseStudyMetric(case_study=shared, **row) for row in copy.metrics
    )
    return shared


@transaction.atomic
def share_case_study(*, case_study: CaseStudy, actor: User) -> CaseStudy:
    """Put an anonymised copy of a published internal case study into every library.

    Sharing again replaces the earlier copy. The copy carries no link to the
    organisation, its people or the original; only the original points to it.
    Audited in the sharing organisation.
    """
    _require_internal(case_study)
    if case_study.is_draft:
        raise ValidationError(_("Publish the case study inside the organisation first."))
    previous = case_study.shared_copy
    shared = _create_copy(anonymised_copy(case_study))
    case_study.shared_copy = shared
    case_study.save(update_fields=["shared_copy", "updated_at"])
    if previous is not None:
        previous.delete()
    record_audit_event(
        organisation=case_study.organisation,
        actor=actor,
        action=AuditAction.CASE_STUDY_SHARED,
        target=case_study,
        changes={"shared_copy": shared.pk},
    )
    return shared


@transaction.atomic
def withdraw_shared_case_study(*, case_study: CaseStudy, actor: User) -> CaseStudy:
    """Delete the anonymised copy from every library; audited."""
    _require_internal(case_study)
    shared = case_study.shared_copy
    if shared is None:
        raise ValidationError(_("This case study is not shared."))
    shared_pk = shared.pk
    case_study.shared_copy = None
    case_study.save(update_fields=["shared_copy", "updated_at"])
    shared.delete()
    record_audit_event(
        organisation=case_study.organisation,
        actor=actor,
        action=AuditAction.CASE_STUDY_SHARE_WITHDRAWN,
        target=case_study,
        changes={"shared_copy": [shared_pk, None]},
    )
    return case_study


@transaction.atomic
def create_draft_from_use_case(*, use_case: UseCase, actor: User | None) -> CaseStudy:
    """Create an internal draft from a use case whose pilot has finished; audited.

    Filled from the use case, its classification, the change actions and,
    when recorded, its value figures. One case study per use case.
    """
    organisation = use_case.organisation
    if not pilot_finished(use_case):
        raise ValidationError(_("A case study can be drafted once the pilot has finished."))
    existing = CaseStudy.objects.visible_to(organisation, include_drafts=True).filter(
        organisation=organisation, use_case=use_case
    )
    if existing.exists():
        raise ValidationError(_("This use case already has a case study."))
    content = draft_content(use_case)
    case_study = CaseStudy(
        organisation=organisation,
        source=CaseStudy.Source.INTERNAL,
        status=CaseStudy.Status.DRAFT,
        use_case=use_case,
        created_by=actor,
        **content.fields,
    )
    case_study.save()
    _set_areas(case_study, content.areas)
    CaseStudyMetric.objects.bulk_create(
        CaseStudyMetric(case_study=case_study, **row) for row in content.metrics
    )
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.CASE_STUDY_DRAFTED,
        target=case_study,
        changes={"use_case": use_case.pk},
    )
    return case_study
