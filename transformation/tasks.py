"""Celery tasks of the core app: thin wrappers that load rows and call services."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

logger = logging.getLogger(__name__)

REPORT_MAX_RETRIES = 2


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    default_retry_delay=10,
    time_limit=180,
    soft_time_limit=170,
)
def render_board_report(self, *, report_id: int) -> str:
    """Produce one board report; safe to run again (claim, then overwrite the same file)."""
    from transformation.services import reports

    report = reports.claim_board_report(report_id)
    if report is None:
        return "already done"
    try:
        with scope(organisation=report.organisation):
            reports.produce_board_report(report=report)
    except SoftTimeLimitExceeded:
        reports.fail_board_report(report_id=report_id, error="The report took too long to produce.")
        return "failed"
    except Exception as error:
        # In-process (eager) runs fail at once: retrying would block the request.
        if self.request.retries < self.max_retries and not self.request.is_eager:
            logger.warning("Board report %s failed, retrying: %s", report_id, error)
            raise self.retry(exc=error) from error
        logger.exception("Board report %s failed", report_id)
        reports.fail_board_report(report_id=report_id, error=f"{type(error).__name__}: {error}")
        return "failed"
    return "done"


@shared_task
def request_monthly_board_reports() -> int:
    from transformation.services import reports

    return len(reports.request_monthly_reports(today=timezone.localdate()))
