"""Write one organisation's whole data to a versioned archive (README: "Moving an organisation").

manage.py export_organisation nordtec nordtec.zip
"""

import os

from django.core.management.base import BaseCommand, CommandError

from transformation.models import Organisation
from transformation.services import portability


class Command(BaseCommand):
    help = "Export one organisation (every row it owns and its files) to a zip archive."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the organisation's short name")
        parser.add_argument("file", help="the archive to write, e.g. nordtec.zip")

    def handle(self, slug, file, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name {slug}.")
        try:
            with open(file, "wb") as out:
                manifest = portability.export_organisation(
                    organisation=organisation, actor=None, out=out
                )
        except BaseException:
            if os.path.exists(file):
                os.remove(file)  # never leave half an archive behind
            raise
        self.stdout.write(
            f"Wrote {organisation.slug} to {file}: {sum(manifest['counts'].values())} rows, "
            f"{len(manifest['files'])} files (format {manifest['format_version']})."
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"Missing from storage, not in the archive: {name}")
