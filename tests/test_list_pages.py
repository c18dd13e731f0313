"""Every list that grows with the organisation pages, searches and stays in its tenant.

Each case below seeds rows named "Walrus 01"… in the organisation under test
and rows that match the same searches in the other organisation first, then
reads the list as a person would: the pager's figures, the rows of each page,
the search, the htmx partial and page numbers that make no sense.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from adoption import services as adoption
from assessments.models import Action
from governance import services as governance
from governance.models import ApprovalRequest, ApprovalStatus, UseCase
from governance.services import incidents
from tests.assessments.factories import install, open_wave
from tests.casestudies.builders import internal_case_study
from tests.conftest import Tenant
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from tests.governance.factories import UseCaseFactory
from tests.roi.factories import cost
from transformation import services as transformation
from transformation.lists import page_number
from transformation.models import Role

PAGE_SIZE = 5
WALRUSES = [f"Walrus {n:02d}" for n in range(1, 13)]  # 12 rows: pages of 5, 5 and 2


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def _url(tenant: Tenant, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": tenant.slug, **kwargs})


# Each seeder creates one row per label in the tenant (inside its scope) and
# returns the address of the list that shows them.


def seed_use_cases(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        UseCaseFactory(organisation=tenant.organisation, title=label)
    return _url(tenant, "governance:usecases")


def seed_members(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        user = UserFactory(email=f"{_slug(label)}@{tenant.slug}.example", full_name=label)
        MembershipFactory(organisation=tenant.organisation, user=user)
    return _url(tenant, "members")


def seed_stakeholders(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        transformation.save_stakeholder(
            organisation=tenant.organisation,
            actor=None,
            values={
                "name": label,
                "kind": "group",
                "influence": 2,
                "interest": 5,
                "attitude": "sceptic",
            },
        )
    return _url(tenant, "stakeholders")


def seed_audit(tenant: Tenant, labels: list[str]) -> str:
    seed_stakeholders(tenant, labels)  # one "stakeholder added" event each
    return _url(tenant, "governance:audit")


def seed_actions(tenant: Tenant, labels: list[str]) -> str:
    wave = open_wave(tenant.organisation, install(tenant.organisation)["pulse"])
    for label in labels:
        Action.objects.create(
            organisation=tenant.organisation,
            wave=wave,
            scale_key="ai-sentiment",
            finding="A finding",
            title=label,
            owner=tenant.user(Role.CHAMPION),
            due_date=timezone.localdate(),
        )
    return _url(tenant, "assessments:actions")


def seed_training_offers(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        governance.save_training_offer(
            organisation=tenant.organisation,
            actor=None,
            values={"title": label, "audience": "end_users", "validity_months": 12},
        )
    return _url(tenant, "governance:training")


def seed_attendances(tenant: Tenant, labels: list[str]) -> str:
    offer = governance.save_training_offer(
        organisation=tenant.organisation,
        actor=None,
        values={"title": "AI basics", "audience": "end_users", "validity_months": 12},
    )
    session = governance.add_training_session(offer=offer, actor=None, held_on=dt.date(2026, 6, 1))
    members = []
    for label in labels:
        user = UserFactory(email=f"{_slug(label)}@{tenant.slug}.example", full_name=label)
        members.append(MembershipFactory(organisation=tenant.organisation, user=user))
    governance.record_attendance(session=session, actor=None, members=members)
    return _url(tenant, "governance:training_session", pk=session.pk)


def seed_case_studies(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        internal_case_study(tenant.organisation, title=label)
    return _url(tenant, "casestudies:library")


def seed_value_cases(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        cost(UseCaseFactory(organisation=tenant.organisation, title=label), "technology", "1000")
    return _url(tenant, "roi:programme")


def seed_roadmap(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        DepartmentFactory(organisation=tenant.organisation, name=label)
    transformation.create_programme(
        organisation=tenant.organisation,
        actor=None,
        name="Wave 1",
        start_date=dt.date(2026, 1, 5),
        target_end=dt.date(2027, 6, 28),
    )
    return _url(tenant, "roadmap")


def seed_departments(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        DepartmentFactory(organisation=tenant.organisation, name=label)
    return _url(tenant, "departments")


def seed_incidents(tenant: Tenant, labels: list[str]) -> str:
    use_case = UseCaseFactory(organisation=tenant.organisation, title="Scoring assistant")
    for label in labels:
        incidents.record_incident(
            use_case=use_case,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "title": label,
                "description": "Something went wrong.",
                "occurred_at": None,
                "aware_at": timezone.now(),
                "affected_people": "",
                "affected_count": None,
                "severity": "high",
                "serious_harm": "",
                "death": False,
                "widespread_infringement": False,
                "breach_risk": "none",
            },
        )
    return _url(tenant, "governance:incidents")


def seed_decided_approvals(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        use_case = UseCaseFactory(organisation=tenant.organisation, title=label)
        governance.classify_use_case(use_case=use_case, actor=None, answers={})
        request = governance.request_approval(use_case=use_case, actor=None, target_state="pilot")
        ApprovalRequest.objects.filter(pk=request.pk).update(status=ApprovalStatus.REJECTED)
    return _url(tenant, "governance:approvals")


def seed_ideas(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        adoption.submit_idea(organisation=tenant.organisation, author=None, title=label)
    return _url(tenant, "adoption:ideas")


def seed_escalations(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        adoption.record_escalation(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={"title": label, "category": "job_loss", "status": "open"},
        )
    return _url(tenant, "adoption:escalations")


def seed_communication(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        transformation.save_communication_item(
            organisation=tenant.organisation,
            actor=None,
            values={
                "audience": "Everyone",
                "message": label,
                "channel": "intranet",
                "planned_on": dt.date(2026, 3, 2),
            },
        )
    return _url(tenant, "communication")


def seed_role_assignments(tenant: Tenant, labels: list[str]) -> str:
    for label in labels:
        governance.save_role_assignment(
            organisation=tenant.organisation,
            actor=None,
            values={
                "kind": "data_steward",
                "external_name": label,
                "share_percent": 10,
                "starts_on": dt.date(2026, 1, 5),
            },
        )
    return _url(tenant, "governance:roles")


@dataclass(frozen=True)
class ListCase:
    name: str
    seed: Callable[[Tenant, list[str]], str]
    key: str  # the Listing in the template context
    target: str  # the id of the region htmx swaps
    role: str = Role.COORDINATOR
    params: dict[str, str] = field(default_factory=dict)  # filters that stay on


CASES = [
    ListCase("use cases", seed_use_cases, "use_cases", "register"),
    ListCase("members", seed_members, "members", "people"),
    ListCase("stakeholders", seed_stakeholders, "rows", "stakeholder-list"),
    ListCase("audit trail", seed_audit, "listing", "events"),
    ListCase("survey actions", seed_actions, "listing", "action-list"),
    ListCase("training offers", seed_training_offers, "offers", "offers"),
    ListCase("training records", seed_attendances, "attendances", "attendances"),
    ListCase("case studies", seed_case_studies, "case_studies", "case-study-results"),
    ListCase("value cases", seed_value_cases, "rows", "use-cases"),
    ListCase("roadmap, all steps", seed_roadmap, "departments", "matrix", params={"steps": "on"}),
    ListCase("departments", seed_departments, "departments", "department-list"),
    ListCase("incidents", seed_incidents, "listing", "incident-list"),
    ListCase("decided approvals", seed_decided_approvals, "decided", "approval-list"),
    ListCase("ideas", seed_ideas, "ideas", "idea-list", role=Role.EMPLOYEE),
    ListCase("escalations", seed_escalations, "escalations", "log", params={"status": "open"}),
    ListCase("communication plan", seed_communication, "items", "plan"),
    ListCase("role assignments", seed_role_assignments, "assignments", "assignments"),
]


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.LIST_PAGE_SIZE = PAGE_SIZE


@pytest.fixture
def seeded(request, tenants, client_for):
    """The case's list, with walruses and quokkas here and quokkas (and walruses) next door."""
    case: ListCase = request.param
    own, other = tenants
    with scope(organisation=other.organisation):
        case.seed(other, ["Quokka Elsewhere 1", "Quokka Elsewhere 2", "Walrus 99"])
    with scope(organisation=own.organisation):
        url = case.seed(own, [*WALRUSES, "Quokka Here 1", "Quokka Here 2"])
    client = client_for(own.user(case.role))

    def get(htmx: bool = False, **params):
        headers = {"HX-Request": "true", "HX-Target": case.target} if htmx else {}
        response = client.get(url, {**case.params, **params}, headers=headers)
        assert response.status_code == 200, response.content[:500]
        return response

    return case, get


