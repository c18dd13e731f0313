"""CSV in and out, the same way for every app.

Export: `csv_response` writes every cell through `defuse`, so a spreadsheet
never runs a cell as a formula (CSV injection, OWASP), while plain numbers,
negative ones included, stay numbers.

Import: `read_upload` (or `read_text` for text already in hand) checks the
file's type and size, decodes UTF-8 with or without a byte-order mark,
guesses the separator, caps the rows and turns a malformed line into a
line-numbered form error instead of an exception. The importer validates the
records and collects its problems in `LineProblems`; it saves nothing unless
there are none (all or nothing).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from transformation import uploads

# Cells a spreadsheet reads as a formula start with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-12.5", "-3,25") is not a formula and must stay a number.
NUMBER = re.compile(r"-?\d+([.,]\d+)?")
SEPARATORS = (",", ";", "\t")


def defuse(value: object) -> str:
    """The cell as text, prefixed with ' where a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_response(filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]):
    """A CSV download of the header and rows, every cell defused."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    if header:
        writer.writerow([defuse(cell) for cell in header])
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return response


@dataclass(frozen=True)
class CsvLimits:
    """How much one import may hold; a request must finish well inside the server's timeout."""

    max_bytes: int = 1 * uploads.MB
    max_rows: int = 5_000


def limits_text(limits: CsvLimits) -> str:
    """The help text of an import's file field."""
    return _("UTF-8 text, at most %(rows)s rows and %(size)s.") % {
        "rows": number_format(limits.max_rows, force_grouping=True),
        "size": uploads.size_text(limits.max_bytes),
    }


def line_problem(line: int, problem: str) -> str:
    return _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}


@dataclass
class LineProblems:
    """The problems of an import, each with its line, in the reader's language."""

    messages: list[str] = field(default_factory=list)

    def add(self, line: int, problem: str) -> None:
        self.messages.append(line_problem(line, problem))

    def raise_any(self) -> None:
        if self.messages:
            raise forms.ValidationError(self.messages)


@dataclass
class CsvTable:
    """The header and the non-blank records of a CSV file, each with its line number."""

    header: list[str]
    records: list[tuple[int, list[str]]]

    def dicts(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each record as {column: value}; missing values are "", extra ones are dropped."""
        names = [column_name(name) for name in self.header]
        for line, values in self.records:
            cells = {name: "" for name in names if name}
            for name, value in zip(names, values, strict=False):
                if name:
                    cells[name] = value
            yield line, cells

    def column_names(self) -> set[str]:
        return {column_name(name) for name in self.header}


def column_name(header: str) -> str:
    """Headers match whatever their case and surrounding spaces."""
    return (header or "").strip().lower()


def _separator(first_line: str) -> str:
    counts = {separator: first_line.count(separator) for separator in SEPARATORS}
    return max(SEPARATORS, key=lambda separator: counts[separator])  # ties: the comma


def read_text(text: str, *, limits: CsvLimits = CsvLimits()) -> CsvTable:
    """Parse CSV text; raises ValidationError for an unreadable line or too many rows."""
    text = text.removeprefix("\ufeff")
    separator = _separator(text.partition("\n")[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise forms.ValidationError(_unreadable(reader.line_num, error)) from None
        if header is None:
            header = values
            continue
        if not any(value.strip() for value in values):
            continue
        if len(records) >= limits.max_rows:
            raise forms.ValidationError(
                _(
                    "The file has more than %(rows)s rows. Import at most %(rows)s rows "
                    "at a time; nothing was imported."
                )
                % {"rows": number_format(limits.max_rows, force_grouping=True)}
            )
        records.append((reader.line_num, values))
    return CsvTable(header=header or [], records=records)


def _unreadable(line: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        problem = _("a value is longer than %(size)s; nothing was imported.") % {
            "size": uploads.size_text(csv.field_size_limit())
        }
    else:
        # The csv module's own words (a NUL byte, a stray quote) are not translated.
        problem = _("the line cannot be read as CSV; nothing was imported.")
    return line_problem(line, problem)


def decode_upload(upload: UploadedFile, *, limits: CsvLimits = CsvLimits()) -> str:
    """The text of an uploaded CSV file after checking its type and size."""
    uploads.check_upload(upload, replace(uploads.CSV_IMPORT, max_bytes=limits.max_bytes))
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(str(uploads.CSV_IMPORT.wrong_content)) from error
    if "\x00" in text:
        # The csv module reads NUL bytes, but PostgreSQL refuses them in text columns.
        raise forms.ValidationError(str(uploads.CSV_IMPORT.wrong_content))
    return text


def read_upload(upload: UploadedFile, *, limits: CsvLimits = CsvLimits()) -> CsvTable:
    """Check, decode and parse an uploaded CSV file; raises ValidationError on any problem."""
    return read_text(decode_upload(upload, limits=limits), limits=limits)
