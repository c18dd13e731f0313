import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from casestudies.models import CaseStudy
from tests.casestudies.builders import internal_case_study, library_case_study
from transformation.models import Role


def _library(client, tenant, role=Role.EMPLOYEE, **params):
    client.force_login(tenant.user(role))
    url = reverse("casestudies:library", kwargs={"org": tenant.slug})
    return client.get(url, params, headers=params.pop("headers", {}))


def _titles(response) -> list[str]:
    return [cs.title_en for cs in response.context["case_studies"]]


def test_library_lists_the_three_playbook_case_studies(tenant, client):
    response = _library(client, tenant)
    assert response.status_code == 200
    assert sorted(_titles(response)) == [
        "Financial services provider: compliance checks, credit decisions and an adviser assistant",
        "Special-machinery builder: AI-assisted quotations and technical documentation",
        "Technical wholesaler: AI knowledge management for product information",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "financial_services"}, ["playbook-3"]),
        ({"size_band": "100_249"}, ["playbook-1", "playbook-2"]),
        ({"size_band": "50_99"}, ["playbook-3"]),
        ({"size_band": "under_50"}, []),
        ({"area": "customer_service"}, ["playbook-2", "playbook-3"]),
        ({"area": "document_processing", "size_band": "100_249"}, ["playbook-1"]),
        ({"q": "quotations"}, ["playbook-1"]),
        ({"q": "knowledge graph"}, ["playbook-2"]),
        ({"q": "kredietaanvragen"}, ["playbook-3"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_library_filters(tenant, client, params, expected):
    response = _library(client, tenant, **params)
    assert sorted(cs.key for cs in response.context["case_studies"]) == expected


def test_library_search_stems_on_postgresql_and_matches_substrings_elsewhere(tenant, client):
    from django.db import connection

    # "Angebote" (German plural) finds the quotation case on both backends:
    # as a substring on SQLite, through the German stemmer on PostgreSQL.
    response = _library(client, tenant, q="Angebote")
    assert [cs.key for cs in response.context["case_studies"]] == ["playbook-1"]
    if connection.vendor == "postgresql":
        response = _library(client, tenant, q="searching")
        assert [cs.key for cs in response.context["case_studies"]] == ["playbook-2"]


def test_library_answers_htmx_with_the_results_only(tenant, client):
    response = _library(client, tenant, sector="manufacturing", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="case-study-results"')
    assert "<html" not in page
    assert "Special-machinery builder" in page
    assert "Technical wholesaler" not in page
    assert "HX-Request" in response["Vary"]
    full = _library(client, tenant, sector="manufacturing")
    assert "<html" in full.content.decode()
    assert "HX-Request" in full["Vary"]


def test_library_in_german_shows_german_texts(tenant, client):
    client.force_login(tenant.user(Role.EMPLOYEE))
    with translation.override("de"):
        response = client.get(
            reverse("casestudies:library", kwargs={"org": tenant.slug}),
            headers={"Accept-Language": "de"},
        )
    assert "Technischer Großhändler" in response.content.decode()


def test_library_runs_a_fixed_number_of_queries(tenant, client, django_assert_num_queries):
    client.force_login(tenant.user(Role.COORDINATOR))
    url = reverse("casestudies:library", kwargs={"org": tenant.slug})
    client.get(url)  # warm the session
    # session, user, membership; the count, case studies, their areas, their results;
    # the session save (savepoint, update, release) of SESSION_SAVE_EVERY_REQUEST.
    with django_assert_num_queries(10):
        client.get(url, headers={"HX-Request": "true"})
    with scope(organisation=tenant.organisation):
        for number in range(6):
            internal_case_study(tenant.organisation, title=f"Pilot {number}")
            library_case_study(
                title=f"Peer {number}", sector="other", employees=40, areas=("other",)
            )
    with django_assert_num_queries(10):
        response = client.get(url, headers={"HX-Request": "true"})
    assert len(response.context["case_studies"]) == 15


def test_detail_shows_every_figure_and_prints(tenant, client):
    client.force_login(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        case_study = CaseStudy.objects.visible_to(tenant.organisation).get(key="playbook-3")
    response = client.get(
        reverse("casestudies:detail", kwargs={"org": tenant.slug, "pk": case_study.pk})
    )
    page = response.content.decode()
    for text in (
        "€210,000",
        "18 months",
        "80 employees",
        "−58%",
        "−70%",
        "1.2",
        "+55.6%",
        "Annex III point 5(b)",
        "Clearly communicated split of roles",
    ):
        assert text in page, text
    assert 'class="no-print"' in page
    assert "Manage this case study" not in page  # shipped case studies are not editable


def test_print_stylesheet_hides_the_shell():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    section = css[css.index("/* casestudies */") :]
    assert "@media print" in section
    assert ".site-header" in section.split("@media print", 1)[1]


def test_overview_shows_the_case_study_card(tenant, client):
    client.force_login(tenant.user(Role.EMPLOYEE))
    page = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()
    assert 'id="card-casestudies"' in page
    nav = page.split("<nav", 1)[1]
    assert f"/o/{tenant.slug}/case-studies/" in nav