def _summary(html: str) -> str:
    match = re.search(r'data-testid="pager-summary">([^<]*)<', html)
    return match.group(1) if match else ""


def _labels(html: str, prefix: str = "Walrus") -> set[str]:
    return set(re.findall(rf"{prefix} [\w ]*?\d+\b", html))


cases = pytest.mark.parametrize("seeded", CASES, ids=[c.name for c in CASES], indirect=True)


@cases
def test_pages_show_the_rows_in_turn_with_the_total(seeded):
    case, get = seeded
    pages = []
    for number, summary in (
        (1, "Showing 1–5 of 12"),
        (2, "Showing 6–10 of 12"),
        (3, "Showing 11–12 of 12"),
    ):
        response = get(htmx=True, q="walrus", page=str(number))
        html = response.content.decode()
        assert _summary(html) == summary
        assert response.context[case.key].page.number == number
        pages.append(_labels(html))
    assert [len(page) for page in pages] == [5, 5, 2]
    assert set.union(*pages) == set(WALRUSES)  # each once, none from next door


@cases
def test_first_page_counts_every_row_of_the_organisation(seeded):
    case, get = seeded
    listing = get().context[case.key]
    assert len(listing) == PAGE_SIZE
    assert listing.page.number == 1
    assert listing.total >= len(WALRUSES) + 2


