"""Sign-in pages around allauth, and the coordinator's sign-in settings."""

from __future__ import annotations

import logging

from allauth.account.views import LoginView as AllauthLoginView
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from transformation import permissions
from transformation.identity import services, throttle
from transformation.identity.forms import SecondFactorForm, SingleSignOnForm
from transformation.models import AccessPolicy, SecondFactorRule, SingleSignOn
from transformation.permissions import permission_required

log = logging.getLogger(__name__)


class LoginView(AllauthLoginView):
    """allauth's login (second factor, passkeys) on our page; 429 while a client must wait."""

    template_name = "account/login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.method == "GET":
            return redirect(self.get_success_url() or "home")
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response


login = LoginView.as_view()


@require_POST
def sso_start(request):
    """ "Continue with your company account": find the organisation by the address's domain."""
    email = (request.POST.get("login") or "").strip()
    sso = services.sso_for_email(email) if "@" in email else None
    if sso is None:
        messages.error(
            request,
            _("No company sign-in is set up for this address. Log in with your password."),
        )
        return redirect(reverse("login") + _next_query(request))
    try:
        if sso.protocol == SingleSignOn.Protocol.SAML:
            response = saml_views.login(request, organization_slug=sso.connection_id)
        else:
            response = oidc_views.login(request, provider_id=sso.connection_id)
    except Exception:  # the provider is unreachable or its settings are wrong
        log.exception("Company sign-in of %s could not start.", sso.organisation.slug)
        messages.error(
            request,
            _(
                "The company sign-in of %(organisation)s cannot be reached right now. "
                "Try again later or ask your AI coordinator."
            )
            % {"organisation": sso.organisation.name},
        )
        return redirect(reverse("login") + _next_query(request))
    if response.status_code in (301, 302, 303) and "://" in response["Location"]:
        # The login form may only post to this site (CSP form-action 'self'),
        # and browsers apply that to redirects too: continue with a page that
        # navigates to the provider instead.
        return render(
            request,
            "identity/sso_continue.html",
            {"target": response["Location"], "sso": sso},
        )
    return response


def _next_query(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "?" + urlencode({"next": target})
    return ""


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page; mails are limited per address and per client, silently."""

    def form_valid(self, form):
        if not throttle.password_reset_allowed(self.request, form.cleaned_data["email"]):
            # The same answer as a sent mail, so the page reveals nothing.
            return redirect(self.get_success_url())
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()


@login_required
def second_factor_required(request):
    """Where people land whose organisation requires a second factor they have not set up."""
    return render(request, "identity/second_factor_required.html")


@permission_required(permissions.configure_sign_in)
def sign_in_settings(request, org):
    organisation = request.organisation
    sso = SingleSignOn.objects.filter(organisation=organisation).first()
    form = SingleSignOnForm(
        request.POST or None,
        instance=SingleSignOn.objects.filter(pk=getattr(sso, "pk", None)).first()
        or SingleSignOn(organisation=organisation),
        has_secret=bool(sso and sso.client_secret_encrypted),
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.SSO_FIELDS}
        try:
            services.save_single_sign_on(
                organisation=organisation,
                actor=request.user,
                values=values,
                client_secret=form.cleaned_data.get("client_secret", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sign-in settings saved."))
            return redirect("sign_in_settings", org=org)
    return _settings_page(request, sso, form, SecondFactorForm(initial=_rule(organisation)))


@require_POST
@permission_required(permissions.configure_sign_in)
def second_factor_settings(request, org):
    organisation = request.organisation
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        services.set_second_factor_rule(
            organisation=organisation, actor=request.user, rule=form.cleaned_data["second_factor"]
        )
        messages.success(request, _("Sign-in settings saved."))
        return redirect("sign_in_settings", org=org)
    sso = SingleSignOn.objects.filter(organisation=organisation).first()
    form_sso = SingleSignOnForm(
        instance=sso or SingleSignOn(organisation=organisation),
        has_secret=bool(sso and sso.client_secret_encrypted),
    )
    return _settings_page(request, sso, form_sso, form)


def _rule(organisation) -> dict:
    policy = AccessPolicy.objects.filter(organisation=organisation).first()
    return {"second_factor": policy.second_factor if policy else SecondFactorRule.NONE}


def _settings_page(request, sso, sso_form, second_factor_form):
    status = 422 if (sso_form.errors or second_factor_form.errors) else 200
    endpoints = {}
    if sso is not None:
        build = request.build_absolute_uri
        endpoints = {
            "oidc_callback": build(
                reverse("openid_connect_callback", kwargs={"provider_id": sso.connection_id})
            ),
            "saml_acs": build(reverse("saml_acs", kwargs={"organization_slug": sso.connection_id})),
            "saml_metadata": build(
                reverse("saml_metadata", kwargs={"organization_slug": sso.connection_id})
            ),
        }
    return render(
        request,
        "identity/sign_in_settings.html",
        {
            "sso": sso,
            "form": sso_form,
            "second_factor_form": second_factor_form,
            "endpoints": endpoints,
        },
        status=status,
    )
