"""Extension points that other apps fill from their AppConfig.ready().

The core app never imports its plug-ins: assessments, roi, governance and
casestudies register overview cards, navigation entries, board-report
sections and demo-data seeders here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from transformation.models import Membership, Organisation


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation, shown to the given access roles."""

    key: str
    label: Any  # a lazy translation
    url_name: str
    roles: frozenset[str]
    order: int = 100


@dataclass(frozen=True)
class OverviewCard:
    """A card on the programme overview.

    `context` receives the request (with `organisation` and `membership`) and
    returns the template context; it must run a fixed number of queries.
    """

    key: str
    template: str
    context: Callable[[HttpRequest], dict]
    roles: frozenset[str]
    order: int = 100


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


@dataclass
class Registry[T]:
    items: dict[str, T] = field(default_factory=dict)

    def register(self, item: T) -> T:
        self.items[item.key] = item  # type: ignore[attr-defined]
        return item

    def all(self) -> list[T]:
        return sorted(self.items.values(), key=lambda item: (item.order, item.key))  # type: ignore[attr-defined]

    def for_role(self, role: str) -> list[T]:
        return [item for item in self.all() if role in item.roles]  # type: ignore[attr-defined]


nav_entries: Registry[NavEntry] = Registry()
overview_cards: Registry[OverviewCard] = Registry()
report_sections: Registry[ReportSection] = Registry()
demo_seeders: Registry[DemoSeeder] = Registry()


def visible_cards(request: HttpRequest) -> Iterable[tuple[OverviewCard, dict]]:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    for card in overview_cards.for_role(membership.role):
        yield card, card.context(request)


def seed_organisation(organisation: Organisation, **options: Any) -> None:
    for seeder in demo_seeders.all():
        seeder.seed(organisation, **options)