@cases
def test_search_finds_only_this_organisations_matching_rows(seeded):
    _case, get = seeded
    response = get(htmx=True, q="QUOKKA")
    html = response.content.decode()
    assert _summary(html) == "Showing 1–2 of 2"
    assert _labels(html, "Quokka") == {"Quokka Here 1", "Quokka Here 2"}
    assert "Elsewhere" not in html
    assert "Walrus" not in html


@cases
def test_htmx_gets_the_list_alone_and_plain_get_the_whole_page(seeded):
    case, get = seeded
    partial = get(htmx=True).content.decode()
    assert partial.lstrip().startswith(f'<div id="{case.target}"') or (
        f'id="{case.target}"' in partial.split(">", 1)[0]
    )
    assert "<html" not in partial
    page = get().content.decode()
    assert "<html" in page
    assert 'name="q"' in page
    assert _summary(page).startswith("Showing 1–5 of ")


@cases
@pytest.mark.parametrize(
    ("asked", "shown"),
    [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("2.5", 1), ("١", 1), (str(10**30), 3), ("3", 3)],
)
def test_a_page_that_does_not_exist_falls_back_to_the_first_or_last(seeded, asked, shown):
    case, get = seeded
    response = get(q="walrus", page=asked)
    assert response.context[case.key].page.number == shown


@cases
def test_pager_links_keep_the_search_and_the_filters(seeded):
    case, get = seeded
    html = get(htmx=True, q="walrus", page="2").content.decode()
    links = re.findall(r'href="([^"]*page=\d+[^"]*)"', html)
    assert links
    for link in links:
        assert "q=walrus" in link
        for name, value in case.params.items():
            assert f"{name}={value}" in link


def test_page_number_is_clamped_and_ignores_nonsense():
    assert page_number(None, 4) == 1
    assert page_number(" 2 ", 4) == 2
    assert page_number("4" * 40, 4) == 4
    assert page_number("+2", 4) == 1
    assert page_number("²", 4) == 1


def test_use_case_filters_work_together_with_search_and_pager(tenants, client_for, settings):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    own, other = tenants
    with scope(organisation=other.organisation):
        UseCaseFactory(organisation=other.organisation, title="Walrus next door", state="idea")
    with scope(organisation=own.organisation):
        for label in WALRUSES:
            UseCaseFactory(organisation=own.organisation, title=label, state="idea")
        UseCaseFactory(organisation=own.organisation, title="Walrus retired", state="retired")
    client = client_for(own.user(Role.STEERING))
    url = _url(own, "governance:usecases")
    response = client.get(url, {"state": "idea", "q": "walrus", "page": "3"})
    html = response.content.decode()
    assert _summary(html) == "Showing 11–12 of 12"
    assert "Walrus retired" not in html
    assert "next door" not in html
    assert f"{url}?state=idea&amp;q=walrus&amp;page=2" in html


