"""Escalations and retrospectives: who records what, and where retrospectives go."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from adoption import services
from adoption.models import Escalation, Retrospective
from casestudies.drafting import draft_content
from tests.adoption import builders
from transformation import services as core_services
from transformation.models import AuditEvent, Role, StepProgress


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def test_champion_records_escalations_for_their_own_department_only(org, client):
    client.force_login(org.user(Role.CHAMPION))
    url = reverse("adoption:escalation_create", kwargs={"org": org.slug})
    form = client.get(url).content.decode()
    assert ">Support</option>" in form and ">Sales</option>" not in form
    response = client.post(
        url,
        {
            "title": "Sales says the bot is useless",
            "department": org.departments["Sales"].pk,
            "category": "ai_decisions",
            "severity": "2",
            "status": "open",
            "raised_on": date.today().isoformat(),
        },
    )
    assert response.status_code == 422
    assert not Escalation.objects.exists()
    sales_case = builders.escalation(org.organisation, "Sales")
    edit = reverse("adoption:escalation_edit", kwargs={"org": org.slug, "pk": sales_case.pk})
    assert client.get(edit).status_code == 403


def test_escalation_log_links_each_member_only_to_escalations_they_may_follow_up(org, client):
    """No link in the log leads to a 403: champions follow up their own department's only."""
    support = builders.escalation(org.organisation, "Support")
    sales = builders.escalation(org.organisation, "Sales")
    log = reverse("adoption:escalations", kwargs={"org": org.slug})
    create = reverse("adoption:escalation_create", kwargs={"org": org.slug})
    shown = {}
    for role in (Role.COORDINATOR, Role.STEERING, Role.CHAMPION):
        client.force_login(org.user(role))
        page = client.get(log).content.decode()
        shown[role] = (
            create in page,
            sorted(
                escalation.department.name
                for escalation in (support, sales)
                if f'href="{escalation.get_absolute_url()}"' in page
            ),
        )
        for escalation in (support, sales):
            if f'href="{escalation.get_absolute_url()}"' in page:
                assert client.get(escalation.get_absolute_url()).status_code == 200
    assert shown == {
        Role.COORDINATOR: (True, ["Sales", "Support"]),
        Role.STEERING: (False, []),
        Role.CHAMPION: (True, ["Support"]),
    }


def test_resolving_needs_a_resolution_and_dates_it(org, client):
    escalation = builders.escalation(org.organisation)
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse("adoption:escalation_edit", kwargs={"org": org.slug, "pk": escalation.pk})
    data = {
        "title": escalation.title,
        "department": escalation.department_id,
        "category": escalation.category,
        "severity": "3",
        "status": "resolved",
        "raised_on": escalation.raised_on.isoformat(),
        "resolution": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Say how the escalation was resolved." in response.content.decode()
    client.post(url, {**data, "resolution": "Town hall with the director."})
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolved_on) == ("resolved", date.today())
    event = AuditEvent.objects.get(action="escalation.changed")
    assert event.changes["status"] == ["open", "resolved"]


def test_escalations_trend_per_department(org, client):
    builders.escalation(org.organisation, "Support", severity=4)
    builders.escalation(org.organisation, "Support", severity=1)
    builders.escalation(
        org.organisation, "Sales", raised_on=date.today() - timedelta(days=400), severity=1
    )
    client.force_login(org.user(Role.STEERING))
    page = client.get(reverse("adoption:escalations", kwargs={"org": org.slug})).content.decode()
    trend = page[page.index("Trend per department") :]
    support = trend[trend.index('<th scope="row">Support</th>') :].split("</tr>")[0]
    sales = trend[trend.index('<th scope="row">Sales</th>') :].split("</tr>")[0]
    assert support.count("<td") == 4 and "2 <span" in support and "50%" in support
    assert "1 <span" not in sales  # over a year ago: outside the four quarters
    # Steering reads the log but does not get edit links.
    assert reverse("adoption:escalation_create", kwargs={"org": org.slug}) not in page


def test_escalation_filter_with_htmx_returns_the_log_only(org, client):
    builders.escalation(org.organisation, "Support", title="Support worry")
    builders.escalation(org.organisation, "Sales", title="Sales worry", category="change_fatigue")
    client.force_login(org.user(Role.COORDINATOR))
    response = client.get(
        reverse("adoption:escalations", kwargs={"org": org.slug}),
        {"category": "change_fatigue"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="log">')
    assert "Sales worry" in html and "Support worry" not in html
    assert response["Vary"].find("HX-Request") >= 0


def _step(org) -> StepProgress:
    programme = core_services.create_programme(
        organisation=org.organisation,
        actor=None,
        name="Programme",
        start_date=date.today() - timedelta(days=60),
        target_end=None,
    )
    return StepProgress.objects.filter(
        programme=programme, department=org.departments["Support"]
    ).first()


def test_retrospective_of_a_roadmap_step_through_the_form(org, client):
    step = _step(org)
    client.force_login(org.user(Role.CHAMPION))
    response = client.post(
        reverse("adoption:retrospective_create", kwargs={"org": org.slug}),
        {
            "department": org.departments["Support"].pk,
            "step": step.step_id,
            "held_on": date.today().isoformat(),
            "went_well": "Kick-off with everyone",
            "went_badly": "Training came late",
            "changes": "Train before access",
        },
    )
    retrospective = Retrospective.objects.get()
    assert response["Location"] == retrospective.get_absolute_url()
    assert (retrospective.step, retrospective.department) == (step, org.departments["Support"])
    page = client.get(response["Location"]).content.decode()
    assert "Train before access" in page and "Kick-off with everyone" in page


def test_retrospective_needs_exactly_one_subject(org):
    coordinator = org.user(Role.COORDINATOR)
    values = {"held_on": date.today(), "went_well": "a", "went_badly": "b", "changes": "c"}
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="either a roadmap step or a use case"),
    ):
        services.save_retrospective(organisation=org.organisation, actor=coordinator, values=values)


def test_a_future_date_is_refused(org, client):
    client.force_login(org.user(Role.COORDINATOR))
    response = client.post(
        reverse("adoption:retrospective_create", kwargs={"org": org.slug}),
        {
            "use_case": builders.use_case(org.organisation).pk,
            "held_on": (date.today() + timedelta(days=3)).isoformat(),
            "went_well": "a",
            "went_badly": "b",
            "changes": "c",
        },
    )
    assert response.status_code == 422
    assert "The date lies in the future." in response.content.decode()


def test_the_case_study_draft_picks_up_the_use_cases_retrospectives(org):
    pilot = builders.use_case(org.organisation, state="production")
    builders.retrospective(org.organisation, use_case=pilot)
    builders.retrospective(
        org.organisation, use_case=builders.use_case(org.organisation, title="Other")
    )
    content = draft_content(pilot)
    assert (
        "After-action reviews: 1 retrospectives of the pilot"
        in content.fields["change_approach_en"]
    )
    notes = content.fields["notes_en"]
    assert "What went well: Agents shaped the templates." in notes
    assert "What we change: Shadow mode for new topics." in notes
    assert notes.count("Retrospective of") == 1
