"""Survey benchmark: results-page cost against data size, and a submission load run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_surveys \\
        .venv/bin/python -m assessments.benchmarks.bench_surveys [results|load|all]

1. Results: two waves of a 20-item instrument over 100 departments, one with
   500 and one with 5,000 responses, both released before timing as the
   worker releases them (a release counts its answers into the tallies once).
   The results page (full, and the htmx figures partial filtered to one
   department) of the two waves is then requested over HTTP from gunicorn as
   production runs it (DJANGO_ENV=production, DEBUG off, 2 workers), signed in
   as the coordinator, alternately, small and large in turn and the order
   flipped every round, for several rounds; prints min / median / max per
   wave, the query count of one request (counted in this process), and the
   ratio of the medians beside its target (5,000 vs 500 responses: at most 2).
2. Load: starts the production stack on a loopback port (deploy/start.sh web
   with DJANGO_ENV=production and DEBUG off, WEB_CONCURRENCY gunicorn workers,
   default 4, and one Celery worker on REDIS_URL that runs each answer's
   release-and-mix task) against the same PostgreSQL database, and answers 500
   personal links from 50 concurrent clients (open the link, send the form;
   the clients are coroutines in one thread, so they take little of the
   cores the server runs on, and their CPU time is printed),
   then replays 50 already used links; prints stored, lost and duplicated
   responses, and min/median/p95 of the submission (POST) and of the whole
   answer (GET and POST) beside the target (p95 at most 500 ms).

Every loop is bounded, the server listens on 127.0.0.1 only, and the
benchmark organisation is deleted at the end. The machine may be shared:
read the ratios, not the absolute times.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_surveys"
ITEMS = 20
DEPARTMENTS = 100
SIZES = (500, 5000)
TARGET_RATIO = 2.0
SUBMISSIONS = int(os.environ.get("BENCH_ANSWERS", "500"))
CLIENTS = 50
REPLAYS = 50
WEB_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "4"))
TARGET_P95_MS = 500
ROUNDS = 9


def ensure_database(url: str) -> None:
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


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"  # measure what production runs (no query log, no debug pages)
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


def _spread(samples: list[float]) -> str:
    ms = sorted(1000 * sample for sample in samples)
    return f"min {ms[0]:7.1f}  median {statistics.median(ms):7.1f}  max {ms[-1]:7.1f} ms"


def bench_results_page(organisation, coordinator, departments) -> None:
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assessments import services
    from assessments.services.releases import release_due_results

    rng = random.Random(20)
    instrument = services.import_instrument(
        organisation=organisation, actor=coordinator, data=_instrument_data()
    )
    client = Client()
    client.force_login(coordinator)
    pages = {}
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
        started = time.perf_counter()
        release_due_results(wave=wave)  # as the worker does after the answers
        print(f"release of {size:>5} responses (worker): {time.perf_counter() - started:.2f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        pages[size] = url
    group = {"group": str(departments[0].pk)}
    kinds = {
        "results page": ({}, {}),
        "htmx figures, one department": (group, {"HX-Request": "true"}),
    }
    # Timed through gunicorn as production runs it; queries counted here (the test client).
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    sys.path.insert(0, str(BASE_DIR / "deploy"))
    from bench_growth import production_server, sign_in

    port = free_port()
    server = production_server(port, 2)
    try:
        wait_for_port(port, timeout=60)
        http = sign_in(f"http://127.0.0.1:{port}", coordinator.email, BENCH_PASSWORD)
        for label, (params, headers) in kinds.items():
            query = f"?{urllib.parse.urlencode(params)}" if params else ""
            queries = {}
            for size, url in pages.items():
                assert client.get(url, params, headers=headers).status_code == 200  # warm-up
                with CaptureQueriesContext(connection) as captured:
                    client.get(url, params, headers=headers)
                queries[size] = len(captured.captured_queries)
                status, _headers, _body = http.request("GET", url + query, headers=headers)
                assert status == 200, (url, status)  # the server's warm-up
            samples: dict[int, list[float]] = {size: [] for size in SIZES}
            for round_ in range(ROUNDS):
                # Interleaved, the order flipped every round: a neighbour's load hits both.
                for size in SIZES if round_ % 2 == 0 else SIZES[::-1]:
                    started = time.perf_counter()
                    status, _headers, _body = http.request(
                        "GET", pages[size] + query, headers=headers
                    )
                    samples[size].append(time.perf_counter() - started)
                    assert status == 200
            _report_results(label, samples, queries, client, pages, params, headers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


BENCH_PASSWORD = "bench-Surveys-2026"  # noqa: S105 - a throw-away benchmark account


def _report_results(label, samples, queries, client, pages, params, headers) -> None:
    """Print one kind of request's figures beside the target (BENCH_PROFILE: a profile of
    the large wave's request in this process, and its slowest queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, pages[SIZES[1]], params, headers=headers)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        with CaptureQueriesContext(connection) as captured:
            client.get(pages[SIZES[1]], params, headers=headers)
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:200]}")
    print(f"{label} ({DEPARTMENTS} departments, {ITEMS} items, {ROUNDS} interleaved rounds):")
    for size in SIZES:
        print(f"  {size:>5} responses: {_spread(samples[size])}, {queries[size]} queries")
    small, large = (statistics.median(samples[size]) for size in SIZES)
    ratio = large / small
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(
        f"  ratio of medians {SIZES[1]} / {SIZES[0]}: {ratio:.2f} "
        f"(target <= {TARGET_RATIO:g}: {verdict}; data grew 10x); "
        f"best vs best {min(samples[SIZES[1]]) / min(samples[SIZES[0]]):.2f}"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    """Wait until a server listens on the port (scripts/bench_usage_import.py uses it too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


async def _http(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    """One HTTP/1.1 request on a new connection, as the TLS proxy in front of production
    forwards it (X-Forwarded-Proto); returns the status and the whole response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Connection: close\r\n"
    )
    if body:
        head += (
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        )
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    data = await reader.read()  # gunicorn's sync workers close after each response
    writer.close()
    return int(data.split(b" ", 2)[1]), data


