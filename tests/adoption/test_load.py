"""The change-load heatmap: what each month adds up to, the stated weights, the warnings."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from adoption import services
from adoption.load import add_months, change_load, last_day
from adoption.models import first_of_month
from governance.models import Attendance, TrainingOffer, TrainingSession
from tests.adoption import builders
from tests.assessments.factories import answer_many, install, open_wave, publish
from tests.factories import MembershipFactory
from transformation import formatting
from transformation import services as core_services
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Role, StepProgress, StepStatus

LOW = {**{f"commitment-{i}": 2 for i in range(1, 6)}, **{f"efficacy-{i}": 2 for i in range(1, 8)}}
HIGH = {**{f"commitment-{i}": 4 for i in range(1, 6)}, **{f"efficacy-{i}": 4 for i in range(1, 8)}}


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def _busy_support_month(org, today: date):
    """This month Support runs a step, goes live, is surveyed, trained and gets licences."""
    month = first_of_month(today)
    support, sales = org.departments["Support"], org.departments["Sales"]
    programme = core_services.create_programme(
        organisation=org.organisation,
        actor=None,
        name="Programme",
        start_date=add_months(month, -8),
    )
    rows = StepProgress.objects.filter(programme=programme)
    rows.update(status=StepStatus.NOT_APPLICABLE)
    steps = list(rows.filter(department=support).order_by("step__position")[:3])
    # Running this month.
    StepProgress.objects.filter(pk=steps[0].pk).update(
        status=StepStatus.IN_PROGRESS,
        actual_start=add_months(month, -1),
        planned_end=last_day(month),
    )
    # Done two months ago: counts only then.
    StepProgress.objects.filter(pk=steps[1].pk).update(
        status=StepStatus.DONE,
        actual_start=add_months(month, -2),
        actual_end=add_months(month, -2) + timedelta(days=10),
    )
    # Planned in a past month but never started: counts nowhere in the past.
    StepProgress.objects.filter(pk=steps[2].pk).update(
        status=StepStatus.NOT_STARTED,
        planned_start=add_months(month, -3),
        planned_end=last_day(add_months(month, -3)),
    )
    bot = builders.use_case(org.organisation, "Support", state="production")
    AuditEvent.objects.create(
        organisation=org.organisation,
        action=AuditAction.USE_CASE_MOVED,
        target_type="governance.usecase",
        target_id=str(bot.pk),
        changes={"state": ["pilot", "production"]},
        created_at=timezone.now(),
    )
    readiness = install(org.organisation)["readiness"]
    wave = open_wave(org.organisation, readiness, title="Readiness")
    answer_many(wave, 6, LOW, department=support)
    answer_many(wave, 6, HIGH, department=sales)
    publish(wave)
    offer = TrainingOffer.objects.create(
        organisation=org.organisation, title="Basics", audience="end_users"
    )
    session = TrainingSession.objects.create(
        organisation=org.organisation, offer=offer, held_on=today
    )
    for _index in range(15):
        member = MembershipFactory(organisation=org.organisation, department=support)
        Attendance.objects.create(organisation=org.organisation, session=session, member=member)
    copilot = builders.tool(org.organisation)
    builders.usage(copilot, support, add_months(month, -1), 10, 5)
    builders.usage(copilot, support, month, 25, 5)
    return wave


def test_a_month_adds_up_its_weighted_parts(org):
    today = timezone.localdate()
    _busy_support_month(org, today)
    load = change_load(org.organisation, today=today)
    month = first_of_month(today)
    support = load.row_for(org.departments["Support"])
    cell = support.cell_for(month)
    # Support has 30 people: 15 trained and 15 new licences are half of them each.
    assert cell.parts == {
        "steps": 1.0,
        "go_lives": 3.0,
        "surveys": 0.5,
        "training": 1.0,
        "licences": 1.0,
    }
    assert (cell.value, cell.level, cell.saturated) == (6.5, "high", True)
    assert support.cell_for(add_months(month, -2)).parts["steps"] == 1.0
    assert support.cell_for(add_months(month, -3)).parts["steps"] == 0.0
    # Low readiness (2.0) and saturated this month: a warning naming both.
    assert support.readiness.mean == 2.0
    assert support.warning == (
        f"Support: change load 6.5 in {month:%B %Y} reaches the saturation level of 6 "
        "while its change readiness is low (2.00)."
    )
    with translation.override("de"):
        german = change_load(org.organisation, today=today).row_for(org.departments["Support"])
    assert f"im {formatting.date(month, 'month', language='de')} erreicht" in german.warning
    assert "/" not in german.warning
    sales = load.row_for(org.departments["Sales"])
    assert sales.cell_for(month).value == 0.5 and sales.warning == ""
    assert load.warnings == [support.warning]


def test_the_organisations_weights_and_levels_apply(org, client):
    today = timezone.localdate()
    _busy_support_month(org, today)
    services.save_load_settings(
        organisation=org.organisation,
        actor=org.user(Role.COORDINATOR),
        values={"go_live_weight": Decimal("0"), "saturation": Decimal("8")},
    )
    load = change_load(org.organisation, today=today)
    cell = load.row_for(org.departments["Support"]).cell_for(first_of_month(today))
    assert (cell.value, cell.level) == (3.5, "low")  # below half of 8
    assert load.warnings == []
    client.force_login(org.user(Role.STEERING))
    page = client.get(reverse("adoption:load", kwargs={"org": org.slug})).content.decode()
    weights = page[page.index("How the load is weighed") :]
    assert '<td>use cases going live</td><td class="num">0</td>' in weights
    assert '<td>Saturation level</td><td class="num">8</td>' in weights
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_LOAD_SETTINGS_CHANGED).count() == 1


def test_a_saturated_department_without_readiness_gets_no_warning(org):
    today = timezone.localdate()
    month = first_of_month(today)
    copilot = builders.tool(org.organisation)
    builders.usage(copilot, org.departments["Support"], month, 30, 3)
    services.save_load_settings(
        organisation=org.organisation,
        actor=org.user(Role.COORDINATOR),
        values={"saturation": Decimal("2")},
    )
    load = change_load(org.organisation, today=today)
    support = load.row_for(org.departments["Support"])
    assert support.cell_for(month).saturated
    assert support.warning == "" and support.saturated_unknown_readiness


def test_settings_form_refuses_readiness_above_five(org, client):
    client.force_login(org.user(Role.COORDINATOR))
    response = client.post(
        reverse("adoption:load_settings", kwargs={"org": org.slug}),
        {
            "step_weight": "1",
            "go_live_weight": "3",
            "survey_weight": "0.5",
            "training_weight": "2",
            "licence_weight": "-1",
            "saturation": "6",
            "low_readiness": "7",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Readiness is measured from 1 to 5." in html
    assert "Ensure this value is greater than or equal to 0." in html
