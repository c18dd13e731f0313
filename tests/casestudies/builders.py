"""Case-study test data, created through the ORM the way the services would leave it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casestudies.models import CaseStudy, CaseStudyArea, CaseStudyMetric
from governance.models import Classification, LifecycleState, UseCase
from transformation.models import Organisation


def internal_case_study(
    organisation: Organisation,
    *,
    title: str = "Ticket triage pilot",
    status: str = CaseStudy.Status.PUBLISHED,
    areas: tuple[str, ...] = ("customer_service",),
    **fields,
) -> CaseStudy:
    values = {
        "sector": "wholesale_retail",
        "employee_count": 220,
        "situation_en": "Support answered every ticket by hand.",
        "original_language": "en",
        **fields,
    }
    case_study = CaseStudy(
        organisation=organisation,
        source=CaseStudy.Source.INTERNAL,
        status=status,
        title_en=title,
        **values,
    )
    case_study.save()
    for area in areas:
        CaseStudyArea.objects.create(case_study=case_study, area=area)
    CaseStudyMetric.objects.create(
        case_study=case_study,
        name_en="Handling time",
        unit_en="min",
        before=Decimal("12"),
        after=Decimal("9"),
    )
    return case_study


def library_case_study(
    *, title: str, sector: str, employees: int, areas: tuple[str, ...], **fields
):
    """A published case study in every organisation's library."""
    case_study = CaseStudy(
        source=CaseStudy.Source.PUBLISHED,
        status=CaseStudy.Status.PUBLISHED,
        title_en=title,
        sector=sector,
        employee_count=employees,
        **fields,
    )
    case_study.save()
    for area in areas:
        CaseStudyArea.objects.create(case_study=case_study, area=area)
    return case_study


def use_case(
    organisation: Organisation,
    *,
    title: str = "Support assistant",
    area: str = "customer_service",
    state: str = LifecycleState.PRODUCTION,
    **fields,
) -> UseCase:
    row = UseCase(
        organisation=organisation, title=title, application_area=area, state=state, **fields
    )
    row.save()
    return row


def classify(use_case: UseCase, *, result_class: str = "limited") -> Classification:
    classification = Classification.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        rule_set_version="2026-07",
        rule_set_as_of=dt.date(2026, 7, 1),
        result_class=result_class,
        role="deployer",
    )
    use_case.current_classification = classification
    use_case.save(update_fields=["current_classification"])
    return classification
