"""Survey workflows. Every state change writes an audit event, except answering.

Submitting answers deliberately writes no audit event: a timestamped row
next to a participation would tie the person to the moment, and so to the
answers.

Read functions for other apps (all apply the confidentiality thresholds):
`scale_mean_for_departments`, `readiness_by_department`, `wave_results`,
`response_rate`, `trend`, `csv_rows`, `people_report_context`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from assessments.instrument_format import export_instrument_data, validate_instrument_data
from assessments.models import (
    Action,
    Answer,
    Instrument,
    Item,
    Participation,
    PulseSeries,
    Response,
    Scale,
    Wave,
)
from assessments.results import (  # noqa: F401 - the read API other apps call
    response_rate,
    trend,
    wave_results,
)
from assessments.summaries import (  # noqa: F401 - the read API other apps call
    DepartmentReadiness,
    ScaleMean,
    csv_rows,
    latest_wave,
    people_report_context,
    readiness_by_department,
    scale_mean_for_departments,
)
from transformation.models import Department, Membership, Organisation, User
from transformation.services import diff_fields, record_audit_event

STANDARD_INSTRUMENTS = Path(__file__).resolve().parent / "instruments"
KIOSK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class InstrumentImportError(ValidationError):
    """An instrument definition with errors; `messages` lists every one."""


class LinkAlreadyUsed(Exception):
    """The personal link was used before (or by a concurrent request)."""


def retention_months() -> int:
    return int(settings.SURVEY_RETENTION_MONTHS)


# Instruments ---------------------------------------------------------------


def _create_instrument(
    *, organisation: Organisation, data: dict, version: int, key: str | None = None
) -> Instrument:
    instrument = Instrument.objects.create(
        organisation=organisation,
        key=key or data["key"],
        version=version,
        kind=data["kind"],
        name=data["name"],
        description=data["description"],
        source=data["source"],
        subject=data["subject"],
    )
    items = []
    for s_order, scale_data in enumerate(data["scales"]):
        scale = Scale.objects.create(
            organisation=organisation,
            instrument=instrument,
            key=scale_data["key"],
            kind=scale_data["kind"],
            order=s_order,
            targets=scale_data.get("targets") or {},
            **{f"text_{lang}": text for lang, text in scale_data["text"].items()},
        )
        for i_order, item in enumerate(scale_data["items"]):
            items.append(
                Item(
                    organisation=organisation,
                    instrument=instrument,
                    scale=scale,
                    key=item["key"],
                    type=item["type"],
                    reverse=item["reverse"],
                    required=item["required"],
                    order=s_order * 100 + i_order,
                    options=item["options"],
                    **{f"text_{lang}": text for lang, text in item["text"].items()},
                )
            )
    Item.objects.bulk_create(items)
    return instrument


def _validated(data: Any) -> dict:
    cleaned, errors = validate_instrument_data(data)
    if errors:
        raise InstrumentImportError(errors)
    return cleaned


@transaction.atomic
def install_standard_instruments(
    *, organisation: Organisation, actor: User | None = None
) -> list[Instrument]:
    """Add the shipped instruments the organisation does not have yet (idempotent)."""
    existing = set(
        Instrument.objects.filter(organisation=organisation).values_list("key", flat=True)
    )
    created = []
    for path in sorted(STANDARD_INSTRUMENTS.glob("*.json")):
        data = _validated(json.loads(path.read_text(encoding="utf-8")))
        if data["key"] in existing:
            continue
        instrument = _create_instrument(organisation=organisation, data=data, version=1)
        record_audit_event(
            organisation=organisation, actor=actor, action="instrument.installed", target=instrument
        )
        created.append(instrument)
    return created


def parse_instrument_json(raw: str | bytes) -> dict:
    """Parse and validate an uploaded definition; raises InstrumentImportError with all errors."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        message = _("The file is not valid JSON: %(error)s") % {"error": error}
        raise InstrumentImportError([message]) from None
    return _validated(data)


def _next_version(organisation: Organisation, key: str) -> int:
    latest = Instrument.objects.filter(organisation=organisation, key=key).aggregate(
        v=Max("version")
    )
    return (latest["v"] or 0) + 1


@transaction.atomic
def import_instrument(*, organisation: Organisation, actor: User, data: Any) -> Instrument:
    """Create an instrument (or the next version of one with the same key) from JSON data.

    All or nothing: any error refuses the whole import, listing every error.
    """
    cleaned = _validated(data)
    instrument = _create_instrument(
        organisation=organisation, data=cleaned, version=_next_version(organisation, cleaned["key"])
    )
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="instrument.imported",
        target=instrument,
        changes={"key": instrument.key, "version": instrument.version},
    )
    return instrument


def export_instrument(*, instrument: Instrument) -> dict:
    return export_instrument_data(instrument)


