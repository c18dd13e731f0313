"""Benchmark: the steering dashboard with 50 departments x 10 steps, as production serves it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard \\
        .venv/bin/python scripts/bench_dashboard.py [--departments 50] [--rounds 30]

Creates a throw-away test database (test_<name> on the PostgreSQL of
DATABASE_URL), seeds one organisation with the given number of departments
and a programme with mixed step statuses, counts the queries of each request
in this process (the test client), then starts gunicorn as production runs
it (`DJANGO_ENV=production`, DEBUG off, 2 workers, the Redis cache of
REDIS_URL; `scripts/bench_dashboard_settings.py` only adds a trivial page,
`bench_dashboard_urls.py`, behind the same middleware and permission check)
and requests over HTTP, signed in as a steering member: the dashboard page,
its htmx partial, the expanded (10 steps) page and partial, and the trivial
page. The requests are interleaved: each round asks every URL once, so a busy
moment of a shared machine slows all of them alike. Each round begins with a
change of one step through the service a user's edit goes through (in this
process, on the same database), then asks for the page and the expanded page:
what a steering member sees right after an edit, when the matrix's cached
fragment is gone and only the edited department's row is drawn again. It
prints min, median and max of each, the ratio of the medians to the trivial
page beside the target (dashboard at most 3x trivial, warm and after an edit
alike), and the number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "deploy"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# Measured as served: DEBUG off before the settings load, so templates are cached.
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from bench_growth import production_server, sign_in  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scope  # noqa: E402

from assessments.benchmarks.bench_surveys import free_port, wait_for_port  # noqa: E402
from tests.database import load_reference_data  # noqa: E402
from transformation import services  # noqa: E402
from transformation.models import (  # noqa: E402
    Department,
    Membership,
    Organisation,
    Role,
    StepProgress,
    StepStatus,
    User,
)

EMAIL, PASSWORD = "steering@bench.example", "bench-Dashboard-2026"
STATUSES = [
    StepStatus.DONE,
    StepStatus.DONE,
    StepStatus.IN_PROGRESS,
    StepStatus.NOT_STARTED,
    StepStatus.BLOCKED,
    StepStatus.NOT_APPLICABLE,
    StepStatus.NOT_STARTED,
]


def seed(departments: int) -> User:
    organisation = Organisation.objects.create(name="Bench GmbH", slug="bench")
    user = User.objects.create_user(email=EMAIL, password=None)
    # Hashed as production hashes (this process runs the tests' fast hasher), so the
    # production server started below can check it at sign-in.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    with scope(organisation=organisation):
        Membership.objects.create(organisation=organisation, user=user, role=Role.STEERING)
        Department.objects.bulk_create(
            Department(organisation=organisation, name=f"Department {n:02d}", headcount=10)
            for n in range(departments)
        )
        programme = services.create_programme(
            organisation=organisation,
            actor=None,
            name="Bench",
            start_date=dt.date.today() - dt.timedelta(weeks=20),
        )
        rows = list(programme.progress.order_by("pk"))
        assert len(rows) == departments * 10, "the programme needs its steps"
        for index, row in enumerate(rows):
            row.status = STATUSES[index % len(STATUSES)]
            if row.status == StepStatus.BLOCKED:
                row.blocked_reason = "waiting"
        StepProgress.objects.bulk_update(rows, ["status", "blocked_reason"], batch_size=500)
    return user


TARGET = 3.0  # the dashboard at most 3x the trivial view (issue 15)


def count_queries(client: Client, url: str, headers: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


class StepEditor:
    """Changes one step each time, through the service: never the same page twice."""

    def __init__(self) -> None:
        self.organisation = Organisation.objects.get(slug="bench")
        with scope(organisation=self.organisation):
            self.row = StepProgress.objects.filter(status=StepStatus.NOT_STARTED).first()
        self.edits = 0

    def __call__(self) -> None:
        self.edits += 1
        row = self.row
        with scope(organisation=self.organisation):
            services.update_step_progress(
                progress=row,
                actor=None,
                status=StepStatus.IN_PROGRESS if self.edits % 2 else StepStatus.NOT_STARTED,
                planned_start=row.planned_start,
                # A new date each time: the page must never be a copy from before.
                planned_end=row.planned_start + dt.timedelta(days=7 + self.edits),
                actual_start=None,
                actual_end=None,
                note="",
            )


def measure(client, cases: list, edited: list, edit: StepEditor, rounds: int) -> dict:
    """Milliseconds per request of each case over HTTP, asking every case once per round.

    Each round begins with an edit (not timed) and the `edited` cases, the
    first requests of their pages after it; the other cases follow, warm.
    """
    for _ in range(3):
        edit()
        for _label, url, headers in edited + cases:
            status, _headers, _body = client.request("GET", url, headers=headers)
            assert status == 200, (url, status)
    timings: dict[str, list[float]] = {label: [] for label, _url, _headers in cases + edited}
    for _ in range(rounds):
        edit()
        for label, url, headers in edited + cases:
            started = time.perf_counter()
            status, _headers, _body = client.request("GET", url, headers=headers)
            timings[label].append((time.perf_counter() - started) * 1000)
            assert status == 200, (url, status)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=30)
    options = parser.parse_args()
    assert not settings.DEBUG, "measure with DEBUG off"
    # No setup_test_environment(): its instrumented template rendering would
    # dominate the figures; only the test host name is needed.
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database = urlunsplit(
        urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    )
    process = None
    try:
        cases = [
            ("trivial view", "/bench/bench/trivial/", None),
            ("dashboard page", "/o/bench/roadmap/", None),
            ("dashboard partial (htmx)", "/o/bench/roadmap/", {"HX-Request": "true"}),
            ("expanded page (10 steps)", "/o/bench/roadmap/?steps=on", None),
            ("expanded partial (htmx)", "/o/bench/roadmap/?steps=on", {"HX-Request": "true"}),
        ]
        edited = [
            ("page right after an edit", "/o/bench/roadmap/", None),
            ("expanded right after an edit", "/o/bench/roadmap/?steps=on", None),
        ]
        with override_settings(ROOT_URLCONF="bench_dashboard_urls", ALLOWED_HOSTS=["testserver"]):
            # The test database is built from the models (tests/settings.py): the
            # roadmap template the programme is made from comes from the loaders.
            load_reference_data()
            user = seed(options.departments)
            client = Client()
            client.force_login(user)
            queries = {label: count_queries(client, url, headers) for label, url, headers in cases}
            edit = StepEditor()
            for label, url, headers in edited:
                edit()
                queries[label] = count_queries(client, url, headers)
        port = free_port()
        # As production runs, on this benchmark's database, with the trivial page beside.
        process = production_server(
            port,
            2,
            DATABASE_URL=database,
            DJANGO_SETTINGS_MODULE="bench_dashboard_settings",
            PYTHONPATH=f"{ROOT / 'scripts'}:{ROOT}",
        )
        wait_for_port(port, timeout=60)
        client = sign_in(f"http://127.0.0.1:{port}", EMAIL, PASSWORD)
        timings = measure(client, cases, edited, edit, options.rounds)
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    base = statistics.median(timings["trivial view"])
    print(
        f"{options.departments} departments x 10 steps, {options.rounds} interleaved rounds, "
        f"gunicorn (2 workers, DJANGO_ENV=production, DEBUG off), {connection.vendor}; "
        f"ms over HTTP, queries counted in-process"
    )
    header = f"{'request':<31}{'min':>8}{'median':>8}{'max':>8}{'ratio':>7}  {'target':<10}"
    print(f"{header}{'queries':>7}")
    rows = [(label, values, queries.get(label)) for label, values in timings.items()]
    for label, values, count in rows:
        median = statistics.median(values)
        ratio = median / base
        target = (
            ""
            if label == "trivial view"
            else f"<= {TARGET:g}x {'ok' if ratio <= TARGET else 'MISSED'}"
        )
        print(
            f"{label:<31}{min(values):>8.1f}{median:>8.1f}{max(values):>8.1f}{ratio:>7.1f}  "
            f"{target:<10}{'' if count is None else count:>7}"
        )


if __name__ == "__main__":
    main()
