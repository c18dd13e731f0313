"""A member's label (person · organisation · role) costs no query per member to render."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import translation
from django_scopes import scope, scopes_disabled

from governance.forms import AttendanceForm, RaciForm
from tests.factories import MembershipFactory
from transformation.models import Membership


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _more_members(tenant, n):
    with scope(organisation=tenant.organisation):
        for _ in range(n):
            MembershipFactory(organisation=tenant.organisation)


def test_membership_label_names_the_person_the_organisation_and_the_role(tenant):
    with scope(organisation=tenant.organisation):
        member = Membership.objects.get(pk=tenant.members["coordinator"].pk)
        assert str(member) == "Coordinator Acme Wholesale · Acme Wholesale · AI coordinator"
    with scopes_disabled():  # outside a tenant's scope (admin, shell) it reads the organisation
        member = Membership.objects.get(pk=tenant.members["coordinator"].pk)
        assert str(member) == "Coordinator Acme Wholesale · Acme Wholesale · AI coordinator"


def test_membership_labels_in_the_organisations_scope_read_no_organisation(
    tenant, django_assert_num_queries
):
    _more_members(tenant, 3)
    with scope(organisation=tenant.organisation):
        members = list(Membership.objects.select_related("user"))
        with django_assert_num_queries(0):
            labels = [str(member) for member in members]
    assert len(labels) == 7 and all(" · Acme Wholesale · " in label for label in labels)


@pytest.mark.parametrize("form_class", [RaciForm, AttendanceForm])
def test_member_choices_cost_the_same_for_any_number_of_members(
    tenant, other_tenant, form_class, django_assert_num_queries
):
    def render():
        with scope(organisation=tenant.organisation):
            form = form_class()
            with django_assert_num_queries(1):
                return str(form)

    few = render()
    _more_members(tenant, 5)
    many = render()
    assert few.count(" · Acme Wholesale · ") == 4
    assert many.count(" · Acme Wholesale · ") == 9
    assert "Coordinator Acme Wholesale · Acme Wholesale · AI coordinator" in many
    assert "Other Bakery" not in many


def test_membership_admin_lists_labels_without_a_query_per_member(
    tenant, other_tenant, django_assert_num_queries
):
    _more_members(tenant, 3)
    admin = site._registry[Membership]
    request = RequestFactory().get("/admin/transformation/membership/")
    with scopes_disabled():
        members = list(admin.get_queryset(request))
        with django_assert_num_queries(0):
            labels = [str(member) for member in members]
    assert len(labels) == 11
    assert sum(" · Other Bakery · " in label for label in labels) == 4
