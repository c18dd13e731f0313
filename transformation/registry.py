"""Extension points that apps (this one included) fill from their `plugins.register()`.

The core app never imports its plug-ins: assessments, roi, governance and
casestudies register overview cards, navigation entries, board-report
sections and demo-data seeders here. Workflows that must react to a change
elsewhere (the roadmap to a new department) register a `Hook` for an `Event`
instead of being called by name, so services do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from transformation.models import Membership, Organisation
    from transformation.permissions import Predicate


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation to an organisation page.

    Shown to members who hold the predicate the linked view declares, except
    those who hold `unless` (for a shortcut that they reach another way).
    """

    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    unless: Predicate | None = None

    @property
    def permission(self) -> Predicate:
        return view_permission(self.url_name)

    def visible_to(self, membership: Membership) -> bool:
        if self.unless is not None and self.unless(membership):
            return False
        return self.permission(membership)


@cache
def view_permission(url_name: str) -> Predicate:
    """The predicate an organisation page's view declares with `permission_required`."""
    from django.urls import resolve, reverse

    return resolve(reverse(url_name, kwargs={"org": "-"})).func.permission


@dataclass(frozen=True)
class OverviewCard:
    """A card on the programme overview.

    `context` receives the request (with `organisation` and `membership`) and
    returns the template context; it must run a fixed number of queries.
    """

    key: str
    template: str
    context: Callable[[HttpRequest], dict]
    permission: Predicate
    order: int = 100

    def visible_to(self, membership: Membership) -> bool:
        return self.permission(membership)


@dataclass(frozen=True)
class ReportSection:
    """A section of the board report; `context` gets the report request."""

    key: str
    title: Any
    template: str
    context: Callable[..., dict]
    order: int = 100


@dataclass(frozen=True)
class DemoSeeder:
    """Adds an app's demo data to an organisation seeded by `seed_demo`."""

    key: str
    seed: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class DeadlineSource:
    """Things that fall due in an app, for the deadline engine (transformation.deadlines).

    `collect(organisation, now)` runs inside the organisation's scope and
    returns `transformation.deadlines.Deadline` items, each with the access
    predicate of the page it links to.
    """

    key: str
    label: Any  # a lazy translation
    collect: Callable[..., Iterable[Any]]
    order: int = 100


@dataclass(frozen=True)
class ArchiveRule:
    """How one model's rows travel in an organisation archive (services/portability.py).

    `key` is the model's label ("assessments.participation"). `leave_out`:
    fields never written to an archive (credentials, hashes of links already
    sent); `on_import(instance)` fills them, or anything that must be new in
    this installation, before the row is saved. `skip`: rows that are not
    carried at all (derived rows rebuilt later, or a credential as a whole).
    `catalogue_key`: for shipped reference rows an organisation's rows point
    to, the field that finds the same row in another installation.
    """

    key: str
    leave_out: frozenset[str] = frozenset()
    on_import: Callable[[Any], None] | None = None
    skip: bool = False
    catalogue_key: str = ""
    order: int = 100


class Event(StrEnum):
    """Moments a service announces through `run_hooks`, inside its transaction."""

    DEPARTMENT_CREATED = "department_created"  # payload: department


@dataclass(frozen=True)
class Hook:
    """Runs `handler(**payload)` when a service announces `event`."""

    key: str
    event: Event
    handler: Callable[..., None]
    order: int = 100


@dataclass
class Registry[T]:
    items: dict[str, T] = field(default_factory=dict)

    def register(self, item: T) -> T:
        self.items[item.key] = item  # type: ignore[attr-defined]
        return item

    def all(self) -> list[T]:
        return sorted(self.items.values(), key=lambda item: (item.order, item.key))  # type: ignore[attr-defined]

    def visible_to(self, membership: Membership) -> list[T]:
        return [item for item in self.all() if item.visible_to(membership)]  # type: ignore[attr-defined]


nav_entries: Registry[NavEntry] = Registry()
overview_cards: Registry[OverviewCard] = Registry()
report_sections: Registry[ReportSection] = Registry()
demo_seeders: Registry[DemoSeeder] = Registry()
deadline_sources: Registry[DeadlineSource] = Registry()
hooks: Registry[Hook] = Registry()
archive_rules: Registry[ArchiveRule] = Registry()


def visible_cards(request: HttpRequest) -> Iterable[tuple[OverviewCard, dict]]:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    for card in overview_cards.visible_to(membership):
        yield card, card.context(request)


def seed_organisation(organisation: Organisation, **options: Any) -> None:
    for seeder in demo_seeders.all():
        seeder.seed(organisation, **options)


def run_hooks(event: Event, **payload: Any) -> None:
    """Call every hook registered for `event`, in order, in the caller's transaction."""
    for hook in hooks.all():
        if hook.event == event:
            hook.handler(**payload)
