"""Workflows of AI literacy (Art 4): offers, sessions, attendance."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from governance.models import (
    Attendance,
    TrainingOffer,
    TrainingSession,
)
from transformation.audit import AuditAction
from transformation.models import Membership, Organisation, User
from transformation.services import record_audit_event, save_audited


@transaction.atomic
def save_training_offer(
    *,
    organisation: Organisation,
    actor: User | None,
    offer: TrainingOffer | None = None,
    values: dict[str, Any],
) -> TrainingOffer:
    """Create or change a training offer."""
    created = offer is None
    if created:
        offer = TrainingOffer(organisation=organisation)
    save_audited(
        offer,
        actor=actor,
        action=AuditAction.TRAINING_OFFER_CREATED
        if created
        else AuditAction.TRAINING_OFFER_CHANGED,
        values=values,
    )
    return offer


@transaction.atomic
def add_training_session(
    *,
    offer: TrainingOffer,
    actor: User | None,
    held_on: date,
    trainer: str = "",
    location: str = "",
) -> TrainingSession:
    """Schedule or record a session of a training offer."""
    session = TrainingSession.objects.create(
        organisation=offer.organisation,
        offer=offer,
        held_on=held_on,
        trainer=trainer,
        location=location,
    )
    record_audit_event(
        organisation=offer.organisation,
        actor=actor,
        action=AuditAction.TRAINING_SESSION_ADDED,
        target=session,
        changes={"held_on": held_on, "trainer": trainer},
    )
    return session


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def record_attendance(
    *, session: TrainingSession, actor: User | None, members: list[Membership]
) -> list[Attendance]:
    """Record who attended; the validity runs from the session date."""
    months = session.offer.validity_months
    valid_until = _months_later(session.held_on, months) if months else None
    recorded = []
    for member in members:
        attendance, created = Attendance.objects.get_or_create(
            organisation=session.organisation,
            session=session,
            member=member,
            defaults={"valid_until": valid_until},
        )
        if created:
            recorded.append(attendance)
    if recorded:
        record_audit_event(
            organisation=session.organisation,
            actor=actor,
            action=AuditAction.ATTENDANCE_RECORDED,
            target=session,
            changes={"members": [str(a.member.user) for a in recorded]},
        )
    return recorded


@transaction.atomic
def remove_attendance(*, attendance: Attendance, actor: User) -> None:
    record_audit_event(
        organisation=attendance.organisation,
        actor=actor,
        action=AuditAction.ATTENDANCE_REMOVED,
        target=attendance.session,
        changes={"member": attendance.member},
    )
    attendance.delete()
