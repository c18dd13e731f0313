"""The idea box: submit, support, triage with reasons, and one step into the use-case register."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from adoption import services
from adoption.models import Idea, IdeaSupport
from governance.models import UseCase
from tests.adoption import builders
from transformation.models import AuditEvent, Role


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def test_named_idea_is_audited_under_its_author(org, client):
    client.force_login(org.user(Role.EMPLOYEE))
    response = client.post(
        reverse("adoption:idea_create", kwargs={"org": org.slug}),
        {"title": "Pick lists by shelf order", "department": org.departments["Sales"].pk},
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.author, idea.anonymous, idea.status) == (org.user(Role.EMPLOYEE), False, "new")
    event = AuditEvent.objects.get(action="idea.submitted")
    assert event.actor == org.user(Role.EMPLOYEE) and event.target_id == str(idea.pk)
    page = client.get(reverse("adoption:ideas", kwargs={"org": org.slug})).content.decode()
    assert "Your named ideas" in page and org.user(Role.EMPLOYEE).full_name in page


def test_an_empty_title_is_refused_in_the_users_language(org, client):
    client.force_login(org.user(Role.EMPLOYEE))
    response = client.post(
        reverse("adoption:idea_create", kwargs={"org": org.slug}),
        {"title": "  "},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Idea.objects.exists()


def test_support_once_not_for_ones_own_named_idea(org):
    author = org.members[Role.EMPLOYEE]
    idea = builders.idea(org.organisation, author=author.user)
    with translation.override("en"), pytest.raises(ValidationError, match="your own idea"):
        services.support_idea(idea=idea, member=author)
    coordinator = org.members[Role.COORDINATOR]
    services.support_idea(idea=idea, member=coordinator)
    services.support_idea(idea=idea, member=coordinator)
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    services.withdraw_support(idea=idea, member=coordinator)
    assert not IdeaSupport.objects.exists()
    # Supports are votes, not audited changes (see test_anonymity).
    assert list(
        AuditEvent.objects.filter(target_id=str(idea.pk)).values_list("action", flat=True)
    ) == ["idea.submitted"]


def test_support_with_htmx_swaps_the_button_and_without_js_redirects(org, client):
    idea = builders.idea(org.organisation)
    url = reverse("adoption:idea_support", kwargs={"org": org.slug, "pk": idea.pk})
    client.force_login(org.user(Role.STEERING))
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div class="support"')
    assert "1 supporter" in fragment and "Withdraw my support" in fragment
    response = client.post(url, {"withdraw": "1", "next": "list"})
    assert response.status_code == 302
    assert response["Location"] == reverse("adoption:ideas", kwargs={"org": org.slug})
    assert not IdeaSupport.objects.exists()


def test_declining_needs_a_reason_that_everyone_reads(org, client):
    idea = builders.idea(org.organisation, author=org.user(Role.EMPLOYEE), title="Rate drivers")
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse("adoption:idea_triage", kwargs={"org": org.slug, "pk": idea.pk})
    response = client.post(url, {"status": "declined", "reason": ""})
    assert response.status_code == 422
    assert "Give the reason for declining the idea." in response.content.decode()
    client.post(url, {"status": "declined", "reason": "That would monitor individuals."})
    idea.refresh_from_db()
    assert (idea.status, idea.decline_reason) == ("declined", "That would monitor individuals.")
    assert idea.decided_on is not None
    client.force_login(org.user(Role.EMPLOYEE))
    for page in ("adoption:ideas", "adoption:idea"):
        kwargs = {"org": org.slug} | ({"pk": idea.pk} if page == "adoption:idea" else {})
        assert (
            "That would monitor individuals."
            in client.get(reverse(page, kwargs=kwargs)).content.decode()
        )


def test_turning_an_idea_into_a_use_case_uses_the_register(org, client):
    idea = builders.idea(
        org.organisation,
        title="Match delivery notes",
        description="Scan and match",
        department=org.departments["Sales"],
    )
    client.force_login(org.user(Role.COORDINATOR))
    url = reverse("adoption:idea_use_case", kwargs={"org": org.slug, "pk": idea.pk})
    form = client.get(url).content.decode()
    assert 'value="Match delivery notes"' in form
    response = client.post(
        url,
        {
            "title": "Match delivery notes",
            "description": "Scan and match",
            "department": org.departments["Sales"].pk,
            "application_area": "document_processing",
        },
    )
    use_case = UseCase.objects.get()
    assert response["Location"] == use_case.get_absolute_url()
    assert (use_case.state, use_case.department, use_case.created_by) == (
        "idea",
        org.departments["Sales"],
        org.user(Role.COORDINATOR),
    )
    idea.refresh_from_db()
    assert (idea.status, idea.use_case) == ("use_case", use_case)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"use_case.created", "idea.turned_into_use_case"} <= actions
    # A second time is refused with a message, and nothing is created.
    again = client.get(url)
    assert again.status_code == 302
    with pytest.raises(ValidationError):
        services.turn_idea_into_use_case(
            idea=idea, actor=org.user(Role.COORDINATOR), values={"title": "x"}
        )
    assert UseCase.objects.count() == 1


def test_an_invalid_use_case_rolls_the_idea_back(org):
    idea = builders.idea(org.organisation)
    with pytest.raises(ValidationError):
        services.turn_idea_into_use_case(
            idea=idea,
            actor=org.user(Role.COORDINATOR),
            values={"title": "No area", "application_area": "astrology"},
        )
    idea.refresh_from_db()
    assert idea.status == "new" and not UseCase.objects.exists()


def test_ideas_per_department_and_quarter(org, client):
    sales = org.departments["Sales"]
    accepted = builders.idea(org.organisation, title="A", department=sales)
    declined = builders.idea(org.organisation, title="B", department=sales)
    builders.idea(org.organisation, title="C", department=sales)
    coordinator = org.user(Role.COORDINATOR)
    services.triage_idea(idea=accepted, actor=coordinator, status="accepted")
    services.triage_idea(idea=declined, actor=coordinator, status="declined", reason="No")
    client.force_login(coordinator)
    page = client.get(reverse("adoption:ideas", kwargs={"org": org.slug})).content.decode()
    table = page[page.index("Ideas per department and quarter") :]
    sales_row = table[table.index('<th scope="row">Sales</th>') :].split("</tr>")[0]
    # Three ideas this quarter; one of the two decided was accepted.
    assert "3 <span" in sales_row and "50%" in sales_row
