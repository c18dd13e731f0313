"""More of everything in an organisation, for tests that pin query counts at two data sizes.

`grow(tenant)` adds departments, members, use cases (classified, with RACI
parts, KPIs, costs, incidents), stakeholders, messages, trainings and
attendances, guidelines and acknowledgements, role assignments, survey
responses and actions, case studies, tools, ideas, escalations,
retrospectives and audit rows, and gives the rows that already exist (the
objects a page shows) more children too. It goes through the apps' services
where they exist, so the rows are the ones real use makes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone
from django_scopes import scope

from adoption import services as adoption_services
from assessments import services as assessment_services
from assessments.confidentiality import min_group_size
from assessments.models import Wave
from governance import services as governance_services
from governance.models import (
    Consultation,
    GuidelineVersion,
    RaciEntry,
    TrainingOffer,
    TrainingSession,
    UseCase,
)
from roi.models import CostItem, Kpi, UseCaseKpi
from tests.assessments.factories import answer_many, install
from tests.casestudies.builders import internal_case_study
from tests.factories import UserFactory
from tests.roi.factories import baseline, measurement
from transformation import services
from transformation.audit import AuditAction
from transformation.models import Department, Membership, Role

_numbers = itertools.count(1)

PULSE = {
    "enps": 8,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}


def grow(tenant, times: int = 3) -> None:
    """Add `times` more of every kind of row to the tenant's organisation."""
    organisation = tenant.organisation
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=organisation):
        departments = _departments(organisation, coordinator, times)
        members = _members(organisation, departments, times)
        everyone = list(Membership.objects.all())
        _use_cases(organisation, coordinator, departments, times)
        _use_case_children(organisation, coordinator, everyone)
        _roadmap(organisation, coordinator, departments, times)
        _training(organisation, everyone, times)
        _guidelines(organisation, everyone, times)
        _roles(organisation, members, departments)
        _surveys(organisation, coordinator, departments, times)
        _case_studies(organisation, times)
        _adoption(organisation, coordinator, departments, everyone, times)
        for _ in range(times):
            services.record_audit_event(
                organisation=organisation,
                actor=coordinator,
                action=AuditAction.ORGANISATION_CHANGED,
                target=organisation,
                changes={"name": [organisation.name, organisation.name]},
            )


def _departments(organisation, coordinator, times) -> list[Department]:
    parent = Department.objects.order_by("pk").first()
    created = []
    for index in range(times):
        created.append(
            services.save_department(
                organisation=organisation,
                actor=coordinator,
                name=f"Grown department {next(_numbers)}",
                parent=parent if index % 2 else None,
                headcount=12,
            )
        )
    return created


def _members(organisation, departments, times) -> list[Membership]:
    created = []
    for index, role in enumerate(itertools.islice(itertools.cycle(Role.values), times * 2)):
        number = next(_numbers)
        user = UserFactory(email=f"grown{number}@example.com", full_name=f"Grown Person {number}")
        created.append(
            Membership.objects.create(
                organisation=organisation,
                user=user,
                role=role,
                department=departments[index % len(departments)],
            )
        )
    return created


def _use_cases(organisation, coordinator, departments, times) -> None:
    owners = list(Membership.objects.all())
    for index in range(times):
        use_case = UseCase.objects.create(
            organisation=organisation,
            title=f"Grown use case {next(_numbers)}",
            application_area="customer_service",
            department=departments[index % len(departments)],
            owner=owners[index % len(owners)],
            state="pilot",
        )
        governance_services.classify_use_case(
            use_case=use_case, actor=coordinator, answers={"talks_to_people": True}
        )
        CostItem.objects.create(
            organisation=organisation,
            use_case=use_case,
            category="technology",
            amount=Decimal("1000"),
        )


def _use_case_children(organisation, coordinator, everyone) -> None:
    """Every use case (also those a page under test shows) gets more parts, KPIs and costs."""
    kpi = Kpi.objects.get(key="document_error_rate")
    for use_case in UseCase.objects.all():
        for member, letter in zip(everyone[-3:], "RCI", strict=False):
            RaciEntry.objects.get_or_create(
                organisation=organisation, use_case=use_case, member=member, letter=letter
            )
        ukpi, created = UseCaseKpi.objects.get_or_create(
            organisation=organisation,
            use_case=use_case,
            kpi=kpi,
            defaults={"non_monetary_reason": "Quality only."},
        )
        if created:
            baseline(ukpi, "20")
        for _ in range(2):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=next(_numbers))
            measurement(ukpi, day, "18")
        CostItem.objects.create(
            organisation=organisation,
            use_case=use_case,
            category="training",
            amount=Decimal("250"),
        )
        Consultation.objects.get_or_create(
            organisation=organisation, use_case=use_case, defaults={"status": "to_inform"}
        )
        for obligation in use_case.checklist.all():
            obligation.owner = everyone[-1]
            obligation.save(update_fields=["owner"])


