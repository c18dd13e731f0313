import re

from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django_scopes import scope, scopes_disabled

from transformation import env, services
from transformation.models import Membership, Role

PASSWORD = "correct-horse-battery"


def test_login_by_email_lands_on_the_organisation(tenant, client):
    response = client.post(
        "/accounts/login/", {"login": "Steering@ACME.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/o/acme/"
    assert response.context["membership"].role == Role.STEERING


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_IDLE_SECONDS == 120 * 60
    assert settings.SESSION_COOKIE_AGE == 120 * 60


def test_password_reset_mails_a_working_link(tenant, client):
    client.post("/accounts/password/reset/", {"email": "employee@acme.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-phrase-42", "new_password2": "a-brand-new-phrase-42"},
    )
    assert response.status_code == 302
    user = tenant.user(Role.EMPLOYEE)
    user.refresh_from_db()
    assert user.check_password("a-brand-new-phrase-42")


def test_invitation_page_creates_account_and_logs_in(tenant, client):
    with scope(organisation=tenant.organisation):
        _invitation, token = services.invite_member(
            organisation=tenant.organisation,
            email="newbie@example.com",
            role=Role.EMPLOYEE,
            department=tenant.departments["Sales"],
            invited_by=tenant.user(Role.COORDINATOR),
        )
    url = f"/accounts/invitation/{token}/"
    bad = client.post(url, {"full_name": "New Bie", "password1": "short", "password2": "short"})
    assert bad.status_code == 422
    response = client.post(
        url,
        {
            "full_name": "New Bie",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response["Location"] == "/o/acme/"
    with scopes_disabled():
        membership = Membership.objects.get(user__email="newbie@example.com")
    assert membership.department.name == "Sales"
    again = client.get(url)
    assert again.status_code == 410
    assert b"no longer valid" in again.content


def test_coordinator_invites_through_the_members_page(
    tenant, client, django_capture_on_commit_callbacks
):
    client.force_login(tenant.user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/o/acme/members/invite/",
            {"email": "x@example.com", "role": "champion", "department": ""},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["x@example.com"]
    page = client.get("/o/acme/members/")
    assert [i.email for i in page.context["invitations"]] == ["x@example.com"]


def test_env_helpers_fail_loudly(monkeypatch):
    import pytest

    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "2")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_INT", 5, minimum=3)
    monkeypatch.delenv("X_REQ", raising=False)
    with pytest.raises(ImproperlyConfigured):
        env.env_str("X_REQ", required=True)
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    assert env.env_list("X_LIST") == ["a.example", "b.example"]


def test_security_headers_are_strict(tenant, client):
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.get("/o/acme/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
