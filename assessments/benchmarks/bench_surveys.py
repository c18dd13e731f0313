"""Survey benchmark: results-page cost against data size, and a submission load run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_surveys \\
        .venv/bin/python -m assessments.benchmarks.bench_surveys

1. Renders the results page of a wave with 500 and with 5,000 responses of a
   20-item instrument and prints both times, their ratio and the query count
   (aggregation runs in the database, so the ratio should stay far below 10).
2. Starts gunicorn on a loopback port against the same PostgreSQL database
   and submits 500 personal links from 50 concurrent clients, then a replay
   of 50 already used links; prints stored, lost and duplicated responses and
   the p95 latency of a submission.

Every loop is bounded, the server listens on 127.0.0.1 only, and the
benchmark organisation is deleted at the end.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_surveys"
ITEMS = 20
SIZES = (500, 5000)
SUBMISSIONS = 500
CLIENTS = 50
REPLAYS = 50
ROUNDS = 5


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _instrument_data() -> dict:
    scales = []
    for s in range(4):
        items = [
            {
                "key": f"q{s}-{i}",
                "type": "agreement5",
                "text": {
                    "en": f"Statement {s}.{i}",
                    "de": f"Aussage {s}.{i}",
                    "nl": f"Stelling {s}.{i}",
                },
                "reverse": i == 4,
            }
            for i in range(ITEMS // 4)
        ]
        scales.append(
            {"key": f"scale-{s}", "kind": "mean", "text": {"en": f"Scale {s}"}, "items": items}
        )
    return {
        "format": "ai-programme-instrument/1",
        "key": "bench-20",
        "kind": "custom",
        "name": "Benchmark, 20 items",
        "scales": scales,
    }


def _fill(wave, departments, count: int, rng) -> None:
    from assessments.models import Answer, Response

    items = list(wave.instrument.items.all())
    for start in range(0, count, 500):
        responses, answers = [], []
        for index in range(start, min(count, start + 500)):
            response = Response(
                organisation=wave.organisation,
                wave=wave,
                department=departments[index % len(departments)],
            )
            responses.append(response)
            trait = rng.gauss(3.4, 0.8)
            for item in items:
                score = max(1, min(5, round(trait + rng.gauss(0, 0.6))))
                answers.append(
                    Answer(
                        organisation=wave.organisation,
                        response=response,
                        wave=wave,
                        department=response.department,
                        item=item,
                        value=item.score(score),
                    )
                )
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers, batch_size=2000)


def bench_results_page(organisation, coordinator, departments) -> None:
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assessments import services

    rng = random.Random(20)
    instrument = services.import_instrument(
        organisation=organisation, actor=coordinator, data=_instrument_data()
    )
    client = Client()
    client.force_login(coordinator)
    timings = {}
    for size in SIZES:
        now = timezone.now()
        wave = services.create_wave(
            organisation=organisation,
            actor=coordinator,
            instrument=instrument,
            title=f"Bench {size}",
            mode="kiosk",
            opens_at=now - timezone.timedelta(days=1),
            closes_at=now + timezone.timedelta(days=1),
        )
        _fill(wave, departments, size, rng)
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load
            cursor.execute("ANALYZE assessments_answer, assessments_response")
        url = f"/o/{organisation.slug}/assessments/waves/{wave.pk}/results/"
        assert client.get(url).status_code == 200  # warm-up
        samples = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
            assert response.status_code == 200
        timings[size] = (statistics.median(samples), len(queries.captured_queries))
        if os.environ.get("BENCH_PROFILE"):
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
            for query in slowest:
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
        print(
            f"results page, {size:>5} responses x {ITEMS} items: "
            f"{timings[size][0] * 1000:7.1f} ms (median of {ROUNDS}), "
            f"{timings[size][1]} queries"
        )
    small, large = timings[SIZES[0]][0], timings[SIZES[1]][0]
    print(f"ratio {SIZES[1]} / {SIZES[0]} responses: {large / small:.2f} (data grew 10x)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _submit(base: str, path: str, answers: dict[str, str]) -> tuple[int, float]:
    """Open the link (for the CSRF token), then post every answer on the last page."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    try:
        page = opener.open(base + path, timeout=30).read().decode()
    except urllib.error.HTTPError as error:
        return error.code, 0.0
    token = CSRF.search(page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "page": "1", "lang": "en", **answers}
    )
    request = urllib.request.Request(base + path, data=body.encode(), method="POST")  # noqa: S310
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def bench_load(organisation, coordinator) -> None:
    from django.utils import timezone

    from assessments import services
    from assessments.models import Instrument, Participation, Response, Wave

    services.install_standard_instruments(organisation=organisation)
    pulse = Instrument.objects.get(organisation=organisation, key="ai-pulse", version=1)
    now = timezone.now()
    # Participations are created directly below, so no invitation mail goes out.
    wave = Wave.objects.create(
        organisation=organisation,
        instrument=pulse,
        title="Load run",
        mode=Wave.Mode.PERSONAL,
        opens_at=now - timezone.timedelta(hours=1),
        closes_at=now + timezone.timedelta(days=1),
    )
    links = []
    rows = []
    for index in range(SUBMISSIONS):
        nonce = secrets.token_hex(16)
        token = services.link_token(nonce)
        rows.append(
            Participation(
                organisation=organisation,
                wave=wave,
                email=f"load{index}@bench.invalid",
                nonce=nonce,
                token_hash=services.hash_token(token),
                invited_at=now,
            )
        )
        links.append(f"/s/{token}/")
    Participation.objects.bulk_create(rows)
    items = {item.key: item.pk for item in pulse.items.all()}
    answers = {
        f"item_{items['enps']}": "8",
        f"item_{items['sentiment-easier']}": "4",
        f"item_{items['sentiment-monitoring']}": "2",
        f"item_{items['sentiment-help']}": "4",
        f"item_{items['sentiment-informed']}": "3",
        f"item_{items['culture-phase']}": "3",
        f"item_{items['open-question']}": "Load test",
    }
    port = _free_port()
    env = {
        **os.environ,
        "SURVEY_RATE_LIMIT_PER_MINUTE": "100000",
        "DATABASE_POOL_MAX": "4",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "transformation.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for(port)
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            outcomes = list(pool.map(lambda link: _submit(base, link, answers), links))
        elapsed = time.perf_counter() - started
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            replays = list(pool.map(lambda link: _submit(base, link, answers), links[:REPLAYS]))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = Response.objects.filter(wave=wave).count()
    answered = Participation.objects.filter(wave=wave, has_answered=True).count()
    accepted = sum(1 for status, _ in outcomes if status == 302)
    latencies = sorted(seconds for status, seconds in outcomes if seconds)
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] if latencies else 0.0
    statuses = {}
    for status, _ in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"load run: {SUBMISSIONS} submissions, {CLIENTS} concurrent clients, {elapsed:.1f} s "
        f"({SUBMISSIONS / elapsed:.0f}/s); statuses {statuses}"
    )
    print(
        f"stored {stored}, lost {SUBMISSIONS - min(stored, answered)}, "
        f"duplicated {max(0, stored - answered)} (accepted {accepted}, "
        f"participations marked answered {answered})"
    )
    print(
        f"replay of {REPLAYS} used links: {sum(1 for s, _ in replays if s == 410)} refused, "
        f"responses still {Response.objects.filter(wave=wave).count()}"
    )
    print(
        f"p95 submission latency: {p95 * 1000:.0f} ms "
        f"(median {statistics.median(latencies) * 1000:.0f} ms)"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    if not url.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    _ensure_database(url)
    _setup_django(url)
    from django_scopes import scope, scopes_disabled

    from assessments.models import Wave
    from transformation.models import Department, Membership, Organisation, Role, User

    slug = f"bench-{secrets.token_hex(3)}"
    organisation = Organisation.objects.create(name="Benchmark GmbH", slug=slug)
    try:
        with scope(organisation=organisation):
            coordinator = User.objects.create_user(email=f"coordinator@{slug}.invalid")
            Membership.objects.create(
                organisation=organisation, user=coordinator, role=Role.COORDINATOR
            )
            departments = [
                Department.objects.create(
                    organisation=organisation, name=f"Unit {n}", headcount=600
                )
                for n in range(10)
            ]
            bench_results_page(organisation, coordinator, departments)
            bench_load(organisation, coordinator)
    finally:
        with scopes_disabled():
            # Waves protect their instrument, so they go first.
            Wave.objects.filter(organisation=organisation).delete()
            User.objects.filter(email__endswith=f"@{slug}.invalid").delete()
            organisation.delete()


if __name__ == "__main__":
    main()
