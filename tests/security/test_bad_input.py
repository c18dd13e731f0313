"""Bad input gets a clear message in the user's language, never a 500, and saves nothing half.

Each case was found by throwing odd input at the running product (issue 13).
"""

import json

from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from assessments.models import Instrument
from transformation import services
from transformation.models import BoardReport, Department, Invitation, Programme, Role, Stakeholder


def _url(name, tenant, **kwargs):
    return reverse(name, kwargs={"org": tenant.slug, **kwargs})


def _stakeholder(tenant, name):
    with scope(organisation=tenant.organisation):
        return services.save_stakeholder(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "name": name,
                "kind": "group",
                "influence": 2,
                "interest": 5,
                "attitude": "sceptic",
            },
        )


STAKEHOLDER = {"kind": "group", "influence": 2, "interest": 5, "attitude": "neutral"}


def test_renaming_a_stakeholder_to_an_existing_name_is_a_form_error(tenants, client_for):
    tenant, other = tenants
    _stakeholder(other, "Works council")  # the same name elsewhere is no conflict
    _stakeholder(tenant, "Works council")
    warehouse = _stakeholder(tenant, "Warehouse team")
    client = client_for(tenant.user(Role.COORDINATOR))

    for name in ("Works council", "works council"):
        response = client.post(
            _url("stakeholder_edit", tenant, pk=warehouse.pk), {**STAKEHOLDER, "name": name}
        )
        assert response.status_code == 422
        assert "A stakeholder with this name already exists." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert Stakeholder.objects.get(pk=warehouse.pk).name == "Warehouse team"
    created = client.post(_url("stakeholder_new", tenant), {**STAKEHOLDER, "name": "Works council"})
    assert created.status_code == 422
    with scope(organisation=tenant.organisation):
        assert Stakeholder.objects.filter(name__iexact="works council").count() == 1
    # The other organisation's stakeholder of that name does not stop this one's rename.
    renamed = client.post(
        _url("stakeholder_edit", tenant, pk=warehouse.pk), {**STAKEHOLDER, "name": "Logistics"}
    )
    assert renamed.status_code == 302


def test_adding_or_renaming_a_department_to_an_existing_name_is_a_form_error(tenants, client_for):
    tenant, other = tenants
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = "de"

    added = client.post(_url("departments", tenant), {"name": "Sales", "headcount": 3})
    added_lower = client.post(_url("departments", tenant), {"name": "sales", "headcount": 3})
    renamed = client.post(
        _url("department_edit", tenant, pk=tenant.departments["Support"].pk),
        {"name": "Sales", "headcount": 30},
    )

    for response in (added, added_lower, renamed):
        assert response.status_code == 422
        assert "Eine Abteilung mit diesem Namen gibt es schon." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert sorted(Department.objects.values_list("name", flat=True)) == ["Sales", "Support"]
    # The check looks only at this organisation: the other one adds a name this one has.
    with scope(organisation=tenant.organisation):
        Department.objects.create(organisation=tenant.organisation, name="Marketing")
    other_client = client_for(other.user(Role.COORDINATOR))
    response = other_client.post(_url("departments", other), {"name": "Marketing", "headcount": 4})
    assert response.status_code == 302


def test_a_programme_ending_in_the_year_9999_is_refused_and_the_timeline_still_draws(
    tenant, client_for
):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("programme_new", tenant),
        {
            "name": "Forever",
            "start_date": "2027-01-04",
            "target_end": "9999-12-31",
            "organisation_model": "federal",
            "status": "active",
        },
    )
    assert response.status_code == 422
    assert "Enter a date between 2000 and 2100." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Programme.objects.filter(name="Forever").exists()
    assert client.get(_url("roadmap_timeline", tenant)).status_code == 200


def test_a_report_period_over_the_whole_calendar_is_refused_not_failed_three_times(
    tenant, client_for
):
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = "nl"
    response = client.post(
        _url("board_report_request", tenant),
        {
            "period_start": "0001-01-01",
            "period_end": "9999-12-31",
            "language": "en",
            "sections": ["roadmap"],
        },
    )
    assert response.status_code == 422
    assert "Kies een datum tussen 2000 en 2100." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not BoardReport.objects.exists()


def test_deeply_nested_instrument_json_is_refused_with_a_message(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    nested = "[" * 100_000 + "]" * 100_000
    response = client.post(
        reverse("assessments:instrument_import", kwargs={"org": tenant.slug}),
        {"definition": nested},
    )
    assert response.status_code == 422
    assert "nested too deeply" in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Instrument.objects.filter(organisation=tenant.organisation).exists()
    json.loads("[" * 10 + "]" * 10)  # ordinary nesting stays fine


def test_an_invitation_accepted_in_a_second_tab_meanwhile_gets_the_used_link_page(
    tenant, client, monkeypatch
):
    with scope(organisation=tenant.organisation):
        invitation, token = services.invite_member(
            organisation=tenant.organisation,
            email="new.person@acme.example",
            role=Role.EMPLOYEE,
            department=None,
            invited_by=tenant.user(Role.COORDINATOR),
        )
    # Both tabs loaded the open invitation; the first one's accept lands while the
    # second's request is between its checks and the service call.
    accept = services.accept_invitation

    def first_tab_wins(**kwargs):
        with translation.override("en"):
            accept(invitation=invitation, full_name="First", password="x-Long-Pass-2026")
        return accept(**kwargs)

    monkeypatch.setattr(services, "accept_invitation", first_tab_wins)

    response = client.post(
        reverse("invitation_accept", kwargs={"token": token}),
        {"full_name": "Second", "password1": "x-Long-Pass-2026", "password2": "x-Long-Pass-2026"},
    )

    assert response.status_code == 410
    with scopes_disabled():
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
        assert tenant.organisation.memberships.filter(user__full_name="Second").count() == 0
