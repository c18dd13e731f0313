"""The steering matrix is served from a cached fragment, and never shows data from before an edit.

The fragment's key holds a digest of the rows the matrix is drawn from, so
these tests change the data every way it can change (the step form, a bulk
update that skips `auto_now`, a renamed department or step, a deleted
department, another language) and expect the next page to show it.
"""

import datetime as dt
import re

from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from transformation import services
from transformation.dashboard import build_matrix
from transformation.models import (
    Department,
    OrganisationStep,
    Programme,
    Role,
    StepProgress,
    StepStatus,
)
from transformation.views import roadmap as roadmap_views


def _programme(tenant) -> Programme:
    with scope(organisation=tenant.organisation):
        return services.create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="Wave 1",
            start_date=dt.date.today() - dt.timedelta(weeks=2),
        )


def _matrix(tenant, client, query: str = "", **headers) -> str:
    url = reverse("roadmap", kwargs={"org": tenant.slug}) + query
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _cell_status(html: str, cell_id: str) -> str:
    return re.search(rf'data-status="([a-z_]+)" id="cell-{cell_id}"', html).group(1)


def _section(html: str) -> str:
    return html[html.index('<section id="matrix"') : html.index("</section>")]


def _step(programme, department: str, code: str) -> StepProgress:
    return StepProgress.objects.select_related("department").get(
        programme=programme, department__name=department, step__code=code
    )


def test_a_second_request_is_served_from_the_cache(tenant, client_for, monkeypatch):
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    built = []
    monkeypatch.setattr(
        roadmap_views, "build_matrix", lambda *a, **k: built.append(1) or build_matrix(*a, **k)
    )
    with CaptureQueriesContext(connection) as first:
        page = _matrix(tenant, client)
    with CaptureQueriesContext(connection) as second:
        cached = _matrix(tenant, client)
    assert _section(cached) == _section(page)
    assert len(built) == 1  # the matrix was counted for the first page only
    # The matrix is counted from the rows its key is a digest of: no query of its own.
    assert len(second) == len(first)


def test_an_edit_draws_only_the_edited_departments_row_again(tenant, client_for, monkeypatch):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "1")
    _matrix(tenant, client)
    stored = []
    default = caches["default"]
    set_many = default.set_many
    monkeypatch.setattr(
        default, "set_many", lambda values, *a: stored.append(values) or set_many(values, *a)
    )
    with scope(organisation=tenant.organisation):
        _edit(row, status=StepStatus.IN_PROGRESS)
    page = _matrix(tenant, client)
    # One card and one table row, of Support: Sales comes from the cache.
    assert [len(values) for values in stored] == [1, 1]
    assert all(f'id="chip-{row.department_id}-p1"' in value for value in stored[0].values())
    assert all(f'id="cell-{row.department_id}-p1"' in value for value in stored[1].values())
    assert ">in progress<" in _cell(page, f"{row.department_id}-p1")


