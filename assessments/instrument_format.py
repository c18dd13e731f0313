"""The JSON format of an instrument: validation (every error listed) and export.

The shipped instruments in `assessments/instruments/*.json` use the same
format as an import, so the product's own instruments pass the same checks
as a customer's licensed one.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from assessments.models import Instrument, Item, Scale

FORMAT = "ai-programme-instrument/1"
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
LANGUAGES = ("en", "de", "nl")

# Which item types each scale kind accepts.
SCALE_ITEM_TYPES = {
    Scale.Kind.MEAN: {Item.Type.AGREEMENT, Item.Type.SCALE_0_10},
    Scale.Kind.ENPS: {Item.Type.SCALE_0_10},
    Scale.Kind.PHASE: {Item.Type.SINGLE},
    Scale.Kind.LEVELS: {Item.Type.SINGLE},
    Scale.Kind.CHOICE: {Item.Type.SINGLE, Item.Type.MULTIPLE},
    Scale.Kind.TEXT: {Item.Type.TEXT},
    Scale.Kind.AUDIENCE: {Item.Type.SINGLE},
}
CHOICE_TYPES = {Item.Type.SINGLE, Item.Type.MULTIPLE}


def _texts(value: Any, path: str, errors: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        errors.append(
            _('%(path)s: give the text as {"en": ..., "de": ..., "nl": ...}.') % {"path": path}
        )
        return {}
    if not isinstance(value.get("en"), str) or not value["en"].strip():
        errors.append(_("%(path)s: the English text is required.") % {"path": path})
    for language in ("de", "nl"):
        if language in value and not isinstance(value[language], str):
            errors.append(
                _("%(path)s.%(language)s: must be text.") % {"path": path, "language": language}
            )
    return {language: str(value.get(language) or "") for language in ("en", "de", "nl")}


def _instrument_texts(
    data: dict, field: str, errors: list[str], *, max_length: int | None, required: bool
) -> dict[str, str]:
    """An instrument's name, description or source: {"en", "de", "nl"} or a plain string.

    A plain string (files exported before the texts were multilingual) is the
    text for every language.
    """
    value = data.get(field, "")
    if isinstance(value, str):
        value = {language: value for language in LANGUAGES}
    elif not isinstance(value, dict):
        errors.append(
            _('%(path)s: give the text as {"en": ..., "de": ..., "nl": ...} or as one text.')
            % {"path": field}
        )
        return dict.fromkeys(LANGUAGES, "")
    texts = {}
    for language in LANGUAGES:
        text = value.get(language) or ""
        if not isinstance(text, str):
            errors.append(
                _("%(path)s.%(language)s: must be text.") % {"path": field, "language": language}
            )
            text = ""
        texts[language] = text.strip()
    if required and not texts["en"]:
        if isinstance(data.get(field), dict):
            errors.append(_("%(path)s: the English text is required.") % {"path": field})
        else:
            errors.append(_("name: required, up to 200 characters."))
    if max_length and any(len(text) > max_length for text in texts.values()):
        errors.append(
            _("%(path)s: up to %(max)s characters in each language.")
            % {"path": field, "max": max_length}
        )
    return texts


def _options(value: Any, path: str, errors: list[str]) -> list[dict]:
    if not isinstance(value, list) or not value:
        errors.append(_("%(path)s: a choice question needs a list of options.") % {"path": path})
        return []
    options, seen = [], set()
    for index, option in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(option, dict):
            errors.append(_("%(path)s: each option needs a value and texts.") % {"path": where})
            continue
        number = option.get("value")
        if not isinstance(number, int) or isinstance(number, bool) or not -100 <= number <= 100:
            errors.append(
                _("%(path)s.value: must be a whole number from -100 to 100.") % {"path": where}
            )
        elif number in seen:
            errors.append(
                _("%(path)s.value: %(value)s is used twice.") % {"path": where, "value": number}
            )
        seen.add(number)
        texts = _texts(option, where, errors)
        options.append({"value": number, **texts})
    return options


def validate_instrument_data(data: Any) -> tuple[dict, list[str]]:
    """Check an instrument definition; returns the cleaned data and every error found."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return {}, [_("The file must contain one JSON object.")]
    if data.get("format") != FORMAT:
        errors.append(_('format: must be "%(format)s".') % {"format": FORMAT})
    key = data.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        errors.append(_("key: use lower-case letters, digits and hyphens (up to 60)."))
    kind = data.get("kind", Instrument.Kind.CUSTOM)
    if kind not in Instrument.Kind.values:
        errors.append(
            _("kind: must be one of %(kinds)s.") % {"kinds": ", ".join(Instrument.Kind.values)}
        )
    name = _instrument_texts(data, "name", errors, max_length=200, required=True)
    description = _instrument_texts(data, "description", errors, max_length=None, required=False)
    source = _instrument_texts(data, "source", errors, max_length=300, required=False)
    if not isinstance(data.get("subject", ""), str):
        errors.append(_("%(field)s: must be text.") % {"field": "subject"})
    cleaned: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "kind": kind,
        "name": name,
        "description": description,
        "source": source,
        "subject": str(data.get("subject") or "")[:120],
        "scales": [],
    }
    scales = data.get("scales")
    if not isinstance(scales, list) or not scales:
        errors.append(_("scales: at least one scale is required."))
        scales = []
    scale_keys: set[str] = set()
    item_keys: set[str] = set()
    for s_index, scale in enumerate(scales):
        path = f"scales[{s_index}]"
        if not isinstance(scale, dict):
            errors.append(_("%(path)s: must be an object.") % {"path": path})
            continue
        s_key, s_kind = scale.get("key"), scale.get("kind")
        if not isinstance(s_key, str) or not KEY.match(s_key):
            errors.append(
                _("%(path)s.key: use lower-case letters, digits and hyphens.") % {"path": path}
            )
        elif s_key in scale_keys:
            errors.append(
                _('%(path)s.key: "%(key)s" is used twice.') % {"path": path, "key": s_key}
            )
        scale_keys.add(s_key)
        if s_kind not in Scale.Kind.values:
            errors.append(
                _("%(path)s.kind: must be one of %(kinds)s.")
                % {"path": path, "kinds": ", ".join(Scale.Kind.values)}
            )
        targets = scale.get("targets") or {}
        if not isinstance(targets, dict) or not all(
            isinstance(level, (int, float)) and not isinstance(level, bool)
            for level in targets.values()
        ):
            errors.append(
                _("%(path)s.targets: map each audience group to a number.") % {"path": path}
            )
            targets = {}
        texts = _texts(scale.get("text"), f"{path}.text", errors)
        items = scale.get("items")
        if not isinstance(items, list) or not items:
            errors.append(_("%(path)s.items: at least one question is required.") % {"path": path})
            items = []
        cleaned_scale = {
            "key": s_key,
            "kind": s_kind,
            "text": texts,
            "targets": targets,
            "items": [],
        }
        for i_index, item in enumerate(items):
            where = f"{path}.items[{i_index}]"
            cleaned_item = _item(item, where, s_kind, item_keys, errors)
            if cleaned_item:
                cleaned_scale["items"].append(cleaned_item)
        cleaned["scales"].append(cleaned_scale)
    return cleaned, errors


