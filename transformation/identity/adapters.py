"""django-allauth adapters: throttled password logins and per-organisation SSO."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from transformation.identity import services, throttle
from transformation.identity.addresses import client_address
from transformation.models import Membership, SingleSignOn, User
from transformation.models.core import normalise_email


class LoginThrottled(ValidationError):
    """A password attempt refused without checking it: the client must wait."""


class AccountAdapter(DefaultAccountAdapter):
    """Password logins with growing delays instead of allauth's lock per e-mail address."""

    def is_open_for_signup(self, request) -> bool:
        # People join by invitation or through their company's single sign-on.
        return False

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def pre_authenticate(self, request, **credentials: Any) -> None:
        email = credentials.get("email") or credentials.get("username") or ""
        wait = throttle.login_wait_seconds(request, email)
        if wait:
            raise LoginThrottled(
                ngettext(
                    "Too many failed attempts. Please wait %(seconds)d second and try again.",
                    "Too many failed attempts. Please wait %(seconds)d seconds and try again.",
                    wait,
                )
                % {"seconds": wait},
                code="throttled",
            )

    def authenticate(self, request, **credentials: Any):
        self.pre_authenticate(request, **credentials)
        user = super().authenticate(request, **credentials)
        email = credentials.get("email") or credentials.get("username") or ""
        if user is None:
            throttle.record_login_failure(request, email)
        else:
            throttle.record_login_success(request, email)
        return user

    def reauthenticate(self, user, password: str) -> bool:
        # Our accounts have no allauth EmailAddress rows: the e-mail is on the user.
        found = self.authenticate(context.request, email=user.email, password=password)
        return found is not None and found.pk == user.pk

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if response is not None:
            throttle.remember_device(request, response, user.email)
        return response

    def clean_email(self, email: str) -> str:
        return normalise_email(super().clean_email(email))


def _app_for(sso: SingleSignOn) -> SocialApp:
    """The allauth app for a connection, built from the organisation's settings (never saved)."""
    name = sso.organisation.name
    if sso.protocol == SingleSignOn.Protocol.SAML:
        return SocialApp(
            provider="saml",
            provider_id=sso.connection_id,
            name=name,
            client_id=sso.connection_id,
            settings={
                "idp": {
                    "entity_id": sso.idp_entity_id,
                    "sso_url": sso.idp_sso_url,
                    "x509cert": sso.idp_certificate,
                },
                "advanced": {"want_assertion_signed": True, "strict": True},
            },
        )
    return SocialApp(
        provider="openid_connect",
        provider_id=sso.connection_id,
        name=name,
        client_id=sso.client_id,
        secret=services.client_secret(sso),
        settings={"server_url": sso.issuer, "oauth_pkce_enabled": True},
    )


def sso_of(sociallogin) -> SingleSignOn | None:
    app = sociallogin.provider.app
    connection_id = app.provider_id or app.client_id
    return services.sso_by_connection(connection_id)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Each organisation's identity provider, with e-mail-domain checks and joining."""

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        with scopes_disabled():
            connections = SingleSignOn.objects.select_related("organisation").filter(enabled=True)
            apps = [_app_for(sso) for sso in connections]
        if provider:
            apps = [app for app in apps if provider in (app.provider, app.provider_id)]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    def _refuse(self, request, reason: str, sso: SingleSignOn | None = None):
        response = render(
            request,
            "identity/sso_refused.html",
            {"reason": reason, "sso": sso},
            status=403,
        )
        raise ImmediateHttpResponse(response)

    def pre_social_login(self, request, sociallogin) -> None:
        sso = sso_of(sociallogin)
        if sso is None:
            self._refuse(request, "disabled")
        email = normalise_email(sociallogin.user.email or "")
        if not email or not sso.covers(email):
            # The provider vouches for people of its own domains only.
            self._refuse(request, "domain", sso)
        sociallogin.user.email = email
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            with scopes_disabled():
                user = User.objects.filter(email__iexact=email).first()
            if user is None:
                if not sso.auto_join:
                    self._refuse(request, "not_member", sso)
                return  # a new account; it joins the organisation in save_user
        # An existing account is only ever signed in by the identity provider
        # of an organisation it belongs to: a coordinator who claims somebody
        # else's domain must not be able to take over that person's account.
        if not user.is_active:
            self._refuse(request, "inactive", sso)
        with scopes_disabled():
            member = Membership.objects.filter(organisation=sso.organisation, user=user).exists()
        if not member:
            self._refuse(request, "not_member", sso)
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        sso = sso_of(sociallogin)
        return bool(sso and sso.auto_join)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = normalise_email(user.email or "")
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "")[:150]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        sso = sso_of(sociallogin)
        if sso is not None:
            services.join_by_single_sign_on(sso=sso, user=user)
        return user