def test_a_step_edit_shows_at_once_on_the_page_and_in_the_htmx_answer(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "1")
    client = client_for(tenant.user(Role.COORDINATOR))
    cell = f"{row.department_id}-s{row.pk}"
    assert _cell_status(_matrix(tenant, client, "?steps=on"), cell) == "not_started"
    phase_cell = f"{row.department_id}-p1"
    assert _cell_status(_matrix(tenant, client), phase_cell) == "not_started"

    url = reverse("roadmap_step_update", kwargs={"org": tenant.slug, "pk": row.pk})
    answer = client.post(
        url,
        {"status": "blocked", "blocked_reason": "Waiting for IT", "matrix": "steps=on"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert _cell_status(answer.content.decode(), cell) == "blocked"  # the out-of-band matrix
    assert _cell_status(_matrix(tenant, client, "?steps=on"), cell) == "blocked"
    assert _cell_status(_matrix(tenant, client), phase_cell) == "blocked"
    partial = _matrix(tenant, client, "?steps=on", **{"HX-Request": "true"})
    assert _cell_status(partial, cell) == "blocked"


def test_a_bulk_update_that_skips_auto_now_shows_at_once(tenant, client_for):
    """Replanning moves dates with `QuerySet.update()`: a "last saved" time would not see it."""
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "1")
    cell = f"{row.department_id}-s{row.pk}"
    before = _matrix(tenant, client, "?steps=on")
    assert f'id="cell-{cell}"' in before
    assert "overdue-mark" not in before

    with scope(organisation=tenant.organisation):
        StepProgress.objects.filter(pk=row.pk).update(
            planned_start=dt.date.today() - dt.timedelta(days=20),
            planned_end=dt.date.today() - dt.timedelta(days=1),
        )
    after = _matrix(tenant, client, "?steps=on")
    cell_html = after[after.index(f'id="cell-{cell}"') :].split("</td>", 1)[0]
    assert "overdue-mark" in cell_html


def test_renamed_and_deleted_departments_and_renamed_steps_show_at_once(tenant, client_for):
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    assert "Support" in _matrix(tenant, client)
    assert "Own name of step two" not in _matrix(tenant, client, "?steps=on")

    with scope(organisation=tenant.organisation):
        support = Department.objects.get(name="Support")
        services.save_department(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            department=support,
            name="Customer care",
            parent=None,
            headcount=30,
        )
        services.rename_roadmap_step(
            step=OrganisationStep.objects.get(code="2"),
            actor=tenant.user(Role.COORDINATOR),
            custom_name="Own name of step two",
            custom_focus="",
        )
    renamed = _matrix(tenant, client)
    assert "Customer care" in renamed
    assert ">Support<" not in renamed
    assert "Own name of step two" in _matrix(tenant, client, "?steps=on")

    with scope(organisation=tenant.organisation):
        Department.objects.filter(name="Sales").delete()
    assert "Sales" not in _matrix(tenant, client)


def test_each_language_gets_its_own_fragment(tenant, client_for):
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    english = _matrix(tenant, client)
    german = _matrix(tenant, client, **{"Accept-Language": "de"})
    assert "not started" in english
    assert "not started" not in german
    assert "nicht begonnen" in german


def test_the_matrix_is_rendered_when_the_cache_is_down(tenant, client_for, settings):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "1")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client = client_for(tenant.user(Role.STEERING))
    html = _matrix(tenant, client, "?steps=on")
    assert _cell_status(html, f"{row.department_id}-s{row.pk}") == "not_started"


# -- Every edit shows at once ------------------------------------------------------------------
#
# Each test warms the cache (the phase page, the expanded page), makes one
# change through the service a user's edit goes through, then compares the
# page with what it shows and with a page rendered from an empty cache.


def _warm(tenant, client) -> None:
    for query in ("", "?steps=on"):
        _matrix(tenant, client, query)
        _matrix(tenant, client, query, **{"Accept-Language": "de"})


def _assert_as_if_uncached(tenant, client, query: str = "", **headers) -> str:
    """The page as served equals the page drawn from an empty cache."""
    served = _matrix(tenant, client, query, **headers)
    cache.clear()
    assert _section(served) == _section(_matrix(tenant, client, query, **headers))
    return served


def _edit(row: StepProgress, **changes) -> None:
    values = {
        "status": row.status,
        "planned_start": row.planned_start,
        "planned_end": row.planned_end,
        "actual_start": row.actual_start,
        "actual_end": row.actual_end,
        "note": row.note,
        "blocked_reason": row.blocked_reason,
        "owner": row.owner,
    }
    services.update_step_progress(progress=row, actor=None, **{**values, **changes})


def _cell(html: str, cell_id: str) -> str:
    """A table cell's markup (the wide layout)."""
    start = html.rindex("<td", 0, html.index(f'id="cell-{cell_id}"'))
    return html[start:].split("</td>", 1)[0]


def _chip(html: str, cell_id: str) -> str:
    """A card's chip (the phone layout)."""
    start = html.rindex("<a", 0, html.index(f'id="chip-{cell_id}"'))
    return html[start:].split("</a>", 1)[0]


def _text(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[html.index(">", start) + 1 :]).split())


