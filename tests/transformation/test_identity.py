"""Identity and access (issue 16): throttles that cannot be turned against users,
case-insensitive e-mail, session rules, headers and the second-factor rule.

Each abuse from the issue is played as the attacker would, and each test also
shows that the right person with the right password still gets in.
"""

import re
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope, scopes_disabled

from tests.factories import MembershipFactory, UserFactory
from transformation import permissions, services
from transformation.identity import services as identity
from transformation.identity.throttle import DEVICE_COOKIE, delay_after
from transformation.models import AccessPolicy, AuditEvent, Role, SecondFactorRule, User

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.1"  # the TLS proxy every request arrives from


def _login(client, email, password, address=None, **extra):
    headers = {}
    if address is not None:
        headers["X-Forwarded-For"] = address
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        headers=headers,
        REMOTE_ADDR=PROXY,
        **extra,
    )


def _logged_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login" not in response["Location"]


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


# -- Login throttling ------------------------------------------------------------------------


def test_attacker_behind_the_same_proxy_cannot_lock_the_victim_out(tenant, behind_proxy):
    """The issue's attack: rounds of wrong passwords from elsewhere, all through one proxy."""
    attacker, victim = Client(), Client()
    for _round in range(3):
        for _ in range(5):
            _login(attacker, "employee@acme.example", "wrong-guess", address="203.0.113.9")
        assert _logged_in(_login(victim, "employee@acme.example", PASSWORD, "198.51.100.7"))
        victim.post("/accounts/logout/")


def test_attacker_gets_growing_delays_even_with_the_right_password(tenant, behind_proxy):
    attacker = Client()
    for _ in range(5):
        refused = _login(attacker, "employee@acme.example", "wrong-guess", address="203.0.113.9")
        assert refused.status_code == 200
    waiting = _login(attacker, "employee@acme.example", PASSWORD, address="203.0.113.9")
    assert waiting.status_code == 429
    assert "Please wait 1 second" in waiting.content.decode()
    assert not _logged_in(waiting)


def test_delays_grow_and_are_capped(settings):
    settings.LOGIN_MAX_DELAY_SECONDS = 900
    assert [delay_after(n, 5) for n in (4, 5, 6, 7, 10, 30)] == [0, 1, 2, 4, 32, 900]


def test_the_wait_ends_and_the_right_password_works(tenant, behind_proxy, monkeypatch):
    client = Client()
    for _ in range(6):
        _login(client, "employee@acme.example", "wrong-guess", address="203.0.113.9")
    assert _login(client, "employee@acme.example", PASSWORD, "203.0.113.9").status_code == 429
    later = time.time() + 3
    monkeypatch.setattr("transformation.identity.throttle.time.time", lambda: later)
    assert _logged_in(_login(client, "employee@acme.example", PASSWORD, "203.0.113.9"))


def test_known_device_gets_in_from_the_attackers_own_address(tenant, behind_proxy):
    """Same office NAT as the attacker: the browser that signed in before is not slowed."""
    victim = Client()
    assert _logged_in(_login(victim, "employee@acme.example", PASSWORD, "198.51.100.7"))
    assert DEVICE_COOKIE in victim.cookies
    victim.post("/accounts/logout/")
    attacker = Client()
    for _ in range(40):
        _login(attacker, "employee@acme.example", "wrong-guess", address="198.51.100.7")
    assert _login(attacker, "employee@acme.example", PASSWORD, "198.51.100.7").status_code == 429
    assert _logged_in(_login(victim, "employee@acme.example", PASSWORD, "198.51.100.7"))


