"""What the scorecard, the change-load heatmap and the overview card show, figure by figure.

A dozen departments with usage, ideas, escalations, retrospectives, a readiness
wave and a busy month in Support. The pages are read as a reader reads them
(every page of a paged table), so the figures stay the same however they are
computed or cut into pages.
"""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from adoption.load import add_months
from adoption.models import AiTool, first_of_month
from tests.adoption import builders
from tests.adoption.test_load import _busy_support_month
from tests.factories import DepartmentFactory
from transformation.models import Department, Role

TEAMS = 10
HEAT = "@class='table heatmap'"


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def seed(org) -> None:
    """Sales, Support and ten teams of different sizes and figures."""
    organisation = org.organisation
    today = timezone.localdate()
    month = first_of_month(today)
    _busy_support_month(org, today)
    copilot = AiTool.objects.get(name="Copilot")
    for n in range(TEAMS):
        team = DepartmentFactory(organisation=organisation, name=f"Team {n:02}", headcount=4 + n)
        if n % 4 != 3:
            builders.usage(copilot, team, add_months(month, -1), n + 2, n // 2 + 1, 10 * n)
            builders.usage(copilot, team, month, 2 * n + 2, n, 5)
        for index in range(n % 3):
            builders.idea(organisation, title=f"Idea {n}.{index}", department=team)
        if n % 2:
            builders.escalation(organisation, team.name)
        if n % 5 == 0:
            builders.retrospective(
                organisation, use_case=builders.use_case(organisation, team.name)
            )
    builders.usage(copilot, org.departments["Sales"], add_months(month, -1), 8, 6, 40)


def _pages(client, url: str, region: str) -> list[lxml.html.HtmlElement]:
    """The region (by id, or the whole page) of every page of a paged table, first to last."""
    pages, seen = [], set()
    while url and url not in seen:
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200
        document = lxml.html.fromstring(response.content.decode())
        found = document.get_element_by_id(region, None) if region else None
        part = found if found is not None else document
        pages.append(part)
        following = part.xpath(".//nav[@class='pager']//a[@rel='next']")
        url = urljoin(url, following[0].get("href")) if following else ""
    return pages


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _rows(pages, table: str) -> list[list[str]]:
    return [
        [_text(cell) for cell in row.xpath("th|td")]
        for page in pages
        for row in page.xpath(f".//table[{table}]/tbody/tr")
    ]


def _month(offset: int) -> str:
    return add_months(first_of_month(timezone.localdate()), offset).strftime("%m/%Y")


def _warning() -> str:
    return (
        f"Support: change load 6.5 in {first_of_month(timezone.localdate()):%B %Y} reaches the "
        "saturation level of 6 while its change readiness is low (2.00)."
    )


PER_DEPARTMENT = [
    ["Sales", "75.0%", "0", "0", "0", "0.5"],
    ["Support", "50.0%", "0", "0", "0", "6.5"],
    ["Team 00", "50.0%", "0", "0", "1", "0.5"],
    ["Team 01", "33.3%", "1", "1", "0", "0.9"],
    ["Team 02", "50.0%", "2", "0", "0", "1.2"],
    ["Team 03", "–", "0", "1", "0", "0.5"],
    ["Team 04", "50.0%", "1", "0", "0", "1.5"],
    ["Team 05", "42.9%", "2", "1", "1", "1.6"],
    ["Team 06", "50.0%", "0", "0", "0", "1.7"],
    ["Team 07", "–", "1", "1", "0", "0.5"],
    ["Team 08", "50.0%", "2", "0", "0", "1.8"],
    ["Team 09", "45.5%", "0", "1", "0", "1.9"],
]


def test_the_scorecard_shows_every_departments_figures(org, client, settings):
    settings.LIST_PAGE_SIZE = 5
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse("adoption:scorecard", kwargs={"org": org.slug})
    pages = _pages(client, url, "departments")
    assert _rows(pages, "@class='table table--stack'") == PER_DEPARTMENT
    whole = lxml.html.fromstring(client.get(url).content.decode())
    assert [_text(item) for item in whole.xpath("//div[@class='notice']//li")] == [_warning()]
    metrics = {
        item.get("id"): _text(item) for item in whole.xpath("//li[contains(@class, 'metric')]")
    }
    last = _month(-1)
    assert metrics == {
        "metric-adoption": (
            "Adoption and usage intensity 50.7% no earlier figure to compare 35 of 69 licensed "
            f"users active in {last}; 11.1 sessions or actions per active user "
            "Usage per AI tool, latest finished month against the month before"
        ),
        "metric-attitude": (
            "Attitude towards AI (pulse) No survey has measured this yet. "
            "AI pulse, sentiment scale: latest wave against the one before"
        ),
        "metric-competence": (
            "Competence against the skill levels No survey has measured this yet. "
            "Competence self-assessment: mean of the technical, methodical and social skill "
            "levels (0 to 3)"
        ),
        "metric-escalations": (
            "Escalations and resistance 5 ↑ rising Before: 0 5 unresolved, 5 of them high or "
            "critical Escalations raised in the last three months against the three before"
        ),
        "metric-ideas": (
            "Improvement ideas from staff 9 ↑ rising Before: 0 No idea has been decided yet. "
            "Ideas submitted in the last three months against the three before"
        ),
        "metric-kpis": (
            "Business KPIs of the affected departments No KPI has a baseline and a later "
            "measurement yet. KPIs of the use cases beating their baseline, now and 90 days ago"
        ),
        "metric-readiness": (
            "Change readiness over time 3.00 of 5 no earlier figure to compare Readiness, n = 12 "
            "Change-readiness survey: mean of commitment and efficacy"
        ),
        "metric-retrospectives": (
            "After-action reviews and retrospectives 2 ↑ rising Before: 0 "
            "0 of 1 finished roadmap steps reviewed "
            "Retrospectives held in the last three months against the three before"
        ),
    }


HEATMAP = [
    ["Sales", "0", "0", "0", "0", "0.9", "0.5", "0", "0", "0", "4.00"],
    ["Support warning", "0", "0", "0", "1", "2.2", "6.5 saturated", "0", "0", "0", "2.00"],
    ["Team 00", "0", "0", "0", "0", "1.5", "0.5", "0", "0", "0", "–"],
    ["Team 01", "0", "0", "0", "0", "1.7", "0.9", "0", "0", "0", "–"],
    ["Team 02", "0", "0", "0", "0", "1.8", "1.2", "0", "0", "0", "–"],
    ["Team 03", "0", "0", "0", "0", "0.5", "0.5", "0", "0", "0", "–"],
    ["Team 04", "0", "0", "0", "0", "2", "1.5", "0", "0", "0", "–"],
    ["Team 05", "0", "0", "0", "0", "2.1", "1.6", "0", "0", "0", "–"],
    ["Team 06", "0", "0", "0", "0", "2.1", "1.7", "0", "0", "0", "–"],
    ["Team 07", "0", "0", "0", "0", "0.5", "0.5", "0", "0", "0", "–"],
    ["Team 08", "0", "0", "0", "0", "2.2", "1.8", "0", "0", "0", "–"],
    ["Team 09", "0", "0", "0", "0", "2.2", "1.9", "0", "0", "0", "–"],
]


def test_the_heatmap_shows_every_departments_months(org, client, settings):
    settings.LIST_PAGE_SIZE = 5
    seed(org)
    client.force_login(org.user(Role.STEERING))
    url = reverse("adoption:load", kwargs={"org": org.slug})
    pages = _pages(client, url, "heatmap")
    assert _rows(pages, HEAT) == HEATMAP
    header = [_text(cell) for cell in pages[0].xpath(f".//table[{HEAT}]/thead//th")]
    assert header == ["Department", *(_month(offset) for offset in range(-5, 4)), "Readiness"]
    support = pages[0].xpath(f".//table[{HEAT}]/tbody/tr")[1].xpath("td")
    assert support[4].get("title") == (
        "roadmap steps in progress: 1; survey waves: 0.5; new tool licences (share of people): 0.67"
    )
    assert support[5].get("title") == (
        "roadmap steps in progress: 1; use cases going live: 3; survey waves: 0.5; "
        "training (share of people): 1; new tool licences (share of people): 1"
    )
    assert support[5].get("class") == "num load load--high"
    assert support[0].get("title") == "nothing planned or recorded"
    whole = lxml.html.fromstring(client.get(url).content.decode())
    assert [_text(item) for item in whole.xpath("//div[@class='notice']//li")] == [_warning()]


def test_the_overview_card_sums_up(org, client):
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    page = client.get(reverse("overview", kwargs={"org": org.slug})).content.decode()
    card = lxml.html.fromstring(page).get_element_by_id("card-adoption").getparent()
    facts = [_text(item) for item in card.xpath(".//dl[@class='facts']/div")]
    assert facts == [
        "AI tool adoption 50.7%",
        "Ideas (3 months) 9",
        "Unresolved escalations 5",
        "Change-load warnings 1",
    ]
    assert [_text(item) for item in card.xpath(".//ul/li")] == [_warning()]


def test_the_department_page_shows_its_own_row(org, client):
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    support = org.departments["Support"]
    url = reverse("adoption:department", kwargs={"org": org.slug, "pk": support.pk})
    page = lxml.html.fromstring(client.get(url).content.decode())
    assert _rows([page], HEAT) == [HEATMAP[1]]
    parts = [_text(row) for row in page.xpath("//table[@class='table']/tbody/tr")]
    assert parts == [
        "roadmap steps in progress 0 0 0 1 1 1 0 0 0",
        "use cases going live 0 0 0 0 0 3 0 0 0",
        "survey waves 0 0 0 0 0.5 0.5 0 0 0",
        "training (share of people) 0 0 0 0 0 1 0 0 0",
        "new tool licences (share of people) 0 0 0 0 0.67 1 0 0 0",
    ]


@pytest.mark.parametrize(
    ("name", "region", "table"),
    [
        ("adoption:scorecard", "departments", "@class='table table--stack'"),
        ("adoption:load", "heatmap", HEAT),
    ],
)
def test_every_department_is_on_exactly_one_page(org, client, settings, name, region, table):
    settings.LIST_PAGE_SIZE = 5
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse(name, kwargs={"org": org.slug})
    pages = _pages(client, url, region)
    names = [row[0].removesuffix(" warning") for row in _rows(pages, table)]
    assert len(pages) == 3
    assert sorted(names) == sorted(d.name for d in Department.objects.all())
    assert len(names) == len(set(names)) == 12
    summaries = [_text(page.xpath(".//*[@data-testid='pager-summary']")[0]) for page in pages]
    assert summaries == ["Showing 1–5 of 12", "Showing 6–10 of 12", "Showing 11–12 of 12"]
    # Far beyond the last page is the last page; nonsense is the first.
    last = _pages(client, f"{url}?departments=99", region)[0]
    assert _rows([last], table) == _rows([pages[2]], table)
    assert _rows(_pages(client, f"{url}?departments=x", region)[:1], table)[0][0] == "Sales"


@pytest.mark.parametrize(
    ("name", "region"), [("adoption:scorecard", "departments"), ("adoption:load", "heatmap")]
)
def test_htmx_swaps_only_the_paged_table(org, client, settings, name, region):
    settings.LIST_PAGE_SIZE = 5
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse(name, kwargs={"org": org.slug})
    response = client.get(
        f"{url}?departments=2", headers={"HX-Request": "true", "HX-Target": region}
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div id="{region}">')
    assert "<h1" not in html and "metric" not in html and "notice" not in html
    assert "HX-Request" in response["Vary"]
    part = lxml.html.fromstring(html)
    assert _text(part.xpath(".//*[@data-testid='pager-summary']")[0]) == "Showing 6–10 of 12"
    links = part.xpath(".//nav[@class='pager']//a/@hx-get")
    assert f"{url}?departments=1" in links and f"{url}?departments=3" in links


def test_the_pager_keeps_the_other_parameters(org, client, settings):
    settings.LIST_PAGE_SIZE = 5
    seed(org)
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse("adoption:load", kwargs={"org": org.slug})
    page = lxml.html.fromstring(client.get(f"{url}?lang=de&departments=2").content.decode())
    links = page.xpath("//div[@id='heatmap']//nav[@class='pager']//a/@href")
    assert f"{url}?lang=de&departments=3" in links
    assert all(link.count("departments=") == 1 for link in links)
