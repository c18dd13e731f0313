import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from transformation.models import AuditEvent, Department, Invitation, Membership


@pytest.mark.parametrize("model", [Department, Membership, Invitation, AuditEvent])
def test_scoped_models_refuse_queries_outside_a_scope(tenants, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())


def test_scope_returns_only_the_own_organisations_rows(tenants):
    own, _other = tenants
    with scope(organisation=own.organisation):
        names = set(Department.objects.values_list("organisation__slug", flat=True))
        members = set(Membership.objects.values_list("user__email", flat=True))
    assert names == {"acme"}
    assert members and all(email.endswith("@acme.example") for email in members)


def test_overview_shows_only_the_own_organisation(tenants, client):
    own, _other = tenants
    client.force_login(own.user("coordinator"))
    response = client.get("/o/acme/")
    assert response.context["organisation"] == own.organisation
    card = dict((c.key, ctx) for c, ctx in response.context["cards"])["organisation"]
    assert card["departments"]["count"] == 2
    assert card["departments"]["headcount"] == 70
    assert card["roles"] == {"coordinator": 1, "steering": 1, "champion": 1, "employee": 1}
    assert b"Other Bakery" not in response.content


def test_department_of_another_organisation_cannot_be_chosen_as_parent(tenants, client):
    own, other = tenants
    client.force_login(own.user("coordinator"))
    foreign = other.departments["Sales"]
    response = client.post(
        "/o/acme/departments/", {"name": "Outpost", "parent": foreign.pk, "headcount": 3}
    )
    assert response.status_code == 422
    with scope(organisation=own.organisation):
        assert not Department.objects.filter(name="Outpost").exists()
