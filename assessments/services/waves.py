"""Waves and pulse series, personal links, kiosk codes, reminders and answering."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from assessments.models import (
    Answer,
    Instrument,
    Participation,
    PulseSeries,
    Response,
    Wave,
)
from transformation.models import Department, Membership, Organisation, User
from transformation.services import record_audit_event

KIOSK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class LinkAlreadyUsed(Exception):
    """The personal link was used before (or by a concurrent request)."""


def link_token(nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"survey-link:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def personal_path(participation: Participation) -> str:
    return reverse("survey:answer", kwargs={"token": link_token(participation.nonce)})


def personal_link(participation: Participation) -> str:
    return participation.wave.link_base.rstrip("/") + personal_path(participation)


def open_surveys_for(user: User) -> list[tuple[Wave, str]]:
    """The open waves this person has not answered yet, with their personal link path."""
    now = timezone.now()
    pending = Participation.objects.filter(
        user=user,
        has_answered=False,
        wave__opens_at__lte=now,
        wave__closes_at__gt=now,
        wave__closed_early_at__isnull=True,
        wave__purged_at__isnull=True,
    ).select_related("wave__instrument")
    return [(p.wave, personal_path(p)) for p in pending]


def _new_kiosk_code() -> str:
    with scopes_disabled():
        while True:
            code = "".join(secrets.choice(KIOSK_ALPHABET) for _ in range(8))
            if not Wave.objects.filter(kiosk_code=code).exists():
                return code


def _with_descendants(departments: Iterable[Department]) -> set[int]:
    chosen = {d.pk for d in departments}
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    result = set(chosen)
    for pk in parents:
        ancestor, steps = parents.get(pk), 0
        while ancestor is not None and steps < 50:
            if ancestor in chosen:
                result.add(pk)
                break
            ancestor, steps = parents.get(ancestor), steps + 1
    return result


def _default_title(organisation: Organisation, instrument: Instrument) -> str:
    language = organisation.default_language or translation.get_language()
    return instrument.in_language("name", language)


@transaction.atomic
def create_wave(
    *,
    organisation: Organisation,
    actor: User | None,
    instrument: Instrument,
    title: str = "",
    mode: str,
    departments: Iterable[Department] = (),
    opens_at: datetime,
    closes_at: datetime,
    reminder_days: list[int] | None = None,
    link_base: str = "",
    series: PulseSeries | None = None,
) -> Wave:
    """Create a wave; personal waves invite their audience by e-mail after commit.

    Without a title the wave is named after the instrument in the
    organisation's language.
    """
    if closes_at <= opens_at:
        raise ValidationError(_("The wave must close after it opens."))
    wave = Wave.objects.create(
        organisation=organisation,
        instrument=instrument,
        series=series,
        title=title or _default_title(organisation, instrument),
        mode=mode,
        opens_at=opens_at,
        closes_at=closes_at,
        reminder_days=sorted(set(reminder_days if reminder_days is not None else [3, 5])),
        kiosk_code=_new_kiosk_code() if mode == Wave.Mode.KIOSK else "",
        link_base=link_base,
    )
    departments = list(departments)
    wave.departments.set(departments)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="wave.created",
        target=wave,
        changes={
            "instrument": str(instrument),
            "mode": mode,
            "departments": [d.name for d in departments] or "all",
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
        },
    )
    if mode == Wave.Mode.PERSONAL:
        invite_respondents(wave=wave, actor=actor)
    return wave


@transaction.atomic
def invite_respondents(*, wave: Wave, actor: User | None) -> int:
    """Create a participation for each audience member not yet invited; mail them after commit."""
    from assessments.tasks import send_wave_invitations

    members = Membership.objects.filter(organisation=wave.organisation).select_related("user")
    chosen = list(wave.departments.all())
    if chosen:
        members = members.filter(department__in=_with_descendants(chosen))
    already = set(Participation.objects.filter(wave=wave).values_list("user_id", flat=True))
    new = []
    for member in members:
        if member.user_id in already or not member.user.is_active:
            continue
        nonce = secrets.token_hex(16)
        new.append(
            Participation(
                organisation=wave.organisation,
                wave=wave,
                user=member.user,
                department_id=member.department_id,
                email=member.user.email,
                language=member.user.language or wave.organisation.default_language,
                nonce=nonce,
                token_hash=hash_token(link_token(nonce)),
            )
        )
    Participation.objects.bulk_create(new)
    if new:
        record_audit_event(
            organisation=wave.organisation,
            actor=actor,
            action="wave.invited",
            target=wave,
            changes={"invited": len(new)},
        )
        send_wave_invitations.delay_on_commit(wave_id=wave.pk)
    return len(new)


def _mail(participation: Participation, template: str, subject: str) -> None:
    wave = participation.wave
    with translation.override(participation.language):
        body = render_to_string(
            template,
            {
                "wave": wave,
                "organisation": wave.organisation,
                "link": personal_link(participation),
                "minimum": settings.SURVEY_MIN_GROUP_SIZE,
            },
        )
        subject = _(subject) % {"organisation": wave.organisation.name}
    send_mail(subject, body, None, [participation.email])


def send_invitations(*, wave: Wave) -> int:
    """E-mail every participation not mailed yet. Each row is claimed first, so a retry
    or a second worker never sends the same invitation twice."""
    sent = 0
    for participation in Participation.objects.filter(wave=wave, invited_at__isnull=True):
        claimed = Participation.objects.filter(pk=participation.pk, invited_at__isnull=True).update(
            invited_at=timezone.now()
        )
        if not claimed:
            continue
        participation.wave = wave
        try:
            _mail(
                participation,
                "assessments/email/invitation.txt",
                gettext_noop("Your opinion counts: a short survey from %(organisation)s"),
            )
        except Exception:
            # Release the claim so the task's retry sends this invitation again.
            Participation.objects.filter(pk=participation.pk).update(invited_at=None)
            raise
        sent += 1
    return sent


def reminders_due(wave: Wave, now: datetime) -> int:
    """How many reminders should have gone out by now (day 3 and 5 by default)."""
    days = (now - wave.opens_at).days
    return sum(1 for day in wave.reminder_days if day <= days)


def send_reminders(*, wave: Wave, now: datetime | None = None) -> int:
    """Remind those who have not answered, once per reminder day that has passed."""
    now = now or timezone.now()
    if not wave.opens_at <= now < wave.ends_at or wave.mode != Wave.Mode.PERSONAL:
        return 0
    due = reminders_due(wave, now)
    sent = 0
    pending = Participation.objects.filter(
        wave=wave, has_answered=False, invited_at__isnull=False, reminders_sent__lt=due
    )
    for participation in pending:
        claimed = Participation.objects.filter(
            pk=participation.pk, has_answered=False, reminders_sent__lt=due
        ).update(reminders_sent=due)
        if not claimed:
            continue
        participation.wave = wave
        try:
            _mail(
                participation,
                "assessments/email/reminder.txt",
                gettext_noop("Reminder: your survey from %(organisation)s is still open"),
            )
        except Exception:
            Participation.objects.filter(pk=participation.pk).update(
                reminders_sent=participation.reminders_sent
            )
            raise
        sent += 1
    if sent:
        record_audit_event(
            organisation=wave.organisation,
            actor=None,
            action="wave.reminded",
            target=wave,
            changes={"reminded": sent},
        )
    return sent


@transaction.atomic
def close_wave(*, wave: Wave, actor: User) -> Wave:
    """Close an open wave now; its links then show the closed page."""
    if wave.closed_early_at is None and wave.status != "closed":
        wave.closed_early_at = timezone.now()
        wave.save(update_fields=["closed_early_at"])
        record_audit_event(
            organisation=wave.organisation, actor=actor, action="wave.closed", target=wave
        )
    return wave


def find_participation(token: str) -> Participation | None:
    """The participation of a personal link, whatever its state, or None."""
    with scopes_disabled():
        return (
            Participation.objects.select_related("wave", "wave__instrument", "organisation")
            .filter(token_hash=hash_token(token))
            .first()
        )


def find_kiosk_wave(code: str) -> Wave | None:
    with scopes_disabled():
        return (
            Wave.objects.select_related("instrument", "organisation")
            .filter(kiosk_code=code.strip().upper(), mode=Wave.Mode.KIOSK)
            .exclude(kiosk_code="")
            .first()
        )


@transaction.atomic
def submit_response(
    *,
    wave: Wave,
    answers: dict[int, Any],
    language: str,
    participation: Participation | None = None,
    department: Department | None = None,
) -> Response:
    """Store one response and, for a personal link, mark the participation as used.

    The participation is claimed with a conditional UPDATE first: of two
    concurrent submissions of one link, the second matches no row (the
    database re-checks the condition after the first commits) and stores
    nothing. The response gets no reference to the participation.
    """
    if not wave.is_open:
        raise ValidationError(_("This survey is closed."))
    if participation is not None:
        claimed = Participation.objects.filter(
            pk=participation.pk, wave=wave, has_answered=False
        ).update(has_answered=True)
        if not claimed:
            raise LinkAlreadyUsed
        department_id = participation.department_id
    else:
        department_id = department.pk if department is not None else None
    response = Response.objects.create(
        organisation=wave.organisation,
        wave=wave,
        department_id=department_id,
        language=language,
    )
    rows = []
    for item_id, value in answers.items():
        if value in (None, "", []):
            continue
        for single in value if isinstance(value, list) else [value]:
            is_text = isinstance(single, str)
            rows.append(
                Answer(
                    organisation=wave.organisation,
                    response=response,
                    wave=wave,
                    department_id=department_id,
                    item_id=item_id,
                    value=None if is_text else int(single),
                    text=single.strip()[:4000] if is_text else "",
                )
            )
    Answer.objects.bulk_create(rows)
    return response


@transaction.atomic
def create_pulse_series(
    *,
    organisation: Organisation,
    actor: User,
    instrument: Instrument,
    title: str = "",
    cadence: str,
    departments: Iterable[Department] = (),
    open_days: int = 7,
    starts_at: datetime,
    link_base: str = "",
) -> PulseSeries:
    """A series that opens a new wave on its cadence (the beat task starts each wave)."""
    series = PulseSeries.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=title or _default_title(organisation, instrument),
        cadence=cadence,
        open_days=open_days,
        next_run_at=starts_at,
        link_base=link_base,
    )
    series.departments.set(list(departments))
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="pulse_series.created",
        target=series,
        changes={"cadence": cadence, "instrument": str(instrument)},
    )
    return series


@transaction.atomic
def set_pulse_series_active(*, series: PulseSeries, actor: User, active: bool) -> PulseSeries:
    """Pause or resume a pulse series."""
    if series.is_active != active:
        series.is_active = active
        series.save(update_fields=["is_active"])
        record_audit_event(
            organisation=series.organisation,
            actor=actor,
            action="pulse_series.resumed" if active else "pulse_series.paused",
            target=series,
        )
    return series


@transaction.atomic
def start_due_series_wave(*, series: PulseSeries, now: datetime | None = None) -> Wave | None:
    """Open the series' next wave if it is due, and move the series on (idempotent)."""
    now = now or timezone.now()
    locked = PulseSeries.objects.select_for_update().get(pk=series.pk)
    if not locked.is_active or locked.next_run_at > now:
        return None
    opens_at = locked.next_run_at
    number = locked.waves.count() + 1
    wave = create_wave(
        organisation=locked.organisation,
        actor=None,
        instrument=locked.instrument,
        title=f"{locked.title} #{number}",
        mode=Wave.Mode.PERSONAL,
        departments=locked.departments.all(),
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=locked.open_days),
        link_base=locked.link_base,
        series=locked,
    )
    next_run = locked.following_run(opens_at)
    while next_run <= now:
        next_run = locked.following_run(next_run)
    locked.next_run_at = next_run
    locked.save(update_fields=["next_run_at"])
    return wave
