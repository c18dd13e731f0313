"""A shortened list in the board report says so, with the total the web shows (issue 14)."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from governance.models import Obligation
from tests.governance.factories import UseCaseFactory
from transformation.models import CommunicationItem, Role
from transformation.services import reports
from transformation.services.roadmap import create_programme

PERIOD = {"period_start": dt.date(2026, 10, 1), "period_end": dt.date(2026, 10, 31)}


def _obligations(tenant, *, undated: int, dated: int, prefix: str = ""):
    organisation = tenant.organisation
    with scope(organisation=organisation):
        use_case = UseCaseFactory(organisation=organisation, title=f"{prefix}Demand forecasting")
        for n in range(undated):
            Obligation.objects.create(
                organisation=organisation,
                use_case=use_case,
                key=f"now-{n}",
                article=f"GDPR Art {22 + n}",
                text={"en": f"{prefix}In force now {n}"},
            )
        for n in range(dated):
            Obligation.objects.create(
                organisation=organisation,
                use_case=use_case,
                key=f"later-{n}",
                article="AI Act Art 26",
                text={"en": f"{prefix}Later {n}"},
                due_on=dt.date(2027, 12, 1 + n),
            )


def _html(tenant, sections):
    with scope(organisation=tenant.organisation):
        report = reports.BoardReport.objects.create(
            organisation=tenant.organisation,
            requested_by=tenant.user(Role.COORDINATOR),
            language="en",
            sections=sections,
            **PERIOD,
        )
        return reports.render_board_report_html(report)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_obligations_in_force_come_first_and_the_rest_is_counted_as_on_the_web(tenants, client_for):
    tenant, other = tenants
    _obligations(other, undated=30, dated=30, prefix="Other ")  # must not be counted
    _obligations(tenant, undated=5, dated=17)

    text = _text(_html(tenant, ["governance"]))

    # Every obligation that applies now is listed, before any dated one.
    for n in range(5):
        assert f"In force now {n}" in text
    assert text.count("applies now") == 5
    assert text.index("In force now 4") < text.index("Later 0")
    shown = 15
    assert len(re.findall(r"Later \d+", text)) == shown - 5
    assert "… and 7 more (22 in all)." in text
    assert "Other " not in text
    # The overview card on the web counts the same 22.
    overview = client_for(tenant.user(Role.COORDINATOR)).get(
        reverse("overview", kwargs={"org": tenant.slug})
    )
    card = re.search(r"Open obligations</dt><dd>(\d+)", overview.content.decode())
    assert card and card.group(1) == "22"


def test_a_complete_list_has_no_more_line(tenant):
    _obligations(tenant, undated=2, dated=3)
    text = _text(_html(tenant, ["governance"]))
    assert text.count("applies now") == 2
    assert "more (" not in text


def test_steps_and_communication_due_say_how_many_more_there_are(tenant):
    today = timezone.localdate()
    with scope(organisation=tenant.organisation):
        programme = create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=today - dt.timedelta(days=30),
        )
        rows = list(programme.progress.all())
        for n, row in enumerate(rows):
            row.planned_start = today
            row.planned_end = today + dt.timedelta(days=1 + n)
            row.save()
        for n in range(15):
            CommunicationItem.objects.create(
                organisation=tenant.organisation,
                planned_on=today + dt.timedelta(days=n),
                audience=f"Team {n}",
                message="Update",
            )
    total_steps = len(rows)
    assert total_steps > 12

    text = _text(_html(tenant, ["next_steps"]))

    assert f"… and {total_steps - 12} more ({total_steps} in all)." in text
    assert "… and 3 more (15 in all)." in text


def test_the_more_line_reads_in_the_report_language(tenant):
    _obligations(tenant, undated=16, dated=0)
    with scope(organisation=tenant.organisation):
        report = reports.BoardReport.objects.create(
            organisation=tenant.organisation,
            requested_by=tenant.user(Role.COORDINATOR),
            language="de",
            sections=["governance"],
            **PERIOD,
        )
        text = _text(reports.render_board_report_html(report))
    assert "… und 1 weiterer (insgesamt 16)." in text
    assert text.count("gilt bereits") == 15


def test_overdue_steps_count_the_same_on_the_overview_card_and_in_the_report(tenant, client_for):
    today = timezone.localdate()
    with scope(organisation=tenant.organisation):
        programme = create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=today - dt.timedelta(days=400),
        )
        rows = list(programme.progress.order_by("pk"))[:15]
        for n, row in enumerate(rows):
            row.planned_start = today - dt.timedelta(days=100)
            row.planned_end = today - dt.timedelta(days=30 - n)
            row.save()
        overdue = programme.progress.overdue().count()
    assert overdue >= 15

    report = _text(_html(tenant, ["roadmap"]))
    overview = _text(
        client_for(tenant.user(Role.STEERING))
        .get(reverse("overview", kwargs={"org": tenant.slug}))
        .content.decode()
    )

    assert f"The 12 oldest of {overdue} overdue steps." in report
    assert f"Overdue steps {overdue} " in overview
    assert f"… and {overdue - 5} more ({overdue} in all)." in overview


def _departments(tenant, count: int, prefix: str = "Unit") -> list:
    from transformation.models import Department

    with scope(organisation=tenant.organisation):
        return Department.objects.bulk_create(
            Department(organisation=tenant.organisation, name=f"{prefix} {n:02d}", headcount=8)
            for n in range(count)
        )


def test_a_long_department_table_shows_the_least_progress_and_counts_every_department_as_on_the_web(
    tenants, client_for
):
    tenant, other = tenants
    _departments(other, 70, prefix="Other unit")  # must not be counted
    with scope(organisation=other.organisation):
        create_programme(
            organisation=other.organisation,
            actor=None,
            name="Other",
            start_date=timezone.localdate(),
        )
    _departments(tenant, 60)
    today = timezone.localdate()
    with scope(organisation=tenant.organisation):
        programme = create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=today - dt.timedelta(days=30),
        )
        # Every department but "Unit 07" has its first step done.
        rows = programme.progress.filter(step__template__number=1).exclude(
            department__name="Unit 07"
        )
        rows.update(status="done", actual_start=today, actual_end=today)
        departments = tenant.organisation.departments.count()
        context = reports.board_report_context(
            reports.BoardReport(
                organisation=tenant.organisation, language="en", sections=["roadmap"], **PERIOD
            )
        )

    text = _text(_html(tenant, ["roadmap"]))
    client = client_for(tenant.user(Role.COORDINATOR))
    url = reverse("roadmap", kwargs={"org": tenant.slug})
    # The web pages its departments: read every page.
    first = client.get(url)
    pages = first.context["departments"].page.paginator.num_pages
    web = first.content.decode() + "".join(
        client.get(url, {"page": number}).content.decode() for number in range(2, pages + 1)
    )

    shown = 15
    assert f"… and {departments - shown} more ({departments} in all)." in text
    assert "The whole list is attached to this PDF as roadmap-departments.csv." in text
    # The department with the least progress comes first.
    table = text[text.index("Phase status per department") : text.rindex("All departments")]
    assert table.index("Unit 07") < table.index("Unit 00")
    assert "Other unit" not in text
    # The web's pages list every department, and both total the same percentage.
    assert sum(f">Unit {n:02d}<" in web for n in range(60)) == 60
    web_total = re.search(r'id="matrix-total-percent">\d+/\d+ · (\d+)', web).group(1)
    report_total = re.search(r"All departments(?: \S+)* (\d+) ?% ", text)
    assert report_total and report_total.group(1) == web_total
    # The attached CSV holds every department, and only this organisation's.
    (appendix,) = [a for a in context["appendices"] if a.filename == "roadmap-departments.csv"]
    lines = appendix.csv().decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + departments
    assert not any("Other unit" in line for line in lines)


def test_a_short_department_table_stays_whole_and_attaches_nothing(tenant):
    _departments(tenant, 5)
    with scope(organisation=tenant.organisation):
        create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=timezone.localdate(),
        )
        context = reports.board_report_context(
            reports.BoardReport(
                organisation=tenant.organisation, language="en", sections=["roadmap"], **PERIOD
            )
        )
    text = _text(_html(tenant, ["roadmap"]))
    assert "more (" not in text
    assert "attached" not in text
    assert context["appendices"] == []
