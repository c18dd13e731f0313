"""Instruments: install the shipped ones, import, export, copy and edit (versioned)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.instrument_format import export_instrument_data, validate_instrument_data
from assessments.models import (
    Instrument,
    Item,
    Scale,
)
from transformation.audit import AuditAction
from transformation.models import Organisation, User
from transformation.services import record_audit_event

STANDARD_INSTRUMENTS = Path(__file__).resolve().parents[1] / "instruments"


class InstrumentImportError(ValidationError):
    """An instrument definition with errors; `messages` lists every one."""


def _create_instrument(
    *, organisation: Organisation, data: dict, version: int, key: str | None = None
) -> Instrument:
    instrument = Instrument.objects.create(
        organisation=organisation,
        key=key or data["key"],
        version=version,
        kind=data["kind"],
        subject=data["subject"],
        **{
            f"{field}_{language}": text
            for field in ("name", "description", "source")
            for language, text in data[field].items()
        },
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
            organisation=organisation,
            actor=actor,
            action=AuditAction.INSTRUMENT_INSTALLED,
            target=instrument,
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
    except RecursionError:
        raise InstrumentImportError(
            [_("The file is nested too deeply to be an instrument definition.")]
        ) from None
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
        action=AuditAction.INSTRUMENT_IMPORTED,
        target=instrument,
        changes={"key": instrument.key, "version": instrument.version},
    )
    return instrument


def export_instrument(*, instrument: Instrument) -> dict:
    return export_instrument_data(instrument)


def _copy_name(name: str, language: str) -> str:
    with translation.override(language):
        return (_("%(name)s (copy)") % {"name": name})[:200] if name else ""


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
    data["name"] = {language: _copy_name(name, language) for language, name in data["name"].items()}
    copy = _create_instrument(organisation=organisation, data=_validated(data), version=1, key=key)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.INSTRUMENT_COPIED,
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
        action=AuditAction.INSTRUMENT_CHANGED,
        target=updated,
        changes={"version": updated.version},
    )
    return updated
