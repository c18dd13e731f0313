"""Compile every .po file under LOCALE_PATHS to .mo without needing GNU gettext."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translations (.po to .mo) with Babel."

    def handle(self, *args, **options):
        count = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as source:
                    catalog = read_po(source)
                with po_path.with_suffix(".mo").open("wb") as target:
                    write_mo(target, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"Compiled {count} translation catalogues.")
