"""Single sign-on over SAML 2.0: a signed assertion from the organisation's
identity provider signs the colleague in; an unsigned or foreign one does not."""

import base64
import datetime as dt
import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from django_scopes import scope, scopes_disabled
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from transformation.identity import services as identity
from transformation.models import Membership, Role, SingleSignOn, User

IDP_ENTITY = "https://idp.acme.example/saml"
IDP_SSO = "https://idp.acme.example/saml/sso"
HOST = "ai.acme-app.example"


@pytest.fixture(autouse=True)
def _host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]


def _key_and_certificate() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.example")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def idp_keys():
    return _key_and_certificate()


def _configure(tenant, certificate: str) -> SingleSignOn:
    with scope(organisation=tenant.organisation):
        return identity.save_single_sign_on(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "provider": SingleSignOn.Provider.SAML,
                "enabled": True,
                "email_domains": "acme.example",
                "tenant_id": "",
                "server_url": "",
                "client_id": "",
                "idp_entity_id": IDP_ENTITY,
                "idp_sso_url": IDP_SSO,
                "idp_certificate": certificate,
                "auto_join": True,
                "join_department": None,
                "required": False,
            },
        )


def _response(sso, request_id: str, email: str, key: str, certificate: str, sign=True) -> str:
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (now + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = f"http://{HOST}/accounts/saml/{sso.connection_id}"
    assertion_id, response_id = f"_{uuid.uuid4().hex}", f"_{uuid.uuid4().hex}"
    nameid = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    email_claim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    assertion = (
        f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="{assertion_id}" Version="2.0" IssueInstant="{stamp}">'
        f"<saml:Issuer>{IDP_ENTITY}</saml:Issuer>"
        f'<saml:Subject><saml:NameID Format="{nameid}">{email}</saml:NameID>'
        f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData InResponseTo="{request_id}" '
        f'NotOnOrAfter="{later}" Recipient="{base}/acs/"/>'
        f"</saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{stamp}" NotOnOrAfter="{later}">'
        f"<saml:AudienceRestriction><saml:Audience>{base}/metadata/</saml:Audience>"
        f"</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{stamp}" SessionIndex="{assertion_id}">'
        f"<saml:AuthnContext><saml:AuthnContextClassRef>"
        f"urn:oasis:names:tc:SAML:2.0:ac:classes:Password"
        f"</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        f'<saml:AttributeStatement><saml:Attribute Name="{email_claim}">'
        f"<saml:AttributeValue>{email}</saml:AttributeValue></saml:Attribute>"
        f'<saml:Attribute Name="uid"><saml:AttributeValue>{email}</saml:AttributeValue>'
        f"</saml:Attribute></saml:AttributeStatement></saml:Assertion>"
    )
    if sign:
        assertion = OneLogin_Saml2_Utils.add_sign(
            assertion,
            key,
            certificate,
            sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256,
            digest_algorithm=OneLogin_Saml2_Constants.SHA256,
        ).decode()
        assertion = re.sub(r"^<\?xml[^>]*>\s*", "", assertion)
    response = (
        f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{response_id}" '
        f'Version="2.0" IssueInstant="{stamp}" Destination="{base}/acs/" '
        f'InResponseTo="{request_id}"><saml:Issuer>{IDP_ENTITY}</saml:Issuer>'
        f"<samlp:Status>"
        f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        f"</samlp:Status>{assertion}</samlp:Response>"
    )
    return base64.b64encode(response.encode()).decode()


def _start(client) -> tuple[str, str]:
    start = client.post("/accounts/login/company/", {"login": "someone@acme.example"})
    assert start.status_code == 200
    target = urlparse(start.context["target"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == IDP_SSO
    query = parse_qs(target.query)
    request_xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(query["SAMLRequest"][0])
    request_id = re.search(rb'ID="([^"]+)"', request_xml).group(1).decode()
    return request_id, query.get("RelayState", [""])[0]


def test_a_signed_assertion_signs_the_colleague_in(tenants, idp_keys):
    own, _other = tenants
    key, certificate = idp_keys
    sso = _configure(own, certificate)
    client = Client(HTTP_HOST=HOST)
    request_id, relay = _start(client)
    response = client.post(
        f"/accounts/saml/{sso.connection_id}/acs/",
        {
            "SAMLResponse": _response(sso, request_id, "Jan.Berg@acme.example", key, certificate),
            "RelayState": relay,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/o/acme/"
    with scopes_disabled():
        user = User.objects.get(email="jan.berg@acme.example")
        assert Membership.objects.get(user=user).role == Role.EMPLOYEE


def test_an_unsigned_or_foreign_assertion_is_refused(tenants, idp_keys):
    own, _other = tenants
    key, certificate = idp_keys
    sso = _configure(own, certificate)
    attacker_key, attacker_certificate = _key_and_certificate()
    for signing_key, signing_certificate, signed in (
        (key, certificate, False),
        (attacker_key, attacker_certificate, True),
    ):
        client = Client(HTTP_HOST=HOST)
        request_id, relay = _start(client)
        forged = _response(
            sso, request_id, "coordinator@acme.example", signing_key, signing_certificate, signed
        )
        response = client.post(
            f"/accounts/saml/{sso.connection_id}/acs/",
            {"SAMLResponse": forged, "RelayState": relay},
            follow=True,
        )
        assert "/o/acme/" not in [url for url, _status in response.redirect_chain]
        assert client.get("/o/acme/").status_code == 302  # not signed in


def test_an_unreachable_provider_gives_a_clear_message(tenants, settings):
    own, _other = tenants
    with scope(organisation=own.organisation):
        identity.save_single_sign_on(
            organisation=own.organisation,
            actor=own.user(Role.COORDINATOR),
            values={
                "provider": SingleSignOn.Provider.OIDC,
                "enabled": True,
                "email_domains": "acme.example",
                "tenant_id": "",
                "server_url": "http://127.0.0.1:9",  # nothing listens there
                "client_id": "app",
                "idp_entity_id": "",
                "idp_sso_url": "",
                "idp_certificate": "",
                "auto_join": False,
                "join_department": None,
                "required": False,
            },
            client_secret="secret",
        )
    client = Client()
    response = client.post("/accounts/login/company/", {"login": "a@acme.example"}, follow=True)
    assert response.status_code == 200
    assert "cannot be reached right now" in response.content.decode()
