import datetime as dt

from django_scopes import scope

from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.worker import real_services_available
from transformation.models import Role
from transformation.services.roadmap import create_programme


def test_coordinator_requests_watches_and_downloads_a_board_report(
    transactional_db, desktop, request
):
    # With Redis and PostgreSQL (CI) a real worker produces the report while
    # the page polls; on the embedded defaults the task runs in-process.
    real = real_services_available()
    if real:
        request.getfixturevalue("real_worker")
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        create_programme(
            organisation=tenant.organisation,
            actor=None,
            name="AI 2026",
            start_date=dt.date(2026, 6, 1),
        )
    log_in(desktop, tenant.user(Role.COORDINATOR).email)
    desktop.goto("/o/acme/reports/")
    desktop.fill("#id_period_start", "2026-10-01")
    desktop.fill("#id_period_end", "2026-10-31")
    desktop.select_option("#id_language", "de")
    desktop.click("text=Produce the report")

    status = desktop.locator("#report-status")
    badge = status.locator(".badge")
    first_seen = badge.inner_text()
    desktop.evaluate("window.stillTheSamePage = true")
    status.locator(".badge", has_text="Ready").wait_for(timeout=90_000)
    if real:
        # The page showed the report waiting or in production, then htmx
        # swapped in the result without loading the page again.
        assert first_seen in ("Queued", "Being produced")
        assert desktop.evaluate("window.stillTheSamePage") is True
    assert "pages" in status.inner_text()
    with desktop.expect_download() as download_info:
        desktop.click("text=Download PDF")
    download = download_info.value
    assert download.suggested_filename.startswith("board-report-acme-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_reports_page_fits_a_phone(transactional_db, phone):
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(phone, tenant.user(Role.STEERING).email)
    phone.goto("/o/acme/reports/")
    assert phone.locator("h1").inner_text() == "Board reports"
    assert phone.locator("text=Produce the report").count() == 0
    assert_fits_phone(phone)
