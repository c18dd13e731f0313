"""Check that every file a row refers to is in storage (run by deploy/restore.sh).

manage.py check_media
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django_scopes import scopes_disabled


def missing_files() -> tuple[int, list[str]]:
    """How many stored files the rows refer to, and which of them storage lacks."""
    referenced, missing = 0, []
    with scopes_disabled():
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
            for field in fields:
                names = (
                    model._base_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
                for name in names.iterator():
                    referenced += 1
                    if not field.storage.exists(name):
                        missing.append(f"{model._meta.label}.{field.name}: {name}")
    return referenced, missing


class Command(BaseCommand):
    help = "List the files that rows refer to but storage lacks; fail when there are any."

    def handle(self, **options):
        referenced, missing = missing_files()
        for line in missing:
            self.stderr.write(f"missing {line}")
        if missing:
            raise CommandError(f"{len(missing)} of {referenced} referenced files are missing.")
        self.stdout.write(f"Referenced files: {referenced}, all in storage.")
