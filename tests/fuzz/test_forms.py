"""Bad input never gives a 500, and a refused POST saves nothing (issue 13).

For every route of tests/<app>/urlcases*.py a permitted member opens the page,
and every form on it (its fields read from the HTML) gets generated values:
odd unicode, huge text, NUL bytes and control characters, huge, negative and
non-finite numbers, dates from year 1 to 9999 and impossible ones, and files
from empty to oversized. POST routes get their case's fields the same way.
Each answer must be 2xx, 3xx or 4xx; a 4xx POST must leave every table's row
count as it was. Each example runs in a savepoint that is rolled back, so the
examples are independent and the run is deterministic (`derandomize`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from tests.fuzz.forms import Field, Form, page_forms
from tests.fuzz.strategies import edge_examples, form_data
from tests.test_url_access import CASES, _url
from tests.urlaccess import LOGIN, PUBLIC, UrlCase
from transformation.models import Role

# Forms in every page's frame, fuzzed once on the page named here.
SHARED_FORMS = {"logout": "overview", "set_language": "login"}
# Tables that change on any request, whatever its answer.
VOLATILE_TABLES = {"django_session"}

# Generated examples per form (besides one edge value per field); small so the suite
# stays under two minutes. A deeper hunt: FUZZ_EXAMPLES=50 FUZZ_SEED=<n> pytest tests/fuzz
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("FUZZ_SEED")
# Pages that show what many forms store, opened after an edge value was accepted.
SUMMARIES = ("overview", "roadmap", "roadmap_timeline", "programmes", "stakeholders")
EDGE = "__edge_example__"
# Query parameters the views read besides their forms.
QUERY_PARAMETERS = (
    "page",
    "department",
    "programme",
    "use_case",
    "status",
    "category",
    "state",
    "risk",
    "group",
    "language",
    "lang",
    "matrix",
    "kiosk",
    "next",
)


def fuzz_settings(examples: int = EXAMPLES):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=SEED is None,  # the same examples on every run, so CI is deterministic
        database=None,
        # The examples run inside one test with its fixtures on purpose: each rolls back.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
        print_blob=False,
    )


def _row_counts() -> dict[str, int]:
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        - VOLATILE_TABLES
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {quote(table)}"  # noqa: S608 (table names from the models)
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def _user(case: UrlCase, tenant):
    if case.roles == PUBLIC:
        return None
    if case.roles == LOGIN:
        return tenant.user(Role.EMPLOYEE)
    role = Role.COORDINATOR if Role.COORDINATOR in case.roles else sorted(case.roles)[0]
    return tenant.user(role)


def _route(action: str) -> str | None:
    parsed = urlparse(action)
    if parsed.netloc and parsed.netloc != "testserver":
        return None
    try:
        return resolve(parsed.path).view_name
    except Resolver404:
        return None


def fuzz(
    client,
    user,
    form: Form,
    *,
    page: str | None = None,
    headers=None,
    examples: int = EXAMPLES,
    before_each: Callable[[], None] | None = None,
    edges: bool = True,
) -> None:
    """Send generated values through the form; never a 500, nothing saved when refused.

    After an accepted POST the answer's redirect and the form's page are opened
    again, so a stored value that breaks a page shows; after an edge value is
    stored, the organisation's summary pages too (a year 9999 on the timeline).
    """
    organisation = (resolve(urlparse(page or form.action).path).kwargs or {}).get("org")

    @given(data=form_data(form), htmx=st.booleans())
    def send(data, htmx):
        data = dict(data)  # an explicit example is sent again when it fails: keep it whole
        edge = data.pop(EDGE, False)
        request_headers = {**(headers or {}), **({"HX-Request": "true"} if htmx else {})}
        if before_each is not None:
            before_each()
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            if form.method == "post":
                before = _row_counts()
                response = client.post(form.action, data, headers=request_headers)
            else:
                data = {k: v for k, v in data.items() if not hasattr(v, "read")}
                response = client.get(form.action, data, headers=request_headers)
            assert response.status_code < 500, (form.action, response.status_code)
            if form.method == "post" and response.status_code >= 400:
                after = _row_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                assert not changed, f"refused POST to {form.action} saved rows: {changed}"
            if form.method == "post" and response.status_code < 400:
                shown_after = {response.get("Location") or response.get("HX-Redirect"), page}
                if edge and organisation:
                    shown_after |= {
                        reverse(name, kwargs={"org": organisation}) for name in SUMMARIES
                    }
                for url in shown_after:
                    if url and _route(url):
                        shown = client.get(url)
                        assert shown.status_code < 500, ("after the POST", url)
            transaction.set_rollback(True)

    for body in edge_examples(form) if edges else []:
        send = example(data={**body, EDGE: True}, htmx=False)(send)
    if SEED is not None:
        send = seed(int(SEED))(send)
    fuzz_settings(examples)(send)()


PAGES = [case for case in CASES if case.method == "get"]
ACTIONS = [case for case in CASES if case.method == "post"]


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_every_form_on_the_page_survives_bad_input(case: UrlCase, tenants, client):
    own, _ = tenants
    user = _user(case, own)
    if user is not None:
        client.force_login(user)
    url = _url(case, own)
    page = client.get(url, headers=case.headers)
    assert page.status_code < 500
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    # Links carry filters and ids in the query (?department=3&programme=2): odd ones too.
    query = Form(url, "get", {name: Field(name, "text") for name in QUERY_PARAMETERS})
    fuzz(client, user, query, headers=case.headers, examples=3, edges=False)
    fuzzed = set()
    for form in page_forms(page.content.decode(), url):
        form.action = urljoin(f"http://testserver{url}", form.action)
        route = _route(form.action)
        if route is None or (route, form.method) in fuzzed:
            continue
        if SHARED_FORMS.get(route, case.name) != case.name:
            continue
        fuzzed.add((route, form.method))
        fuzz(client, user, form, page=url, headers=case.headers)


@pytest.mark.parametrize("case", ACTIONS, ids=str)
def test_every_post_route_survives_bad_input(case: UrlCase, tenants, client):
    own, _ = tenants
    url = _url(case, own)
    data = {}
    if case.data is not None:
        from django_scopes import scope

        with scope(organisation=own.organisation):
            data = case.data(own.organisation)
    fields = {name: Field(name, _kind(value), value=str(value)) for name, value in data.items()}
    form = Form(action=url, method="post", fields=fields)
    fuzz(client, _user(case, own), form, headers=case.headers, examples=EXAMPLES if data else 3)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, int | float):
        return "number"
    if hasattr(value, "read"):
        return "file"
    return "text"
