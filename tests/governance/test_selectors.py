"""Governance's public reads for other apps: go-lives and training per department and month."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from governance.models import Attendance, TrainingOffer, TrainingSession
from governance.selectors import (
    go_lives_by_department_month,
    training_reach_by_department_month,
    use_cases_for_linking,
)
from tests.factories import MembershipFactory
from tests.governance.factories import UseCaseFactory
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Role


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def _moved(use_case, states, when):
    return AuditEvent.objects.create(
        organisation=use_case.organisation,
        action=AuditAction.USE_CASE_MOVED,
        target_type="governance.usecase",
        target_id=str(use_case.pk),
        target_label=use_case.title,
        changes={"state": states},
        created_at=when,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))


def test_go_lives_count_moves_into_production_per_department_and_month(org, other_tenant):
    sales, support = org.departments["Sales"], org.departments["Support"]
    with scope(organisation=other_tenant.organisation):
        foreign = UseCaseFactory(organisation=other_tenant.organisation)
        _moved(foreign, ["pilot", "production"], _at(date(2026, 3, 5)))
    bot = UseCaseFactory(organisation=org.organisation, department=support)
    invoices = UseCaseFactory(organisation=org.organisation, department=sales)
    loose = UseCaseFactory(organisation=org.organisation, department=None)
    _moved(bot, ["pilot", "production"], _at(date(2026, 3, 5)))
    _moved(invoices, ["pilot", "production"], _at(date(2026, 3, 20)))
    _moved(invoices, ["production", "retired"], _at(date(2026, 3, 21)))
    _moved(loose, ["pilot", "production"], _at(date(2026, 4, 2)))
    _moved(bot, ["assessment", "approved_for_pilot"], _at(date(2026, 4, 3)))
    _moved(bot, ["pilot", "production"], _at(date(2026, 6, 3)))  # outside the window

    counts = go_lives_by_department_month(start=date(2026, 3, 1), end=date(2026, 5, 1))

    assert counts == {
        (support.pk, date(2026, 3, 1)): 1,
        (sales.pk, date(2026, 3, 1)): 1,
        (None, date(2026, 4, 1)): 1,
    }


def test_go_lives_count_a_use_case_the_lifecycle_service_moved_into_production(org):
    """The selector reads what `move_use_case` writes, not a code of its own."""
    from governance import services

    coordinator, steering = org.user(Role.COORDINATOR), org.members[Role.STEERING]
    support = org.departments["Support"]
    bot = UseCaseFactory(organisation=org.organisation, department=support, state="pilot")
    services.classify_use_case(use_case=bot, actor=coordinator, answers={})
    request = services.request_approval(use_case=bot, actor=coordinator, target_state="production")
    services.decide_approval(
        request=request, actor=steering.user, membership=steering, outcome="approve", reasoning="ok"
    )
    services.move_use_case(use_case=bot, actor=coordinator, target_state="production")
    month = timezone.localdate().replace(day=1)

    counts = go_lives_by_department_month(start=month, end=month + timedelta(days=31))

    assert counts == {(support.pk, month): 1}


def test_training_reach_counts_each_member_once_per_month(org):
    support = org.departments["Support"]
    offer = TrainingOffer.objects.create(
        organisation=org.organisation, title="Prompting basics", audience="end_users"
    )
    march = TrainingSession.objects.create(
        organisation=org.organisation, offer=offer, held_on=date(2026, 3, 10)
    )
    march_again = TrainingSession.objects.create(
        organisation=org.organisation, offer=offer, held_on=date(2026, 3, 24)
    )
    colleague = MembershipFactory(
        organisation=org.organisation, role=Role.EMPLOYEE, department=support
    )
    for session, member in (
        (march, org.members[Role.EMPLOYEE]),
        (march_again, org.members[Role.EMPLOYEE]),
        (march_again, colleague),
        (march, org.members[Role.COORDINATOR]),
    ):
        Attendance.objects.create(organisation=org.organisation, session=session, member=member)

    reach = training_reach_by_department_month(start=date(2026, 3, 1), end=date(2026, 4, 1))

    assert reach == {(support.pk, date(2026, 3, 1)): 2, (None, date(2026, 3, 1)): 1}


def test_use_cases_for_linking_are_the_organisations_own(org, other_tenant):
    with scope(organisation=other_tenant.organisation):
        UseCaseFactory(organisation=other_tenant.organisation, title="Foreign")
    UseCaseFactory(organisation=org.organisation, title="B bot")
    UseCaseFactory(organisation=org.organisation, title="A archive")
    assert [uc.title for uc in use_cases_for_linking()] == ["A archive", "B bot"]
