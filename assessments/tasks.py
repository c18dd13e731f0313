"""Thin Celery tasks: load by id, re-enter the organisation's scope, call the service.

Every task is idempotent (rows are claimed with conditional UPDATEs), so
late acknowledgement and retries cannot send a mail twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.db.models import Model, Q
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import Participation, PulseSeries, Response, ResultRelease, Wave
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
    """Mix the wave's rows if enough are waiting (see services.mixing).

    Answers now queue `release_wave_results`, which mixes too; this task stays for
    the messages queued before that change.
    """
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


@organisation_task(acks_late=True, reject_on_worker_lost=True)
def release_wave_results(*, organisation: Organisation, wave_id: int) -> int:
    """After an answer commits, when a wave closes, and from the sweep: publish the wave's
    due release (services.releases), then mix the answers still waiting if a mix is due.

    Returns the number of the wave's latest release (0: none yet). Idempotent: a second
    run finds nothing due, and two runs at once meet on the wave's lock, so one releases.
    """
    from assessments.services.mixing import mix_is_due
    from assessments.services.releases import release_due_results, starting_release

    starting_release(wave_id)  # before reading: a later answer queues the next run
    wave = Wave.objects.select_related("organisation", "instrument").filter(pk=wave_id).first()
    if wave is None:
        return 0
    release = release_due_results(wave=wave)
    # A release mixes the whole wave; without one the new answers still need their mix.
    if mix_is_due(wave=wave):
        services.mix_answers(wave=wave, only_if_due=True)
    return release.number if release else 0


@shared_task
def release_waiting_results() -> int:
    """Beat, every minute: queue `release_wave_results` for every open wave with waiting
    answers and every closed wave without its final release (closed by time, or its
    message lost while the broker was down). Returns the number of waves queued."""
    now = timezone.now()
    with scopes_disabled():
        waiting = Response.objects.filter(release__isnull=True).values("wave")
        final = ResultRelease.objects.filter(is_final=True).values("wave")
        waves = list(
            Wave.objects.filter(opens_at__lte=now, purged_at__isnull=True)
            .filter(Q(pk__in=waiting) | Q(closes_at__lte=now) | Q(closed_early_at__lte=now))
            .exclude(pk__in=final)
            .order_by("pk")
            .values_list("organisation_id", "pk")
        )
    for organisation_id, wave_id in waves:
        release_wave_results.delay_on_commit(organisation_id=organisation_id, wave_id=wave_id)
    return len(waves)
