"""Resolve the organisation from the URL and run the request inside its scope."""

import contextlib

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from transformation.clocks import organisation_zone
from transformation.memo import request_memo
from transformation.models import Membership, Notification

ORGANISATION_URL_KWARG = "org"


class OrganisationMiddleware:
    """Every URL with an `org` kwarg belongs to one organisation.

    Anonymous visitors are sent to the login page, people who are not members
    get a 404 (exactly like a missing organisation), and members have the view
    run inside `scope(organisation=...)`, so a scoped query cannot leak.
    Requests without an organisation run without a scope: a scoped query
    there raises instead of returning another tenant's rows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        if request.path_info.startswith(settings.SESSIONLESS_PATH_PREFIXES):
            # Public pages belong to no organisation's URL (they scope themselves).
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get(ORGANISATION_URL_KWARG)
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with scopes_disabled():
            membership = (
                Membership.objects.select_related("organisation", "department", "user")
                .filter(organisation__slug=slug, user=request.user)
                # The header's unread count comes with the membership: no extra query.
                .annotate(unread_notifications=unread_count())
                .first()
            )
        if membership is None:
            raise Http404("No such organisation.")
        request.organisation = membership.organisation
        request.membership = membership
        if request.session.get("organisation") != slug:
            request.session["organisation"] = slug
        # Dates and clocks on the organisation's pages are in its own time zone.
        # Reading requests compute a figure several cards or partials share only once.
        memo = request_memo() if request.method in ("GET", "HEAD") else contextlib.nullcontext()
        with (
            scope(organisation=membership.organisation),
            timezone.override(organisation_zone(membership.organisation)),
            memo,
        ):
            return self.get_response(request)


def unread_count():
    unread = (
        Notification.objects.filter(membership=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("membership")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


class MethodNotAllowedPageMiddleware:
    """A wrong method (a bookmarked or reloaded POST-only address) gets a page, not a blank one.

    Django's `require_POST` answers 405 with an empty body, which browsers show
    as a blank page. This keeps the status and the Allow header and adds a page
    in the reader's language that says what to do. htmx requests and bodies a
    view wrote itself are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.headers.get("HX-Request"):
            return response
        response.content = render_to_string("405.html", request=request)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
