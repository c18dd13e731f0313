"""The 500s the generated input found (tests/fuzz/test_forms.py), each pinned by one example."""

from django.urls import reverse
from django_scopes import scope

from governance.models import UseCase
from tests.casestudies.builders import internal_case_study
from tests.governance.urlcases import _new_use_case
from tests.transformation.urlcases import _support_progress
from transformation.forms import parse_id
from transformation.models import Role, StepProgress

HUGE = "9" * 25


def _url(name, tenant, **kwargs):
    return reverse(name, kwargs={"org": tenant.slug, **kwargs})


def test_parse_id_ignores_what_no_id_column_holds():
    assert parse_id("42") == 42
    assert parse_id(" 7 ") == 7
    for text in ("", None, "²", "١٢٣", "-1", "1.0", HUGE, "9223372036854775808"):
        assert parse_id(text) is None


def test_query_ids_no_column_holds_are_ignored(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    for value in ("²", HUGE):
        escalations = client.get(_url("adoption:escalations", tenant), {"department": value})
        assert escalations.status_code == 200
        timeline = client.get(_url("roadmap_timeline", tenant), {"programme": value})
        assert timeline.status_code == 200
        scorecard = client.get(_url("adoption:scorecard", tenant), {"department": value})
        assert scorecard.status_code == 200


def test_a_wave_for_a_department_id_beyond_64_bits_is_a_form_error(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("assessments:wave_create", tenant),
        {"title": "Pulse", "mode": "personal", "departments": HUGE},
    )
    assert response.status_code == 422
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in (
        response.content.decode()
    )


def test_a_use_case_without_its_creator_stays_editable(tenant, client_for):
    with scope(organisation=tenant.organisation):
        use_case = _new_use_case(tenant.organisation)  # created by the system: no creator
    client = client_for(tenant.user(Role.COORDINATOR))
    page = client.get(_url("governance:usecase_edit", tenant, pk=use_case.pk))
    assert page.status_code == 200
    response = client.post(
        _url("governance:usecase_edit", tenant, pk=use_case.pk),
        {
            "title": "Support chatbot, second try",
            "department": tenant.departments["Support"].pk,
            "application_area": "customer_service",
            **dict.fromkeys(
                (
                    "efficiency_potential",
                    "complexity_reduction",
                    "strategic_relevance",
                    "data_readiness",
                    "implementation_risk",
                ),
                "3",
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get(pk=use_case.pk).title == "Support chatbot, second try"


def test_a_step_finished_in_the_year_9999_is_refused_and_the_timeline_still_draws(
    tenant, client_for
):
    with scope(organisation=tenant.organisation):
        pk = _support_progress(tenant.organisation)["pk"]
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = "de"
    response = client.post(
        _url("roadmap_step_update", tenant, pk=pk),
        {"status": "done", "actual_start": "2026-06-01", "actual_end": "9999-12-31"},
    )
    assert response.status_code == 422
    assert "Geben Sie ein Datum zwischen 2000 und 2100 ein." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert StepProgress.objects.get(pk=pk).actual_end is None
    assert client.get(_url("roadmap_timeline", tenant)).status_code == 200


def test_an_audit_filter_from_year_1_is_a_form_error_not_a_500(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.get(_url("governance:audit", tenant), {"since": "0001-01-01"})
    assert response.status_code == 200
    assert "Enter a date between 2000 and 2100." in response.content.decode()


def test_a_case_study_with_more_employees_than_any_company_is_a_form_error(tenant, client_for):
    with scope(organisation=tenant.organisation):
        case_study = internal_case_study(tenant.organisation, title="Pilot")
    client = client_for(tenant.user(Role.COORDINATOR))
    page = client.get(_url("casestudies:edit", tenant, pk=case_study.pk))
    assert page.status_code == 200
    body = {
        "title": "Pilot",
        "situation": "By hand.",
        "sector": "wholesale_retail",
        "employee_count": HUGE,
        "areas": ["customer_service"],
    }
    response = client.post(_url("casestudies:edit", tenant, pk=case_study.pk), body)
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 10000000." in response.content.decode()
