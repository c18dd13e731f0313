"""Celery tasks of the core app: thin wrappers that load rows and call services."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.utils import timezone

from transformation.celery import organisation_task

if TYPE_CHECKING:
    from transformation.models import Organisation

logger = logging.getLogger(__name__)

REPORT_MAX_RETRIES = 2


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")


@organisation_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    default_retry_delay=10,
    time_limit=180,
    soft_time_limit=170,
)
def render_board_report(self, *, organisation: Organisation, report_id: int) -> str:
    """Produce one board report; safe to run again (claim, then overwrite the same file)."""
    from transformation.services import reports

    report = reports.claim_board_report(report_id)
    if report is None:
        return "already done"
    try:
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
def resend_stalled_board_reports() -> dict:
    from transformation.services import reports

    return reports.resend_stalled_reports(now=timezone.now())


@shared_task
def request_monthly_board_reports() -> int:
    from transformation.services import reports

    return len(reports.request_monthly_reports(today=timezone.localdate()))


# Notifications (issue 17): the beat's cycle and the sends it plans ----------------------------

SEND_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": 3,
    "default_retry_delay": 30,
    "time_limit": 60,
    "soft_time_limit": 50,
}


@shared_task
def run_notification_cycle() -> dict:
    """Beat: refresh every member's notifications, plan digests and channel posts."""
    from transformation.services import notifications

    return notifications.run_cycle(now=timezone.now())


@organisation_task
def refresh_organisation_notifications(*, organisation: Organisation) -> dict:
    """After a change that starts or stops a clock: refresh one organisation now."""
    from transformation.services import notifications

    return notifications.refresh_notifications(organisation=organisation, now=timezone.now())


@organisation_task(**SEND_OPTIONS)
def send_digest(self, *, organisation: Organisation, digest_id: int) -> str:
    """Send one member's digest once: claim, send, mark sent."""
    from transformation.models import Digest
    from transformation.services import notifications

    now = timezone.now()
    digest = notifications.claim(Digest, digest_id, now)
    if digest is None:
        return "already handled"
    try:
        return notifications.send_digest(digest=digest, now=now)
    except Exception as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            # Back to planned, so the retry can claim it.
            notifications.release(Digest, digest_id)
            raise self.retry(exc=error) from error
        logger.exception("Digest %s failed", digest_id)
        notifications.fail_delivery(Digest, digest_id, f"{type(error).__name__}: {error}")
        return "failed"


@organisation_task(**SEND_OPTIONS)
def post_to_channel(self, *, organisation: Organisation, post_id: int) -> str:
    """Post one period's summary to the steering committee's channel once."""
    from transformation.models import WebhookPost
    from transformation.services import notifications

    now = timezone.now()
    post = notifications.claim(WebhookPost, post_id, now)
    if post is None:
        return "already handled"
    try:
        return notifications.post_channel_summary(post=post, now=now)
    except Exception as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            notifications.release(WebhookPost, post_id)
            raise self.retry(exc=error) from error
        logger.warning("Channel post %s failed: %s", post_id, error)
        notifications.fail_delivery(WebhookPost, post_id, f"{type(error).__name__}: {error}")
        return "failed"


@organisation_task(acks_late=True, reject_on_worker_lost=True, time_limit=60, soft_time_limit=50)
def send_outgoing_mail(*, organisation: Organisation, mail_id: int) -> str:
    """Send one e-mail of the outbox once; a failure leaves it to the beat's next round."""
    from transformation.models import OutgoingMail
    from transformation.services import notifications

    now = timezone.now()
    mail = notifications.claim(OutgoingMail, mail_id, now)
    if mail is None:
        return "already handled"
    try:
        return notifications.send_outgoing_mail(mail=mail, now=now)
    except Exception as error:  # SMTP down, refused, timed out: nothing left the server
        return notifications.mail_failed(mail_id=mail_id, error=error)


@shared_task
def resend_pending_mail() -> int:
    """Beat: the outbox's e-mails that a broker outage or a failed attempt left behind."""
    from transformation.services import notifications

    return notifications.resend_pending_mail(now=timezone.now())


@organisation_task(bind=True, time_limit=60, soft_time_limit=50)
def post_channel_test(self, *, organisation: Organisation) -> str:
    from transformation.services import notifications

    return notifications.post_channel_test_message(organisation=organisation, now=timezone.now())
