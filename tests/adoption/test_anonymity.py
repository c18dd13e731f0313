"""An anonymous idea cannot be traced to the person who submitted it.

The attacker is the coordinator (every page, export and the audit trail)
or someone with a copy of the database. They know who was logged in and
when; they must still not be able to tell which member submitted the idea.
"""

import re
import uuid

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from adoption.models import Idea, IdeaSupport
from tests.adoption import builders
from transformation.models import AuditEvent, BoardReport, Role
from transformation.services.reports import render_board_report_html

SECRET_TITLE = "Badge reader logs in the canteen should go"


def _all_rows() -> dict[str, set]:
    """Primary keys of every row of every table, to see what a request wrote."""
    with scopes_disabled():
        return {
            model._meta.label: set(model._base_manager.values_list("pk", flat=True))
            for model in apps.get_models()
        }


def _submit_anonymously(client, tenant, title=SECRET_TITLE):
    response = client.post(
        reverse("adoption:idea_create", kwargs={"org": tenant.slug}),
        {
            "title": title,
            "description": "Nobody needs to know when I eat.",
            "department": tenant.departments["Support"].pk,
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    return response


@pytest.fixture
def submitted(tenants, client):
    own, _other = tenants
    author = own.user(Role.EMPLOYEE)
    with scope(organisation=own.organisation):
        # Data that could leak: a named idea of another member and earlier audit rows.
        builders.idea(own.organisation, author=own.user(Role.CHAMPION), title="Named idea")
    client.force_login(author)
    before = _all_rows()
    audit_before = set(AuditEvent.objects.model._base_manager.values_list("pk", flat=True))
    _submit_anonymously(client, own)
    after = _all_rows()
    with scope(organisation=own.organisation):
        idea = Idea.objects.get(title=SECRET_TITLE)
    return own, author, idea, before, after, audit_before


def _identifiers(tenant, user):
    membership = tenant.members[Role.EMPLOYEE]
    return {user.email, user.full_name, str(user.pk), str(membership.pk)}


def test_the_request_writes_nothing_but_the_idea(submitted):
    _own, _author, idea, before, after, audit_before = submitted
    new = {label: after[label] - before[label] for label in after if after[label] - before[label]}
    assert new == {"adoption.Idea": {idea.pk}}
    assert set(AuditEvent.objects.model._base_manager.values_list("pk", flat=True)) == (
        audit_before
    )


def test_the_idea_row_holds_nothing_that_points_to_the_author(submitted):
    own, author, idea, *_rest = submitted
    with scopes_disabled():
        row = Idea.objects.filter(pk=idea.pk).values().get()
    assert row["author_id"] is None and row["anonymous"] is True
    people = (author._meta.model, own.members[Role.EMPLOYEE]._meta.model)
    for field in Idea._meta.concrete_fields:
        if field.is_relation and field.related_model in people:
            assert row[field.attname] is None, field.name
        if isinstance(field, (models.CharField, models.TextField)):
            assert author.email not in row[field.attname]
            assert author.full_name not in row[field.attname]
    # No time of day to match with the author's activity, only the month.
    assert row["submitted_in"].day == 1
    assert not [f for f in Idea._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    # A random key: insertion order cannot be read from it.
    assert isinstance(idea.pk, uuid.UUID) and idea.pk.version == 4


def test_the_session_does_not_remember_the_idea(submitted):
    _own, _author, idea, *_rest = submitted
    for session in Session.objects.all():
        data = str(session.get_decoded())
        assert str(idea.pk) not in data and SECRET_TITLE not in data


def test_no_page_export_or_report_names_the_author(submitted, client):
    own, author, idea, *_rest = submitted
    coordinator = own.user(Role.COORDINATOR)
    client.force_login(coordinator)
    org = own.slug
    # The coordinator works with the idea: every step is audited under their name.
    client.post(
        reverse("adoption:idea_triage", kwargs={"org": org, "pk": idea.pk}),
        {"status": "accepted"},
    )
    response = client.post(
        reverse("adoption:idea_use_case", kwargs={"org": org, "pk": idea.pk}),
        {"title": SECRET_TITLE, "application_area": "document_processing"},
    )
    use_case_url = response["Location"]
    pages = {
        "ideas": reverse("adoption:ideas", kwargs={"org": org}),
        "idea": reverse("adoption:idea", kwargs={"org": org, "pk": idea.pk}),
        "scorecard": reverse("adoption:scorecard", kwargs={"org": org}),
        "department": reverse(
            "adoption:department", kwargs={"org": org, "pk": own.departments["Support"].pk}
        ),
        "use case": use_case_url,
        "audit of the idea": reverse("governance:audit", kwargs={"org": org})
        + f"?target_id={idea.pk}",
        "audit export": reverse("governance:audit_export", kwargs={"org": org}),
        "overview": reverse("overview", kwargs={"org": org}),
    }
    secrets = _identifiers(own, author) - {str(author.pk), str(own.members[Role.EMPLOYEE].pk)}
    for name, url in pages.items():
        text = client.get(url).content.decode()
        if name == "audit export":
            idea_rows = [line for line in text.splitlines() if str(idea.pk) in line]
            assert idea_rows, "the coordinator's actions on the idea are in the export"
            for line in idea_rows:
                assert not any(secret in line for secret in secrets), line
            # The author did nothing else, so no row of theirs can sit beside the idea's.
            assert author.email not in text
            continue
        # Choice lists of every member (e.g. the use case's RACI form) attribute nothing.
        text = re.sub(r"<select.*?</select>", "", text, flags=re.S)
        assert not any(secret in text for secret in secrets), name
    with scope(organisation=own.organisation):
        events = AuditEvent.objects.filter(target_id=str(idea.pk))
        assert {event.actor_id for event in events} == {coordinator.pk}
        report = BoardReport.objects.create(
            organisation=own.organisation,
            period_start=idea.submitted_in,
            period_end=idea.submitted_in.replace(day=28),
            language="en",
            sections=["adoption", "governance"],
        )
        html = render_board_report_html(report)
    assert not any(secret in html for secret in secrets)


def test_the_idea_box_order_does_not_follow_submission(tenant, client):
    client.force_login(tenant.user(Role.EMPLOYEE))
    for title in ("Zebra crossing at the gate", "Automatic rota", "Menu in three languages"):
        _submit_anonymously(client, tenant, title=title)
    page = client.get(reverse("adoption:ideas", kwargs={"org": tenant.slug})).content.decode()
    positions = [
        page.index(title)
        for title in ("Automatic rota", "Menu in three languages", "Zebra crossing at the gate")
    ]
    assert positions == sorted(positions)


def test_a_small_department_is_refused_for_an_anonymous_idea(tenant, client):
    support = tenant.departments["Support"]
    support.headcount = 3
    support.save()
    client.force_login(tenant.user(Role.EMPLOYEE))
    response = client.post(
        reverse("adoption:idea_create", kwargs={"org": tenant.slug}),
        {"title": "Quiet room", "department": support.pk, "anonymous": "on"},
    )
    assert response.status_code == 422
    assert "fewer than 5 people" in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Idea.objects.exists()


def test_supports_do_not_show_who_supported_first(submitted, client):
    """The author tends to be the first supporter: nothing may record that order."""
    own, author, idea, *_rest = submitted
    url = reverse("adoption:idea_support", kwargs={"org": own.slug, "pk": idea.pk})
    client.post(url)  # the author, right after submitting
    for role in (Role.STEERING, Role.COORDINATOR):
        client.force_login(own.user(role))
        client.post(url)
    with scope(organisation=own.organisation):
        supports = list(IdeaSupport.objects.filter(idea=idea))
        assert len(supports) == 3
        # Random keys and no times: the rows carry no order.
        assert all(isinstance(s.pk, uuid.UUID) and s.pk.version == 4 for s in supports)
        assert not [
            f for f in IdeaSupport._meta.concrete_fields if isinstance(f, models.DateTimeField)
        ]
        # And the audit trail does not line the supporters up either.
        assert not AuditEvent.objects.filter(target_id=str(idea.pk)).exists()
        assert not AuditEvent.objects.filter(actor=author).exists()
