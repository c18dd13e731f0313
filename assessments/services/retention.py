"""Deleting raw answers after the retention period, keeping a summary."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import (
    Answer,
    Participation,
    Response,
    SubmissionToken,
    Wave,
)
from assessments.results import wave_results
from assessments.services.releases import release_due_results
from assessments.services.tallies import delete_tallies
from transformation.audit import AuditAction
from transformation.models import Organisation
from transformation.services import record_audit_event


def retention_months() -> int:
    return int(settings.SURVEY_RETENTION_MONTHS)


def _summary(wave: Wave) -> dict[str, Any]:
    results = wave_results(wave=wave)
    return {
        "n": results.total_n,
        "means": {s.scale.key: s.mean for s in results.scales if s.visible},
        "enps": results.enps,
    }


@transaction.atomic
def purge_expired_answers(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Delete raw answers and participation of waves closed longer than the retention.

    The organisation-wide figures that passed the thresholds are kept as a
    summary on the wave, so the trend stays readable.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(retention_months() * 30.44))
    waves = Wave.objects.filter(organisation=organisation, purged_at__isnull=True).filter(
        Q(closed_early_at__lt=cutoff) | Q(closed_early_at__isnull=True, closes_at__lt=cutoff)
    )
    purged = 0
    for wave in waves:
        # The mix's lock: a mix re-inserting the rows meanwhile would keep them from the delete.
        Wave.objects.select_for_update().filter(pk=wave.pk).first()
        # Readers never release: a final release the sweep has not made yet (its worker
        # was down) is made here, or the summary would miss the answers.
        release_due_results(wave=wave)
        wave.summary = _summary(wave)
        delete_tallies(wave=wave)
        Answer.objects.filter(wave=wave).delete()
        Response.objects.filter(wave=wave).delete()
        Participation.objects.filter(wave=wave).delete()
        SubmissionToken.objects.filter(wave=wave).delete()
        wave.purged_at = now
        wave.save(update_fields=["summary", "purged_at"])
        record_audit_event(
            organisation=organisation,
            actor=None,
            action=AuditAction.WAVE_ANSWERS_DELETED,
            target=wave,
            changes={"retention_months": retention_months()},
        )
        purged += 1
    return purged
