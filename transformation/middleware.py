"""Resolve the organisation from the URL and run the request inside its scope."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from transformation.models import Membership

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
                .first()
            )
        if membership is None:
            raise Http404("No such organisation.")
        request.organisation = membership.organisation
        request.membership = membership
        if request.session.get("organisation") != slug:
            request.session["organisation"] = slug
        with scope(organisation=membership.organisation):
            return self.get_response(request)
