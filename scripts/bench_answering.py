"""Benchmark: server time and queries of one survey answer (public pages, no login).

    .venv/bin/python scripts/bench_answering.py [--rounds 200] [--profile]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_answering \\
        .venv/bin/python scripts/bench_answering.py

Creates a throw-away test database (SQLite in memory, or test_<name> on the
PostgreSQL of DATABASE_URL), one organisation with the shipped pulse
instrument, a personal wave with `rounds` invitees and a kiosk wave. Then,
through the test client with DEBUG off, for a personal link and for a kiosk
code: the GET of the form and the POST of the last page with every answer
(which stores the response and redirects to the thanks page). Each personal
POST uses a new link; each POST a new form token, as respondents do. Prints
the queries of one request and min / median / max milliseconds of each,
and the same for a personal link opened in a browser signed in to the app.
`--profile` prints the top of a cProfile of the four requests instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# Measured as served: DEBUG off before the settings load, so templates are cached.
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from assessments import services  # noqa: E402
from assessments.models import Instrument, Participation, Wave  # noqa: E402
from tests.database import load_reference_data  # noqa: E402
from transformation.models import Department, Membership, Organisation, Role, User  # noqa: E402

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
VALUES = {
    "enps": "9",
    "sentiment-easier": "4",
    "sentiment-monitoring": "2",
    "sentiment-help": "5",
    "sentiment-informed": "3",
    "culture-phase": "3",
    "open-question": "More examples please",
}


def seed(invitees: int) -> tuple[list[str], Wave, Wave]:
    from transformation.celery import app

    app.conf.task_always_eager = True  # the invitations are sent in process
    organisation = Organisation.objects.create(name="Bench GmbH", slug="bench")
    with scope(organisation=organisation):
        department = Department.objects.create(
            organisation=organisation, name="Shop floor", headcount=invitees
        )
        for n in range(invitees):
            user = User.objects.create_user(email=f"p{n}@bench.example", password=None)
            Membership.objects.create(
                organisation=organisation, user=user, role=Role.EMPLOYEE, department=department
            )
        services.install_standard_instruments(organisation=organisation)
        pulse = Instrument.objects.get(organisation=organisation, kind="pulse")
        now = timezone.now()
        waves = [
            services.create_wave(
                organisation=organisation,
                actor=None,
                instrument=pulse,
                title=f"Bench {mode}",
                mode=mode,
                departments=[],
                opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=14),
                link_base="http://testserver/",
            )
            for mode in (Wave.Mode.PERSONAL, Wave.Mode.KIOSK)
        ]
    personal, kiosk = waves
    # As served: the mix after an answer is a message to the worker (here an
    # in-memory broker nobody reads), not work inside the request.
    app.conf.task_always_eager = False
    # Links as the invitation mails carry them, made from the stored nonces.
    with scopes_disabled():
        links = [
            services.waves.personal_path(p)
            for p in Participation.objects.filter(wave=personal).select_related("wave")
        ]
    assert len(links) >= invitees, (len(links), invitees)
    return links, personal, kiosk


def answers(wave: Wave) -> dict[str, str]:
    with scopes_disabled():
        items = {item.key: item.pk for item in wave.instrument.items.all()}
    return {f"item_{items[key]}": value for key, value in VALUES.items()}


def last_page(wave: Wave) -> str:
    with scopes_disabled():
        count = wave.instrument.items.count()
    return str((count - 1) // 5)


def requests(links: list[str], personal: Wave, kiosk: Wave):
    """The four requests of one round, each a callable returning the response."""
    client = Client()
    personal_answers, kiosk_answers = answers(personal), answers(kiosk)
    page = last_page(personal)
    kiosk_url = f"/s/kiosk/{kiosk.kiosk_code}/"
    links = iter(links)
    state = {}

    def personal_get():
        state["link"] = next(links)
        response = client.get(state["link"])
        state["token"] = TOKEN.search(response.content.decode()).group(1)
        return response

    def personal_post():
        data = {"page": page, "lang": "en", "form_token": state["token"], **personal_answers}
        return client.post(state["link"], data)

    def kiosk_get():
        response = client.get(kiosk_url)
        state["kiosk_token"] = TOKEN.search(response.content.decode()).group(1)
        return response

    def kiosk_post():
        data = {"page": page, "lang": "en", "form_token": state["kiosk_token"], **kiosk_answers}
        return client.post(kiosk_url, data)

    # The same personal link opened in a browser signed in to the app (the
    # invitation mail is often opened where the employee uses the app).
    signed_in = Client()
    with scopes_disabled():
        signed_in.force_login(User.objects.get(email="p0@bench.example"))

    def signed_in_get():
        state["link"] = next(links)
        response = signed_in.get(state["link"])
        state["token"] = TOKEN.search(response.content.decode()).group(1)
        return response

    def signed_in_post():
        data = {"page": page, "lang": "en", "form_token": state["token"], **personal_answers}
        return signed_in.post(state["link"], data)

    return [
        ("personal GET", personal_get, 200),
        ("personal POST", personal_post, 302),
        ("kiosk GET", kiosk_get, 200),
        ("kiosk POST", kiosk_post, 302),
        ("signed-in GET", signed_in_get, 200),
        ("signed-in POST", signed_in_post, 302),
    ]


def run(cases, rounds: int):
    timings = {label: [] for label, _call, _status in cases}
    queries = {}
    for index in range(rounds):
        for label, call, status in cases:
            cache.clear()  # the rate limits of the bench must never answer 429
            if index == 1:
                with CaptureQueriesContext(connection) as captured:
                    response = call()
                queries[label] = [q["sql"] for q in captured.captured_queries]
            else:
                started = time.perf_counter()
                response = call()
                elapsed = (time.perf_counter() - started) * 1000
                if index > 1:
                    timings[label].append(elapsed)
            assert response.status_code == status, (label, response.status_code)
    return timings, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each request")
    options = parser.parse_args()
    assert not settings.DEBUG, "measure with DEBUG off"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            load_reference_data()
            rounds = options.rounds + 2
            links, personal, kiosk = seed(2 * (rounds + 3 + min(options.rounds, 50)))
            cases = requests(links, personal, kiosk)
            if options.profile:
                import cProfile
                import pstats

                run(cases, 3)
                profiler = cProfile.Profile()
                profiler.enable()
                run(cases, min(options.rounds, 50))
                profiler.disable()
                pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
                    60
                )
                return
            timings, queries = run(cases, rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"{options.rounds} rounds, {connection.vendor}, DEBUG off")
    print(f"{'request':<16}{'queries':>8}{'min':>8}{'median':>8}{'max':>8}")
    for label, values in timings.items():
        print(
            f"{label:<16}{len(queries[label]):>8}{min(values):>8.2f}"
            f"{statistics.median(values):>8.2f}{max(values):>8.2f}"
        )
    total = sum(statistics.median(timings[label]) for label in list(timings)[:4]) / 2
    print(f"per answer (GET + POST, mean of personal and kiosk): {total:.2f} ms")
    if options.sql:
        for label, statements in queries.items():
            print(f"\n{label}:")
            for sql in statements:
                print(f"  {sql[:400]}")


if __name__ == "__main__":
    main()
