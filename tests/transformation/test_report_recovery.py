"""A report requested while the broker is down, or whose worker died, is produced anyway, once."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from kombu.exceptions import OperationalError

from transformation.models import AuditEvent, BoardReport, ReportStatus, Role
from transformation.tasks import render_board_report, resend_stalled_board_reports


def _report(tenant, **values):
    with scope(organisation=tenant.organisation):
        return BoardReport.objects.create(
            organisation=tenant.organisation,
            requested_by=tenant.user(Role.COORDINATOR),
            language="en",
            sections=["next_steps"],
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            **values,
        )


def _age(report, **fields):
    with scopes_disabled():
        BoardReport.objects.filter(pk=report.pk).update(**fields)


def _sweep(capture) -> dict:
    # Beat runs the sweep outside any transaction; here the test's own
    # transaction holds the after-commit sends until the capture runs them.
    with capture(execute=True):
        return resend_stalled_board_reports.delay().get()


def _produced(tenant) -> int:
    with scope(organisation=tenant.organisation):
        return AuditEvent.objects.filter(action="board_report.produced").count()


def test_a_report_requested_while_the_broker_is_down_is_produced_by_the_sweep(
    tenants, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    tenant, other = tenants
    other_report = _report(other)  # the other organisation's stalled report is swept too
    _age(other_report, created_at=timezone.now() - dt.timedelta(minutes=5))

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client = client_for(tenant.user(Role.COORDINATOR))
    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(render_board_report, "delay", broker_down)
        response = client.post(
            reverse("board_report_request", kwargs={"org": tenant.slug}),
            {
                "period_start": "2026-10-01",
                "period_end": "2026-10-31",
                "language": "en",
                "sections": ["next_steps"],
            },
        )
    assert response.status_code == 302  # not a 500: the request is recorded
    with scope(organisation=tenant.organisation):
        report = BoardReport.objects.get()
    assert report.status == ReportStatus.QUEUED

    # Within the grace period the sweep leaves it alone (the message may be on its way).
    assert _sweep(django_capture_on_commit_callbacks) == {"resent": 1, "failed": 0}
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED

    _age(report, created_at=timezone.now() - dt.timedelta(seconds=61))
    assert _sweep(django_capture_on_commit_callbacks) == {"resent": 1, "failed": 0}
    report.refresh_from_db()
    other_report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 1)
    assert other_report.status == ReportStatus.DONE
    # Once produced, a later sweep and a late original message change nothing.
    assert _sweep(django_capture_on_commit_callbacks) == {"resent": 0, "failed": 0}
    assert (
        render_board_report.delay(organisation_id=tenant.organisation.pk, report_id=report.pk).get()
        == "already done"
    )
    assert _produced(tenant) == 1


def test_a_report_whose_worker_died_is_produced_again_after_the_lease_and_fails_after_three(
    tenant, django_capture_on_commit_callbacks
):
    now = timezone.now()
    dead = _report(tenant, status=ReportStatus.RUNNING, attempts=1)
    _age(dead, started_at=now - dt.timedelta(seconds=91))
    busy = _report(tenant, status=ReportStatus.RUNNING, attempts=1)
    _age(busy, started_at=now - dt.timedelta(seconds=20))
    cursed = _report(tenant, status=ReportStatus.RUNNING, attempts=3)
    _age(cursed, started_at=now - dt.timedelta(seconds=300))

    assert _sweep(django_capture_on_commit_callbacks) == {"resent": 1, "failed": 1}

    for report in (dead, busy, cursed):
        report.refresh_from_db()
    assert (dead.status, dead.attempts) == (ReportStatus.DONE, 2)
    assert (busy.status, busy.attempts) == (ReportStatus.RUNNING, 1)  # still within its lease
    assert cursed.status == ReportStatus.FAILED
    assert cursed.error == "The worker stopped while producing the report. Try again."
    assert _produced(tenant) == 1
