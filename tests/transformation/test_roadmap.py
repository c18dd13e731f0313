"""Programme, roadmap template, step progress, the steering matrix and its views."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from tests.factories import DepartmentFactory
from transformation import services
from transformation.dashboard import PhaseStatus, build_matrix, overall_progress, phase_status
from transformation.models import (
    AuditEvent,
    OrganisationStep,
    Programme,
    RoadmapStep,
    Role,
    StepEvidence,
    StepProgress,
    StepStatus,
)

START = dt.date(2026, 1, 5)
TODAY = dt.date(2026, 5, 4)


def _programme(tenant, **extra) -> Programme:
    with scope(organisation=tenant.organisation):
        return services.create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="Wave 1",
            start_date=START,
            target_end=dt.date(2027, 6, 28),
            **extra,
        )


def _row(programme, department, code) -> StepProgress:
    return StepProgress.objects.get(
        programme=programme, department__name=department, step__code=code
    )


def _set(programme, department, code, status, **values):
    StepProgress.objects.filter(
        programme=programme, department__name=department, step__code=code
    ).update(status=status, **values)


def test_roadmap_template_ships_ten_steps_in_three_languages(db):
    steps = list(RoadmapStep.objects.order_by("number"))
    assert [s.number for s in steps] == list(range(1, 11))
    assert [s.phase for s in steps] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3]
    assert steps[0].name_nl == "AI-potentieelanalyse uitvoeren"
    assert steps[0].name_de == "KI-Potenzialanalyse durchführen"
    assert [s.duration_label() for s in steps[:7]] == [
        "2–4 weeks",
        "4–6 weeks",
        "2–3 weeks",
        "8–12 weeks",
        "parallel to step 4",
        "parallel to step 4",
        "4 weeks after step 4",
    ]
    assert steps[9].duration_label() == "continuous"
    assert steps[2].change_phases == [1, 2]


def test_step_names_follow_the_active_language(db):
    from django.utils import translation

    step = RoadmapStep.objects.get(number=4)
    with translation.override("nl"):
        assert step.name == "AI-pilotproject definiëren en uitvoeren"
    with translation.override("de"):
        assert step.name == "KI-Pilotprojekt definieren und durchführen"


def test_create_programme_plans_each_department_from_the_durations(tenant):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        assert StepProgress.objects.filter(programme=programme).count() == 20
        plan = {
            row.step.code: (row.planned_start, row.planned_end)
            for row in StepProgress.objects.filter(department__name="Sales").select_related("step")
        }
        event = AuditEvent.objects.get(action="programme.created")
    d = dt.date
    assert plan == {
        "1": (d(2026, 1, 5), d(2026, 2, 2)),
        "2": (d(2026, 2, 2), d(2026, 3, 16)),
        "3": (d(2026, 3, 16), d(2026, 4, 6)),
        "4": (d(2026, 4, 6), d(2026, 6, 29)),
        "5": (d(2026, 4, 6), d(2026, 6, 29)),
        "6": (d(2026, 4, 6), d(2026, 6, 29)),
        "7": (d(2026, 6, 29), d(2026, 7, 27)),
        "8": (d(2026, 7, 27), d(2026, 10, 19)),
        "9": (d(2026, 10, 19), d(2026, 11, 30)),
        "10": (d(2026, 11, 30), d(2027, 6, 28)),
    }
    assert event.changes["rows"] == 20
    assert programme.organisation_model == tenant.organisation.organisation_model


def test_new_start_date_replans_only_untouched_steps(tenant):
    programme = _programme(tenant)
    coordinator = tenant.user(Role.COORDINATOR)
    d = dt.date
    with scope(organisation=tenant.organisation):
        started = _row(programme, "Sales", "1")
        services.update_step_progress(
            progress=started,
            actor=coordinator,
            status=StepStatus.IN_PROGRESS,
            planned_start=started.planned_start,
            planned_end=started.planned_end,
            actual_start=None,
            actual_end=None,
            note="",
            today=d(2026, 1, 7),
        )
        by_hand = _row(programme, "Sales", "2")
        services.update_step_progress(
            progress=by_hand,
            actor=coordinator,
            status=StepStatus.NOT_STARTED,
            planned_start=d(2026, 2, 9),
            planned_end=d(2026, 3, 9),
            actual_start=None,
            actual_end=None,
            note="",
            today=d(2026, 1, 7),
        )
        services.update_programme(
            programme=programme,
            actor=coordinator,
            values={"start_date": d(2026, 2, 2), "target_end": d(2027, 6, 28)},
        )
        plan = {
            (row.department.name, row.step.code): (row.planned_start, row.planned_end)
            for row in StepProgress.objects.filter(programme=programme).select_related(
                "department", "step"
            )
        }
        event = AuditEvent.objects.filter(action="programme.changed").latest("pk")
    # Four weeks later: untouched steps move, the step under way and the one
    # planned by hand keep their dates.
    assert plan[("Support", "1")] == (d(2026, 2, 2), d(2026, 3, 2))
    assert plan[("Support", "2")] == (d(2026, 3, 2), d(2026, 4, 13))
    assert plan[("Sales", "3")] == (d(2026, 4, 13), d(2026, 5, 4))
    assert plan[("Sales", "10")] == (d(2026, 12, 28), d(2027, 6, 28))
    assert plan[("Sales", "1")] == (d(2026, 1, 5), d(2026, 2, 2))
    assert plan[("Sales", "2")] == (d(2026, 2, 9), d(2026, 3, 9))
    assert event.changes["replanned_rows"] == 18


def test_second_programme_gets_its_own_rows(tenant):
    first = _programme(tenant)
    second = _programme(tenant, status=Programme.Status.PLANNED)
    with scope(organisation=tenant.organisation):
        assert second.progress.count() == 20
        assert first.progress.count() == 20
        assert OrganisationStep.objects.count() == 10
        assert Programme.objects.current() == second


def test_new_department_joins_running_programmes(tenant):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        services.save_department(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="Logistics",
            parent=None,
            headcount=12,
        )
        assert programme.progress.filter(department__name="Logistics").count() == 10


def test_added_and_renamed_steps_leave_the_template_untouched(tenant):
    programme = _programme(tenant)
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        step4 = OrganisationStep.objects.get(code="4")
        added = services.add_roadmap_step(
            organisation=tenant.organisation,
            actor=coordinator,
            after=step4,
            name="Works council agreement",
            phase=2,
            weeks=3,
        )
        services.rename_roadmap_step(
            step=OrganisationStep.objects.get(code="1"),
            actor=coordinator,
            custom_name="Where AI helps us",
            custom_focus="",
        )
        assert added.code == "4.1"
        assert programme.progress.filter(step=added).count() == 2
        assert [s.code for s in OrganisationStep.objects.all()][3:6] == ["4", "4.1", "5"]
        assert OrganisationStep.objects.get(code="1").name == "Where AI helps us"
    assert RoadmapStep.objects.get(number=1).name_en == "AI potential analysis"


def test_step_is_overdue_when_planned_end_passed_and_not_done(tenant):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Sales", "1")
    row.planned_end = dt.date(2000, 1, 1)
    assert row.is_overdue
    row.status = StepStatus.DONE
    assert not row.is_overdue
    row.status = StepStatus.NOT_APPLICABLE
    assert not row.is_overdue
    row.status, row.planned_end = StepStatus.BLOCKED, dt.date(2999, 1, 1)
    assert not row.is_overdue


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"applicable": 3, "done": 3, "blocked": 0, "overdue": 0, "not_started": 0}, "done"),
        ({"applicable": 3, "done": 1, "blocked": 1, "overdue": 1, "not_started": 0}, "blocked"),
        ({"applicable": 3, "done": 1, "blocked": 0, "overdue": 1, "not_started": 1}, "at_risk"),
        ({"applicable": 3, "done": 0, "blocked": 0, "overdue": 0, "not_started": 3}, "not_started"),
        ({"applicable": 3, "done": 1, "blocked": 0, "overdue": 0, "not_started": 2}, "in_progress"),
        (
            {"applicable": 0, "done": 0, "blocked": 0, "overdue": 0, "not_started": 0},
            "not_applicable",
        ),
    ],
)
def test_phase_status_follows_the_precedence(counts, expected):
    assert phase_status(**counts) == PhaseStatus(expected)


def test_build_matrix_counts_cells_rows_columns_and_totals(tenant):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        for code in ("1", "2", "3"):
            _set(programme, "Sales", code, StepStatus.DONE)
        _set(programme, "Support", "1", StepStatus.DONE)
        _set(programme, "Support", "2", StepStatus.BLOCKED, blocked_reason="Works council")
        _set(programme, "Support", "4", StepStatus.IN_PROGRESS)
        _set(programme, "Sales", "5", StepStatus.NOT_APPLICABLE)
        matrix = build_matrix(programme, today=TODAY)
        expanded = build_matrix(programme, today=TODAY, expanded=True, phase=1)
        blocked_only = build_matrix(programme, today=TODAY, status=StepStatus.BLOCKED)
        overdue_only = build_matrix(programme, today=TODAY, status="overdue")
        progress = overall_progress(programme, today=TODAY)

    rows = {row.department.name: row for row in matrix.rows}
    assert [c.status for c in rows["Sales"].cells] == ["done", "not_started", "not_started"]
    assert [c.status for c in rows["Support"].cells] == ["blocked", "in_progress", "not_started"]
    assert (rows["Sales"].tally.done, rows["Sales"].tally.applicable) == (3, 9)
    assert rows["Sales"].tally.percent == 33
    assert (rows["Support"].tally.done, rows["Support"].tally.applicable) == (1, 10)
    assert rows["Support"].cells[0].label == "blocked"
    # Step 3 of Support ended 2026-04-06: overdue on 2026-05-04; step 2 blocked and overdue.
    assert rows["Support"].cells[0].tally.overdue == 2
    phase1 = matrix.columns[0]
    assert (phase1.tally.done, phase1.tally.applicable, phase1.tally.percent) == (4, 6, 67)
    assert [c.tally.applicable for c in matrix.columns] == [6, 5, 8]
    assert (matrix.totals.done, matrix.totals.applicable, matrix.totals.percent) == (4, 19, 21)
    assert (matrix.totals.blocked, matrix.totals.overdue) == (1, 2)
    assert (progress.done, progress.applicable, progress.percent) == (4, 19, 21)
    assert [c.code for c in expanded.columns] == ["1", "2", "3"]
    support = {r.department.name: r for r in expanded.rows}["Support"]
    assert [(c.status, c.overdue) for c in support.cells] == [
        ("done", False),
        ("blocked", True),
        ("not_started", True),
    ]
    assert [r.department.name for r in blocked_only.rows] == ["Support"]
    assert [r.department.name for r in overdue_only.rows] == ["Support"]


def test_update_step_progress_fills_actual_dates_and_audits(tenant):
    programme = _programme(tenant)
    champion = tenant.user(Role.CHAMPION)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "1")
        services.update_step_progress(
            progress=row,
            actor=champion,
            status=StepStatus.DONE,
            planned_start=row.planned_start,
            planned_end=row.planned_end,
            actual_start=dt.date(2026, 1, 6),
            actual_end=None,
            note="Workshop held",
            blocked_reason="ignored unless blocked",
            today=dt.date(2026, 2, 1),
        )
        row.refresh_from_db()
        event = AuditEvent.objects.get(action="step_progress.changed")
    assert (row.status, row.actual_start, row.actual_end) == (
        "done",
        dt.date(2026, 1, 6),
        dt.date(2026, 2, 1),
    )
    assert row.blocked_reason == ""
    assert event.actor == champion
    assert event.changes["status"] == ["not_started", "done"]
    assert event.changes["actual_end"] == [None, "2026-02-01"]


# -- Views ------------------------------------------------------------------------------------


def _url(name, tenant, **kwargs):
    return reverse(name, kwargs={"org": tenant.slug, **kwargs})


def test_dashboard_shows_matrix_with_text_labels_for_steering(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        _set(programme, "Sales", "1", StepStatus.DONE)
    response = client_for(tenant.user(Role.STEERING)).get(_url("roadmap", tenant))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 60s"' in html
    assert "1 of 20 steps done (5%)" in html
    # Phase 1 of Sales: step 1 done, steps 2 and 3 past their planned end.
    assert "matrix__cell--warn" in html
    assert ">at risk<" in html
    assert "HX-Request" in response["Vary"]
    assert "style=" not in html


def test_dashboard_htmx_branch_returns_only_the_matrix(tenant, client_for):
    _programme(tenant)
    client = client_for(tenant.user(Role.CHAMPION))
    response = client.get(_url("roadmap", tenant) + "?steps=on", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="matrix"')
    assert "<html" not in html
    assert html.count('class="matrix__cell') == 20


def test_step_panel_is_a_partial_for_htmx(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Sales", "2")
    client = client_for(tenant.user(Role.STEERING))
    response = client.get(_url("roadmap_step", tenant, pk=row.pk), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card step-panel"')
    assert "Develop and anchor the AI strategy" in html
    assert "<form" not in html  # steering reads only


def test_champion_updates_own_step_in_place(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "1")
    client = client_for(tenant.user(Role.CHAMPION))
    response = client.post(
        _url("roadmap_step_update", tenant, pk=row.pk),
        {
            "status": "done",
            "planned_start": "2026-01-05",
            "planned_end": "2026-02-02",
            "note": "Done early",
            "matrix": "steps=on",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in html
    assert "1 of 20 steps done (5%)" in html
    assert f'id="cell-{row.department_id}-s{row.pk}"' in html
    assert "Saved." in html
    with scope(organisation=tenant.organisation):
        row.refresh_from_db()
        assert AuditEvent.objects.filter(action="step_progress.changed").count() == 1
    assert (row.status, row.note) == ("done", "Done early")


def test_step_update_without_javascript_redirects_to_the_dashboard(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Sales", "1")
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("roadmap_step_update", tenant, pk=row.pk),
        {"status": "in_progress", "matrix": "phase=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("roadmap", tenant) + "?phase=1"
    page = client.get(response["Location"]).content.decode()
    assert "saved." in page


def test_champion_cannot_change_another_departments_step(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Sales", "1")
    client = client_for(tenant.user(Role.CHAMPION))
    response = client.post(_url("roadmap_step_update", tenant, pk=row.pk), {"status": "done"})
    assert response.status_code == 403
    panel = client.get(_url("roadmap_step", tenant, pk=row.pk), headers={"HX-Request": "true"})
    assert "<form" not in panel.content.decode()
    with scope(organisation=tenant.organisation):
        row.refresh_from_db()
    assert row.status == "not_started"


def test_blocked_needs_a_reason(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "2")
    client = client_for(tenant.user(Role.CHAMPION))
    response = client.post(
        _url("roadmap_step_update", tenant, pk=row.pk),
        {"status": "blocked"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Say what blocks the step." in response.content.decode()
    assert (
        client.post(
            _url("roadmap_step_update", tenant, pk=row.pk), {"status": "blocked"}
        ).status_code
        == 422
    )


def test_evidence_upload_checks_type_and_size(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "1")
    client = client_for(tenant.user(Role.CHAMPION))
    url = _url("roadmap_evidence_add", tenant, pk=row.pk)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(url, {"file": fake}).status_code == 422
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert client.post(url, {"file": exe}).status_code == 422
    big = SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1), content_type="text/plain")
    assert client.post(url, {"file": big}).status_code == 422
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    assert client.post(url, {"file": pdf, "title": "Kick-off minutes"}).status_code == 302
    assert client.post(url, {"url": "https://intranet.example/ai"}).status_code == 302
    with scope(organisation=tenant.organisation):
        evidence = list(StepEvidence.objects.order_by("pk"))
    assert [(e.title, e.size, bool(e.file), e.url) for e in evidence] == [
        ("Kick-off minutes", 16, True, ""),
        ("https://intranet.example/ai", 0, False, "https://intranet.example/ai"),
    ]
    download = client.get(_url("roadmap_evidence", tenant, pk=evidence[0].pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"


def test_champion_removes_evidence_of_their_own_department_only(
    tenant, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    programme = _programme(tenant)
    client = client_for(tenant.user(Role.CHAMPION))
    with scope(organisation=tenant.organisation):
        own_row = _row(programme, "Support", "1")
        other_row = _row(programme, "Sales", "1")
        pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        own = services.add_step_evidence(
            progress=own_row, actor=tenant.user(Role.COORDINATOR), title="Minutes", file=pdf
        )
        other = services.add_step_evidence(
            progress=other_row,
            actor=tenant.user(Role.COORDINATOR),
            title="Sales notes",
            url="https://intranet.example/sales",
        )
    stored = own.file.name
    assert default_storage.exists(stored)
    refused = client.post(_url("roadmap_evidence_remove", tenant, pk=other.pk))
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("roadmap_evidence_remove", tenant, pk=own.pk))
    assert response["Location"] == _url("roadmap_step", tenant, pk=own_row.pk)
    assert not default_storage.exists(stored)
    with scope(organisation=tenant.organisation):
        assert list(StepEvidence.objects.values_list("title", flat=True)) == ["Sales notes"]
        event = AuditEvent.objects.get(action="step_evidence.removed")
    assert event.changes == {"title": "Minutes", "kind": "file"}


def test_phase_cell_lists_the_departments_steps(tenant, client_for):
    _programme(tenant)
    with scope(organisation=tenant.organisation):
        sales = tenant.departments["Sales"]
    client = client_for(tenant.user(Role.STEERING))
    response = client.get(
        _url("roadmap_cell", tenant, department=sales.pk, phase=2), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Sales · 2. Pilots and first implementation" in html
    assert html.count("<li>") == 3


def test_timeline_draws_planned_actual_and_today(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        _set(
            programme,
            "Sales",
            "1",
            StepStatus.DONE,
            actual_start=START,
            actual_end=dt.date(2026, 2, 9),
        )
        sales = tenant.departments["Sales"]
    client = client_for(tenant.user(Role.CHAMPION))
    html = client.get(_url("roadmap_timeline", tenant) + f"?department={sales.pk}").content.decode()
    assert "style=" not in html
    wide, phone = re.findall(r"<svg .*?</svg>", html, re.S)
    assert 'class="chart chart--wide ' in wide and 'class="chart chart--narrow ' in phone
    for drawing in (wide, phone):
        assert drawing.count('fill="#b9c7da"') == 11  # ten planned bars and the legend
    assert 'viewBox="0 0 360 ' in phone
    assert "1. AI potential analysis" in html
    all_html = client.get(_url("roadmap_timeline", tenant)).content.decode()
    assert "1 of 2 departments done" in all_html


def test_programme_new_creates_rows(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("programme_new", tenant),
        {
            "name": "AI 2027",
            "start_date": "2027-01-04",
            "target_end": "2028-01-03",
            "organisation_model": "federal",
            "status": "active",
        },
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        programme = Programme.objects.get(name="AI 2027")
        assert programme.progress.count() == 20
    bad = client.post(
        _url("programme_new", tenant),
        {"name": "x", "start_date": "2027-01-04", "target_end": "2026-01-01"},
    )
    assert bad.status_code == 422


def test_overview_shows_roadmap_cards(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        _set(programme, "Support", "2", StepStatus.BLOCKED, blocked_reason="x")
    html = client_for(tenant.user(Role.STEERING)).get(_url("overview", tenant)).content.decode()
    assert "Roadmap progress" in html
    assert "Blocked steps" in html
    assert "Support: 2. Develop and anchor the AI strategy" in html


# -- Query counts -----------------------------------------------------------------------------


def _grow(tenant, count):
    with scope(organisation=tenant.organisation):
        for index in range(count):
            DepartmentFactory(organisation=tenant.organisation, name=f"Unit {index:02d}")


@pytest.mark.parametrize("extra_departments", [3, 48])
@pytest.mark.parametrize(
    ("query", "htmx", "queries"),
    [("", False, 10), ("", True, 8), ("?steps=on", False, 11), ("?steps=on", True, 9)],
)
def test_dashboard_query_count_does_not_grow(
    tenant, client_for, django_assert_num_queries, extra_departments, query, htmx, queries
):
    _grow(tenant, extra_departments)
    _programme(tenant)
    client = client_for(tenant.user(Role.STEERING))
    headers = {"HX-Request": "true"} if htmx else {}
    with django_assert_num_queries(queries):
        response = client.get(_url("roadmap", tenant) + query, headers=headers)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= extra_departments + 2


def test_other_organisations_programme_is_invisible(tenants, client_for):
    own, other = tenants
    foreign = _programme(other)
    client = client_for(own.user(Role.COORDINATOR))
    response = client.get(_url("roadmap", own) + f"?programme={foreign.pk}")
    assert response.status_code == 404


def test_coordinator_renames_a_step_but_an_own_step_keeps_a_name(tenant, client_for):
    _programme(tenant)
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        shipped = OrganisationStep.objects.get(code="3")
        own = services.add_roadmap_step(
            organisation=tenant.organisation,
            actor=coordinator,
            after=shipped,
            name="Works council agreement",
            phase=1,
            weeks=2,
        )
    client = client_for(coordinator)
    url = reverse("roadmap_step_rename", kwargs={"org": tenant.slug, "pk": own.pk})
    response = client.post(url, {"custom_name": "", "custom_focus": ""})
    assert response.status_code == 422
    assert "An own step needs a name." in response.content.decode()
    url = reverse("roadmap_step_rename", kwargs={"org": tenant.slug, "pk": shipped.pk})
    assert (
        client.post(url, {"custom_name": "Who is for, who against", "custom_focus": ""}).status_code
        == 302
    )
    page = client.get(reverse("roadmap_steps", kwargs={"org": tenant.slug})).content.decode()
    assert "Who is for, who against" in page and "3.1" in page
    assert client.post(url, {"custom_name": "", "custom_focus": ""}).status_code == 302
    with scope(organisation=tenant.organisation):
        shipped.refresh_from_db()
    assert shipped.name == "Stakeholder analysis and change-readiness assessment"


# -- Overview and roadmap on a phone (issue 14) --------------------------------------------------


def test_overview_links_pending_approvals_and_puts_the_organisation_facts_last(tenant, client_for):
    _programme(tenant)
    response = client_for(tenant.user(Role.STEERING)).get(_url("overview", tenant))
    html = response.content.decode()
    approvals = reverse("governance:approvals", kwargs={"org": tenant.slug})
    assert f'<a href="{approvals}" data-testid="approvals-link">Approvals pending</a>' in html
    keys = [card.key for card, _context in response.context["cards"]]
    assert keys[0] != "organisation" and keys[-1] == "organisation"
    assert html.index('id="card-roadmap-progress"') < html.index('id="card-organisation"')


def test_overview_approvals_stay_plain_text_for_whom_the_list_is_closed(tenant, client_for):
    html = client_for(tenant.user(Role.CHAMPION)).get(_url("overview", tenant)).content.decode()
    if "Approvals pending" in html:  # the card is shown only to whom the register is open
        assert 'data-testid="approvals-link"' not in html


def test_roadmap_has_a_card_per_department_with_its_three_phase_chips(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        _set(programme, "Sales", "1", StepStatus.DONE)
    response = client_for(tenant.user(Role.STEERING)).get(_url("roadmap", tenant))
    html = response.content.decode()
    cards = html[html.index('data-testid="matrix-cards"') : html.index("matrix__wide")]
    assert cards.count('class="card matrix-card"') == 2
    assert cards.count('class="phase-chip ') == 6
    sales = cards[cards.index("Sales") : cards.index("Support")]
    assert "1. " in sales and "2. " in sales and "3. " in sales
    assert "at risk" in sales and "1/3" in sales
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Sales", "1")
    cell = reverse(
        "roadmap_cell", kwargs={"org": tenant.slug, "department": row.department_id, "phase": 1}
    )
    assert f'href="{cell}' in sales


def test_champion_sees_why_another_departments_step_is_read_only(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        other, own = _row(programme, "Sales", "1"), _row(programme, "Support", "1")
    client = client_for(tenant.user(Role.CHAMPION))
    html = client.get(_url("roadmap_step", tenant, pk=other.pk)).content.decode()
    assert "roadmap_step_update" not in html and f"/steps/{other.pk}/update" not in html
    assert "Only the AI coordinator and Sales's AI champion can change this step." in html
    german = client.get(
        _url("roadmap_step", tenant, pk=other.pk), headers={"accept-language": "de"}
    ).content.decode()
    assert "Nur die KI-Koordination und der KI-Champion von Sales können diesen Schritt" in german
    mine = client.get(_url("roadmap_step", tenant, pk=own.pk)).content.decode()
    assert "Only the AI coordinator" not in mine
