"""Waves and pulse series, personal links, kiosk codes, reminders and answering."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from assessments.confidentiality import min_group_size
from assessments.models import (
    Answer,
    Instrument,
    Item,
    Participation,
    PulseSeries,
    Response,
    SubmissionToken,
    Wave,
)
from assessments.services.mixing import hold_wave_for_answering
from transformation.audit import AuditAction
from transformation.models import Department, Membership, Organisation, User
from transformation.services import record_audit_event

KIOSK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
FORM_TOKEN_SALT = "assessments.answer-form"  # noqa: S105 (a signing salt, not a secret)


class LinkAlreadyUsed(Exception):
    """The personal link was used before (or by a concurrent request)."""


class FormAlreadySubmitted(Exception):
    """This answering form was submitted before (a double tap), possibly concurrently."""


def issue_form_token(*, wave: Wave) -> str:
    """A one-time token for one answering form of the wave; nothing is stored until it is used.

    It is random and signed for the wave, never derived from a personal
    link, so the used token kept beside the response names nobody.
    """
    return signing.Signer(salt=FORM_TOKEN_SALT).sign(f"{wave.pk}.{secrets.token_urlsafe(18)}")


def _form_token_nonce(wave: Wave, token: str | None) -> str | None:
    try:
        value = signing.Signer(salt=FORM_TOKEN_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    wave_id, _dot, nonce = value.partition(".")
    return nonce if wave_id == str(wave.pk) and nonce else None


def form_token_is_valid(*, wave: Wave, token: str | None) -> bool:
    """Whether the token was issued for this wave (used or not)."""
    return _form_token_nonce(wave, token) is not None


def form_token_is_used(*, wave: Wave, token: str | None) -> bool:
    """Whether this wave's form with the token has stored its response already."""
    nonce = _form_token_nonce(wave, token)
    return (
        nonce is not None
        and SubmissionToken.objects.filter(wave=wave, token_hash=hash_token(nonce)).exists()
    )


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


def new_kiosk_code() -> str:
    with scopes_disabled():
        while True:
            code = "".join(secrets.choice(KIOSK_ALPHABET) for _ in range(8))
            if not Wave.objects.filter(kiosk_code=code).exists():
                return code


def with_descendants(departments: Iterable[Department]) -> set[int]:
    """Ids of the departments and of every department below them."""
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


@dataclass
class Audience:
    """Who a wave reaches: exactly the chosen departments, and how many people that is."""

    departments: list[Department]
    included: list[Department]  # sub-departments that come along with a chosen one
    size: int
    minimum: int
    by_headcount: bool  # kiosk waves count heads, personal waves the members invited

    @property
    def is_whole_organisation(self) -> bool:
        return not self.departments

    @property
    def too_small(self) -> bool:
        """The minimum group size can never be reached, so no result will ever be shown."""
        return self.size < self.minimum


def audience_members(*, organisation: Organisation, departments: Iterable[Department]):
    """Active members of the chosen departments and their sub-departments (all: none chosen)."""
    members = Membership.objects.filter(organisation=organisation, user__is_active=True)
    chosen = list(departments)
    if chosen:
        members = members.filter(department__in=with_descendants(chosen))
    return members


def wave_audience(
    *, organisation: Organisation, departments: Iterable[Department], mode: str
) -> Audience:
    """The audience a new wave would have: members invited by e-mail, or heads for a kiosk."""
    chosen = sorted(departments, key=lambda d: d.name)
    ids = with_descendants(chosen) if chosen else None
    included = (
        sorted(Department.objects.filter(pk__in=ids - {d.pk for d in chosen}), key=lambda d: d.name)
        if ids
        else []
    )
    if mode == Wave.Mode.KIOSK:
        rows = Department.objects.all() if ids is None else Department.objects.filter(pk__in=ids)
        size = rows.aggregate(n=Sum("headcount"))["n"] or 0
    else:
        size = audience_members(organisation=organisation, departments=chosen).count()
    return Audience(chosen, included, size, min_group_size(), mode == Wave.Mode.KIOSK)


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
    """Create a wave; a personal wave invites its audience by e-mail when it opens.

    A wave whose opening time has come is opened right after commit; later
    ones are opened by the beat task `open_due_waves`. Without a title the
    wave is named after the instrument in the organisation's language.
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
        kiosk_code=new_kiosk_code() if mode == Wave.Mode.KIOSK else "",
        link_base=link_base,
    )
    departments = list(departments)
    wave.departments.set(departments)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.WAVE_CREATED,
        target=wave,
        changes={
            "instrument": str(instrument),
            "mode": mode,
            "departments": [d.name for d in departments] or "all",
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
        },
    )
    if mode == Wave.Mode.PERSONAL and opens_at <= timezone.now():
        from assessments.tasks import open_wave as open_wave_task

        open_wave_task.delay_on_commit(organisation_id=wave.organisation_id, wave_id=wave.pk)
    return wave


@transaction.atomic
def open_wave(*, wave: Wave, now: datetime | None = None) -> int | None:
    """Invite a personal wave's audience once its opening time has come; None if done before.

    The wave is claimed with a conditional UPDATE in the same transaction as
    the invitations, so a second beat run, a retry or a concurrent worker finds
    nothing to claim, and a failure leaves the wave unclaimed for the next run.
    """
    now = now or timezone.now()
    claimed = Wave.objects.filter(
        pk=wave.pk,
        opened_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closed_early_at__isnull=True,
        purged_at__isnull=True,
    ).update(opened_at=now)
    if not claimed:
        return None
    wave.opened_at = now
    if wave.mode != Wave.Mode.PERSONAL:
        return 0
    return invite_respondents(wave=wave, actor=None)


@transaction.atomic
def invite_respondents(*, wave: Wave, actor: User | None) -> int:
    """Create a participation for each audience member not yet invited; mail them after commit.

    Invitations go out only once the wave has opened (a scheduled wave waits).
    """
    from assessments.tasks import send_wave_invitations

    if wave.opens_at > timezone.now():
        raise ValidationError(
            _("Invitations go out when the wave opens (%(date)s).")
            % {"date": date_format(timezone.localtime(wave.opens_at), "SHORT_DATETIME_FORMAT")}
        )
    members = audience_members(
        organisation=wave.organisation, departments=wave.departments.all()
    ).select_related("user")
    already = set(Participation.objects.filter(wave=wave).values_list("user_id", flat=True))
    new = []
    for member in members:
        if member.user_id in already:
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
            action=AuditAction.WAVE_INVITED,
            target=wave,
            changes={"invited": len(new)},
        )
        send_wave_invitations.delay_on_commit(organisation_id=wave.organisation_id, wave_id=wave.pk)
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
    or a second worker never sends the same invitation twice.

    Someone who answered already (through their overview) gets no invitation:
    no time is written on a participation once it has answered.
    """
    sent = 0
    unanswered = Participation.objects.filter(
        wave=wave, invited_at__isnull=True, has_answered=False
    )
    for participation in unanswered:
        claimed = unanswered.filter(pk=participation.pk).update(invited_at=timezone.now())
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
            Participation.objects.filter(pk=participation.pk, has_answered=False).update(
                invited_at=None
            )
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
            action=AuditAction.WAVE_REMINDED,
            target=wave,
            changes={"reminded": sent},
        )
    return sent


