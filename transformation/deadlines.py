"""The deadline engine: everything that falls due, from every app, for one person.

Apps register `DeadlineSource`s (transformation.registry.deadline_sources)
from their `plugins.register()`; each returns `Deadline` items carrying the
named predicate (`<app>/permissions.py`) of the page they link to. The engine
never decides access itself: an item reaches a person (notification centre,
digest) or the steering committee's channel only when its own `visible_to`
says so, and only when `relevant_to` says it concerns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import translation

from transformation import registry
from transformation.models import Membership, Organisation, Role

UPCOMING = "upcoming"
OVERDUE = "overdue"
# Dated items (due on a day) show up this long before they fall due.
DATE_LEAD = timedelta(days=7)

# A rule about one member: a role-level predicate from `<app>/permissions.py`, or a
# per-object one bound to the item's object (`lambda m: predicate(m, obj)`).
MemberRule = Callable[[Membership], bool]


class Texts(Mapping[str, str]):
    """A text in every product language, each rendered when it is first read.

    The notification centre collects every item of the organisation to learn
    which a member may still see, but shows a title in one language only:
    rendering each of thousands of titles in every language was most of its
    time. Read as a mapping (`dict(texts)` renders all, for a stored row).
    `render` must bind what it reads (default arguments), not loop variables.
    """

    def __init__(self, render: Callable[[], Any]) -> None:
        self._render = render
        self._texts: dict[str, str] = {}

    def __getitem__(self, code: str) -> str:
        if code not in self._texts:
            if code not in dict(settings.LANGUAGES):
                raise KeyError(code)
            with translation.override(code):
                self._texts[code] = str(self._render())
        return self._texts[code]

    def __iter__(self) -> Iterator[str]:
        return (code for code, _name in settings.LANGUAGES)

    def __len__(self) -> int:
        return len(settings.LANGUAGES)


def in_languages(render: Callable[[], Any]) -> Texts:
    """A text in every product language, for a row read later in any of them."""
    return Texts(render)


def everyone(membership: Membership) -> bool:
    return True


@dataclass(frozen=True)
class Deadline:
    """One thing that falls due, and who may see it.

    `due_at` is the moment it falls due (for a dated item, the end of that
    day in the organisation's time zone); it is notable from `notify_from`.
    """

    key: str
    source: str
    title: Mapping[str, str]
    url: str
    due_at: datetime
    notify_from: datetime
    visible_to: MemberRule
    relevant_to: MemberRule = everyone
    article: str = ""
    all_day: bool = False

    def stage(self, now: datetime) -> str | None:
        if now >= self.due_at:
            return OVERDUE
        if now >= self.notify_from:
            return UPCOMING
        return None

    def reaches(self, membership: Membership) -> bool:
        """Shown to this member: they may see the page, and it concerns them."""
        return self.visible_to(membership) and self.relevant_to(membership)

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", "")


def collect(organisation: Organisation, now: datetime) -> list[Deadline]:
    """Every registered source's items; call inside the organisation's scope."""
    items: list[Deadline] = []
    for source in registry.deadline_sources.all():
        items.extend(source.collect(organisation, now))
    return sorted(items, key=lambda item: (item.due_at, item.key))


def notable(items: Iterable[Deadline], now: datetime) -> list[Deadline]:
    return [item for item in items if item.stage(now) is not None]


def for_member(items: Iterable[Deadline], membership: Membership) -> list[Deadline]:
    return [item for item in items if item.reaches(membership)]


def steering_committee(organisation: Organisation) -> Membership:
    """A stand-in member with the steering committee's access, for its channel."""
    return Membership(organisation=organisation, role=Role.STEERING)


def is_member(membership: Membership, member_id: int | None) -> bool:
    """The member is the one named (never true for the steering stand-in or a missing id)."""
    return membership.pk is not None and member_id is not None and membership.pk == member_id


def is_user(membership: Membership, user_id: int | None) -> bool:
    return membership.user_id is not None and user_id is not None and membership.user_id == user_id
