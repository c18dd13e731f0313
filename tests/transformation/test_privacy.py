"""A person's access to their data and its erasure (GDPR Art 15 and 17), across organisations."""

import json

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments.models import Answer, Response
from transformation import services
from transformation.models import AuditEvent, Membership, Role, User
from transformation.services import privacy


def test_the_export_holds_the_persons_rows_in_every_organisation_and_nobody_elses(
    tenants, client_for
):
    tenant, other = tenants
    person = tenant.user(Role.EMPLOYEE)
    neighbour = other.user(Role.EMPLOYEE)  # created first: must not appear
    with scopes_disabled():
        Membership.objects.create(organisation=other.organisation, user=person, role=Role.STEERING)
    with scope(organisation=tenant.organisation):
        services.save_stakeholder(
            organisation=tenant.organisation,
            actor=person,
            values={
                "name": "Warehouse team",
                "kind": "group",
                "influence": 2,
                "interest": 4,
                "attitude": "sceptic",
                "owner": person,
            },
        )

    response = client_for(person).get(reverse("my_data_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["format"] == "ai-programme.personal-data/1"
    assert data["account"]["email"] == person.email
    kinds = sorted({r["kind"] for r in data["records"]})
    assert "transformation.membership" in kinds and "transformation.stakeholder" in kinds
    memberships = [r for r in data["records"] if r["kind"] == "transformation.membership"]
    assert sorted(r["fields"]["role"] for r in memberships) == ["employee", "steering"]
    assert [e["action"] for e in data["audit_trail_as_actor"]] == ["stakeholder.created"]
    text = response.content.decode()
    assert neighbour.email not in text and "password" not in text


def test_erasure_pseudonymises_the_trail_everywhere_and_leaves_survey_answers(
    tenants, client_for, reference_data
):
    tenant, other = tenants
    person = tenant.user(Role.EMPLOYEE)
    email, name = person.email, person.full_name
    coordinator = tenant.user(Role.COORDINATOR)
    with scopes_disabled():
        Membership.objects.create(organisation=other.organisation, user=person, role=Role.CHAMPION)
    with scope(organisation=tenant.organisation):
        # The coordinator changed the person's role: the trail names them in changes.
        membership = tenant.members[Role.EMPLOYEE]
        services.change_membership(
            membership=membership, role=Role.CHAMPION, department=None, actor=coordinator
        )
        services.save_department(
            organisation=tenant.organisation,
            actor=person,
            department=None,
            name="Logistics",
            parent=None,
            headcount=12,
        )
    with scopes_disabled():
        answers_before = (Response.objects.count(), Answer.objects.count())
        mentioning = AuditEvent.objects.filter(actor=person).count()
    assert mentioning >= 1

    client = client_for(person)
    refused = client.post(reverse("my_data"), {"email": "someone@else.example"})
    assert refused.status_code == 422
    response = client.post(reverse("my_data"), {"email": email.upper()})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    label = privacy.pseudonym(person)
    person.refresh_from_db()
    assert person.email == f"{label}@erased.invalid"
    assert not person.is_active and not person.has_usable_password()
    with scopes_disabled():
        assert not Membership.objects.filter(user=person).exists()
        for event in AuditEvent.objects.all():
            row = json.dumps([event.actor_label, event.target_label, event.changes])
            assert email not in row and name not in row, (event.action, row)
        erased = AuditEvent.objects.filter(action="person.erased")
        assert sorted(erased.values_list("organisation__slug", flat=True)) == ["acme", "other"]
        assert AuditEvent.objects.filter(actor=person, actor_label=label).count() == mentioning
        assert (Response.objects.count(), Answer.objects.count()) == answers_before
    # The account no longer signs in, and the other organisation's people are untouched.
    assert client.get(reverse("my_data")).status_code == 302
    assert User.objects.filter(email=other.user(Role.EMPLOYEE).email).exists()


def test_the_only_coordinator_cannot_erase_themselves_and_loses_nothing(tenant, client_for):
    coordinator = tenant.user(Role.COORDINATOR)
    response = client_for(coordinator).post(reverse("my_data"), {"email": coordinator.email})
    assert response.status_code == 422
    assert "You are the only AI coordinator of Acme Wholesale." in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.email == "coordinator@acme.example"


def test_operators_answer_requests_by_mail_with_the_command(tenant, tmp_path):
    person = tenant.user(Role.STEERING)
    out = tmp_path / "data.json"
    call_command("personal_data", person.email, "--out", str(out))
    assert json.loads(out.read_text())["account"]["email"] == person.email
    call_command("personal_data", person.email, "--erase", "--yes")
    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid")


def test_erasure_takes_the_person_off_mail_not_sent_yet(tenants, client_for):
    from transformation.models import DeliveryStatus, OutgoingMail
    from transformation.services.notifications import queue_mail

    tenant, other = tenants
    person = tenant.user(Role.EMPLOYEE)
    colleague = other.user(Role.EMPLOYEE).email
    with scope(organisation=tenant.organisation):
        # The mail server was down: two mails wait (no on-commit run here).
        to_both = queue_mail(
            organisation=tenant.organisation,
            kind="guideline_published",
            subject="Please read",
            body="…",
            bcc=[person.email.upper(), colleague],
        )
        to_person = queue_mail(
            organisation=tenant.organisation,
            kind="invitation",
            subject="Invited",
            body="…",
            to=[person.email],
        )
    response = client_for(person).post(reverse("my_data"), {"email": person.email})

    assert response.status_code == 302
    with scopes_disabled():
        assert not OutgoingMail.objects.filter(pk=to_person.pk).exists()
        waiting = OutgoingMail.objects.get(pk=to_both.pk)
    assert (waiting.bcc, waiting.recipient_count) == ([colleague], 1)
    assert waiting.status == DeliveryStatus.PLANNED
