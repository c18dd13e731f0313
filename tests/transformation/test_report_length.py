"""A board report stays a board report as the organisation grows (issue 15).

Per-department tables show the departments that need attention first and
count the rest; the whole lists travel with the PDF as CSV attachments.
"""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from tests.factories import MembershipFactory, UserFactory
from transformation.models import BoardReport, Department, Role
from transformation.services import reports
from transformation.services.roadmap import create_programme

# Every section, 60 departments: 14 pages with the summaries, 21 with every department
# listed. With 15 rows per department table, 1,000 departments make no more pages.
PAGE_LIMIT = 16


def _large_organisation(tenant, departments: int = 60) -> None:
    organisation = tenant.organisation
    with scope(organisation=organisation):
        units = Department.objects.bulk_create(
            Department(organisation=organisation, name=f"Unit {n:02d}", headcount=12)
            for n in range(departments)
        )
        for n, unit in enumerate(units):
            MembershipFactory(
                organisation=organisation,
                user=UserFactory(email=f"member{n}@acme.example"),
                role=Role.EMPLOYEE,
                department=unit,
            )
        create_programme(
            organisation=organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=timezone.localdate() - dt.timedelta(days=200),
        )


def _report(tenant) -> BoardReport:
    return BoardReport(
        organisation=tenant.organisation,
        language="en",
        period_start=timezone.localdate().replace(day=1),
        period_end=timezone.localdate(),
        sections=[section.key for section in reports.available_sections()],
    )


def test_the_report_of_sixty_departments_stays_within_the_page_limit(tenant):
    _large_organisation(tenant)
    with scope(organisation=tenant.organisation):
        rendered = reports.render_board_report_pdf(_report(tenant))
    assert rendered.page_count <= PAGE_LIMIT
    # The whole lists are attached to the PDF (WeasyPrint's embedded files).
    assert rendered.content.count(b"/EmbeddedFile") >= 1


def test_every_shortened_department_list_is_attached_whole(tenant):
    _large_organisation(tenant)
    with scope(organisation=tenant.organisation):
        context = reports.board_report_context(_report(tenant))
    attached = {appendix.filename: appendix for appendix in context["appendices"]}
    assert {
        "roadmap-departments.csv",
        "role-gaps.csv",
        "ai-literacy-departments.csv",
        "change-load-departments.csv",
        "adoption-departments.csv",
    } <= set(attached)
    departments = 60 + len(tenant.departments)
    for name in ("roadmap-departments.csv", "change-load-departments.csv"):
        lines = attached[name].csv().decode("utf-8-sig").splitlines()
        assert len(lines) == 1 + departments, name
    # A cell a spreadsheet would run as a formula is defused.
    with scope(organisation=tenant.organisation):
        Department.objects.filter(name="Unit 00").update(name="=HYPERLINK(1)")
        context = reports.board_report_context(_report(tenant))
    (roadmap,) = [a for a in context["appendices"] if a.filename == "roadmap-departments.csv"]
    assert "'=HYPERLINK(1)" in roadmap.csv().decode("utf-8-sig")


def test_the_attached_lists_are_in_the_report_language(tenant, monkeypatch):
    from transformation import pdf

    _large_organisation(tenant)
    attached = {}
    render = pdf.render_pdf

    def keep_attachments(html, *, attachments=None):
        attached.update(attachments or {})
        return render(html, attachments=attachments)

    monkeypatch.setattr(pdf, "render_pdf", keep_attachments)
    report = _report(tenant)
    report.language = "de"
    with scope(organisation=tenant.organisation):
        rendered = reports.render_board_report_pdf(report)
    assert rendered.content.startswith(b"%PDF-")
    header = attached["ai-literacy-departments.csv"].decode("utf-8-sig").splitlines()[0]
    assert header == "Abteilung,Geschult,Mitglieder"
