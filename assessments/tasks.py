"""Thin Celery tasks: load by id, re-enter the organisation's scope, call the service.

Every task is idempotent (rows are claimed with conditional UPDATEs), so
late acknowledgement and retries cannot send a mail twice.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import PulseSeries, Wave
from transformation.models import Organisation


# SMTP and connection errors are OSErrors; the failed row was released for the retry.
@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_wave_invitations(*, wave_id: int) -> int:
    with scopes_disabled():
        wave = Wave.objects.select_related("organisation", "instrument").filter(pk=wave_id).first()
    if wave is None:
        return 0
    with scope(organisation=wave.organisation):
        return services.send_invitations(wave=wave)


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_due_reminders() -> int:
    now = timezone.now()
    with scopes_disabled():
        waves = list(
            Wave.objects.filter(
                mode=Wave.Mode.PERSONAL,
                opens_at__lte=now,
                closes_at__gt=now,
                closed_early_at__isnull=True,
            ).select_related("organisation")
        )
    sent = 0
    for wave in waves:
        with scope(organisation=wave.organisation):
            sent += services.send_reminders(wave=wave, now=now)
    return sent


@shared_task
def start_due_pulse_waves() -> int:
    now = timezone.now()
    with scopes_disabled():
        due = list(
            PulseSeries.objects.filter(is_active=True, next_run_at__lte=now).select_related(
                "organisation"
            )
        )
    started = 0
    for series in due:
        with scope(organisation=series.organisation):
            started += services.start_due_series_wave(series=series, now=now) is not None
    return started


@shared_task
def delete_expired_answers() -> int:
    purged = 0
    for organisation in Organisation.objects.all():
        with scope(organisation=organisation):
            purged += services.purge_expired_answers(organisation=organisation)
    return purged
