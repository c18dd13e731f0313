"""Sign-in routes (issue 16): ours and the parts of allauth the product mounts."""

from tests.urlaccess import COORDINATOR, LOGIN, PUBLIC, UrlCase

SETTINGS_UNKNOWN = {"provider_id": "no-such-connection"}
SAML_UNKNOWN = {"organization_slug": "no-such-connection"}

CASES = [
    UrlCase("account_login", PUBLIC),
    UrlCase("account_logout", LOGIN, method="post", ok=(302,)),
    UrlCase("account_change_password", LOGIN),
    UrlCase("account_reset_password", PUBLIC),
    UrlCase("account_inactive", PUBLIC),
    UrlCase("account_reauthenticate", LOGIN),
    UrlCase("admin_login_redirect", PUBLIC, ok=(302,)),
    UrlCase("sso_start", PUBLIC, method="post", data=lambda o: {"login": "x@y.example"}, ok=(302,)),
    UrlCase("second_factor_required", LOGIN),
    UrlCase("sign_in_settings", COORDINATOR),
    UrlCase("second_factor_settings", COORDINATOR, method="post", data=lambda o: {}, ok=(422,)),
    # allauth: second factors (its views ask for recent authentication first).
    UrlCase("mfa_index", LOGIN),
    UrlCase("mfa_authenticate", PUBLIC, ok=(302,)),
    UrlCase("mfa_reauthenticate", LOGIN, ok=(200, 302)),
    UrlCase("mfa_activate_totp", LOGIN, ok=(200, 302)),
    UrlCase("mfa_deactivate_totp", LOGIN, ok=(302, 404)),
    UrlCase("mfa_view_recovery_codes", LOGIN, ok=(200, 302, 404)),
    UrlCase("mfa_generate_recovery_codes", LOGIN, ok=(200, 302)),
    UrlCase("mfa_download_recovery_codes", LOGIN, ok=(302, 404)),
    UrlCase("mfa_list_webauthn", LOGIN, ok=(200, 302)),
    UrlCase("mfa_add_webauthn", LOGIN, ok=(200, 302)),
    UrlCase("mfa_reauthenticate_webauthn", LOGIN, ok=(200, 302)),
    UrlCase("mfa_remove_webauthn", LOGIN, kwargs=lambda o: {"pk": 999999}, ok=(302, 404)),
    UrlCase("mfa_edit_webauthn", LOGIN, kwargs=lambda o: {"pk": 999999}, ok=(302, 404)),
    UrlCase("mfa_login_webauthn", PUBLIC, ok=(200, 302, 400, 405)),
    # allauth: company sign-in; unknown connections are a 404.
    UrlCase("openid_connect_login", PUBLIC, kwargs=lambda o: SETTINGS_UNKNOWN, ok=(404,)),
    UrlCase("openid_connect_callback", PUBLIC, kwargs=lambda o: SETTINGS_UNKNOWN, ok=(404,)),
    UrlCase("saml_login", PUBLIC, kwargs=lambda o: SAML_UNKNOWN, ok=(404,)),
    UrlCase("saml_acs", PUBLIC, kwargs=lambda o: SAML_UNKNOWN, ok=(302, 404, 405)),
    UrlCase("saml_finish_acs", PUBLIC, kwargs=lambda o: SAML_UNKNOWN, ok=(302, 404)),
    UrlCase("saml_sls", PUBLIC, kwargs=lambda o: SAML_UNKNOWN, ok=(404,)),
    UrlCase("saml_metadata", PUBLIC, kwargs=lambda o: SAML_UNKNOWN, ok=(404,)),
    UrlCase("socialaccount_login_cancelled", PUBLIC),
    UrlCase("socialaccount_login_error", PUBLIC, ok=(401,)),
    UrlCase("socialaccount_signup", PUBLIC, ok=(302,)),
    UrlCase("socialaccount_connections", LOGIN, ok=(200, 302)),
]