def test_pager_figures_are_in_the_readers_language(tenant, client_for, settings):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    with scope(organisation=tenant.organisation):
        UseCase.objects.bulk_create(
            UseCaseFactory.build_batch(1234, organisation=tenant.organisation)
        )
    client = client_for(tenant.user(Role.STEERING))
    url = _url(tenant, "governance:usecases")
    response = client.get(url, {"page": "200"}, headers={"Accept-Language": "de"})
    html = response.content.decode()
    assert _summary(html) == "996–1.000 von 1.234"
    assert ">247<" in html  # the last page's link


@pytest.mark.parametrize(
    ("seed", "key", "export", "column"),
    [
        (seed_audit, "listing", "governance:audit_export", 5),  # the object's label
        (seed_stakeholders, "rows", "stakeholders_export", 0),  # the name
        (seed_attendances, "attendances", "governance:training_export", 0),  # the person
    ],
    ids=["audit trail", "stakeholders", "training records"],
)
def test_csv_export_holds_every_row_not_the_page(
    tenants, client_for, settings, seed, key, export, column
):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    own, other = tenants
    with scope(organisation=other.organisation):
        seed(other, ["Walrus 99"])
    with scope(organisation=own.organisation):
        page_url = seed(own, WALRUSES)
    client = client_for(own.user(Role.COORDINATOR))
    assert len(client.get(page_url, {"q": "walrus", "page": "2"}).context[key]) == PAGE_SIZE
    response = client.get(_url(own, export), {"q": "walrus", "page": "2"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert sorted(row[column] for row in rows if row[column].startswith("Walrus")) == WALRUSES


@cases
def test_control_characters_in_the_search_are_ignored(seeded):
    _case, get = seeded
    html = get(htmx=True, q="walrus\x00\x1b").content.decode()
    assert _summary(html) == "Showing 1–5 of 12"


# Seeders that add a new parent (a session, a programme) on each call are left out:
# their second call would not grow the first list.
GROWING = [case for case in CASES if case.name not in {"training records", "roadmap, all steps"}]


@pytest.mark.parametrize("case", GROWING, ids=[c.name for c in GROWING])
def test_a_page_costs_the_same_queries_for_few_rows_and_many(
    case, tenants, client_for, django_assert_num_queries
):
    own, _other = tenants
    with scope(organisation=own.organisation):
        url = case.seed(own, ["Walrus 01", "Walrus 02"])
    client = client_for(own.user(case.role))
    client.get(url, case.params)  # the session settles
    with CaptureQueriesContext(connection) as few:
        client.get(url, case.params)
    with scope(organisation=own.organisation):
        case.seed(own, WALRUSES[2:])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, case.params)


def test_stakeholder_search_redraws_map_and_list_and_the_pager_the_list_alone(
    tenants, client_for, settings
):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    own, other = tenants
    with scope(organisation=other.organisation):
        seed_stakeholders(other, ["Quokka Elsewhere 1"])
    with scope(organisation=own.organisation):
        url = seed_stakeholders(own, [*WALRUSES, "Quokka Here 1"])
    client = client_for(own.user(Role.COORDINATOR))
    searched = client.get(
        url, {"q": "quokka"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = searched.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<svg" in html  # the map, drawn from the matches only
    assert _labels(html, "Quokka") == {"Quokka Here 1"}
    paged = client.get(
        url, {"page": "2"}, headers={"HX-Request": "true", "HX-Target": "stakeholder-list"}
    ).content.decode()
    assert paged.lstrip().startswith('<div id="stakeholder-list">')
    assert "<svg" not in paged
    assert _summary(paged) == "Showing 6–10 of 13"


def test_audit_export_link_follows_an_htmx_search(tenant, client_for):
    with scope(organisation=tenant.organisation):
        seed_stakeholders(tenant, ["Walrus 01"])
    client = client_for(tenant.user(Role.COORDINATOR))
    html = client.get(
        _url(tenant, "governance:audit"), {"q": "walrus"}, headers={"HX-Request": "true"}
    ).content.decode()
    export = _url(tenant, "governance:audit_export")
    assert f'id="audit-export" class="button" href="{export}?q=walrus" hx-swap-oob="true"' in html
