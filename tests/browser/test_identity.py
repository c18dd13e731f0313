"""Sign-in in a real browser: company account through the local OpenID Connect
provider, a passkey through Chromium's virtual authenticator, and the
second-factor rule, on a phone and translated."""

import pytest
from django_scopes import scope, scopes_disabled

from tests.browser.conftest import PASSWORD, assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.identity_provider import IdentityProvider
from transformation.identity import services as identity
from transformation.models import Membership, Role, SecondFactorRule, SingleSignOn


@pytest.fixture
def provider():
    idp = IdentityProvider().start()
    yield idp
    idp.stop()


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_colleague_signs_in_with_the_company_account_on_a_phone(transactional_db, phone, provider):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        identity.save_single_sign_on(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "provider": SingleSignOn.Provider.OIDC,
                "enabled": True,
                "email_domains": "acme.example",
                "tenant_id": "",
                "server_url": provider.issuer,
                "client_id": provider.client_id,
                "idp_entity_id": "",
                "idp_sso_url": "",
                "idp_certificate": "",
                "auto_join": True,
                "join_department": tenant.departments["Support"],
                "required": True,
            },
            client_secret=provider.client_secret,
        )
    provider.sign_in_as("maria.schulz@acme.example", name="Maria Schulz")

    phone.goto("/accounts/login/")
    assert_fits_phone(phone)
    phone.fill("input[name=login]", "Maria.Schulz@acme.example")
    phone.click("button[data-sso-start]")
    phone.wait_for_url("**/o/acme/")
    assert "Programme overview" in phone.locator("h1").inner_text()
    assert_fits_phone(phone)
    with scopes_disabled():
        membership = Membership.objects.get(user__email="maria.schulz@acme.example")
    assert membership.role == Role.EMPLOYEE
    assert membership.department.name == "Support"


def test_coordinator_sets_up_a_passkey_and_signs_in_with_it(transactional_db, desktop):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        identity.set_second_factor_rule(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            rule=SecondFactorRule.LEADERS,
        )
    _virtual_authenticator(desktop)
    email = tenant.user(Role.COORDINATOR).email

    log_in(desktop, email)
    assert desktop.url.endswith("/accounts/2fa/required/")
    desktop.goto("/o/acme/")
    assert desktop.url.endswith("/accounts/2fa/required/")  # nothing else until a factor exists

    desktop.click("text=Add a passkey or security key")
    # Changing sign-in factors asks for the password again first.
    assert "/accounts/reauthenticate/" in desktop.url
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("main button[type=submit]")
    desktop.wait_for_load_state("networkidle")
    desktop.fill("input[name=name]", "Laptop")
    desktop.check("input[name=passwordless]")
    desktop.click("#mfa_webauthn_add")
    desktop.wait_for_url(lambda url: "/webauthn/add/" not in url)
    desktop.goto("/o/acme/")
    assert desktop.url.endswith("/o/acme/")

    desktop.locator("form[action='/accounts/logout/'] button").first.click()
    desktop.wait_for_load_state("networkidle")
    assert "/accounts/login/" in desktop.url

    # A password alone is no longer enough.
    log_in(desktop, email)
    assert "/accounts/2fa/authenticate/" in desktop.url
    desktop.click("#mfa_webauthn_authenticate")
    desktop.wait_for_url("**/o/acme/")

    desktop.context.clear_cookies()
    desktop.goto("/accounts/login/")
    desktop.click("#passkey_login")
    desktop.wait_for_url("**/o/acme/")
    assert desktop.locator("h1").inner_text() == "Programme overview"


def test_login_page_in_german_and_dutch_on_a_phone(transactional_db, phone):
    make_tenant("Acme Wholesale", "acme")
    for language, button in (
        ("de", "Weiter mit Ihrem Firmenkonto"),
        ("nl", "Doorgaan met uw bedrijfsaccount"),
    ):
        phone.goto("/accounts/login/")
        phone.select_option("#language-select", language)
        phone.wait_for_load_state("networkidle")
        assert phone.locator("button[data-sso-start]").inner_text() == button
        assert_fits_phone(phone)