def test_a_distributed_attack_slows_new_devices_but_not_known_ones(tenant, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ACCOUNT_FREE_FAILURES = 10
    known = Client()
    assert _logged_in(_login(known, "employee@acme.example", PASSWORD, "198.51.100.7"))
    known.post("/accounts/logout/")
    for n in range(12):
        _login(Client(), "employee@acme.example", "wrong", address=f"203.0.113.{n + 1}")
    new_device = _login(Client(), "employee@acme.example", PASSWORD, "192.0.2.50")
    assert new_device.status_code == 429
    assert _logged_in(_login(known, "employee@acme.example", PASSWORD, "192.0.2.50"))


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(tenant, settings):
    """Without a configured proxy a client cannot pick a fresh address per attempt."""
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client()
    for n in range(5):
        _login(attacker, "employee@acme.example", "wrong", address=f"203.0.113.{n + 1}")
    assert _login(attacker, "employee@acme.example", PASSWORD, "203.0.113.99").status_code == 429


def test_only_the_configured_number_of_proxies_is_trusted(tenant, behind_proxy):
    """The client can prepend anything; the entry the proxy appended is the one that counts."""
    attacker = Client()
    for n in range(5):
        _login(attacker, "employee@acme.example", "wrong", address=f"1.2.3.{n}, 203.0.113.9")
    waiting = _login(attacker, "employee@acme.example", PASSWORD, "9.9.9.9, 203.0.113.9")
    assert waiting.status_code == 429


# -- E-mail addresses ------------------------------------------------------------------------


def test_login_ignores_the_case_of_the_address(tenant, client):
    assert _logged_in(_login(client, "  EMPLOYEE@Acme.Example ", PASSWORD))


def test_addresses_are_stored_lower_case_and_unique_ignoring_case(db):
    user = User.objects.create_user(email="Jane.Doe@Example.COM", password=PASSWORD)
    assert user.email == "jane.doe@example.com"
    duplicate = User(email="JANE.DOE@example.com")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    assert User.objects.get_by_natural_key("JANE.doe@EXAMPLE.com") == user


def test_invitation_to_a_differently_written_address_finds_the_account(tenant, client):
    with scope(organisation=tenant.organisation), pytest.raises(ValidationError):
        services.invite_member(
            organisation=tenant.organisation,
            email="Steering@ACME.example",
            role=Role.EMPLOYEE,
            department=None,
            invited_by=tenant.user(Role.COORDINATOR),
        )


# -- Mails a stranger can trigger ------------------------------------------------------------


def test_password_reset_mails_are_limited_per_address(tenant, client):
    for _ in range(20):
        response = client.post("/accounts/password/reset/", {"email": "employee@acme.example"})
        assert response.status_code == 302  # the same answer every time: nothing is revealed
    assert len(mail.outbox) == 3
    client.post("/accounts/password/reset/", {"email": "steering@acme.example"})
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].to == ["steering@acme.example"]


