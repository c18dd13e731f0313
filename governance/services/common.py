"""Pieces the governance workflows share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class TransitionBlocked(ValidationError):
    """A lifecycle move that a guard refused; `messages` says why."""


def new_values_shortened(changes: dict[str, Any]) -> dict[str, Any]:
    """For `save_audited(summarise=…)`: the new values, long texts (they may name people) as "…".

    The texts stay in the record itself; the trail says that they changed.
    """
    new_values = {
        key: change[1] if isinstance(change, list) else change for key, change in changes.items()
    }
    return {key: "…" if len(str(new)) > 200 else new for key, new in new_values.items()}