def test_a_status_change_shows_in_its_cells_its_row_and_the_totals(tenant, client_for):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "1")
    step_cell, phase_cell = f"{row.department_id}-s{row.pk}", f"{row.department_id}-p1"
    _warm(tenant, client)
    before = _matrix(tenant, client)
    assert "0 of 20 steps done (0%)" in before
    assert ">not started<" in _cell(before, phase_cell)

    with scope(organisation=tenant.organisation):
        _edit(row, status=StepStatus.DONE)
    page = _assert_as_if_uncached(tenant, client)
    assert "1 of 20 steps done (5%)" in page
    assert ">in progress<" in _cell(page, phase_cell)
    assert "matrix__cell--info" in _cell(page, phase_cell)
    assert "1/3" in _cell(page, phase_cell)
    assert "in progress · 1/3" in _chip(page, phase_cell)
    assert _text(page, "column-1").startswith("1/6 · 17%")
    assert _text(page, "matrix-total-percent").startswith("1/20 · 5%")
    expanded = _assert_as_if_uncached(tenant, client, "?steps=on")
    assert _cell_status(expanded, step_cell) == "done"
    assert ">done<" in _cell(expanded, step_cell)
    assert "matrix__cell--ok" in _cell(expanded, step_cell)
    german = _assert_as_if_uncached(tenant, client, "?steps=on", **{"Accept-Language": "de"})
    assert ">erledigt<" in _cell(german, step_cell)


def test_a_passed_due_date_shows_the_overdue_mark_and_counts(tenant, client_for):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Sales", "1")
    step_cell, phase_cell = f"{row.department_id}-s{row.pk}", f"{row.department_id}-p1"
    _warm(tenant, client)
    assert "overdue-mark" not in _matrix(tenant, client, "?steps=on")

    with scope(organisation=tenant.organisation):
        _edit(row, planned_end=dt.date.today() - dt.timedelta(days=1))
    expanded = _assert_as_if_uncached(tenant, client, "?steps=on")
    assert "overdue-mark" in _cell(expanded, step_cell)
    assert "not started · overdue" in _chip(expanded, step_cell)
    page = _assert_as_if_uncached(tenant, client)
    assert ">at risk<" in _cell(page, phase_cell)
    assert "matrix__cell--warn" in _cell(page, phase_cell)
    assert "1 overdue" in _text(page, "matrix-totals")
    assert "1 overdue" in _text(page, "column-1")

    with scope(organisation=tenant.organisation):
        _edit(row, planned_end=dt.date.today() + dt.timedelta(days=30))
    assert "overdue-mark" not in _assert_as_if_uncached(tenant, client, "?steps=on")
    assert "0 overdue" in _text(_assert_as_if_uncached(tenant, client), "matrix-totals")


def test_blocking_and_a_new_block_reason_show_at_once(tenant, client_for):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "2")
    phase_cell = f"{row.department_id}-p1"
    _warm(tenant, client)

    with scope(organisation=tenant.organisation):
        _edit(row, status=StepStatus.BLOCKED, blocked_reason="Works council")
    page = _assert_as_if_uncached(tenant, client)
    assert ">blocked<" in _cell(page, phase_cell)
    assert "matrix__cell--bad" in _cell(page, phase_cell)
    assert "1 blocked" in _text(page, "matrix-totals")
    # The matrix shows no reason: a new one must leave it as a fresh rendering draws it.
    with scope(organisation=tenant.organisation):
        _edit(row, blocked_reason="Waiting for the data protection officer")
    assert ">blocked<" in _cell(_assert_as_if_uncached(tenant, client), phase_cell)
    _assert_as_if_uncached(tenant, client, "?steps=on")


def test_a_new_owner_leaves_the_matrix_as_a_fresh_rendering_draws_it(tenant, client_for):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        row = _step(programme, "Support", "4")
    _warm(tenant, client)
    with scope(organisation=tenant.organisation):
        _edit(row, owner=tenant.user(Role.CHAMPION), status=StepStatus.IN_PROGRESS)
    page = _assert_as_if_uncached(tenant, client)
    assert ">in progress<" in _cell(page, f"{row.department_id}-p2")
    expanded = _assert_as_if_uncached(tenant, client, "?steps=on")
    assert _cell_status(expanded, f"{row.department_id}-s{row.pk}") == "in_progress"


