import datetime as dt
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.transformation.test_formatting import english_numbers
from transformation import registry
from transformation.models import AuditEvent, BoardReport, ReportSettings, ReportStatus, Role
from transformation.pdf import BlockedResource, static_file
from transformation.services import reports
from transformation.services.roadmap import create_programme
from transformation.tasks import render_board_report

PERIOD = {"period_start": dt.date(2026, 10, 1), "period_end": dt.date(2026, 10, 31)}


def _request(tenant, capture, *, sections=("roadmap", "next_steps"), language="en", **extra):
    with scope(organisation=tenant.organisation), capture(execute=True):
        return reports.request_board_report(
            organisation=tenant.organisation,
            requested_by=tenant.user(Role.COORDINATOR),
            language=language,
            sections=list(sections),
            **{**PERIOD, **extra},
        )


def _task_kwargs(report):
    return {"organisation_id": report.organisation_id, "report_id": report.pk}


def _programme(tenant):
    with scope(organisation=tenant.organisation):
        return create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="AI 2026",
            start_date=dt.date(2026, 6, 1),
        )


def test_request_runs_the_task_after_commit_and_stores_one_pdf(
    tenant, django_capture_on_commit_callbacks
):
    _programme(tenant)
    report = _request(tenant, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 1
    assert report.page_count >= 4
    assert report.file.name == f"reports/{tenant.organisation.pk}/{report.public_id}.pdf"
    assert default_storage.open(report.file.name).read(5) == b"%PDF-"
    with scope(organisation=tenant.organisation):
        actions = list(
            AuditEvent.objects.for_target(report).order_by("pk").values_list("action", flat=True)
        )
    assert actions == ["board_report.requested", "board_report.produced"]


def test_a_second_delivery_does_not_produce_a_second_report(
    tenant, django_capture_on_commit_callbacks
):
    report = _request(tenant, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert render_board_report.apply(kwargs=_task_kwargs(report)).get() == "already done"
    again = BoardReport.objects.with_scopes_disabled().get(pk=report.pk)
    assert again.attempts == 1
    assert again.file.name == report.file.name
    with scope(organisation=tenant.organisation):
        assert AuditEvent.objects.filter(action="board_report.produced").count() == 1


def test_a_report_left_running_by_a_dead_worker_is_produced_on_redelivery(
    tenant, django_capture_on_commit_callbacks
):
    with scope(organisation=tenant.organisation):
        report = BoardReport.objects.create(
            organisation=tenant.organisation,
            language="de",
            sections=["next_steps"],
            status=ReportStatus.RUNNING,
            attempts=1,
            **PERIOD,
        )
    assert render_board_report.apply(kwargs=_task_kwargs(report)).get() == "done"
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 2)
    assert default_storage.listdir(f"reports/{tenant.organisation.pk}")[1] == [
        f"{report.public_id}.pdf"
    ]


def test_a_failing_section_fails_the_report_with_a_message_and_retry_requeues_it(
    tenant, django_capture_on_commit_callbacks
):
    broken = {"on": True}

    def flaky(report):
        if broken["on"]:
            raise RuntimeError("ROI data could not be read")
        return {}

    registry.report_sections.register(
        registry.ReportSection(
            key="flaky",
            title="Flaky",
            template="transformation/report/next_steps.html",
            context=flaky,
        )
    )
    try:
        report = _request(tenant, django_capture_on_commit_callbacks, sections=["flaky"])
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert report.error == "RuntimeError: ROI data could not be read"
        assert report.attempts == 1  # in-process runs do not retry; workers retry twice
        broken["on"] = False
        with (
            scope(organisation=tenant.organisation),
            django_capture_on_commit_callbacks(execute=True),
        ):
            reports.retry_board_report(report=report, actor=tenant.user(Role.COORDINATOR))
        report.refresh_from_db()
        assert (report.status, report.error) == (ReportStatus.DONE, "")
        with pytest.raises(ValidationError):
            reports.retry_board_report(report=report, actor=tenant.user(Role.COORDINATOR))
    finally:
        registry.report_sections.items.pop("flaky")


def test_request_refuses_unknown_sections_and_reversed_periods(tenant):
    with scope(organisation=tenant.organisation):
        with pytest.raises(ValidationError):
            reports.request_board_report(
                organisation=tenant.organisation,
                requested_by=None,
                language="de",
                sections=["nonsense"],
                **PERIOD,
            )
        with pytest.raises(ValidationError):
            reports.request_board_report(
                organisation=tenant.organisation,
                requested_by=None,
                language="de",
                sections=["roadmap"],
                period_start=dt.date(2026, 11, 1),
                period_end=dt.date(2026, 10, 1),
            )
        assert BoardReport.objects.count() == 0


def test_the_fetcher_serves_static_files_and_nothing_else(settings):
    assert static_file("https://report.invalid/static/css/report.css").name == "report.css"
    for url in (
        "https://example.com/static/css/report.css",
        "file:///etc/passwd",
        "https://report.invalid/static/../transformation/settings.py",
        "https://report.invalid/media/reports/1/x.pdf",
    ):
        with pytest.raises(BlockedResource):
            static_file(url)


def test_monthly_reports_are_requested_once_per_period(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    with scope(organisation=tenant.organisation):
        ReportSettings.objects.create(
            organisation=tenant.organisation, monthly=True, monthly_language="nl"
        )
    with django_capture_on_commit_callbacks(execute=True):
        first = reports.request_monthly_reports(today=dt.date(2026, 12, 1))
        second = reports.request_monthly_reports(today=dt.date(2026, 12, 3))
    assert [(r.organisation.slug, r.period_start, r.period_end, r.language) for r in first] == [
        ("acme", dt.date(2026, 11, 1), dt.date(2026, 11, 30), "nl")
    ]
    assert second == []
    first[0].refresh_from_db()
    assert first[0].status == ReportStatus.DONE


def test_status_page_polls_while_pending_and_offers_the_download_when_done(
    tenant, client, django_capture_on_commit_callbacks
):
    with scope(organisation=tenant.organisation):
        pending = BoardReport.objects.create(
            organisation=tenant.organisation, language="en", sections=["next_steps"], **PERIOD
        )
    client.force_login(tenant.user(Role.STEERING))
    partial = client.get(pending.get_absolute_url(), headers={"HX-Request": "true"})
    assert "HX-Request" in partial["Vary"]
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="report-status"')
    assert 'hx-trigger="every 2s"' in body
    assert "<html" not in body

    done = _request(tenant, django_capture_on_commit_callbacks, sections=["next_steps"])
    page = client.get(done.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page.split('id="report-status"')[1].split(">")[0]
    download = client.get(f"{done.get_absolute_url()}download/")
    assert download["Content-Disposition"] == (
        'attachment; filename="board-report-acme-2026-10.pdf"'
    )
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_coordinator_requests_a_report_through_the_form(
    tenant, client, django_capture_on_commit_callbacks
):
    client.force_login(tenant.user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/o/acme/reports/request/",
            {
                "period_start": "2026-10-01",
                "period_end": "2026-10-31",
                "language": "de",
                "sections": ["roadmap", "next_steps"],
            },
        )
    with scope(organisation=tenant.organisation):
        report = BoardReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert (report.language, report.sections, report.status) == (
        "de",
        ["roadmap", "next_steps"],
        ReportStatus.DONE,
    )
    bad = client.post(
        "/o/acme/reports/request/",
        {
            "period_start": "2026-10-31",
            "period_end": "2026-10-01",
            "language": "de",
            "sections": ["roadmap"],
        },
    )
    assert bad.status_code == 422
    assert "The period must end after it starts." in bad.content.decode()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_board_report_command_writes_a_german_pdf(tenant, tmp_path):
    _programme(tenant)
    out = tmp_path / "report.pdf"
    call_command("board_report", "acme", "--out", str(out), "--language", "de")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in ("Inhalt", "Zusammenfassung", "Nächste Schritte", "Acme Wholesale"):
        assert heading in text
    assert "Summary" not in text


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_logo_upload_checks_type_and_lands_on_the_cover(tenant, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tenant.user(Role.COORDINATOR))
    bad = client.post(
        "/o/acme/reports/settings/",
        {
            "monthly_language": "de",
            "logo": SimpleUploadedFile("logo.txt", b"hello", content_type="text/plain"),
        },
    )
    assert bad.status_code == 422
    assert "Upload the logo as PNG, JPEG or SVG." in bad.content.decode()
    good = client.post(
        "/o/acme/reports/settings/",
        {
            "monthly_language": "de",
            "monthly": "on",
            "logo": SimpleUploadedFile("logo.png", PNG_1PX, content_type="image/png"),
        },
    )
    assert good.status_code == 302
    with scope(organisation=tenant.organisation):
        report_settings = ReportSettings.objects.get()
        assert report_settings.monthly is True
        html = reports.render_board_report_html(
            BoardReport(
                organisation=tenant.organisation, language="en", sections=["next_steps"], **PERIOD
            )
        )
    assert 'src="data:image/png;base64,' in html


def test_monthly_report_is_mailed_to_the_steering_committee_with_the_pdf(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    from django.core import mail

    with scope(organisation=tenant.organisation):
        ReportSettings.objects.create(
            organisation=tenant.organisation,
            monthly=True,
            monthly_language="de",
            email_to_steering=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        reports.request_monthly_reports(today=dt.date(2026, 12, 1))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["steering@acme.example"]
    assert message.subject == "Vorstandsbericht Acme Wholesale, 01.11.2026–30.11.2026"
    name, content, mime = message.attachments[0]
    assert (name, mime) == ("board-report-acme-2026-11.pdf", "application/pdf")
    assert content[:5] == b"%PDF-"


@pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")), reason="needs poppler-utils"
)
def test_demo_report_renders_in_german_and_hides_small_survey_groups(db, tmp_path):
    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    out = tmp_path / "report.pdf"
    call_command("board_report", "nordtec", "--out", str(out), "--language", "de")

    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "3", "-r", "30", "-png", str(out), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    assert all(page.stat().st_size > 1000 for page in pages)

    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in (
        "Inhalt",
        "Zusammenfassung",
        "Größte Risiken",
        "Phasenstatus je Abteilung",
        "Menschen: Bereitschaft und Stimmung",
        "Kulturphase",
        "Governance",
        "Nutzen: ROI je Anwendungsfall und Programm",
        "Vergleich mit Fallstudien",
        "Nächste Schritte",
    ):
        assert heading in text, heading
    people = text.split("Menschen: Bereitschaft und Stimmung\nZahlen")[1].split("Kulturphase")[0]
    # Management answered fewer than five times: its row names the reason, no figure.
    management = [
        " ".join(line.split())
        for line in people.splitlines()
        if line.strip().startswith("Management")
    ]
    assert management == ["Management Ausgeblendet: weniger als 5 Antworten."]
    # Transport and Quality are too small on their own and only appear rolled up.
    assert "Enthält Transport" in people and "Enthält Quality" in people
    assert not [line for line in people.splitlines() if line.strip().startswith("Transport")]
    # Every figure with German decimal marks: survey means, change load, money, percentages.
    assert english_numbers(text) == []


def test_the_report_list_costs_the_same_with_one_report_or_many(
    tenant, client, django_assert_num_queries
):
    """Each row links through its organisation: loaded with the rows, not once per row."""
    client.force_login(tenant.user(Role.STEERING))

    def add(count):
        with scope(organisation=tenant.organisation):
            BoardReport.objects.bulk_create(
                BoardReport(
                    organisation=tenant.organisation,
                    language="en",
                    sections=["next_steps"],
                    **PERIOD,
                )
                for _ in range(count)
            )

    add(1)
    client.get("/o/acme/reports/")  # warm: session, content types
    with CaptureQueriesContext(connection) as one:
        page = client.get("/o/acme/reports/")
    assert page.content.decode().count("/o/acme/reports/") >= 2
    add(6)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/o/acme/reports/")
    assert page.content.decode().count('data-label="Period"') == 7
