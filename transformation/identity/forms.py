"""Forms of the sign-in pages and the coordinator's sign-in settings."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from transformation.identity.adapters import LoginThrottled
from transformation.identity.services import sso_for_email
from transformation.models import Department, SecondFactorRule, SingleSignOn


class LoginForm(AllauthLoginForm):
    """E-mail and password; refused for company addresses whose organisation requires SSO."""

    throttled = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username webauthn", "autocapitalize": "none"}
        )
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)

    def clean(self):
        email = (self.cleaned_data.get("login") or "").strip()
        sso = sso_for_email(email) if email else None
        if sso is not None and sso.required and _is_member(email, sso):
            raise ValidationError(
                _(
                    "People at %(domain)s sign in with their company account: "
                    "choose “Continue with your company account”."
                )
                % {"domain": email.rpartition("@")[2].lower()},
                code="sso_required",
            )
        try:
            return super().clean()
        except LoginThrottled:
            self.throttled = True
            raise


def _is_member(email: str, sso) -> bool:
    """Required SSO binds the organisation's own members, never other tenants' people."""
    from transformation.models import Membership

    with scopes_disabled():
        return Membership.objects.filter(
            organisation=sso.organisation, user__email__iexact=email
        ).exists()


with scopes_disabled():

    class SingleSignOnForm(forms.ModelForm):
        client_secret = forms.CharField(
            label=capfirst(_("client secret")),
            required=False,
            widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
            help_text=_("Stored encrypted and never shown again; leave empty to keep it."),
        )

        class Meta:
            model = SingleSignOn
            fields = [
                "provider",
                "email_domains",
                "tenant_id",
                "server_url",
                "client_id",
                "idp_entity_id",
                "idp_sso_url",
                "idp_certificate",
                "auto_join",
                "join_department",
                "required",
                "enabled",
            ]
            widgets = {
                "email_domains": forms.Textarea(attrs={"rows": 2}),
                "idp_certificate": forms.Textarea(attrs={"rows": 4}),
            }

        def __init__(self, *args, has_secret: bool = False, **kwargs):
            super().__init__(*args, **kwargs)
            self.order_fields(
                [*self.Meta.fields[: self.Meta.fields.index("client_id") + 1], "client_secret"]
            )
            self.has_secret = has_secret
            self.fields["join_department"].queryset = Department.objects.all()
            self.fields["email_domains"].required = True

        def clean_email_domains(self) -> str:
            from transformation.models import split_domains

            domains = split_domains(self.cleaned_data["email_domains"])
            bad = [d for d in domains if "." not in d or "@" in d or " " in d]
            if not domains or bad:
                raise ValidationError(
                    _("Enter domains such as example.com, one per line."), code="domains"
                )
            return "\n".join(domains)

        def clean(self):
            data = super().clean()
            provider = data.get("provider")
            missing = []
            if provider == SingleSignOn.Provider.SAML:
                missing = [
                    f
                    for f in ("idp_entity_id", "idp_sso_url", "idp_certificate")
                    if not data.get(f)
                ]
            else:
                missing = [f for f in ("client_id",) if not data.get(f)]
                if provider == SingleSignOn.Provider.ENTRA and not data.get("tenant_id"):
                    missing.append("tenant_id")
                if provider == SingleSignOn.Provider.OIDC and not data.get("server_url"):
                    missing.append("server_url")
                if not data.get("client_secret") and not self.has_secret:
                    missing.append("client_secret")
            for field in missing:
                self.add_error(field, _("Needed for this identity provider."))
            certificate = data.get("idp_certificate") or ""
            if (
                provider == SingleSignOn.Provider.SAML
                and certificate
                and not _is_certificate(certificate)
            ):
                self.add_error("idp_certificate", _("This is not a PEM certificate."))
            return data


def _is_certificate(text: str) -> bool:
    from cryptography import x509

    text = text.strip()
    if "BEGIN CERTIFICATE" not in text:
        text = f"-----BEGIN CERTIFICATE-----\n{text}\n-----END CERTIFICATE-----"
    try:
        x509.load_pem_x509_certificate(text.encode())
    except ValueError:
        return False
    return True


class SecondFactorForm(forms.Form):
    second_factor = forms.ChoiceField(
        label=_("Second factor at sign-in"),
        choices=SecondFactorRule.choices,
        widget=forms.RadioSelect,
    )
