"""Single sign-on per organisation through a real (local) OpenID Connect provider."""

from urllib.parse import urlparse
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from tests.identity_provider import IdentityProvider
from transformation.identity import services as identity
from transformation.models import AuditEvent, Membership, Role, SingleSignOn, User

PASSWORD = "correct-horse-battery"


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _provider_redirect(url: str) -> str:
    """Follow the browser's visit to the provider's authorisation page; return where it sends us."""
    opener = build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=5)
    except Exception as error:  # urllib raises HTTPError for an unfollowed 302
        return error.headers["Location"]
    raise AssertionError("the provider did not redirect")


@pytest.fixture
def provider():
    idp = IdentityProvider().start()
    yield idp
    idp.stop()


def _configure(tenant, provider, **values) -> SingleSignOn:
    with scope(organisation=tenant.organisation):
        return identity.save_single_sign_on(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "provider": SingleSignOn.Provider.OIDC,
                "enabled": True,
                "email_domains": "acme.example\nacme-group.example",
                "tenant_id": "",
                "server_url": provider.issuer,
                "client_id": provider.client_id,
                "idp_entity_id": "",
                "idp_sso_url": "",
                "idp_certificate": "",
                "auto_join": True,
                "join_department": tenant.departments["Sales"],
                "required": False,
                **values,
            },
            client_secret=provider.client_secret,
        )


def _sign_in(client: Client, email_typed: str) -> object:
    start = client.post("/accounts/login/company/", {"login": email_typed})
    assert start.status_code == 200, start.content[:300]
    target = start.context["target"]
    assert target.startswith("http://127.0.0.1")
    assert f'content="0;url={target}"'.replace("&", "&amp;") in start.content.decode()
    callback = urlparse(_provider_redirect(target))
    return client.get(f"{callback.path}?{callback.query}")


def test_a_colleague_joins_through_the_company_account(tenants, provider):
    own, _other = tenants
    _configure(own, provider)
    provider.sign_in_as("New.Colleague@ACME.example", name="New Colleague")
    client = Client()
    response = _sign_in(client, "new.colleague@acme.example")
    assert response.status_code == 302
    assert client.get("/").url == "/o/acme/"
    with scopes_disabled():
        user = User.objects.get(email="new.colleague@acme.example")
        membership = Membership.objects.get(user=user)
        assert (membership.organisation, membership.role) == (own.organisation, Role.EMPLOYEE)
        assert membership.department.name == "Sales"
        assert user.full_name == "New Colleague"
        joined = AuditEvent.objects.get(action="membership.joined_by_sso")
    assert joined.changes == {"role": "employee", "department": "Sales"}
    with translation.override("nl"):
        assert joined.sentence == (
            f"New Colleague is via single sign-on lid geworden van de organisatie "
            f"({joined.target_label})."
        )
    assert provider.token_requests == 1


def test_an_existing_member_signs_in_as_themselves(tenants, provider):
    own, _other = tenants
    _configure(own, provider)
    provider.sign_in_as("steering@acme.example")
    client = Client()
    _sign_in(client, "steering@acme.example")
    page = client.get("/o/acme/")
    assert page.status_code == 200
    assert page.context["membership"].role == Role.STEERING
    with scopes_disabled():
        assert User.objects.filter(email="steering@acme.example").count() == 1
        assert Membership.objects.filter(user__email="steering@acme.example").count() == 1


def test_the_provider_cannot_vouch_for_another_organisations_address(tenants, provider):
    """A company IdP asserting an outside address must not sign in as that person."""
    own, _other = tenants
    _configure(own, provider)
    provider.sign_in_as("coordinator@other.example")
    client = Client()
    response = _sign_in(client, "someone@acme.example")
    assert response.status_code == 403
    assert "does not have an e-mail address of Acme Wholesale" in response.content.decode()
    assert client.get("/o/other/").status_code == 302


def test_without_joining_only_members_get_in(tenants, provider):
    own, _other = tenants
    _configure(own, provider, auto_join=False)
    provider.sign_in_as("stranger@acme.example")
    client = Client()
    response = _sign_in(client, "stranger@acme.example")
    assert response.status_code == 403
    assert "Ask your AI coordinator for an invitation" in response.content.decode()
    with scopes_disabled():
        assert not User.objects.filter(email="stranger@acme.example").exists()


def test_unknown_domain_falls_back_to_the_password(tenants, provider, client):
    own, _other = tenants
    _configure(own, provider)
    response = client.post("/accounts/login/company/", {"login": "x@elsewhere.example"})
    assert response["Location"] == "/accounts/login/"
    assert "No company sign-in" in client.get("/accounts/login/").content.decode()