def test_the_real_user_still_resets_with_a_sent_link(tenant, client):
    for _ in range(10):
        client.post("/accounts/password/reset/", {"email": "employee@acme.example"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-phrase-42", "new_password2": "a-brand-new-phrase-42"},
    )
    assert response.status_code == 302
    assert _logged_in(_login(Client(), "employee@acme.example", "a-brand-new-phrase-42"))


def test_password_reset_requests_are_limited_per_client(tenant, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 5
    client = Client()
    for n in range(10):
        client.post("/accounts/password/reset/", {"email": f"nobody{n}@acme.example"})
    client.post("/accounts/password/reset/", {"email": "employee@acme.example"})
    assert mail.outbox == []
    other = Client(REMOTE_ADDR="192.0.2.8")
    other.post("/accounts/password/reset/", {"email": "employee@acme.example"})
    assert len(mail.outbox) == 1


def test_invitations_are_limited_per_address_and_per_sender(
    tenant, client, settings, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_SENDER_PER_HOUR = 5
    client.force_login(tenant.user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                "/o/acme/members/invite/",
                {"email": "target@example.com", "role": "employee", "department": ""},
            ).status_code
            for _ in range(5)
        ]
    assert statuses == [302, 302, 302, 422, 422]
    assert [m.to for m in mail.outbox] == [["target@example.com"]] * 3
    refused = client.post(
        "/o/acme/members/invite/", {"email": "third@example.com", "role": "employee"}
    )
    assert refused.status_code == 422
    assert "Too many invitations" in refused.content.decode()


# -- Sessions and headers --------------------------------------------------------------------


def test_background_polling_does_not_keep_an_idle_session_alive(tenant, client, settings):
    settings.SESSION_IDLE_SECONDS = 300
    client.force_login(tenant.user(Role.COORDINATOR))
    client.get("/o/acme/")
    session = client.session
    session["last_activity"] = int(time.time()) - 200
    session.save()
    poll = {"HX-Request": "true", "X-Background-Refresh": "1"}
    assert client.get("/o/acme/roadmap/", headers=poll).status_code == 200
    assert client.session["last_activity"] <= int(time.time()) - 200
    session = client.session
    session["last_activity"] = int(time.time()) - 301
    session.save()
    expired = client.get("/o/acme/roadmap/", headers=poll)
    assert expired.status_code == 200
    assert expired["HX-Retarget"] == "#session-expired"
    assert "Log in again" in expired.content.decode()
    assert client.get("/o/acme/").status_code == 302  # the session is over


def test_activity_keeps_the_session_alive(tenant, client, settings):
    settings.SESSION_IDLE_SECONDS = 300
    client.force_login(tenant.user(Role.COORDINATOR))
    session = client.session
    session["last_activity"] = int(time.time()) - 200
    session.save()
    assert client.get("/o/acme/").status_code == 200
    assert client.session["last_activity"] >= int(time.time()) - 2


def test_htmx_request_after_expiry_gets_the_notice_not_the_login_page(tenant, client):
    response = client.post("/o/acme/roadmap/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#session-expired"
    assert "<form" not in response.content.decode()


def test_authenticated_pages_and_exports_are_not_stored(tenant, client):
    client.force_login(tenant.user(Role.COORDINATOR))
    for url in ("/o/acme/", "/o/acme/stakeholders/export/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
    public = Client().get("/accounts/login/")
    assert "Permissions-Policy" in public
    policy = public["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert "publickey-credentials-get=(self)" in policy


# -- Second factor ---------------------------------------------------------------------------


def _require(tenant, rule):
    with scope(organisation=tenant.organisation):
        identity.set_second_factor_rule(
            organisation=tenant.organisation, actor=tenant.user(Role.COORDINATOR), rule=rule
        )


def test_leaders_must_set_up_a_second_factor(tenant):
    _require(tenant, SecondFactorRule.LEADERS)
    steering, employee = Client(), Client()
    assert _logged_in(_login(steering, "steering@acme.example", PASSWORD))
    assert steering.get("/o/acme/")["Location"] == "/accounts/2fa/required/"
    page = steering.get("/accounts/2fa/required/")
    assert "Set up a second factor" in page.content.decode()
    assert _logged_in(_login(employee, "employee@acme.example", PASSWORD))
    assert employee.get("/o/acme/").status_code == 200


def test_a_consultant_follows_the_strictest_organisation(tenant, other_tenant):
    consultant = UserFactory(email="consultant@advisers.example")
    MembershipFactory(organisation=tenant.organisation, user=consultant, role=Role.COORDINATOR)
    MembershipFactory(organisation=other_tenant.organisation, user=consultant, role=Role.EMPLOYEE)
    _require(other_tenant, SecondFactorRule.EVERYONE)
    client = Client()
    assert _logged_in(_login(client, "consultant@advisers.example", PASSWORD))
    assert client.get("/o/acme/")["Location"] == "/accounts/2fa/required/"


def test_with_totp_the_login_asks_for_the_code(tenant):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    _require(tenant, SecondFactorRule.LEADERS)
    user = tenant.user(Role.STEERING)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = _login(client, "steering@acme.example", PASSWORD)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/o/acme/").status_code == 302  # not signed in without the code
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    done = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert done.status_code == 302
    assert client.get("/o/acme/").status_code == 200


@pytest.mark.parametrize(
    ("rule", "bound"),
    [
        (SecondFactorRule.NONE, set()),
        (SecondFactorRule.LEADERS, {Role.COORDINATOR, Role.STEERING}),
        (SecondFactorRule.EVERYONE, set(Role.values)),
    ],
)
def test_the_second_factor_rule_binds_exactly_the_roles_it_names(tenant, other_tenant, rule, bound):
    _require(
        other_tenant, SecondFactorRule.EVERYONE
    )  # another organisation's rule binds nobody here
    _require(tenant, rule)
    with scope(organisation=tenant.organisation):
        policy = AccessPolicy.objects.get()
    by_predicate = {
        role
        for role, membership in tenant.members.items()
        if permissions.must_use_second_factor(membership, policy)
    }
    at_login = {role for role in Role.values if identity.requires_second_factor(tenant.user(role))}
    assert by_predicate == at_login == bound


def test_second_factor_rule_is_audited_and_only_for_coordinators(tenant, client):
    client.force_login(tenant.user(Role.STEERING))
    assert (
        client.post(
            "/o/acme/settings/sign-in/second-factor/", {"second_factor": "everyone"}
        ).status_code
        == 403
    )
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post("/o/acme/settings/sign-in/second-factor/", {"second_factor": "leaders"})
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        event = AuditEvent.objects.get(action="access_policy.second_factor_changed")
    assert event.changes == {"second_factor": ["none", "leaders"]}


def test_the_sign_in_settings_page_is_translated(tenant, client):
    client.force_login(tenant.user(Role.COORDINATOR))
    page = client.get("/o/acme/settings/sign-in/", headers={"Accept-Language": "de"})
    assert "Zweiter Faktor" in page.content.decode()
    page = client.get("/o/acme/settings/sign-in/", headers={"Accept-Language": "nl"})
    assert "Tweede factor" in page.content.decode()


# -- The e-mail normalisation migration -----------------------------------------------------


@pytest.mark.django_db
def test_migration_refuses_to_merge_addresses_that_differ_in_case():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.database import empty_database

    before = [("transformation", "0006_notifications_time_zone")]
    after = [("transformation", "0007_identity")]
    # The test database is built from the models; the history runs on an empty one.
    with empty_database():
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        OldUser = old_apps.get_model("transformation", "User")
        OldUser.objects.create(email="Anna@Example.com", password="!")
        OldUser.objects.create(email="anna@example.COM", password="!")
        OldUser.objects.create(email="Ben@Example.com", password="!")
        executor = MigrationExecutor(connection)
        with pytest.raises(RuntimeError) as refused:
            executor.migrate(after)
        message = str(refused.value)
        assert "anna@example.com" in message
        assert "<Anna@Example.com>" in message and "<anna@example.COM>" in message
        assert "ben@example.com:" not in message
        # Nothing was merged or lost.
        assert sorted(OldUser.objects.values_list("email", flat=True)) == [
            "Anna@Example.com",
            "Ben@Example.com",
            "anna@example.COM",
        ]
        OldUser.objects.filter(email="anna@example.COM").update(email="anna.second@example.com")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        with scopes_disabled():
            assert sorted(User.objects.values_list("email", flat=True)) == [
                "anna.second@example.com",
                "anna@example.com",
                "ben@example.com",
            ]


def test_second_factor_codes_cannot_be_guessed_on(tenant):
    """Someone with the password tries codes: after a few, even the right code waits."""
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = tenant.user(Role.STEERING)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    _login(client, "steering@acme.example", PASSWORD)
    for guess in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": f"{guess:06d}"})
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    refused = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert refused.status_code != 302
    assert "Too many failed login attempts" in refused.content.decode()
    assert client.get("/o/acme/").status_code == 302


def test_a_burst_across_a_clock_minute_is_still_one_window(monkeypatch):
    """The window starts with the first event: crossing hh:mm:59 -> hh:mm+1:00 resets nothing."""
    from transformation.identity import counters

    just_before_a_minute = (int(time.time()) // 60 + 1) * 60 - 0.5
    monkeypatch.setattr(time, "time", lambda: just_before_a_minute)
    assert [counters.over_limit("burst-test", 3, 60) for _ in range(3)] == [False] * 3
    monkeypatch.setattr(time, "time", lambda: just_before_a_minute + 1)
    assert [counters.over_limit("burst-test", 3, 60) for _ in range(3)] == [True] * 3
