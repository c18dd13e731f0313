"""Internal case studies stay inside their organisation until shared anonymously."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from casestudies import services
from casestudies.models import CaseStudy
from tests.casestudies.builders import internal_case_study
from transformation.models import Role


@pytest.fixture
def foreign(tenants):
    """The other organisation's internal case studies: one published, one draft."""
    own, other = tenants
    with scope(organisation=other.organisation):
        published = internal_case_study(other.organisation, title="Bakery forecast pilot")
        draft = internal_case_study(
            other.organisation, title="Bakery draft pilot", status=CaseStudy.Status.DRAFT
        )
    return own, other, published, draft


def test_visible_to_leaves_out_other_organisations_internal_case_studies(foreign):
    own, _other, published, draft = foreign
    with scope(organisation=own.organisation):
        own_draft = internal_case_study(own.organisation, status=CaseStudy.Status.DRAFT)
        visible = set(CaseStudy.objects.visible_to(own.organisation, include_drafts=True))
    assert published not in visible and draft not in visible
    assert own_draft in visible
    with scope(organisation=own.organisation):
        titles = {cs.key for cs in CaseStudy.objects.visible_to(own.organisation)}
    assert {"playbook-1", "playbook-2", "playbook-3"} <= titles


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EMPLOYEE])
def test_library_page_does_not_list_other_organisations_case_studies(foreign, client, role):
    own, _other, _published, _draft = foreign
    client.force_login(own.user(role))
    response = client.get(reverse("casestudies:library", kwargs={"org": own.slug}))
    assert response.status_code == 200
    assert b"Bakery" not in response.content
    assert "Technischer" not in response.content.decode()  # English page
    assert "Technical wholesaler" in response.content.decode()


@pytest.mark.parametrize("which", ["published", "draft"])
def test_other_organisations_internal_case_study_is_a_404(foreign, client, which):
    own, _other, published, draft = foreign
    target = published if which == "published" else draft
    client.force_login(own.user(Role.COORDINATOR))
    for name in ("detail", "edit", "share", "results"):
        url = reverse(f"casestudies:{name}", kwargs={"org": own.slug, "pk": target.pk})
        assert client.get(url).status_code == 404, name


def test_own_draft_is_hidden_from_members_who_are_not_coordinators(tenant, client):
    with scope(organisation=tenant.organisation):
        draft = internal_case_study(tenant.organisation, status=CaseStudy.Status.DRAFT)
    url = reverse("casestudies:detail", kwargs={"org": tenant.slug, "pk": draft.pk})
    client.force_login(tenant.user(Role.STEERING))
    assert client.get(url).status_code == 404
    client.force_login(tenant.user(Role.COORDINATOR))
    assert client.get(url).status_code == 200


def test_shared_copy_is_visible_to_others_and_withdrawal_removes_it(foreign, client):
    own, other, published, _draft = foreign
    coordinator = other.user(Role.COORDINATOR)
    with scope(organisation=other.organisation):
        shared = services.share_case_study(case_study=published, actor=coordinator)
    client.force_login(own.user(Role.EMPLOYEE))
    url = reverse("casestudies:detail", kwargs={"org": own.slug, "pk": shared.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "From a peer organisation" in response.content.decode()
    with scope(organisation=other.organisation):
        services.withdraw_shared_case_study(case_study=published, actor=coordinator)
    assert client.get(url).status_code == 404
    with scopes_disabled():
        assert not CaseStudy.objects.filter(pk=shared.pk).exists()
        published.refresh_from_db()
    assert published.shared_copy_id is None
