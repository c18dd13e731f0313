"""Recount the survey tallies that results are read from, from the released answers."""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from assessments.models import Wave
from assessments.services.tallies import rebuild_tallies
from transformation.models import Organisation


class Command(BaseCommand):
    help = (
        "Recount the per-department survey tallies from the released answers "
        "(all waves, or one organisation's, or one wave)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="only this organisation (its short name)")
        parser.add_argument("--wave", type=int, help="only this wave (its id)")

    def handle(self, *args, organisation=None, wave=None, **options):
        organisations = Organisation.objects.order_by("pk")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with the short name {organisation!r}.")
        counted = 0
        for target in organisations:
            with scope(organisation=target):
                waves = Wave.objects.filter(organisation=target, purged_at__isnull=True)
                if wave is not None:
                    waves = waves.filter(pk=wave)
                for each in waves.order_by("pk"):
                    rebuild_tallies(wave=each)
                    counted += 1
        self.stdout.write(f"Recounted the tallies of {counted} waves.")
