"""Peers for a use case: the most similar case studies, and the use case's own value figures."""

from __future__ import annotations

from casestudies.models import (
    CaseStudy,
    CaseStudyQuerySet,
    function_for,
    sector_for,
    size_band_for,
)
from governance.models import UseCase
from roi.value import UseCaseValue, use_case_value
from transformation.models import Organisation

SIMILAR_LIMIT = 5


def similar_case_studies(
    use_case: UseCase,
    *,
    organisation: Organisation,
    limit: int = SIMILAR_LIMIT,
    close_only: bool = False,
) -> CaseStudyQuerySet:
    """Published case studies visible to the organisation, most similar to the use case first.

    Ranked by `CaseStudyQuerySet.ranked_for` (kind, size band, sector, business function); with
    `close_only` only the close matches. The organisation's own case study of
    this very use case is left out.
    """
    ranked = (
        CaseStudy.objects.visible_to(organisation)
        .exclude(use_case=use_case)
        .ranked_for(
            area=use_case.application_area,
            size_band=size_band_for(organisation.employee_count),
            sector=sector_for(organisation.sector),
            function=function_for(use_case.department.name) if use_case.department_id else "",
        )
        .for_list()
    )
    if close_only:
        ranked = ranked.close_matches()
    return ranked[:limit]


def roi_figures(use_case: UseCase) -> UseCaseValue | None:
    """The use case's value case from the ROI app, or None while it records nothing."""
    value = use_case_value(use_case)
    costs = value.costs
    if not value.kpis and not costs.investment and not costs.running_monthly:
        return None
    return value
