"""The scorecard's eight measures: values, trends, survey confidentiality, fixed query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from adoption import services
from adoption.load import add_months
from adoption.models import Idea, first_of_month
from adoption.scorecard import scorecard, trend
from assessments.models import Wave
from tests.adoption import builders
from tests.assessments.factories import answer_many, install, open_wave, publish
from tests.factories import DepartmentFactory
from tests.roi.factories import baseline, chosen_kpi, measurement
from transformation.models import Department, Role

READINESS = {
    **{f"commitment-{i}": 4 for i in range(1, 6)},
    **{f"efficacy-{i}": 3 for i in range(1, 8)},
}


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def _metrics(organisation, **kwargs):
    return {metric.key: metric for metric in scorecard(organisation, **kwargs).metrics}


def test_trend_knows_which_way_is_good():
    assert (trend(3, 2, higher_is_better=True).good, trend(3, 2, higher_is_better=True).arrow) == (
        True,
        "↑",
    )
    assert trend(1, 3, higher_is_better=False).good is True
    assert trend(2, 2, higher_is_better=True).direction == "flat"
    assert trend(None, 2, higher_is_better=True).label == "no earlier figure to compare"


def test_adoption_rate_and_intensity_of_the_latest_month(org):
    month = add_months(first_of_month(timezone.localdate()), -1)
    copilot, deepl = builders.tool(org.organisation), builders.tool(org.organisation, name="DeepL")
    sales, support = org.departments["Sales"], org.departments["Support"]
    builders.usage(copilot, sales, add_months(month, -1), 20, 10, 100)
    builders.usage(copilot, sales, month, 20, 15, 300)
    builders.usage(deepl, support, month, 10, 5, 60)
    metric = _metrics(org.organisation)["adoption"]
    assert metric.value == "66.7%"  # 20 of 30
    assert metric.previous == "50.0%"
    assert (metric.trend.direction, metric.trend.good) == ("up", True)
    assert metric.detail.startswith("20 of 30 licensed users active in")
    assert "18.0 sessions or actions per active user" in metric.detail
    support_only = _metrics(org.organisation, department=support)["adoption"]
    assert (support_only.value, support_only.previous) == ("50.0%", "")


def test_fewer_escalations_is_the_good_direction(org):
    today = timezone.localdate()
    builders.escalation(org.organisation, raised_on=today)
    for day in (1, 20):
        builders.escalation(
            org.organisation, raised_on=add_months(first_of_month(today), -4).replace(day=day)
        )
    metric = _metrics(org.organisation)["escalations"]
    assert (metric.value, metric.previous) == ("1", "2")
    assert (metric.trend.direction, metric.trend.good) == ("down", True)
    assert metric.detail == "3 unresolved, 3 of them high or critical"


def test_ideas_count_and_quality(org):
    coordinator = org.user(Role.COORDINATOR)
    ideas = [builders.idea(org.organisation, title=f"Idea {n}") for n in range(4)]
    services.triage_idea(idea=ideas[0], actor=coordinator, status="accepted")
    services.triage_idea(idea=ideas[1], actor=coordinator, status="declined", reason="No")
    services.turn_idea_into_use_case(
        idea=ideas[2],
        actor=coordinator,
        values={"title": "Idea 2", "application_area": "other"},
    )
    Idea.objects.filter(pk=ideas[3].pk).update(
        submitted_in=add_months(first_of_month(timezone.localdate()), -4)
    )
    metric = _metrics(org.organisation)["ideas"]
    assert (metric.value, metric.previous, metric.trend.good) == ("3", "1", True)
    assert metric.detail == (
        "Quality: 66.7% of decided ideas accepted or turned into use cases; 1 became a use case"
    )


def test_business_kpis_of_the_department(org):
    today = timezone.localdate()
    support_case = builders.use_case(org.organisation, "Support")
    kpi = chosen_kpi(support_case)  # processing time: lower is better
    baseline(kpi, "10", measured_on=today - timedelta(days=200))
    measurement(kpi, today - timedelta(days=150), "11")
    measurement(kpi, today - timedelta(days=10), "8")
    metric = _metrics(org.organisation, department=org.departments["Support"])["kpis"]
    assert (metric.value, metric.previous) == ("100.0%", "0.0%")
    assert metric.detail == "1 of 1 measured KPIs beat their baseline"
    assert _metrics(org.organisation, department=org.departments["Sales"])["kpis"].reason


def test_survey_figures_follow_the_confidentiality_rules(org, client):
    sales, support = org.departments["Sales"], org.departments["Support"]
    readiness = install(org.organisation)["readiness"]
    older = open_wave(org.organisation, readiness, title="Readiness spring")
    answer_many(older, 6, {**READINESS, "efficacy-1": 1}, department=sales)
    answer_many(older, 6, READINESS, department=support)
    publish(older)
    Wave.objects.filter(pk=older.pk).update(opens_at=timezone.now() - timedelta(days=120))
    newer = open_wave(org.organisation, readiness, title="Readiness autumn")
    answer_many(newer, 7, READINESS, department=sales)
    answer_many(newer, 3, READINESS, department=support)
    publish(newer)

    whole = _metrics(org.organisation)["readiness"]
    assert whole.value == "3.50 of 5" and whole.trend.direction == "up"
    assert whole.detail == "Readiness autumn, n = 10"
    # Support answered 3 times: hidden. Sales would reveal Support by subtraction: hidden too.
    for department in (support, sales):
        metric = _metrics(org.organisation, department=department)["readiness"]
        assert metric.value == "" and metric.reason.startswith("Hidden")
    client.force_login(org.user(Role.CHAMPION))
    page = client.get(
        reverse("adoption:department", kwargs={"org": org.slug, "pk": support.pk})
    ).content.decode()
    assert "Hidden: fewer than 5 responses." in page
    # The champion cannot open survey results, so the measure does not link there.
    card = page[page.index('id="metric-readiness"') :].split("</li>")[0]
    assert "<a " not in card


def test_measures_without_data_say_why(org, client):
    client.force_login(org.user(Role.COORDINATOR))
    page = client.get(reverse("adoption:scorecard", kwargs={"org": org.slug})).content.decode()
    for reason in (
        "No usage figures yet.",
        "No survey has measured this yet.",
        "No KPI has a baseline and a later measurement yet.",
    ):
        assert reason in page
    assert page.count('class="card metric"') == 8


def _organisation_of(org, size: int):
    """`size` departments, each with usage, an idea, an escalation, a retrospective, answers."""
    organisation = org.organisation
    names = ["Sales", "Support"] + [f"Team {n:02}" for n in range(size - 2)]
    for name in names[2:]:
        DepartmentFactory(organisation=organisation, name=name, headcount=12)
    month = add_months(first_of_month(timezone.localdate()), -1)
    copilot = builders.tool(organisation)
    readiness = install(organisation)["readiness"]
    wave = open_wave(organisation, readiness, title="Readiness")
    for department in Department.objects.all():
        builders.usage(copilot, department, month, 10, 6, 60)
        builders.idea(organisation, title=f"Idea {department.name}", department=department)
        builders.escalation(organisation, department.name)
        builders.retrospective(
            organisation, use_case=builders.use_case(organisation, department.name)
        )
        answer_many(wave, 5, READINESS, department=department)
    publish(wave)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Each page reads one survey wave's released results from the wave's aggregates (its
# tallies), whatever the number of answers.
QUERIES = {"adoption:scorecard": 38, "adoption:department": 45, "adoption:load": 26}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_count_is_the_same_for_5_and_50_departments(org, client, name, size):
    _organisation_of(org, size)
    client.force_login(org.user(Role.COORDINATOR))
    kwargs = {"org": org.slug}
    if name == "adoption:department":
        kwargs["pk"] = org.departments["Support"].pk
    assert Department.objects.count() == size
    assert _count(client, reverse(name, kwargs=kwargs)) == QUERIES[name]


def test_every_metric_link_opens_for_the_member_who_sees_it(org, client):
    """Each measure links to its detail only where the member may read it; no link is a 403."""
    url = reverse("adoption:scorecard", kwargs={"org": org.slug})
    survey = reverse("assessments:index", kwargs={"org": org.slug})
    value = reverse("roi:programme", kwargs={"org": org.slug})
    shown = {}
    for role in (Role.COORDINATOR, Role.STEERING, Role.CHAMPION):
        client.force_login(org.user(role))
        page = client.get(url).content.decode()
        links = set(re.findall(r'<h2 class="metric__title"><a href="([^"]+)"', page))
        for link in links:
            assert client.get(link).status_code == 200, (role, link)
        shown[role] = (survey in links, value in links)
    # Survey results are the coordinator's and the steering committee's; value
    # and ROI are open to champions too (roi.permissions.view_value).
    assert shown == {
        Role.COORDINATOR: (True, True),
        Role.STEERING: (True, True),
        Role.CHAMPION: (False, True),
    }
