"""HTML to PDF with WeasyPrint, in workers only, fetching nothing but static files.

WeasyPrint is imported lazily so that web processes never load it.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# A base URL no network resolves: relative links in the report HTML become
# absolute under it, and the fetcher maps its static part to files on disk.
REPORT_BASE_URL = "https://report.invalid/"


class BlockedResource(ValueError):
    pass


def static_file(url: str) -> Path:
    """The file on disk behind a report URL under STATIC_URL, or BlockedResource."""
    prefix = REPORT_BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        raise BlockedResource(f"Only static files and data: URLs may be loaded, not {url}")
    name = url[len(prefix) :].split("?")[0].split("#")[0]
    if ".." in Path(name).parts:
        raise BlockedResource(f"Refusing a path outside the static files: {url}")
    found = finders.find(name)
    if not found:
        try:
            found = staticfiles_storage.path(staticfiles_storage.stored_name(name))
        except (ValueError, NotImplementedError, OSError):
            found = None
    if not found or not Path(found).is_file():
        raise BlockedResource(f"No static file named {name}")
    return Path(found)


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return StaticOnlyFetcher(allowed_protocols={"data", "https"}, timeout=5)


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def render_pdf(html: str, *, attachments: dict[str, bytes] | None = None) -> RenderedPdf:
    """The PDF of the HTML; `attachments` (file name -> content) are embedded as files."""
    from weasyprint import HTML, Attachment

    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=_fetcher()).render()
    embedded = [
        Attachment(string=content, name=name, url_fetcher=_fetcher())
        for name, content in (attachments or {}).items()
    ]
    return RenderedPdf(
        content=document.write_pdf(attachments=embedded), page_count=len(document.pages)
    )