def test_a_renamed_department_shows_in_its_card_and_its_table_row(tenant, client_for):
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    _warm(tenant, client)
    with scope(organisation=tenant.organisation):
        services.save_department(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            department=Department.objects.get(name="Sales"),
            name="Field sales",
            parent=None,
            headcount=40,
        )
    for query in ("", "?steps=on"):
        page = _assert_as_if_uncached(tenant, client, query)
        assert '<h2 class="matrix-card__title">Field sales <span' in page
        assert '<th scope="row">Field sales</th>' in page
        assert ">Sales<" not in page


def test_shipped_and_renamed_step_names_show_in_each_language(tenant, client_for):
    programme = _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with scope(organisation=tenant.organisation):
        cell = _step(programme, "Support", "1")
    chip = f"{cell.department_id}-s{cell.pk}"
    english = _matrix(tenant, client, "?steps=on")
    assert "1. AI potential analysis" in _chip(english, chip)
    german = _assert_as_if_uncached(tenant, client, "?steps=on", **{"Accept-Language": "de"})
    assert "1. KI-Potenzialanalyse durchführen" in _chip(german, chip)
    assert "AI potential analysis<" not in german
    dutch = _assert_as_if_uncached(tenant, client, "?steps=on", **{"Accept-Language": "nl"})
    assert "1. AI-potentieelanalyse uitvoeren" in _chip(dutch, chip)

    with scope(organisation=tenant.organisation):
        services.rename_roadmap_step(
            step=OrganisationStep.objects.get(code="1"),
            actor=None,
            custom_name="Potenzial der KI prüfen",
            custom_focus="",
        )
    german = _assert_as_if_uncached(tenant, client, "?steps=on", **{"Accept-Language": "de"})
    assert "1. Potenzial der KI prüfen" in _chip(german, chip)
    assert "KI-Potenzialanalyse durchführen" not in german


def test_another_organisations_matrix_never_appears(tenants, client_for):
    own, other = tenants
    programmes = {tenant.slug: _programme(tenant) for tenant in (own, other)}
    with scope(organisation=other.organisation):
        _edit(_step(programmes["other"], "Sales", "1"), status=StepStatus.DONE)
    with scope(organisation=own.organisation):
        own_row = _step(programmes["acme"], "Sales", "1")
    # The other organisation's pages are cached first, same departments and steps.
    _warm(other, client_for(other.user(Role.STEERING)))
    client = client_for(own.user(Role.STEERING))
    for query in ("", "?steps=on"):
        page = _matrix(own, client, query)
        assert "0 of 20 steps done (0%)" in page
        assert f'id="cell-{own_row.department_id}-' in page
        for department in other.departments.values():
            assert f'id="cell-{department.pk}-' not in page
            assert f'id="chip-{department.pk}-' not in page
        assert _section(page) == _section(_assert_as_if_uncached(own, client, query))


def test_the_cached_filters_follow_the_query_and_the_programmes(tenant, client):
    """The filter form is a cached fragment too: a renamed or new programme and every
    filter value show at once."""
    first = _programme(tenant)
    client.force_login(tenant.user(Role.STEERING))
    page = _matrix(tenant, client)
    assert 'id="filter-programme"' not in page  # one programme: no choice to offer
    with scope(organisation=tenant.organisation):
        services.create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="Wave 2",
            start_date=dt.date.today(),
        )
    page = _matrix(tenant, client)
    assert ">Wave 1</option>" in page and ">Wave 2</option>" in page
    with scope(organisation=tenant.organisation):
        Programme.objects.filter(pk=first.pk).update(name="Pilot wave")
    page = _matrix(tenant, client, f"?programme={first.pk}")
    assert f'<option value="{first.pk}" selected>Pilot wave</option>' in page
    filtered = _matrix(tenant, client, f"?programme={first.pk}&phase=2&status=blocked&q=Sal")
    assert re.search(r'<option value="2" selected>', filtered)
    assert re.search(r'<option value="blocked" selected>', filtered)
    assert 'value="Sal"' in filtered
    assert 'value="Sal"' not in _matrix(tenant, client, f"?programme={first.pk}")