async def _submit(port: int, path: str, answers: dict[str, str]) -> tuple[int, float, float]:
    """Open the link (for the form's one-time token), then post every answer on the last page.

    Returns the POST's status, the POST's seconds and the whole answer's (GET and POST).
    """
    opened = time.perf_counter()
    status, page = await _http(port, "GET", path)
    if status != 200:
        return status, 0.0, 0.0
    token = FORM_TOKEN.search(page.decode()).group(1)
    body = urllib.parse.urlencode({"form_token": token, "page": "1", "lang": "en", **answers})
    started = time.perf_counter()
    status, _response = await _http(port, "POST", path, body.encode())
    ended = time.perf_counter()
    return status, ended - started, ended - opened


def _answer_all(port: int, links: list[str], answers: dict[str, str]) -> list:
    """Every link answered by CLIENTS concurrent clients, each starting the next at once.

    The clients are coroutines in this one thread (no thread per client, no
    cookie jar), so they take as little as possible of the cores the server
    runs on; `bench_load` prints the CPU time they did take.
    """

    async def run() -> list:
        queue: asyncio.Queue = asyncio.Queue()
        for index, link in enumerate(links):
            queue.put_nowait((index, link))
        outcomes: list = [None] * len(links)

        async def client() -> None:
            while not queue.empty():
                index, link = queue.get_nowait()
                outcomes[index] = await _submit(port, link, answers)

        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return outcomes

    return asyncio.run(run())