@transaction.atomic
def close_wave(*, wave: Wave, actor: User) -> Wave:
    """Close an open wave now; its links then show the closed page, and a worker
    publishes its final release after the commit."""
    from assessments.tasks import release_wave_results

    if wave.closed_early_at is None and wave.status != "closed":
        wave.closed_early_at = timezone.now()
        wave.save(update_fields=["closed_early_at"])
        record_audit_event(
            organisation=wave.organisation, actor=actor, action=AuditAction.WAVE_CLOSED, target=wave
        )
    # Also for a wave already closed by time: its final release may still be due.
    release_wave_results.delay_on_commit(organisation_id=wave.organisation_id, wave_id=wave.pk)
    return wave


def find_participation(token: str) -> Participation | None:
    """The participation of a personal link, whatever its state, or None.

    One query: the wave, its instrument and the organisation come along.
    """
    with scopes_disabled():
        participation = (
            Participation.objects.select_related("wave__instrument", "wave__organisation")
            .filter(token_hash=hash_token(token))
            .first()
        )
    if participation is not None:
        # The same row as the wave's (a participation belongs to its wave's organisation).
        participation.organisation = participation.wave.organisation
    return participation


def find_kiosk_wave(code: str) -> Wave | None:
    with scopes_disabled():
        return (
            Wave.objects.select_related("instrument", "organisation")
            .filter(kiosk_code=code.strip().upper(), mode=Wave.Mode.KIOSK)
            .exclude(kiosk_code="")
            .first()
        )


@functools.lru_cache(maxsize=256)
def _frozen_items(instrument_id: int, created_at: datetime) -> tuple[Item, ...]:
    with scopes_disabled():
        items = Item.objects.filter(instrument_id=instrument_id).select_related(
            "instrument", "scale"
        )
        return tuple(items.order_by("order", "pk"))


def questionnaire_items(wave: Wave) -> list[Item]:
    """The wave's questions in order, read once per process.

    A version a wave uses is frozen (editing it creates the next version,
    `update_instrument`), so its items never change under an answering page.
    The key includes the instrument's creation time because SQLite can give
    a new row the id of a deleted one. Treat the items as read-only.
    """
    return list(_frozen_items(wave.instrument_id, wave.instrument.created_at))


@transaction.atomic
def submit_response(
    *,
    wave: Wave,
    answers: dict[int, Any],
    language: str,
    participation: Participation | None = None,
    department: Department | None = None,
    form_token: str | None = None,
) -> Response:
    """Store one response, use up the form's token and, for a personal link, the link.

    The form token is inserted first: a second submission of the same form
    (a double tap) waits on its unique index until the first commits and
    then raises FormAlreadySubmitted, storing nothing. The participation is
    claimed with a conditional UPDATE: of two concurrent submissions of one
    link from different forms, the second matches no row (the database
    re-checks the condition after the first commits) and stores nothing.
    Neither the response nor the token row refers to the participation.
    All of them share this transaction's id, so the wave is mixed after the
    commit when due (see `assessments.services.mixing`), and no mix runs
    while this transaction is storing.
    """
    if not wave.is_open:
        raise ValidationError(_("This survey is closed."))
    hold_wave_for_answering(wave)
    if form_token is not None:
        nonce = _form_token_nonce(wave, form_token)
        if nonce is None:
            raise ValidationError(_("This form has expired. Please send your answers again."))
        # No savepoint: a duplicate token ends this whole transaction (nothing
        # else was written yet), as the exception leaves the atomic block.
        try:
            SubmissionToken.objects.create(
                organisation=wave.organisation, wave=wave, token_hash=hash_token(nonce)
            )
        except IntegrityError:
            raise FormAlreadySubmitted from None
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
    # A worker mixes after the commit and publishes a release if the waiting answers
    # now form a step, so the respondent waits for neither; with the broker down the
    # beat's sweeps mix and release what is left.
    from assessments.services.releases import queue_release

    queue_release(organisation_id=wave.organisation_id, wave_id=wave.pk)
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
        action=AuditAction.PULSE_SERIES_CREATED,
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
            action=AuditAction.PULSE_SERIES_RESUMED if active else AuditAction.PULSE_SERIES_PAUSED,
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
