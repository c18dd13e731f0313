"""Reads for the case-study pages: every case-study query starts from `visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Cast

from casestudies import peers, permissions
from casestudies.anonymise import AnonymisedCopy
from casestudies.drafting import pilot_finished
from casestudies.models import (
    ApplicationArea,
    BusinessFunction,
    CaseStudy,
    CaseStudyMetric,
    CaseStudyQuerySet,
    function_for,
)
from governance.models import LifecycleState, UseCase
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Membership, Organisation


def library(
    organisation: Organisation, membership: Membership, **filters: str
) -> CaseStudyQuerySet:
    """The case studies the member may read, filtered; drafts only for the coordinator."""
    return (
        CaseStudy.objects.visible_to(
            organisation, include_drafts=permissions.write_case_studies(membership)
        )
        .filtered(**filters)
        .for_list()
        .order_by(F("organisation").asc(nulls_last=True), "title_en", "pk")
    )


def metric_initial(case_study: CaseStudy, language: str) -> list[dict[str, Any]]:
    return [
        {
            "id": metric.pk,
            "name": getattr(metric, f"name_{language}") or metric.name,
            "unit": getattr(metric, f"unit_{language}") or metric.unit,
            "before": metric.before,
            "after": metric.after,
            "stated_relative_change": metric.stated_relative_change,
            "stated_absolute_change": metric.stated_absolute_change,
            "higher_is_better": metric.higher_is_better,
        }
        for metric in case_study.metrics.all()
    ]


def metric_rows(case_study: CaseStudy, formset) -> list[dict[str, Any]]:
    """The formset's filled rows, each with its result of this case study (or None)."""
    own = {metric.pk: metric for metric in case_study.metrics.all()}
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        rows.append({**data, "metric": own.get(data.get("id")), "delete": data.get("DELETE")})
    return rows


def preview(copy: AnonymisedCopy) -> dict[str, Any]:
    """Unsaved rows of what a share would create, for the same templates as a case study."""
    shared = CaseStudy(
        source=CaseStudy.Source.SHARED, status=CaseStudy.Status.PUBLISHED, **copy.fields
    )
    return {
        "preview": shared,
        "preview_metrics": [CaseStudyMetric(**row) for row in copy.metrics],
        "preview_areas": [ApplicationArea(area).label for area in copy.areas],
        "replaced": copy.replaced,
    }


def use_cases() -> QuerySet[UseCase]:
    """The organisation's use cases (the scope limits them to the current organisation)."""
    return UseCase.objects.for_register()


def use_cases_for_comparison(organisation: Organisation) -> list[dict[str, Any]]:
    pilot_left = AuditEvent.objects.filter(
        target_type=UseCase._meta.label_lower,
        target_id=Cast(OuterRef("pk"), CharField()),
        action=AuditAction.USE_CASE_MOVED,
        changes__state__0=LifecycleState.PILOT,
    )
    drafts = dict(
        CaseStudy.objects.visible_to(organisation, include_drafts=True)
        .filter(organisation=organisation, use_case__isnull=False)
        .values_list("use_case_id", "pk")
    )
    rows = []
    for use_case in use_cases().annotate(pilot_left=Exists(pilot_left)):
        finished = use_case.state == LifecycleState.PRODUCTION or (
            use_case.state != LifecycleState.PILOT and use_case.pilot_left
        )
        rows.append(
            {
                "use_case": use_case,
                "pilot_finished": finished,
                "case_study": drafts.get(use_case.pk),
            }
        )
    return rows


def business_function_of(use_case: UseCase) -> str:
    """The function the use case's department name tells, in words, or ""."""
    function = function_for(use_case.department.name) if use_case.department_id else ""
    return str(BusinessFunction(function).label) if function else ""


def comparison(use_case: UseCase, *, organisation: Organisation) -> dict[str, Any]:
    own = (
        CaseStudy.objects.visible_to(organisation, include_drafts=True)
        .filter(organisation=organisation, use_case=use_case)
        .first()
    )
    similar = list(peers.similar_case_studies(use_case, organisation=organisation))
    return {
        "use_case": use_case,
        "similar": similar,
        "business_function": business_function_of(use_case),
        "close": [cs for cs in similar if cs.is_close_match],
        "others": [cs for cs in similar if not cs.is_close_match],
        "roi": peers.roi_figures(use_case),
        "pilot_finished": pilot_finished(use_case),
        "own_case_study": own,
    }