@transaction.atomic
def copy_instrument(*, instrument: Instrument, actor: User) -> Instrument:
    """A new, independent instrument (version 1) with the same scales and items."""
    data = export_instrument_data(instrument)
    organisation = instrument.organisation
    base = f"{instrument.key}-copy"[:54]
    key, number = base, 1
    while Instrument.objects.filter(organisation=organisation, key=key).exists():
        number += 1
        key = f"{base}-{number}"
    data["name"] = _("%(name)s (copy)") % {"name": instrument.name}
    copy = _create_instrument(organisation=organisation, data=_validated(data), version=1, key=key)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="instrument.copied",
        target=copy,
        changes={"from": str(instrument)},
    )
    return copy


@transaction.atomic
def update_instrument(*, instrument: Instrument, actor: User, data: Any) -> Instrument:
    """Save an edited definition. A version used by a wave stays frozen: a new version is made."""
    cleaned = _validated(data)
    organisation = instrument.organisation
    cleaned["key"] = instrument.key
    if instrument.is_frozen:
        updated = _create_instrument(
            organisation=organisation,
            data=cleaned,
            version=_next_version(organisation, instrument.key),
        )
    else:
        version = instrument.version
        instrument.delete()
        updated = _create_instrument(organisation=organisation, data=cleaned, version=version)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="instrument.changed",
        target=updated,
        changes={"version": updated.version},
    )
    return updated


# Waves and distribution -----------------------------------------------------


def _token_for(nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"survey-link:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def personal_link(participation: Participation) -> str:
    path = reverse("survey:answer", kwargs={"token": _token_for(participation.nonce)})
    return participation.wave.link_base.rstrip("/") + path


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


@transaction.atomic
def create_wave(
    *,
    organisation: Organisation,
    actor: User | None,
    instrument: Instrument,
    title: str,
    mode: str,
    departments: Iterable[Department] = (),
    opens_at: datetime,
    closes_at: datetime,
    reminder_days: list[int] | None = None,
    link_base: str = "",
    series: PulseSeries | None = None,
) -> Wave:
    """Create a wave; personal waves invite their audience by e-mail after commit."""
    if closes_at <= opens_at:
        raise ValidationError(_("The wave must close after it opens."))
    wave = Wave.objects.create(
        organisation=organisation,
        instrument=instrument,
        series=series,
        title=title,
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
                token_hash=hash_token(_token_for(nonce)),
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


# Pulse series -------------------------------------------------------------------


@transaction.atomic
def create_pulse_series(
    *,
    organisation: Organisation,
    actor: User,
    instrument: Instrument,
    title: str,
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
        title=title,
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


# Actions -------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    wave: Wave,
    actor: User,
    scale_key: str,
    finding: str,
    title: str,
    owner: User | None,
    due_date,
) -> Action:
    """Record what will be done about a finding, with an owner and a due date."""
    action = Action.objects.create(
        organisation=wave.organisation,
        wave=wave,
        scale_key=scale_key,
        finding=finding,
        title=title,
        owner=owner,
        due_date=due_date,
    )
    record_audit_event(
        organisation=wave.organisation,
        actor=actor,
        action="survey_action.created",
        target=action,
        changes={"title": title, "owner": owner, "due_date": str(due_date)},
    )
    return action


@transaction.atomic
def update_action(*, action: Action, actor: User, values: dict[str, Any]) -> Action:
    """Change an action's owner, due date, status or follow-up wave."""
    changes = diff_fields(action, values)
    for key, value in values.items():
        setattr(action, key, value)
    action.save()
    if changes:
        record_audit_event(
            organisation=action.organisation,
            actor=actor,
            action="survey_action.changed",
            target=action,
            changes=changes,
        )
    return action


def action_effect(action: Action) -> dict[str, Any]:
    """The scale before (the finding's wave) and after (the follow-up wave), both suppressed."""
    before = scale_mean_for_wave(wave=action.wave, scale_key=action.scale_key)
    after = (
        scale_mean_for_wave(wave=action.follow_up_wave, scale_key=action.scale_key)
        if action.follow_up_wave_id
        else None
    )
    change = None
    if before is not None and after is not None:
        change = round(after - before, 2)
    return {"before": before, "after": after, "change": change}


def scale_mean_for_wave(*, wave: Wave, scale_key: str) -> float | None:
    """The organisation-wide mean of a scale in one wave, or None when hidden."""
    results = wave_results(wave=wave)
    for scale in results.scales:
        if scale.scale.key == scale_key and scale.visible:
            return scale.mean
    return None


# Retention -----------------------------------------------------------------------


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
        wave.summary = _summary(wave)
        Answer.objects.filter(wave=wave).delete()
        Response.objects.filter(wave=wave).delete()
        Participation.objects.filter(wave=wave).delete()
        wave.purged_at = now
        wave.save(update_fields=["summary", "purged_at"])
        record_audit_event(
            organisation=organisation,
            actor=None,
            action="wave.answers_deleted",
            target=wave,
            changes={"retention_months": retention_months()},
        )
        purged += 1
    return purged