def test_required_sso_refuses_the_password_for_company_addresses_only(tenants, provider):
    own, _other = tenants
    _configure(own, provider, required=True)
    refused = Client().post(
        "/accounts/login/", {"login": "steering@acme.example", "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert "sign in with their company account" in refused.content.decode()
    consultant = Client().post(
        "/accounts/login/", {"login": "coordinator@other.example", "password": PASSWORD}
    )
    assert consultant.status_code == 302


def test_a_domain_belongs_to_one_organisation_only(tenants, provider):
    own, other = tenants
    _configure(own, provider)
    with scope(organisation=other.organisation), pytest.raises(Exception) as refused:
        identity.save_single_sign_on(
            organisation=other.organisation,
            actor=other.user(Role.COORDINATOR),
            values={
                "provider": SingleSignOn.Provider.GOOGLE,
                "enabled": True,
                "email_domains": "ACME.example",
                "tenant_id": "",
                "server_url": "",
                "client_id": "x",
                "idp_entity_id": "",
                "idp_sso_url": "",
                "idp_certificate": "",
                "auto_join": False,
                "join_department": None,
                "required": False,
            },
            client_secret="s",
        )
    assert "acme.example" in str(refused.value)


def test_coordinator_configures_sso_in_the_app(tenant, client, provider):
    client.force_login(tenant.user(Role.COORDINATOR))
    data = {
        "provider": "entra",
        "email_domains": "Acme.example, acme-group.example",
        "tenant_id": "0c1d2e3f-0000-4000-8000-000000000000",
        "client_id": "app-id",
        "client_secret": "s3cret-value",
        "auto_join": "on",
        "join_department": str(tenant.departments["Support"].pk),
        "enabled": "on",
    }
    missing = client.post("/o/acme/settings/sign-in/", {**data, "client_secret": ""})
    assert missing.status_code == 422
    saved = client.post("/o/acme/settings/sign-in/", data)
    assert saved.status_code == 302
    with scope(organisation=tenant.organisation):
        sso = SingleSignOn.objects.get()
        assert sso.domains == ["acme-group.example", "acme.example"]
        assert (
            sso.issuer
            == "https://login.microsoftonline.com/0c1d2e3f-0000-4000-8000-000000000000/v2.0"
        )
        assert identity.client_secret(sso) == "s3cret-value"
        assert "s3cret" not in sso.client_secret_encrypted
        event = AuditEvent.objects.get(action="sso.configured")
        assert "s3cret" not in str(event.changes)
    page = client.get("/o/acme/settings/sign-in/").content.decode()
    assert f"/accounts/oidc/{sso.connection_id}/login/callback/" in page
    assert "s3cret" not in page
    kept = client.post("/o/acme/settings/sign-in/", {**data, "client_secret": ""})
    assert kept.status_code == 302
    with scope(organisation=tenant.organisation):
        assert identity.client_secret(SingleSignOn.objects.get()) == "s3cret-value"


@pytest.fixture
def english_afterwards():
    """Requests here ask for German and Dutch; the language must not leak into later tests."""
    yield
    translation.activate("en")


def test_sign_in_settings_changes_read_as_sentences_in_the_audit_trail(
    tenants, client, provider, english_afterwards
):
    """Set up, re-saved unchanged, changed, second-factor rule: one sentence each, once."""
    own, other = tenants
    _configure(other, provider, email_domains="other.example")  # must not show at acme
    client.force_login(own.user(Role.COORDINATOR))
    data = {
        "provider": "oidc",
        "email_domains": "acme.example",
        "server_url": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
    }
    url = "/o/acme/settings/sign-in/"
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "client_secret": ""}).status_code == 302  # nothing changed
    assert client.post(url, {**data, "client_secret": "", "enabled": "on"}).status_code == 302
    rule = client.post(f"{url}second-factor/", {"second_factor": "leaders"})
    assert rule.status_code == 302
    with scope(organisation=own.organisation):
        events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        "sso.configured",
        "sso.changed",
        "access_policy.second_factor_changed",
    ]
    assert events[1].changes == {"enabled": [False, True]}
    assert provider.client_secret not in str([e.changes for e in events])
    coordinator = own.user(Role.COORDINATOR).get_full_name()
    sso, policy = events[0].target_label, events[2].target_label
    audit = reverse("governance:audit", kwargs={"org": own.slug})
    german = client.get(audit, headers={"accept-language": "de"}).content.decode()
    dutch = client.get(audit, headers={"accept-language": "nl"}).content.decode()
    assert f"{coordinator} hat Single Sign-on eingerichtet ({sso})." in german
    assert f"{coordinator} hat die Single-Sign-on-Einstellungen geändert ({sso})." in german
    assert (
        f"{coordinator} hat geändert, wer sich mit einem zweiten Faktor anmelden muss ({policy})."
        in german
    )
    assert f"{coordinator} heeft single sign-on ingericht ({sso})." in dutch
    assert "Other Bakery" not in german
    assert "sso.configured" not in german


def test_claiming_another_tenants_domain_does_not_take_over_its_people(tenants, provider):
    """A coordinator registers the other organisation's (unclaimed) domain for their own IdP."""
    own, _other = tenants
    _configure(own, provider, email_domains="other.example", auto_join=True)
    provider.sign_in_as("coordinator@other.example")
    client = Client()
    response = _sign_in(client, "coordinator@other.example")
    assert response.status_code == 403
    assert client.get("/o/other/").status_code == 302
    assert client.get("/o/acme/").status_code == 302
    with scopes_disabled():
        user = User.objects.get(email="coordinator@other.example")
        assert not Membership.objects.filter(user=user, organisation=own.organisation).exists()
        assert not user.socialaccount_set.exists()


def test_required_sso_of_one_tenant_never_blocks_another_tenants_people(tenants, provider):
    own, _other = tenants
    _configure(own, provider, email_domains="acme.example\nother.example", required=True)
    other_member = Client().post(
        "/accounts/login/", {"login": "coordinator@other.example", "password": PASSWORD}
    )
    assert other_member.status_code == 302
