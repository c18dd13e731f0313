"""Routes of sign-in: ours, and the parts of allauth the product uses.

allauth's own account pages (sign-up, e-mail management, its password pages)
are left out on purpose: people join by invitation or single sign-on, and an
address is the identity single sign-on vouches for.
"""

from allauth.account import views as account_views
from allauth.socialaccount.providers.openid_connect import urls as oidc_urls
from allauth.socialaccount.providers.saml import urls as saml_urls
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from transformation.identity import views

login_patterns = [
    path("login/", views.login, name="login"),
    path("login/", views.login, name="account_login"),
    path("login/company/", views.sso_start, name="sso_start"),
]

password_reset_patterns = [
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/", views.password_reset, name="account_reset_password"),
]

account_patterns = [
    path("logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="account_change_password"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("2fa/required/", views.second_factor_required, name="second_factor_required"),
    path("2fa/", include("allauth.mfa.urls")),
    path("company/", include("allauth.socialaccount.urls")),
    *oidc_urls.urlpatterns,
    *saml_urls.urlpatterns,
]

organisation_patterns = [
    path("settings/sign-in/", views.sign_in_settings, name="sign_in_settings"),
    path(
        "settings/sign-in/second-factor/",
        views.second_factor_settings,
        name="second_factor_settings",
    ),
]

# The admin signs in through the same throttled login page.
admin_patterns = [
    path(
        "admin/login/",
        RedirectView.as_view(url="/accounts/login/?next=/admin/", query_string=False),
        name="admin_login_redirect",
    ),
]
