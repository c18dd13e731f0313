"""Create an organisation from an archive another installation exported (see README).

manage.py import_organisation nordtec.zip
manage.py import_organisation nordtec.zip --slug nordtec-2
"""

from django.core.management.base import BaseCommand, CommandError

from transformation.services import portability


class Command(BaseCommand):
    help = "Import an organisation archive as a new organisation, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by export_organisation")
        parser.add_argument("--slug", default="", help="a new short name for the organisation")

    def handle(self, file, slug="", **options):
        try:
            with open(file, "rb") as archive:
                organisation = portability.import_organisation(archive=archive, slug=slug)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        except portability.ArchiveRefused as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Imported {organisation.name} as /o/{organisation.slug}/. People who are new to "
            "this installation set their password through “Forgot your password?” or sign in "
            "with single sign-on; single sign-on stays off and the Teams or Slack channel must "
            "be set up again until the coordinator enters their secrets here."
        )
