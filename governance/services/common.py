"""Pieces the governance workflows share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class TransitionBlocked(ValidationError):
    """A lifecycle move that a guard refused; `messages` says why."""