def _item(item: Any, path: str, scale_kind: Any, keys: set[str], errors: list[str]) -> dict:
    if not isinstance(item, dict):
        errors.append(_("%(path)s: must be an object.") % {"path": path})
        return {}
    key, item_type = item.get("key"), item.get("type")
    if not isinstance(key, str) or not KEY.match(key):
        errors.append(
            _("%(path)s.key: use lower-case letters, digits and hyphens.") % {"path": path}
        )
    elif key in keys:
        errors.append(_('%(path)s.key: "%(key)s" is used twice.') % {"path": path, "key": key})
    keys.add(key)
    if item_type not in Item.Type.values:
        errors.append(
            _("%(path)s.type: must be one of %(types)s.")
            % {"path": path, "types": ", ".join(Item.Type.values)}
        )
    elif scale_kind in SCALE_ITEM_TYPES and item_type not in SCALE_ITEM_TYPES[scale_kind]:
        errors.append(
            _("%(path)s.type: a %(kind)s scale cannot hold %(type)s questions.")
            % {"path": path, "kind": scale_kind, "type": item_type}
        )
    reverse = item.get("reverse", False)
    if not isinstance(reverse, bool):
        errors.append(_("%(path)s.reverse: must be true or false.") % {"path": path})
    elif reverse and item_type not in (Item.Type.AGREEMENT, Item.Type.SCALE_0_10):
        errors.append(
            _("%(path)s.reverse: only rating questions can be reverse-scored.") % {"path": path}
        )
    required = item.get("required", True)
    if not isinstance(required, bool):
        errors.append(_("%(path)s.required: must be true or false.") % {"path": path})
    options = []
    if item_type in CHOICE_TYPES:
        options = _options(item.get("options"), f"{path}.options", errors)
    elif item.get("options"):
        errors.append(_("%(path)s.options: only choice questions have options.") % {"path": path})
    return {
        "key": key,
        "type": item_type,
        "reverse": bool(reverse),
        "required": bool(required),
        "text": _texts(item.get("text"), f"{path}.text", errors),
        "options": options,
    }


def export_instrument_data(instrument: Instrument) -> dict:
    """The instrument as importable JSON data."""
    scales = []
    items_by_scale: dict[int, list[Item]] = {}
    for item in instrument.items.order_by("order", "pk"):
        items_by_scale.setdefault(item.scale_id, []).append(item)
    for scale in instrument.scales.order_by("order", "pk"):
        entry = {
            "key": scale.key,
            "kind": scale.kind,
            "text": {"en": scale.text_en, "de": scale.text_de, "nl": scale.text_nl},
            "items": [
                {
                    "key": item.key,
                    "type": item.type,
                    "text": {"en": item.text_en, "de": item.text_de, "nl": item.text_nl},
                    "reverse": item.reverse,
                    "required": item.required,
                    **({"options": item.options} if item.options else {}),
                }
                for item in items_by_scale.get(scale.pk, [])
            ],
        }
        if scale.targets:
            entry["targets"] = scale.targets
        scales.append(entry)
    return {
        "format": FORMAT,
        "key": instrument.key,
        "kind": instrument.kind,
        "name": instrument.texts("name"),
        "description": instrument.texts("description"),
        "source": instrument.texts("source"),
        "subject": instrument.subject,
        "scales": scales,
    }
