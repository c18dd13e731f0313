"""The steering matrix is served from a cached fragment, and never shows data from before an edit.

The fragment's key holds a digest of the rows the matrix is drawn from, so
these tests change the data every way it can change (the step form, a bulk
update that skips `auto_now`, a renamed department or step, a deleted
department, another language) and expect the next page to show it.
"""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from transformation import services
from transformation.models import Department, OrganisationStep, Programme, Role, StepProgress


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


def test_a_second_request_is_served_from_the_cache(tenant, client_for):
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    with CaptureQueriesContext(connection) as first:
        built = _matrix(tenant, client)
    with CaptureQueriesContext(connection) as second:
        cached = _matrix(tenant, client)
    assert _section(cached) == _section(built)
    # The matrix's own queries (departments, counts per department, phase and cell) are skipped.
    assert len(second) == len(first) - 4


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
