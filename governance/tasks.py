"""Celery tasks of the governance app: thin wrappers that load rows and call services."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from transformation.celery import organisation_task

if TYPE_CHECKING:
    from transformation.models import Organisation

logger = logging.getLogger(__name__)


@organisation_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
    default_retry_delay=10,
    time_limit=120,
    soft_time_limit=110,
)
def render_information_pack(self, *, organisation: Organisation, pack_id: int) -> str:
    """Produce one information pack PDF; safe to run again (claim, then overwrite)."""
    from governance.services import information_pack

    pack = information_pack.claim_information_pack(pack_id)
    if pack is None:
        return "already done"
    try:
        information_pack.produce_information_pack(pack=pack)
    except SoftTimeLimitExceeded:
        information_pack.fail_information_pack(pack_id=pack_id, error="It took too long.")
        return "failed"
    except Exception as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=error) from error
        logger.exception("Information pack %s failed", pack_id)
        information_pack.fail_information_pack(
            pack_id=pack_id, error=f"{type(error).__name__}: {error}"
        )
        return "failed"
    return "done"


@shared_task
def resend_stalled_information_packs() -> dict:
    """Beat: packs a broker outage or a dead worker left queued or running."""
    from governance.services import information_pack

    return information_pack.resend_stalled_information_packs(now=timezone.now())
