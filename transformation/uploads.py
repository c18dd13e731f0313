"""Every uploaded file is checked here: one table of file types, one size rule.

The browser's content type and the file name are only claims. The name's
extension must be one the purpose accepts and the file's first bytes must
match that extension, so a renamed executable (or a PNG renamed .pdf) is
refused. The stored name keeps the extension and decides the MIME type the
file is later served or embedded with (the report cover), which is why the
extension, not the claimed content type, is what is checked.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024
# Enough for every signature below and to tell text from a renamed binary.
HEAD_BYTES = 2048

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"  # the office formats (docx, xlsx, odt, ...) are ZIP containers


def is_utf8_text(head: bytes, *, whole: bool) -> bool:
    """UTF-8 without NUL bytes; a character cut at the end of a partial read still counts."""
    if b"\x00" in head:
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # Not final unless this is the whole file: the read of the first
        # 2 KB may end inside a multi-byte character ("ü" is two bytes).
        decoder.decode(head, final=whole)
    except UnicodeDecodeError:
        return False
    return True


def _is_svg(head: bytes, *, whole: bool) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text


def _starts_with(*signatures: bytes) -> Callable[..., bool]:
    def sniff(head: bytes, *, whole: bool) -> bool:
        return head.startswith(signatures)

    return sniff


# Extension -> how its first bytes look. The one list of file types any upload may have.
FILE_TYPES: dict[str, Callable[..., bool]] = {
    ".pdf": _starts_with(b"%PDF-"),
    ".png": _starts_with(PNG),
    ".jpg": _starts_with(JPEG),
    ".jpeg": _starts_with(JPEG),
    ".svg": _is_svg,
    ".docx": _starts_with(ZIP),
    ".xlsx": _starts_with(ZIP),
    ".pptx": _starts_with(ZIP),
    ".odt": _starts_with(ZIP),
    ".ods": _starts_with(ZIP),
    ".odp": _starts_with(ZIP),
    ".txt": is_utf8_text,
    ".csv": is_utf8_text,
    ".tsv": is_utf8_text,
    ".json": is_utf8_text,
}


WRONG_CONTENT = gettext_lazy("The file's content does not match its type.")


@dataclass(frozen=True)
class UploadRule:
    """What one kind of upload may be: its extensions, its size and what to say otherwise."""

    extensions: frozenset[str]
    max_bytes: int
    wrong_type: Promise
    wrong_content: Promise = WRONG_CONTENT


EVIDENCE = UploadRule(
    extensions=frozenset(
        {".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}
        | {".txt", ".csv"}
    ),
    max_bytes=10 * MB,
    wrong_type=gettext_lazy("Upload a PDF, image, office document or text file (%(types)s)."),
)
LOGO = UploadRule(
    extensions=frozenset({".png", ".jpg", ".jpeg", ".svg"}),
    max_bytes=1 * MB,
    wrong_type=gettext_lazy("Upload the logo as PNG, JPEG or SVG."),
    wrong_content=gettext_lazy("Upload the logo as PNG, JPEG or SVG."),
)
INSTRUMENT = UploadRule(
    extensions=frozenset({".json", ".txt"}),
    max_bytes=1 * MB,
    wrong_type=gettext_lazy("Upload the instrument as a JSON file (%(types)s)."),
)
# CSV imports (transformation/csvio.py): the size limit is the importer's own.
CSV_IMPORT = UploadRule(
    extensions=frozenset({".csv", ".tsv", ".txt"}),
    max_bytes=1 * MB,
    wrong_type=gettext_lazy("Upload a CSV file (%(types)s)."),
    wrong_content=gettext_lazy("Save the file as UTF-8 text (CSV)."),
)


def size_text(max_bytes: int) -> str:
    return f"{max_bytes // MB} MB" if max_bytes % MB == 0 else f"{max_bytes // 1024} KB"


def describe(rule: UploadRule) -> str:
    """A help text: the accepted types and the size limit."""
    types = sorted({suffix.lstrip(".").upper() for suffix in rule.extensions} - {"JPEG"})
    return _("%(types)s; at most %(size)s.") % {
        "types": ", ".join(types),
        "size": size_text(rule.max_bytes),
    }


def check_upload(upload: UploadedFile, rule: UploadRule) -> UploadedFile:
    """The upload, if its extension, size and first bytes fit the rule; else a ValidationError."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in rule.extensions:
        raise forms.ValidationError(
            str(rule.wrong_type) % {"types": ", ".join(sorted(rule.extensions))},
            code="file_type",
        )
    if upload.size > rule.max_bytes:
        raise forms.ValidationError(
            _("The file is larger than %(size)s.") % {"size": size_text(rule.max_bytes)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not FILE_TYPES[suffix](head, whole=len(head) >= upload.size):
        raise forms.ValidationError(str(rule.wrong_content), code="file_content")
    return upload


def check_evidence(upload: UploadedFile) -> UploadedFile:
    """Evidence files of roadmap steps, obligations, duties and consultations."""
    return check_upload(upload, EVIDENCE)


def check_logo(upload: UploadedFile) -> UploadedFile:
    """The cover logo of the board report."""
    return check_upload(upload, LOGO)


def discard_after_commit(stored: FieldFile) -> None:
    """Delete a replaced or removed file from storage once the change is committed.

    Called before the field is overwritten or the row deleted; a rolled-back
    change keeps its file. Nothing happens for an empty field.
    """
    if not stored:
        return
    name, storage = stored.name, stored.storage
    transaction.on_commit(lambda: storage.delete(name))
