"""The migrations, replayed on an empty database, end where the test database starts.

The test database is built from the models and given the reference rows by
the data migrations' own loaders (tests/database.py); this is the one place
the full migration history still runs.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.database import (
    REFERENCE_DATA,
    ROW_REWRITES,
    data_migrations,
    empty_database,
    stored_rows,
)


def test_every_data_migration_either_ships_reference_rows_or_rewrites_existing_ones():
    """A new RunPython must be listed, so the test database cannot silently miss its rows."""
    assert sorted(data_migrations()) == sorted(REFERENCE_DATA + ROW_REWRITES)


def test_replaying_every_migration_on_an_empty_database_ships_the_same_reference_rows(db):
    expected = stored_rows()
    assert {"transformation.roadmapstep", "roi.kpi", "casestudies.casestudy"} <= set(expected)
    with empty_database():
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        assert MigrationExecutor(connection).migration_plan(targets) == []
        replayed = stored_rows()
    assert replayed == expected
