"""Benchmark: the steering dashboard with 50 departments x 10 steps.

    .venv/bin/python scripts/bench_dashboard.py [--departments 50] [--runs 30]

Creates a throw-away test database (SQLite in memory, or test_<name> on the
PostgreSQL of DATABASE_URL), seeds one organisation with the given number of
departments and a programme with mixed step statuses, then requests through
the test client, as a logged-in steering member: the dashboard page, its htmx
partial, the expanded (10 steps) page, and a trivial view behind the same
middleware (session, login, organisation scope). It prints the median latency
of each, the ratio to the trivial view and the number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402
from django_scopes import scope  # noqa: E402

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
from transformation.permissions import member_required  # noqa: E402


@member_required
def trivial(request, org):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/<slug:org>/trivial/", trivial, name="bench_trivial"),
    path("", include("transformation.urls")),
]

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
    user = User.objects.create_user(email="steering@bench.example", password=None)
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
        for index, row in enumerate(rows):
            row.status = STATUSES[index % len(STATUSES)]
            if row.status == StepStatus.BLOCKED:
                row.blocked_reason = "waiting"
        StepProgress.objects.bulk_update(rows, ["status", "blocked_reason"], batch_size=500)
    return user


def measure(client: Client, url: str, runs: int, headers: dict | None = None) -> tuple[float, int]:
    for _ in range(3):
        assert client.get(url, headers=headers or {}).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers or {})
    # Read now: the next request's request_started signal clears the query log.
    count = len(queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, headers=headers or {})
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    # No setup_test_environment(): its instrumented template rendering would
    # dominate the figures; only the test host name is needed.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            user = seed(options.departments)
            client = Client()
            client.force_login(user)
            cases = [
                ("trivial view", "/bench/bench/trivial/", None),
                ("dashboard page", "/o/bench/roadmap/", None),
                ("dashboard partial (htmx)", "/o/bench/roadmap/", {"HX-Request": "true"}),
                ("expanded page (10 steps)", "/o/bench/roadmap/?steps=on", None),
                ("expanded partial (htmx)", "/o/bench/roadmap/?steps=on", {"HX-Request": "true"}),
            ]
            results = [
                (label, *measure(client, url, options.runs, headers))
                for label, url, headers in cases
            ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    base = results[0][1]
    vendor = connection.vendor
    print(f"{options.departments} departments x 10 steps, {options.runs} runs each, {vendor}")
    print(f"{'request':<28}{'median ms':>10}{'ratio':>8}{'queries':>9}")
    for label, median, queries in results:
        print(f"{label:<28}{median:>10.1f}{median / base:>8.1f}{queries:>9}")


if __name__ == "__main__":
    main()
