"""Lists that are shown in part say so: the first rows, and how many there are in all.

A board report or an overview card has room for a few rows; the reader must
still learn that there are more (and how many), or a short list reads as the
whole truth. Every shortened list goes through `excerpt` and its template ends
with `{% include "includes/more.html" with excerpt=... %}`.

A list page that grows with the organisation (use cases, members, the audit
trail…) is searched with `search` and cut into pages with `paginate`; its
template puts `{% include "includes/search.html" %}` into its GET filter form
and `{% include "includes/pager.html" with listing=... target=... %}` into the
region that htmx swaps. Links and the form work as plain GET without
JavaScript. CSV exports never go through `paginate`: they export every row.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class Excerpt:
    """The first rows of a list and the size of the whole list."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0

    def __getitem__(self, index):
        return self.rows[index]


def excerpt(rows: QuerySet | Sequence, limit: int) -> Excerpt:
    """The first `limit` rows of a queryset (one COUNT when there may be more) or a list."""
    if isinstance(rows, QuerySet):
        shown = list(rows[: limit + 1])
        if len(shown) <= limit:
            return Excerpt(shown, len(shown))
        return Excerpt(shown[:limit], rows.count())
    return Excerpt(list(rows[:limit]), len(rows))


# A search longer than this is cut; more words than this are ignored.
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8


def search_text(request: HttpRequest, query: QueryDict | None = None) -> str:
    """The `q` parameter, stripped of control characters (PostgreSQL refuses NUL) and cut."""
    text = (request.GET if query is None else query).get("q", "")
    text = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(text.split())[:SEARCH_MAX_LENGTH]


def search(rows: QuerySet, text: str, fields: Sequence[str]) -> QuerySet:
    """Rows in which every word of `text` occurs in one of `fields`, ignoring case."""
    for word in text.split()[:SEARCH_MAX_WORDS]:
        rows = rows.filter(reduce(operator.or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    return rows


def matches(text: str, *values: str | None) -> bool:
    """The same rule as `search` for rows already in memory."""
    haystack = " ".join(value or "" for value in values).casefold()
    return all(word.casefold() in haystack for word in text.split()[:SEARCH_MAX_WORDS])


@dataclass(frozen=True)
class PageLink:
    """One link of the pager: a page number, or a gap (`number` None) between them."""

    number: int | None
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Listing:
    """One page of a list, with what the pager and the search box need to link onwards."""

    page: Page
    search: str
    path: str
    query: str  # the request's other parameters (filters, search), without `param`
    param: str = "page"  # a page with two paged lists names one of them differently

    def __iter__(self) -> Iterator[Any]:
        return iter(self.page)

    def __len__(self) -> int:
        return len(self.page)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def href(self, number: int) -> str:
        query = f"{self.query}&{self.param}={number}" if self.query else f"{self.param}={number}"
        return f"{self.path}?{query}"

    @property
    def previous_href(self) -> str:
        return self.href(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_href(self) -> str:
        return self.href(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def links(self) -> list[PageLink]:
        """First, last and the pages around the current one, so that a phone has room."""
        paginator = self.page.paginator
        numbers = paginator.get_elided_page_range(self.page.number, on_each_side=1, on_ends=1)
        return [
            PageLink(number, self.href(number), number == self.page.number)
            if number != paginator.ELLIPSIS
            else PageLink(None)
            for number in numbers
        ]


def page_number(value: str | None, last: int) -> int:
    """The page asked for, within 1…`last`: nonsense is the first page, too far the last."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    # A number of more digits than any page count is beyond the last page.
    number = int(text) if len(text) <= 18 else last
    return min(max(number, 1), last)


def paginate(
    request: HttpRequest,
    rows: QuerySet | Sequence,
    *,
    per_page: int | None = None,
    path: str | None = None,
    query: QueryDict | None = None,
    param: str = "page",
) -> Listing:
    """The page of `rows` that the request's `page` parameter asks for (rows must be ordered).

    `path` and `query` are the list's address and parameters when the request
    went elsewhere (a form posted with errors renders the list page under its
    own address; a saved roadmap step redraws the matrix the reader had open).
    """
    params = request.GET if query is None else query
    paginator = Paginator(rows, per_page or settings.LIST_PAGE_SIZE)
    page = paginator.page(page_number(params.get(param), paginator.num_pages))
    others = params.copy()
    others.pop(param, None)
    return Listing(
        page=page,
        search=search_text(request, params),
        path=path or request.path,
        query=others.urlencode(),
        param=param,
    )


# A board report lists this many departments per table; the rest is summed up in the
# table's totals, counted by the "… and N more" line and attached in full as CSV.
DEPARTMENT_LIMIT = 15


def attention_first(rows: Sequence, limit: int, key: Callable[[Any], Any]) -> Excerpt:
    """All rows in their order when they fit; else the `limit` rows with the smallest `key`.

    For per-department tables in the board report: a short table stays as the
    web shows it, a long one shows the departments that need attention first.
    """
    if len(rows) <= limit:
        return Excerpt(list(rows), len(rows))
    return Excerpt(sorted(rows, key=key)[:limit], len(rows))


@dataclass(frozen=True)
class Appendix:
    """A whole list that the board report shows in part, attached to the PDF as CSV."""

    filename: str
    header: list[Any]
    rows: list[list[Any]]

    def csv(self) -> bytes:
        """The list as UTF-8 CSV (with a byte-order mark for spreadsheets), cells defused."""
        from transformation.csvio import defuse

        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([defuse(cell) for cell in self.header])
        writer.writerows([defuse(cell) for cell in row] for row in self.rows)
        return ("\ufeff" + out.getvalue()).encode()
