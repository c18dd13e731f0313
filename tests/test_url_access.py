"""Every route is classified, and every organisation route refuses outsiders.

For each route, with a second organisation's data present: anonymous people
are sent to the login page, members of the other organisation get 404,
members without the needed role get 403, permitted members get the expected
answer, and another organisation's object ids answer 404.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scope

from tests.urlaccess import LOGIN, PUBLIC, UrlCase, collect_cases
from transformation.models import Role
from transformation.permissions import Predicate, permissions_module

EXCLUDED_NAMESPACES = {"admin"}  # Django's admin has its own staff login.


def _routes(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, URLPattern]:
    resolver = resolver or get_resolver()
    routes = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes |= _routes(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every route needs a name: {pattern.pattern}"
            routes[f"{namespace}{pattern.name}"] = pattern
    return routes


def _route_names() -> set[str]:
    return set(_routes())


CASES = [case for cases in collect_cases().values() for case in cases]


def test_every_route_is_classified():
    classified = {case.name for case in CASES}
    missing = _route_names() - classified
    assert not missing, f"Add these routes to tests/<app>/urlcases.py: {sorted(missing)}"
    stale = classified - _route_names()
    assert not stale, f"These cases name routes that no longer exist: {sorted(stale)}"


def test_every_organisation_view_declares_a_predicate():
    """The permission of any organisation page is one named predicate in `<app>/permissions.py`."""
    routes = _routes()
    missing, misplaced = [], []
    for case in CASES:
        if not case.in_organisation:
            continue
        rule = getattr(routes[case.name].callback, "permission", None)
        if not isinstance(rule, Predicate):
            missing.append(case.name)
            continue
        app, _, attribute = rule.name.partition(".")
        if getattr(permissions_module(app), attribute, None) is not rule:
            misplaced.append((case.name, rule.name))
    assert not missing, f"Declare @permission_required(<predicate>) on: {missing}"
    assert not misplaced, (
        f"Predicates must live in <app>/permissions.py under their name: {misplaced}"
    )


def test_classification_matches_each_views_predicate():
    """The roles a case expects are exactly the roles the view's predicate admits."""
    routes = _routes()
    differing = [
        (case.name, sorted(case.roles), sorted(routes[case.name].callback.permission.roles))
        for case in CASES
        if case.in_organisation and routes[case.name].callback.permission.roles != case.roles
    ]
    assert not differing


def _url(case: UrlCase, tenant, kwargs_from=None) -> str:
    source = kwargs_from or tenant
    with scope(organisation=source.organisation):
        kwargs = case.kwargs(source.organisation)
    if case.in_organisation:
        kwargs = {"org": tenant.slug, **kwargs}
    return reverse(case.name, kwargs=kwargs)


def _request(client, case: UrlCase, url: str, tenant=None):
    if case.method == "post":
        data = {}
        if case.data is not None:
            with scope(organisation=tenant.organisation):
                data = case.data(tenant.organisation)
        return client.post(url, data, headers=case.headers)
    return client.get(url, headers=case.headers)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_route_access(case: UrlCase, tenants, client):
    own, other = tenants
    url = _url(case, own)

    if case.roles == PUBLIC:
        response = _request(client, case, url, own)
        assert response.status_code in case.ok, response.content[:500]
        return

    response = _request(client, case, url, own)
    if case.headers.get("HX-Request"):
        # htmx asks in the background: the page shows a "log in again" notice
        # instead of swapping the login page into its content.
        assert response.get("HX-Retarget") == "#session-expired", "anonymous htmx needs the notice"
    else:
        assert response.status_code == 302, "anonymous must be sent to the login page"
        assert response["Location"].startswith(reverse("login"))

    if case.roles == LOGIN:
        client.force_login(own.user(Role.EMPLOYEE))
        response = _request(client, case, url, own)
        assert response.status_code in case.ok
        return

    client.force_login(other.user(Role.COORDINATOR))
    response = _request(client, case, url, own)
    assert response.status_code == 404, "a member of another organisation must get 404"

    for role in sorted(set(Role.values) - set(case.roles)):
        client.force_login(own.user(role))
        response = _request(client, case, url, own)
        assert response.status_code == 403, f"{role} must not use {case.name}"

    permitted = sorted(case.roles)
    if case.kwargs.__name__ != "no_kwargs":
        client.force_login(own.user(permitted[0]))
        foreign_url = _url(case, own, kwargs_from=other)
        if foreign_url != url:
            response = _request(client, case, foreign_url, own)
            assert response.status_code == 404, "another organisation's object must be a 404"

    for role in permitted:
        client.force_login(own.user(role))
        response = _request(client, case, _url(case, own), own)
        assert response.status_code in case.ok, (role, response.status_code)
