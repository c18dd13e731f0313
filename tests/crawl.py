"""Crawling the demo organisation's pages as a member: the visible text of every route.

Shared by the crawls that read what a person sees (test_figures_crawl: no
English number in German and Dutch; test_visible_text: no internal code in
any language). From the start page every link inside the organisation is
opened once per route (the first object of each detail page stands for the
others); the visible text leaves out tags, attributes, scripts and styles,
and code or preformatted blocks.
"""

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

from django.urls import Resolver404, resolve
from django_scopes import scopes_disabled

from transformation.models import Membership, Organisation, User

SKIP = {"script", "style", "textarea", "pre", "code"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in SKIP and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def demo_member(role: str, slug: str = "nordtec") -> tuple[Organisation, User]:
    """The seeded demo organisation and its first member with `role`."""
    organisation = Organisation.objects.get(slug=slug)
    with scopes_disabled():
        membership = (
            Membership.objects.filter(organisation=organisation, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
    return organisation, membership.user


def typed_or_stored_text(*, stored: bool = True) -> list[str]:
    """Text people typed (the demo's notes on a KPI's money value) or, with `stored`, the
    object labels the audit trail stored, longest first, for a crawl to take out."""
    from roi.models import UseCaseKpi
    from transformation.models import AuditEvent

    with scopes_disabled():
        notes = UseCaseKpi.objects.values_list("monetisation_note", flat=True)
        labels = AuditEvent.objects.values_list("target_label", flat=True) if stored else []
        return sorted({text for text in [*notes, *labels] if text}, key=len, reverse=True)


def pages(client, start: str, language: str, limit: int = 400) -> Iterator[tuple[str, str]]:
    """(url, visible text) of the HTML pages reached from `start`, one per route, in the
    order the links are found."""
    seen_routes, queue, visited = set(), [start], set()
    while queue and len(visited) < limit:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url, headers={"accept-language": language})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        yield url, " ".join(parser.parts)
        for href in parser.links:
            target = urldefrag(href)[0]
            parsed = urlparse(target)
            if parsed.netloc or not parsed.path.startswith(start) or parsed.query:
                continue
            try:
                route = resolve(parsed.path).route
            except Resolver404:
                continue
            if route not in seen_routes:
                seen_routes.add(route)
                queue.append(parsed.path)


def crawl(
    client,
    start: str,
    language: str,
    find: Callable[[str], list[str]],
    ignore: list[str] = (),
    limit: int = 400,
) -> tuple[dict[str, list[str]], int]:
    """{url: what `find` found in its visible text} for the HTML pages reached from `start`
    (one per route), and how many pages were read."""
    found, read = {}, 0
    for url, text in pages(client, start, language, limit):
        read += 1
        for typed in ignore:
            text = text.replace(typed, "")
        hits = find(text)
        if hits:
            found[url] = hits
    return found, read