def test_coordinator_configures_sign_in_on_a_phone(transactional_db, phone):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(phone, tenant.user(Role.COORDINATOR).email)
    phone.goto("/o/acme/settings/sign-in/")
    assert_fits_phone(phone)
    phone.check("input[name=second_factor][value=leaders]")
    phone.click("form[action$='/second-factor/'] button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "Sign-in settings saved." in phone.locator(".messages").inner_text()

    phone.select_option("select[name=provider]", "google")
    phone.fill("textarea[name=email_domains]", "acme.example")
    phone.fill("input[name=client_id]", "1234.apps.googleusercontent.com")
    phone.fill("input[name=client_secret]", "google-secret")
    phone.check("input[name=enabled]")
    phone.click("form[action$='/settings/sign-in/'] button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "Sign-in settings saved." in phone.locator(".messages").inner_text()
    assert "/accounts/oidc/" in phone.locator(".sso-endpoints").inner_text()
    assert_fits_phone(phone)
    with scope(organisation=tenant.organisation):
        sso = SingleSignOn.objects.get()
    assert sso.issuer == "https://accounts.google.com"
    assert sso.enabled

    phone.goto("/accounts/2fa/")
    assert_fits_phone(phone)


def _age_session(context, seconds: int) -> None:
    """Make the browser's session look idle for `seconds` (as the clock would)."""
    import time

    from django.contrib.sessions.backends.db import SessionStore

    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session["last_activity"] = int(time.time()) - seconds
    session.save()


def test_expired_session_asks_to_log_in_again_and_keeps_typed_input(transactional_db, desktop):
    from tests.browser.test_roadmap import _programme

    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    _, row = _programme(tenant)
    cell = f"#cell-{row.department_id}-s{row.pk}"
    log_in(desktop, tenant.user(Role.CHAMPION).email)
    desktop.goto("/o/acme/roadmap/?steps=on")
    desktop.click(f"{cell} a")
    desktop.wait_for_selector("#panel #step-panel form")
    desktop.fill("#panel textarea[name=note]", "Kick-off with the works council on Monday")

    # The 60-second refresh in the background does not count as activity:
    # once the idle time is over, it brings the notice instead of the matrix.
    _age_session(desktop.context, 3 * 60 * 60)
    desktop.evaluate(
        "htmx.ajax('GET', document.querySelector('#matrix').getAttribute('hx-get'),"
        " {source: '#matrix', target: '#matrix', swap: 'outerHTML'})"
    )
    notice = desktop.locator("#session-expired")
    notice.locator("a").wait_for()
    assert "Your session has ended" in notice.inner_text()
    assert desktop.locator(cell).count() == 1  # the matrix is still there
    assert desktop.input_value("#panel textarea[name=note]") == (
        "Kick-off with the works council on Monday"
    )

    # Saving now brings the notice too, and still loses nothing.
    desktop.click("#panel button[type=submit]")
    desktop.wait_for_timeout(500)
    assert desktop.input_value("#panel textarea[name=note]").startswith("Kick-off")

    # Log in again in another tab, come back, save.
    other_tab = desktop.context.new_page()
    log_in(other_tab, tenant.user(Role.CHAMPION).email)
    other_tab.close()
    desktop.click("#panel button[type=submit]")
    desktop.wait_for_selector("#panel :text('Saved.')")
    with scope(organisation=tenant.organisation):
        row.refresh_from_db()
    assert row.note == "Kick-off with the works council on Monday"
    assert desktop.locator("#session-expired").inner_text() == ""


def test_steering_member_sets_up_an_authenticator_app_on_a_phone(transactional_db, phone):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        identity.set_second_factor_rule(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            rule=SecondFactorRule.LEADERS,
        )
    email = tenant.user(Role.STEERING).email
    log_in(phone, email)
    assert phone.url.endswith("/accounts/2fa/required/")
    assert_fits_phone(phone)
    phone.click("text=Use an authenticator app")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_selector("img[src^='data:image/svg+xml']")
    assert_fits_phone(phone)
    secret = phone.input_value("#authenticator_secret")

    def code() -> str:
        return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    phone.fill("input[name=code]", code())
    phone.click("main button[type=submit]")
    phone.wait_for_load_state("networkidle")
    phone.goto("/o/acme/")
    assert phone.url.endswith("/o/acme/")

    phone.context.clear_cookies()
    log_in(phone, email)
    assert "/accounts/2fa/authenticate/" in phone.url
    assert_fits_phone(phone)
    phone.fill("input[name=code]", code())
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/o/acme/")
