"""How an organisation's people sign in: single sign-on and the second-factor rule."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from transformation.models.core import Department, Organisation


def _connection_id() -> str:
    return secrets.token_hex(6)


def split_domains(text: str) -> list[str]:
    """E-mail domains written one per line or separated by commas, normalised."""
    parts = text.replace(",", "\n").replace(";", "\n").split()
    return sorted({part.strip().lower().lstrip("@").rstrip(".") for part in parts if part.strip()})


class SingleSignOn(models.Model):
    """An organisation's connection to its company identity provider.

    Configured by the coordinator. People whose e-mail domain is listed are
    offered "continue with your company account" on the login page.
    """

    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    class Provider(models.TextChoices):
        ENTRA = "entra", _("Microsoft Entra ID (Microsoft 365)")
        GOOGLE = "google", _("Google Workspace")
        OIDC = "oidc", _("Other OpenID Connect provider")
        SAML = "saml", _("SAML 2.0 identity provider")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="single_sign_on"
    )
    # Part of the callback addresses registered at the identity provider; it
    # never changes, even when the organisation's short name does.
    connection_id = models.CharField(max_length=24, unique=True, default=_connection_id)
    provider = models.CharField(
        _("identity provider"), max_length=10, choices=Provider.choices, default=Provider.ENTRA
    )
    enabled = models.BooleanField(_("enabled"), default=False)
    email_domains = models.TextField(
        _("company e-mail domains"),
        help_text=_("One per line, e.g. example.com. People with these addresses sign in here."),
    )
    # OpenID Connect
    tenant_id = models.CharField(_("directory (tenant) ID"), max_length=100, blank=True)
    server_url = models.URLField(_("issuer address"), blank=True)
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret_encrypted = models.TextField(blank=True)
    # SAML 2.0
    idp_entity_id = models.CharField(_("identity provider entity ID"), max_length=500, blank=True)
    idp_sso_url = models.URLField(_("single sign-on address"), max_length=500, blank=True)
    idp_certificate = models.TextField(_("signing certificate (PEM)"), blank=True)
    # Who may come in, and how
    auto_join = models.BooleanField(
        _("let colleagues join as employees on first sign-in"), default=False
    )
    join_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department for people who join this way"),
    )
    required = models.BooleanField(
        _("require single sign-on for company addresses"),
        default=False,
        help_text=_("People with a company address can no longer log in with a password."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on connections")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_provider_display()}"

    @property
    def protocol(self) -> str:
        return self.Protocol.SAML if self.provider == self.Provider.SAML else self.Protocol.OIDC

    @property
    def domains(self) -> list[str]:
        return split_domains(self.email_domains)

    @property
    def issuer(self) -> str:
        """The OpenID Connect issuer whose discovery document allauth reads."""
        if self.provider == self.Provider.ENTRA:
            return f"https://login.microsoftonline.com/{self.tenant_id}/v2.0"
        if self.provider == self.Provider.GOOGLE:
            return "https://accounts.google.com"
        return self.server_url.rstrip("/")

    def covers(self, email: str) -> bool:
        return email.rpartition("@")[2].lower() in self.domains


class SecondFactorRule(models.TextChoices):
    NONE = "none", _("Not required")
    LEADERS = "leaders", _("Required for the AI coordinator and the steering committee")
    EVERYONE = "everyone", _("Required for everyone")


class AccessPolicy(models.Model):
    """An organisation's sign-in rules that go beyond the password.

    Whom the second-factor rule binds is `permissions.must_use_second_factor`.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="access_policy"
    )
    second_factor = models.CharField(
        _("second factor"),
        max_length=10,
        choices=SecondFactorRule.choices,
        default=SecondFactorRule.NONE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("access policy")
        verbose_name_plural = _("access policies")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_second_factor_display()}"


__all__ = ["AccessPolicy", "SecondFactorRule", "SingleSignOn", "split_domains"]
