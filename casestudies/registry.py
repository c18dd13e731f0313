"""What other apps add to a case-study draft, without casestudies importing them.

The change-management app registers its retrospectives here from its
`plugins.register()` (among "other registries", after its core entries):

    from casestudies.registry import DraftAddition, DraftSource, draft_sources

    def retrospective_lessons(use_case) -> DraftAddition:
        return DraftAddition(change_approach=[...], notes=[...])

    def register() -> None:
        ...
        draft_sources.register(DraftSource(key="adoption", addition=retrospective_lessons))

`addition(use_case)` runs inside the organisation's scope and the draft's
language, so its translated strings come out in the organisation's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transformation.registry import Registry

if TYPE_CHECKING:
    from governance.models import UseCase


@dataclass
class DraftAddition:
    """Lines for the draft's change approach and paragraphs for its notes."""

    change_approach: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DraftSource:
    key: str
    addition: Callable[[UseCase], DraftAddition]
    order: int = 100


draft_sources: Registry[DraftSource] = Registry()


def additions_for(use_case: UseCase) -> DraftAddition:
    """Every registered source's addition for `use_case`, in registration order."""
    combined = DraftAddition()
    for source in draft_sources.all():
        addition = source.addition(use_case)
        combined.change_approach.extend(addition.change_approach)
        combined.notes.extend(addition.notes)
    return combined
