"""The test database: tables built from the models, then the shipped reference rows.

Replaying every migration for each test run (and each xdist worker) took most
of a small test file's time, so `tests/settings.py` turns `TEST["MIGRATE"]`
off and the session fixture in `tests/conftest.py` loads the reference rows
with the data migrations' own loaders listed here. One test
(`tests/test_migrations.py`) still replays every migration on an empty
database and checks it ends with exactly these rows.
"""

from __future__ import annotations

import contextlib
import importlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django_scopes import scopes_disabled

PROJECT_APPS = ("transformation", "assessments", "roi", "governance", "casestudies", "adoption")

# Data migrations that ship reference rows, in migration order: (module, loader).
# Each loader takes (apps, schema_editor) and is idempotent (update or create by key).
REFERENCE_DATA = [
    ("transformation.migrations.0003_roadmap_template", "ship_template"),
    ("roi.migrations.0002_kpi_catalogue", "load_catalogue"),
    ("casestudies.migrations.0002_playbook_case_studies", "load"),
    ("casestudies.migrations.0003_casestudy_business_function", "set_playbook_functions"),
]

# Data migrations that only rewrite rows a database already holds: nothing to
# do on an empty one, so the test database skips them.
ROW_REWRITES = [
    ("assessments.migrations.0002_answer_wave_department", "copy_from_responses"),
    ("assessments.migrations.0003_instrument_texts_in_three_languages", "fill_german_and_dutch"),
    ("assessments.migrations.0004_action_group_wave_invites", "mark_existing_waves_opened"),
    ("assessments.migrations.0005_result_releases", "release_existing_answers"),
    ("transformation.migrations.0005_audit_action_vocabulary", "forwards"),
    ("transformation.migrations.0007_identity", "normalise_emails"),
]

# Filled by Django's post_migrate handlers, which a replay of the migrations
# alone does not run.
POST_MIGRATE_MODELS = {"contenttypes.contenttype", "auth.permission"}


def load_reference_data() -> None:
    """Create or refresh the shipped reference rows with the data migrations' loaders."""
    from django.apps import apps

    with scopes_disabled():
        for module, function in REFERENCE_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


def data_migrations() -> list[tuple[str, str]]:
    """Every RunPython of the project's migrations, as (module, function name)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in PROJECT_APPS:
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                found.append((migration.__module__, operation.code.__name__))
    return found


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every table (but post_migrate's), without auto-set timestamps."""
    from django.apps import apps

    rows = {}
    with scopes_disabled():
        for model in apps.get_models():
            if model._meta.label_lower in POST_MIGRATE_MODELS:
                continue
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
            ]
            stored = list(model._base_manager.order_by("pk").values_list(*fields))
            if stored:
                rows[model._meta.label_lower] = stored
    return rows


@contextlib.contextmanager
def empty_database() -> Iterator[None]:
    """Point the default connection at a new, empty database for the block; drop it after.

    For migration tests: data migrations write through the default
    connection, so it is the default alias that has to change. The test
    database itself stays untouched.
    """
    original = connections["default"]
    settings = dict(original.settings_dict)
    postgres = original.vendor == "postgresql"
    with contextlib.ExitStack() as stack:
        if postgres:
            settings["NAME"] = f"{original.settings_dict['NAME']}_replay"
            quoted = original.ops.quote_name(settings["NAME"])
            with original.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
                cursor.execute(f"CREATE DATABASE {quoted}")
        else:
            directory = stack.enter_context(tempfile.TemporaryDirectory())
            settings["NAME"] = str(Path(directory) / "replay.sqlite3")
        replay = original.__class__(settings, alias=original.alias)
        connections[original.alias] = replay
        try:
            yield
        finally:
            replay.close()
            connections[original.alias] = original
            if postgres:
                with original.creation._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
