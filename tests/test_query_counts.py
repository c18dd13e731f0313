"""No page's query count grows with the organisation (no N+1 anywhere).

Every GET route of the route list (`tests/<app>/urlcases*.py`) is rendered,
as a permitted member, at two data sizes: the test tenant as the access
tests build it with one more of everything (`tests.growth.grow`), and the same
tenant after `grow` has added several more departments, members, use cases,
trainings, survey responses and so on. A
page whose number of queries differs between the two sizes fails, with the
SQL that it repeats. Pages that paginate pass as long as their counts stay
equal.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from tests.growth import grow
from tests.urlaccess import LOGIN, PUBLIC, UrlCase, collect_cases
from transformation.models import Role

MODULES = collect_cases()
# Pages known to grow, each with its cause. The test fails as soon as one stops
# growing, so this list can only shrink.
STILL_GROWING: dict[str, str] = {}
LITERALS = re.compile(r"'(?:[^']|'')*'|\bs\d+_x\d+\b|\b\d+(?:\.\d+)?\b")


def _gets(cases: list[UrlCase]) -> list[UrlCase]:
    return [case for case in cases if case.method == "get"]


def _role(case: UrlCase) -> str | None:
    if case.roles == PUBLIC:
        return None
    if case.roles == LOGIN:
        return Role.EMPLOYEE
    return Role.COORDINATOR if Role.COORDINATOR in case.roles else sorted(case.roles)[0]


def _count(client, tenant, case: UrlCase, url: str) -> list[str]:
    """The SQL of one GET with an empty cache (fragments are built, not read).

    A first GET settles what a page does once: per-process caches (content
    types, compiled templates). Survey results are released by the answers'
    tasks (see tests/growth.py), never by a GET.
    """
    role = _role(case)
    if role is None:
        client.logout()
    else:
        client.force_login(tenant.user(role))
    client.get(url, headers=case.headers)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=case.headers)
    assert response.status_code in (*case.ok, 302, 404), (case.name, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def _repeated(small: list[str], large: list[str]) -> list[str]:
    """The statements (literals masked) the large run makes more often, with both counts."""
    before = Counter(LITERALS.sub("?", sql) for sql in small)
    after = Counter(LITERALS.sub("?", sql) for sql in large)
    return [
        f"    {before[sql]} -> {after[sql]}: {sql[:300]}"
        for sql in after
        if after[sql] != before[sql]
    ]


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda name: name.split(".", 1)[1])
def test_query_count_does_not_grow_with_the_organisation(module, tenants, client):
    own, _other = tenants
    cases = _gets(MODULES[module])
    urls = []
    for case in cases:
        with scope(organisation=own.organisation):
            kwargs = case.kwargs(own.organisation)
        if case.in_organisation:
            kwargs = {"org": own.slug, **kwargs}
        urls.append(reverse(case.name, kwargs=kwargs))

    grow(own, times=1)  # one of everything, so no page changes from "none" to "some"
    pairs = list(zip(cases, urls, strict=True))
    small = [_count(client, own, case, url) for case, url in pairs]
    grow(own)
    large = [_count(client, own, case, url) for case, url in pairs]

    growing, fixed = [], []
    for (case, url), before, after in zip(pairs, small, large, strict=True):
        if case.name in STILL_GROWING:
            if len(before) == len(after):
                fixed.append(case.name)
            continue
        if len(before) != len(after):
            growing.append(
                f"{case.name}{' (htmx)' if case.headers else ''} {url}: "
                f"{len(before)} queries, {len(after)} with more data\n"
                + "\n".join(_repeated(before, after))
            )
    assert not growing, "Query counts grow with the data:\n" + "\n".join(growing)
    assert not fixed, f"No longer growing, remove from STILL_GROWING: {fixed}"