def _warm_up(port: int, links: list[str]) -> None:
    """Every gunicorn worker loads its templates and URL patterns before the timed run, as
    a production server that has served before (opening a link does not use it up)."""

    async def run() -> None:
        for _round in range(3):
            pages = [_http(port, "GET", link) for link in links[: 4 * WEB_WORKERS]]
            statuses = [status for status, _page in await asyncio.gather(*pages)]
            assert set(statuses) == {200}, statuses

    asyncio.run(run())


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, round(0.95 * len(values)) - 1)] if values else 0.0


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
    port = free_port()
    # Production as deploy/start.sh runs it (DJANGO_ENV=production, DEBUG off, gunicorn with
    # WEB_CONCURRENCY workers) with a Celery worker beside it: every answer queues its
    # release-and-mix task, which competes for the same two cores as in production.
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    sys.path.insert(0, str(BASE_DIR / "deploy"))
    from bench_growth import production_env, production_server

    limits = {
        # The benchmark measures storing answers, not the answering limits.
        "SURVEY_LINK_RATE_PER_MINUTE": "100000",
        "SURVEY_KIOSK_RATE_PER_MINUTE": "100000",
        "SURVEY_WAVE_RATE_PER_MINUTE": "100000",
    }
    os.environ.update(limits)
    server = production_server(port, WEB_WORKERS)
    # BENCH_WORKER=0 leaves the tasks queued: the web alone, as earlier runs measured it.
    with_worker = os.environ.get("BENCH_WORKER", "1") != "0"
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["/bin/sh", "deploy/start.sh", "worker"] if with_worker else ["/bin/true"],
        cwd=BASE_DIR,
        env=production_env(WORKER_CONCURRENCY="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, timeout=60)
        _warm_up(port, links)
        started, client_cpu = time.perf_counter(), time.process_time()
        outcomes = _answer_all(port, links, answers)
        elapsed, client_cpu = time.perf_counter() - started, time.process_time() - client_cpu
        replays = _answer_all(port, links[:REPLAYS], answers)
    finally:
        for process in (server, worker):
            with contextlib.suppress(ProcessLookupError):  # /bin/true has ended already
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    stored = Response.objects.filter(wave=wave).count()
    answered = Participation.objects.filter(wave=wave, has_answered=True).count()
    accepted = sum(1 for status, _post, _whole in outcomes if status == 302)
    posts = [post for status, post, _whole in outcomes if post]
    wholes = [whole for status, _post, whole in outcomes if whole]
    statuses = {}
    for status, _post, _whole in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"load run: {SUBMISSIONS} answers, {CLIENTS} concurrent clients, gunicorn "
        f"{WEB_WORKERS} workers + {int(with_worker)} Celery worker, production settings "
        f"(DEBUG off); "
        f"{elapsed:.1f} s ({SUBMISSIONS / elapsed:.0f}/s); statuses {statuses}"
    )
    print(
        f"stored {stored}, lost {SUBMISSIONS - min(stored, answered)}, "
        f"duplicated {max(0, stored - answered)} (accepted {accepted}, "
        f"participations marked answered {answered})"
    )
    print(
        f"the clients' own CPU time: {client_cpu * 1000 / SUBMISSIONS:.1f} ms per answer "
        f"({100 * client_cpu / elapsed:.0f}% of one core)"
    )
    print(
        f"replay of {REPLAYS} used links: {sum(1 for s, *_ in replays if s == 410)} refused, "
        f"responses still {Response.objects.filter(wave=wave).count()}"
    )
    print(
        f"submission (POST) p95 {_p95(posts) * 1000:.0f} ms, median "
        f"{statistics.median(posts) * 1000:.0f} ms, max {max(posts) * 1000:.0f} ms"
        f"   target: p95 <= {TARGET_P95_MS} ms"
    )
    print(
        f"whole answer (GET + POST) p95 {_p95(wholes) * 1000:.0f} ms, median "
        f"{statistics.median(wholes) * 1000:.0f} ms, max {max(wholes) * 1000:.0f} ms"
    )


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    if part not in ("results", "load", "all"):
        raise SystemExit("usage: bench_surveys [results|load|all]")
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    if not url.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(url)
    setup_django(url)
    from django_scopes import scope, scopes_disabled

    from assessments.models import Wave
    from transformation.models import Department, Membership, Organisation, Role, User

    slug = f"bench-{secrets.token_hex(3)}"
    organisation = Organisation.objects.create(name="Benchmark GmbH", slug=slug)
    try:
        with scope(organisation=organisation):
            coordinator = User.objects.create_user(
                email=f"coordinator@{slug}.invalid", password=BENCH_PASSWORD
            )
            Membership.objects.create(
                organisation=organisation, user=coordinator, role=Role.COORDINATOR
            )
            departments = [
                Department.objects.create(
                    organisation=organisation, name=f"Unit {n}", headcount=600
                )
                for n in range(DEPARTMENTS)
            ]
            if part in ("results", "all"):
                bench_results_page(organisation, coordinator, departments)
            if part in ("load", "all"):
                bench_load(organisation, coordinator)
    finally:
        with scopes_disabled():
            # Waves protect their instrument, so they go first.
            Wave.objects.filter(organisation=organisation).delete()
            User.objects.filter(email__endswith=f"@{slug}.invalid").delete()
            organisation.delete()


if __name__ == "__main__":
    main()
