"""The board report says the same thing however it is computed.

Two copies of the demo wholesaler (20 departments, so the per-department
tables are shortened and attached whole) on a fixed day: the report's visible
text and its attached lists are pinned in a file. Work on how the report is
produced (speed, queries, stylesheet) must leave both unchanged.

After a change to what the report says, write the file again with
`REPORT_TEXT_REWRITE=1 pytest tests/transformation/test_report_text.py` and
read the difference.
"""

import datetime as dt
import html
import os
import re
from pathlib import Path

import time_machine
from django.utils import timezone, translation
from django_scopes import scope

from transformation.management.commands.seed_demo import seed_wholesaler_copies
from transformation.models import BoardReport
from transformation.services import reports

PINNED = Path(__file__).with_name("report_text_de.txt")
DAY = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def visible_text(report_html: str) -> str:
    """The words a reader sees, one block per line: tags, styles and spacing left out."""
    without_styles = re.sub(r"<style.*?</style>", " ", report_html, flags=re.S)
    blocks = re.sub(
        r"<(?:/?(?:p|h\d|li|tr|section|div|dt|dd|table|caption)\b)[^>]*>", "\n", without_styles
    )
    text = html.unescape(re.sub(r"<[^>]+>", " ", blocks))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _report_and_attachments(organisation) -> str:
    with scope(organisation=organisation):
        report = BoardReport(
            organisation=organisation,
            period_start=timezone.localdate().replace(day=1),
            period_end=timezone.localdate(),
            language="de",
            sections=[section.key for section in reports.available_sections()],
        )
        report_html = reports.render_board_report_html(report)
        with translation.override("de"):
            context = reports.board_report_context(report)
            attached = {a.filename: a.csv().decode("utf-8-sig") for a in context["appendices"]}
    parts = [visible_text(report_html)]
    for name in sorted(attached):
        parts.append(f"=== {name}\n{attached[name].replace(chr(13), '')}")
    return "\n".join(parts) + "\n"


def test_report_text_of_two_demo_copies_is_unchanged(db, tmp_path):
    with time_machine.travel(DAY, tick=False):
        organisation = seed_wholesaler_copies(slug="pinned-2x", copies=2)
        text = _report_and_attachments(organisation)
    if os.environ.get("REPORT_TEXT_REWRITE"):
        PINNED.write_text(text, encoding="utf-8")
    pinned = PINNED.read_text(encoding="utf-8")
    assert text.count("\n") > 200  # every section wrote something
    assert text == pinned