def _roadmap(organisation, coordinator, departments, times) -> None:
    from transformation.services.stakeholders import save_communication_item, save_stakeholder

    for index in range(times):
        save_stakeholder(
            organisation=organisation,
            actor=coordinator,
            values={
                "name": f"Grown stakeholder {next(_numbers)}",
                "kind": "group",
                "department": departments[index % len(departments)],
                "influence": 1 + index % 5,
                "interest": 5 - index % 5,
                "attitude": "neutral",
            },
        )
        save_communication_item(
            organisation=organisation,
            actor=coordinator,
            values={
                "audience": "All staff",
                "message": f"Update {next(_numbers)}",
                "channel": "email",
                "planned_on": dt.date(2026, 12, 1) + dt.timedelta(days=index),
            },
        )


def _training(organisation, everyone, times) -> None:
    for _ in range(times):
        offer = TrainingOffer.objects.create(
            organisation=organisation,
            title=f"Grown training {next(_numbers)}",
            audience="end_users",
            validity_months=12,
        )
        TrainingSession.objects.create(
            organisation=organisation, offer=offer, held_on=dt.date(2026, 2, 1)
        )
    for session in TrainingSession.objects.all():
        governance_services.record_attendance(session=session, actor=None, members=everyone)


def _guidelines(organisation, everyone, times) -> None:
    for _ in range(times):
        version = governance_services.create_guideline(
            organisation=organisation, actor=None, title=f"Rule {next(_numbers)}", body="# Rules"
        )
        governance_services.publish_guideline_version(version=version, actor=None)
    for version in GuidelineVersion.objects.filter(published_at__isnull=False):
        for member in everyone:
            governance_services.acknowledge_guideline(version=version, member=member)


def _roles(organisation, members, departments) -> None:
    for index, member in enumerate(members):
        governance_services.save_role_assignment(
            organisation=organisation,
            actor=None,
            values={
                "kind": "champion",
                "member": member,
                "department": departments[index % len(departments)],
            },
        )


def _surveys(organisation, coordinator, departments, times) -> None:
    pulse = install(organisation)["pulse"]
    now = timezone.now()
    # Pages with a survey history show the latest two waves (the adoption scorecard:
    # assessments.selectors.survey_history), so the first growth makes two, and no page
    # goes from one wave to two between the sizes compared.
    first = not Wave.objects.filter(instrument__kind="pulse").exists()
    for days_ago in (2, 1) if first else (1,):
        grown = assessment_services.create_wave(
            organisation=organisation,
            actor=None,
            instrument=pulse,
            title=f"Grown pulse {next(_numbers)}",
            mode=Wave.Mode.KIOSK,
            opens_at=now - dt.timedelta(days=days_ago),
            closes_at=now + dt.timedelta(days=7),
        )
    # Enough answers per department that its figures show (the minimum group size), so
    # pages do not switch between "hidden" and "shown" from one size to the other.
    # Support (a department of every test tenant) answers too, so the comment rule ("the
    # rest of the organisation is as large") holds at both sizes.
    answering = [*departments, *Department.objects.filter(name="Support")]
    # The answers' tasks run once all are stored (the worker catching up): each wave's
    # new answers form a step, so its next release shows them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for wave in Wave.objects.filter(instrument__kind="pulse"):
            for department in answering:
                answer_many(wave, min_group_size(), PULSE, department=department)
    for wave in (grown, *Wave.objects.exclude(pk=grown.pk)):
        for index in range(times):
            assessment_services.create_action(
                wave=wave,
                actor=coordinator,
                scale_key="ai-sentiment",
                finding="Low",
                title=f"Clinic {next(_numbers)}",
                owner=coordinator,
                due_date=timezone.localdate(),
                department=departments[index % len(departments)],
            )


def _case_studies(organisation, times) -> None:
    for _ in range(times):
        internal_case_study(organisation, title=f"Grown pilot {next(_numbers)}")


def _adoption(organisation, coordinator, departments, everyone, times) -> None:
    month = timezone.localdate().replace(day=1)
    for _ in range(times):
        tool = adoption_services.save_tool(
            organisation=organisation,
            actor=coordinator,
            values={"name": f"Tool {next(_numbers)}", "provider": "Vendor", "licences": 20},
            departments=Department.objects.all(),
        )
        for department in departments:
            adoption_services.record_usage(
                tool=tool,
                actor=coordinator,
                department=department,
                month=month,
                licensed_users=10,
                active_users=5,
                actions=30,
            )
    for index in range(times):
        idea = adoption_services.submit_idea(
            organisation=organisation,
            author=everyone[index].user,
            title=f"Idea {next(_numbers)}",
            department=departments[index % len(departments)],
        )
        for member in everyone[index + 1 :]:
            adoption_services.support_idea(idea=idea, member=member)
        adoption_services.record_escalation(
            organisation=organisation,
            actor=coordinator,
            values={
                "title": f"Worry {next(_numbers)}",
                "department": departments[index % len(departments)],
                "category": "job_loss",
                "severity": 2,
                "status": "open",
                "raised_on": timezone.localdate(),
                "description": "",
                "resolution": "",
            },
        )
    for use_case in UseCase.objects.order_by("-pk")[:times]:
        adoption_services.save_retrospective(
            organisation=organisation,
            actor=coordinator,
            values={
                "held_on": timezone.localdate(),
                "went_well": "Good",
                "went_badly": "Slow",
                "changes": "Train first",
                "decisions": "Go live",
            },
            use_case=use_case,
        )
