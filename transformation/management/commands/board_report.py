"""Produce a board report synchronously, for operators and scripts."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scope

from transformation.models import BoardReport, Organisation
from transformation.services import reports


class Command(BaseCommand):
    help = "Render an organisation's board report to a PDF file, without a worker."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short name (slug)")
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--start", type=dt.date.fromisoformat, help="period start, YYYY-MM-DD")
        parser.add_argument("--end", type=dt.date.fromisoformat, help="period end, YYYY-MM-DD")
        parser.add_argument(
            "--sections", help="comma-separated section keys (default: all)", default=""
        )

    def handle(self, *args, organisation, out, language, start, end, sections, **options):
        target = Organisation.objects.filter(slug=organisation).first()
        if target is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        available = [section.key for section in reports.available_sections()]
        chosen = [key.strip() for key in sections.split(",") if key.strip()] or available
        unknown = set(chosen) - set(available)
        if unknown:
            raise CommandError(
                f"Unknown sections {sorted(unknown)}; choose from {', '.join(available)}."
            )
        end = end or timezone.localdate()
        start = start or end.replace(day=1)
        report = BoardReport(
            organisation=target,
            period_start=start,
            period_end=end,
            language=language or target.default_language,
            sections=chosen,
        )
        with scope(organisation=target):
            rendered = reports.render_board_report_pdf(report)
        Path(out).write_bytes(rendered.content)
        self.stdout.write(
            f"Wrote {out}: {rendered.page_count} pages, {len(rendered.content):,} bytes."
        )
