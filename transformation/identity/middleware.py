"""Session and header rules for every request.

- A session ends after SESSION_IDLE_MINUTES without activity; background
  refreshes (htmx polling, marked by app.js) do not count as activity.
- An htmx request that finds its session gone gets a notice swapped into the
  page's banner instead of the login page in place of its content, so what
  the person typed stays on the page.
- People whose organisation requires a second factor set one up first (the
  need is worked out at login, see signals.py, so pages cost no extra query).
- Authenticated responses are never cached (pages and exports alike), and the
  Permissions-Policy denies browser features the product never uses.
- Pages under SESSIONLESS_PATH_PREFIXES (the public survey pages) never read
  or write the session: they are anonymous whoever opens them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control

BACKGROUND_HEADER = "X-Background-Refresh"
LAST_ACTIVITY = "last_activity"
SECOND_FACTOR_MISSING = "second_factor_missing"
_SETUP_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/")


def _permissions_policy() -> str:
    return ", ".join(
        f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
    )


def is_sessionless(request) -> bool:
    return request.path_info.startswith(settings.SESSIONLESS_PATH_PREFIXES)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except on the sessionless pages.

    There the request gets an empty session that is never loaded or saved,
    so the user is anonymous without a query, even in a browser signed in
    to the app: an answer costs no session or user lookup, the answering
    page never shows the account's menu, and the session row records no
    activity at the moment of answering. The session cookie is left as it is.
    """

    def process_request(self, request):
        if is_sessionless(request):
            request.session = self.SessionStore()
        else:
            super().process_request(request)

    def process_response(self, request, response):
        if is_sessionless(request):
            return response
        return super().process_response(request, response)


class IdentityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = _permissions_policy()

    def __call__(self, request):
        response = self._handle(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response

    def _handle(self, request):
        background = request.headers.get(BACKGROUND_HEADER) == "1"
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                return self._expired(request)
            if not background:
                # Saving the session is what extends its cookie and its row.
                request.session[LAST_ACTIVITY] = now
            if request.session.get(SECOND_FACTOR_MISSING) and not request.path.startswith(
                _SETUP_PREFIXES
            ):
                return redirect("second_factor_required")
        elif background or request.htmx:
            response = self.get_response(request)
            if response.status_code == 302 and response["Location"].startswith(reverse("login")):
                return self._expired(request)
            return response
        response = self.get_response(request)
        if request.user.is_authenticated or user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
            response.headers.pop("Expires", None)
        return response

    def _expired(self, request) -> HttpResponse:
        login_url = reverse("login")
        if request.htmx or request.headers.get(BACKGROUND_HEADER) == "1":
            body = render_to_string(
                "identity/session_expired.html", {"login_url": login_url}, request=request
            )
            response = HttpResponse(body)
            response["HX-Retarget"] = "#session-expired"
            response["HX-Reswap"] = "innerHTML"
            patch_cache_control(response, no_store=True)
            return response
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path(), login_url)
