"""What changes between two classifications (or a classification and a preview).

Works on anything with `result_class`, `role`, `annex_iii_point`,
`obligations` and `flags` (a stored Classification or an engine Outcome), so
the same comparison serves the re-classification preview and the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

# Flags a reader acts on; the lists of criteria behind them stay on the result page.
COMPARED_FLAGS = (
    "dpia",
    "fria",
    "human_oversight",
    "two_person_verification",
    "registration",
    "art22",
    "works_council",
    "legacy",
    "derogation",
)


class ClassifiedLike(Protocol):
    result_class: str
    role: str
    annex_iii_point: str
    obligations: list[dict]
    flags: dict[str, Any]


@dataclass
class FlagChange:
    key: str
    before: Any
    after: Any


@dataclass
class Changes:
    result_class: tuple[str, str] | None = None
    role: tuple[str, str] | None = None
    annex_iii_point: tuple[str, str] | None = None
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)
    flags: list[FlagChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.result_class
            or self.role
            or self.annex_iii_point
            or self.added
            or self.removed
            or self.changed
            or self.flags
        )


def _pair(before: Any, after: Any) -> tuple[Any, Any] | None:
    return (before, after) if before != after else None


def _flag(flags: dict[str, Any], key: str) -> Any:
    value = flags.get(key)
    if key in ("fria", "two_person_verification", "registration", "art22", "legacy"):
        return bool(value)
    if key == "works_council":
        return list(value or [])
    return value or ""


def compare(before: ClassifiedLike | None, after: ClassifiedLike) -> Changes:
    """Everything a reader of `after` needs to know that differs from `before`."""
    if before is None:
        return Changes(added=list(after.obligations))
    old = {item["key"]: item for item in before.obligations}
    new = {item["key"]: item for item in after.obligations}
    changed = [
        (old[key], new[key])
        for key in new
        if key in old
        and (old[key]["article"], old[key]["applies_from"])
        != (new[key]["article"], new[key]["applies_from"])
    ]
    return Changes(
        result_class=_pair(before.result_class, after.result_class),
        role=_pair(before.role, after.role),
        annex_iii_point=_pair(before.annex_iii_point, after.annex_iii_point),
        added=[item for key, item in new.items() if key not in old],
        removed=[item for key, item in old.items() if key not in new],
        changed=changed,
        flags=[
            FlagChange(key, _flag(before.flags, key), _flag(after.flags, key))
            for key in COMPARED_FLAGS
            if _flag(before.flags, key) != _flag(after.flags, key)
        ],
    )
