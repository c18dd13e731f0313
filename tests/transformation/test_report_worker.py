"""Board reports end to end: a real Celery worker, Redis and PostgreSQL (CI)."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from tests.conftest import make_tenant
from tests.worker import VISIBILITY_TIMEOUT, wait_for
from transformation.models import AuditEvent, BoardReport, Department, ReportStatus, Role
from transformation.services import reports
from transformation.services.roadmap import create_programme


def _big_tenant():
    """Enough departments that rendering takes a few seconds, so a kill lands mid-render."""
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        for number in range(40):
            Department.objects.create(
                organisation=tenant.organisation, name=f"Branch {number:02d}", headcount=12
            )
        create_programme(
            organisation=tenant.organisation,
            actor=None,
            name="AI 2026",
            start_date=dt.date(2026, 5, 4),
        )
    return tenant


def _request(tenant):
    with scope(organisation=tenant.organisation):
        return reports.request_board_report(
            organisation=tenant.organisation,
            requested_by=tenant.user(Role.COORDINATOR),
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            language="de",
            sections=["roadmap", "next_steps"],
        )


def _status(report):
    return BoardReport.objects.with_scopes_disabled().get(pk=report.pk)


def test_a_real_worker_produces_the_report(real_worker):
    tenant = _big_tenant()
    report = _request(tenant)
    done = wait_for(
        lambda: _status(report).status == ReportStatus.DONE and _status(report),
        timeout=90,
        message=f"report not produced; worker log:\n{real_worker.log()}",
    )
    assert done.attempts == 1
    files = list((real_worker.media_root / "reports" / str(tenant.organisation.pk)).iterdir())
    assert [path.name for path in files] == [f"{report.public_id}.pdf"]
    assert files[0].read_bytes()[:5] == b"%PDF-"


def test_killing_the_worker_mid_render_still_completes_the_report_exactly_once(real_worker):
    tenant = _big_tenant()
    report = _request(tenant)
    wait_for(
        lambda: _status(report).status == ReportStatus.RUNNING,
        timeout=60,
        interval=0.02,
        message=f"report never started; worker log:\n{real_worker.log()}",
    )
    real_worker.kill()
    killed = _status(report)
    assert (killed.status, killed.attempts) == (ReportStatus.RUNNING, 1)

    # The broker hands the unacknowledged task out again once its visibility
    # timeout has passed; a restarted worker then claims and finishes it.
    import time

    time.sleep(VISIBILITY_TIMEOUT + 1)
    real_worker.start()
    done = wait_for(
        lambda: _status(report).status == ReportStatus.DONE and _status(report),
        timeout=120,
        interval=0.2,
        message=f"report not completed after restart; worker log:\n{real_worker.log()}",
    )
    assert done.attempts == 2
    files = list((real_worker.media_root / "reports" / str(tenant.organisation.pk)).iterdir())
    assert [path.name for path in files] == [f"{report.public_id}.pdf"]
    with scope(organisation=tenant.organisation):
        assert AuditEvent.objects.filter(action="board_report.produced").count() == 1


def test_with_production_timeouts_a_killed_worker_s_report_is_done_within_two_minutes(
    real_worker, settings
):
    # Production: the broker would hand the task out again only after its
    # visibility timeout (600 s); the beat's sweep must not wait for that.
    assert settings.REPORT_LEASE_SECONDS + settings.REPORT_SWEEP_SECONDS <= 120
    real_worker.stop()
    real_worker.visibility_timeout = 600
    real_worker.start()
    settings.REPORT_LEASE_SECONDS = 3  # the test's stand-in for 90 s

    tenant = _big_tenant()
    report = _request(tenant)
    wait_for(
        lambda: _status(report).status == ReportStatus.RUNNING,
        timeout=60,
        interval=0.02,
        message=f"report never started; worker log:\n{real_worker.log()}",
    )
    real_worker.kill()  # the worker process itself (solo pool: no parent to notice)
    real_worker.start()

    # Beat's sweep, as every REPORT_SWEEP_SECONDS: nothing before the lease is up.
    assert reports.resend_stalled_reports(now=_status(report).started_at) == {
        "resent": 0,
        "failed": 0,
    }

    def swept_and_done():
        reports.resend_stalled_reports(now=timezone.now())
        current = _status(report)
        return current.status == ReportStatus.DONE and current

    done = wait_for(
        swept_and_done,
        timeout=90,
        interval=1,
        message=f"report not completed by the sweep; worker log:\n{real_worker.log()}",
    )
    assert done.attempts == 2
    files = list((real_worker.media_root / "reports" / str(tenant.organisation.pk)).iterdir())
    assert [path.name for path in files] == [f"{report.public_id}.pdf"]
    with scope(organisation=tenant.organisation):
        assert AuditEvent.objects.filter(action="board_report.produced").count() == 1
    # Further sweeps leave a finished report alone.
    assert reports.resend_stalled_reports(now=timezone.now()) == {"resent": 0, "failed": 0}
