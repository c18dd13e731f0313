"""Thin Celery tasks: load by id, re-enter the organisation's scope, call the service.

Every task is idempotent (rows are claimed with conditional UPDATEs), so
late acknowledgement and retries cannot send a mail twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db.models import Model
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import Participation, PulseSeries, Response, Wave
from transformation.celery import organisation_task
from transformation.models import Organisation


def _in_each_scope(
    work: Callable[[Any], int], model: type[Model], *, related: tuple[str, ...] = (), **filters
) -> int:
    """Beat tasks: `work` on the matching rows of every organisation, each in its scope.

    The rows are read with scopes disabled (a beat task belongs to no organisation);
    `work` then runs inside the row's organisation's scope. Returns the sum of its results.
    """
    with scopes_disabled():
        rows = list(model.objects.filter(**filters).select_related("organisation", *related))
    total = 0
    for row in rows:
        with scope(organisation=row.organisation):
            total += work(row)
    return total


# SMTP and connection errors are OSErrors; the failed row was released for the retry.
@organisation_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_wave_invitations(*, organisation: Organisation, wave_id: int) -> int:
    wave = Wave.objects.select_related("organisation", "instrument").filter(pk=wave_id).first()
    if wave is None:
        return 0
    return services.send_invitations(wave=wave)


@organisation_task(acks_late=True, reject_on_worker_lost=True)
def open_wave(*, organisation: Organisation, wave_id: int) -> int:
    """Invite a personal wave's audience if it has opened and was not opened before."""
    wave = Wave.objects.select_related("organisation").filter(pk=wave_id).first()
    if wave is None:
        return 0
    return services.open_wave(wave=wave) or 0


@shared_task
def open_due_waves() -> int:
    """Beat: open every personal wave whose opening time has come (each claimed once)."""
    now = timezone.now()
    return _in_each_scope(
        lambda wave: services.open_wave(wave=wave, now=now) is not None,
        Wave,
        mode=Wave.Mode.PERSONAL,
        opened_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closed_early_at__isnull=True,
        purged_at__isnull=True,
    )


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_pending_invitations() -> int:
    """Beat: mail every invitation of an open wave that has not gone out yet.

    The participation rows are the record of what is to be sent: a wave
    created while the broker was down (its `send_wave_invitations` message
    lost) gets its invitations here once the worker runs again. Each row is
    claimed before its mail, so this and a late original message never send
    one invitation twice.
    """
    now = timezone.now()
    with scopes_disabled():
        waiting = set(
            Participation.objects.filter(invited_at__isnull=True)
            .order_by()
            .values_list("wave_id", flat=True)
            .distinct()
        )
    return _in_each_scope(
        lambda wave: services.send_invitations(wave=wave),
        Wave,
        pk__in=waiting,
        mode=Wave.Mode.PERSONAL,
        opened_at__isnull=False,
        closes_at__gt=now,
        closed_early_at__isnull=True,
        purged_at__isnull=True,
    )


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_due_reminders() -> int:
    now = timezone.now()
    return _in_each_scope(
        lambda wave: services.send_reminders(wave=wave, now=now),
        Wave,
        mode=Wave.Mode.PERSONAL,
        opens_at__lte=now,
        closes_at__gt=now,
        closed_early_at__isnull=True,
    )


@shared_task
def start_due_pulse_waves() -> int:
    now = timezone.now()
    return _in_each_scope(
        lambda series: services.start_due_series_wave(series=series, now=now) is not None,
        PulseSeries,
        is_active=True,
        next_run_at__lte=now,
    )


@shared_task
def delete_expired_answers() -> int:
    purged = 0
    for organisation in Organisation.objects.all():
        with scope(organisation=organisation):
            purged += services.purge_expired_answers(organisation=organisation)
    return purged


@organisation_task
def mix_wave_answers(*, organisation: Organisation, wave_id: int) -> int:
    """After an answer: mix the wave's rows if enough are waiting (see services.mixing)."""
    from assessments.services.mixing import mix_is_due

    wave = Wave.objects.select_related("organisation").filter(pk=wave_id).first()
    if wave is None or not mix_is_due(wave=wave):
        return 0
    return services.mix_answers(wave=wave, only_if_due=True)


@shared_task
def mix_waiting_answers() -> int:
    """Beat: mix every wave whose newest answers were not mixed right after answering."""
    with scopes_disabled():
        waiting = Response.objects.filter(is_mixed=False).values("wave")
        waves = list(Wave.objects.filter(pk__in=waiting).select_related("organisation"))
    mixed = 0
    for wave in waves:
        with scope(organisation=wave.organisation):
            mixed += services.mix_answers(wave=wave)
    return mixed


@shared_task
def release_wave_results() -> int:
    """Publish due result releases of waves that are open or closed in the last 31 days,
    so the overview cards and other apps' figures do not wait for someone to open them."""
    from assessments.services.releases import release_due_results

    now = timezone.now()

    def release(wave: Wave) -> int:
        before = wave.releases.count()
        release_due_results(wave=wave)
        return wave.releases.count() - before

    return _in_each_scope(
        release,
        Wave,
        related=("instrument",),
        opens_at__lte=now,
        closes_at__gt=now - timedelta(days=31),
        purged_at__isnull=True,
    )
