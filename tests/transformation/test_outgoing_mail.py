"""E-mail decided by a request goes out once, even when the broker or the mail server is down."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from kombu.exceptions import OperationalError

from transformation import tasks
from transformation.models import DeliveryStatus, Invitation, OutgoingMail, Role
from transformation.services import notifications


def _invite(client, tenant, email: str):
    return client.post(
        reverse("invite", kwargs={"org": tenant.slug}),
        {"email": email, "role": Role.EMPLOYEE, "department": tenant.departments["Sales"].pk},
    )


def _mail() -> OutgoingMail:
    with scopes_disabled():
        return OutgoingMail.objects.get()


def _age(minutes: int) -> None:
    with scopes_disabled():
        past = timezone.now() - timedelta(minutes=minutes)
        OutgoingMail.objects.update(created_at=past)
        OutgoingMail.objects.filter(claimed_at__isnull=False).update(claimed_at=past)


def _sweep(capture) -> int:
    with capture(execute=True):
        return tasks.resend_pending_mail()


@pytest.fixture
def coordinator_client(tenants, client_for):
    tenant, _other = tenants  # another organisation exists, with its own coordinator
    return tenant, client_for(tenant.user(Role.COORDINATOR))


def test_an_invitation_made_while_the_broker_is_down_is_mailed_once_by_the_beat(
    coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    tenant, client = coordinator_client

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(tasks.send_outgoing_mail, "delay", broker_down)
        response = _invite(client, tenant, "new.person@example.com")
    assert response.status_code == 302  # the invitation is made; only its mail waits
    with scope(organisation=tenant.organisation):
        assert Invitation.objects.filter(email="new.person@example.com").exists()
    assert mail.outbox == []
    assert (_mail().status, _mail().attempts) == (DeliveryStatus.PLANNED, 0)

    # Within the lease the beat leaves it alone: the message may still be on its way.
    assert _sweep(django_capture_on_commit_callbacks) == 0
    _age(minutes=5)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [["new.person@example.com"]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    sent = _mail()
    assert (sent.status, sent.attempts, sent.recipient_count) == (DeliveryStatus.SENT, 1, 1)
    # Sent: the row forgets the address and the link.
    assert (sent.to, sent.bcc, sent.body) == ([], [], "")

    # A late original message and later sweeps send nothing again.
    _age(minutes=5)
    assert _sweep(django_capture_on_commit_callbacks) == 0
    assert (
        tasks.send_outgoing_mail(organisation_id=tenant.organisation.pk, mail_id=sent.pk)
        == "already handled"
    )
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_delays_the_invitation_and_the_beat_retries(
    coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    tenant, client = coordinator_client

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", smtp_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = _invite(client, tenant, "new.person@example.com")
        assert response.status_code == 302  # not a 500 after the invitation was saved
        assert (_mail().status, _mail().attempts) == (DeliveryStatus.PLANNED, 1)
        _age(minutes=5)
        # Still down at the next round: planned again, one more attempt counted.
        assert _sweep(django_capture_on_commit_callbacks) == 1
        assert (_mail().status, _mail().attempts) == (DeliveryStatus.PLANNED, 2)
    assert mail.outbox == []

    _age(minutes=5)
    assert _sweep(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [["new.person@example.com"]]
    assert (_mail().status, _mail().attempts) == (DeliveryStatus.SENT, 3)


def test_a_mail_that_keeps_failing_stops_after_the_last_attempt(
    coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    tenant, client = coordinator_client

    def smtp_refuses(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP refuses")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", smtp_refuses)
        with django_capture_on_commit_callbacks(execute=True):
            _invite(client, tenant, "new.person@example.com")
        for _ in range(notifications.MAIL_MAX_ATTEMPTS):
            _age(minutes=5)
            _sweep(django_capture_on_commit_callbacks)
    failed = _mail()
    assert (failed.status, failed.attempts) == (
        DeliveryStatus.FAILED,
        notifications.MAIL_MAX_ATTEMPTS,
    )
    assert "SMTP refuses" in failed.error
    _age(minutes=5)
    assert _sweep(django_capture_on_commit_callbacks) == 0


def test_nothing_is_mailed_when_the_request_that_decided_it_rolls_back(
    tenant, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        scope(organisation=tenant.organisation),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notifications.queue_mail(
            organisation=tenant.organisation,
            kind="invitation",
            subject="Hello",
            body="A link",
            to=["someone@example.com"],
        )
        raise RuntimeError("the request failed after queueing")
    with scopes_disabled():
        assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_the_beat_sends_each_organisation_s_mail_in_its_own_scope(
    tenants, django_capture_on_commit_callbacks
):
    for tenant in tenants:
        with scope(organisation=tenant.organisation):
            notifications.queue_mail(
                organisation=tenant.organisation,
                kind="invitation",
                subject=f"Hello from {tenant.slug}",
                body="A link",
                to=[f"someone@{tenant.slug}.example"],
            )
    _age(minutes=5)
    assert _sweep(django_capture_on_commit_callbacks) == 2
    assert sorted((m.subject, m.to[0]) for m in mail.outbox) == sorted(
        (f"Hello from {t.slug}", f"someone@{t.slug}.example") for t in tenants
    )
