"""Benchmark: every main page of the organisation at 1x, 10x and 100x the demo's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_growth \\
        .venv/bin/python scripts/bench_growth.py [--sizes 1,10,100] [--rounds 5]

Seeds, once per size, an organisation holding that many copies of the demo
wholesaler (`seed_demo --copies N`: 10 / 100 / 1,000 departments, about
1.2k / 11.5k / 115k survey responses, 12 / 120 / 1,200 use cases, 5 / 41 / 401
members) into the PostgreSQL database of DATABASE_URL (kept between runs, so
a second run measures without seeding again). Then:

1. Query counts, in this process through the test client (gunicorn cannot
   report them): each page once after a warm-up.
2. Times, through gunicorn started as production starts it (deploy/build.sh,
   DJANGO_ENV=production, DEBUG off, deploy/start.sh web), signed in as the
   demo coordinator: one warm-up request per page, then `--rounds` rounds,
   each requesting every page at every size in turn (interleaved, so load
   from other work on the machine falls on all sizes alike).

It prints min, median and max milliseconds and the query count of every page
at each size, and beside the pages the issue sets a target for (overview and
survey results) whether the 100x median stays within 3x the 1x median.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_growth"
TARGET_RATIO = 3.0
# Pages the issue sets a target for: at 100x at most 3x their 1x time.
TARGETED = ("overview", "survey results (readiness)", "survey results (pulse)")


def slug_for(size: int) -> str:
    return f"growth-{size}x"


def seed(sizes: list[int]) -> None:
    from django.db import connection

    from transformation.management.commands.seed_demo import seed_wholesaler_copies
    from transformation.models import Organisation

    for size in sizes:
        if Organisation.objects.filter(slug=slug_for(size)).exists():
            continue
        started = time.perf_counter()
        seed_wholesaler_copies(slug=slug_for(size), copies=size)
        print(f"seeded {size}x in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load
        cursor.execute("ANALYZE")


def pages(size: int) -> dict[str, str]:
    """Label -> path: the organisation's navigation, and the pages of its latest waves."""
    from django_scopes import scope

    from assessments.models import Instrument, Wave
    from transformation.models import Organisation

    organisation = Organisation.objects.get(slug=slug_for(size))
    base = f"/o/{organisation.slug}/"
    found = {"overview": base}
    with scope(organisation=organisation):
        for kind in (Instrument.Kind.READINESS, Instrument.Kind.PULSE):
            wave = (
                Wave.objects.filter(instrument__kind=kind)
                .order_by("-opens_at", "-pk")
                .only("pk")
                .first()
            )
            if wave is not None:
                found[f"survey results ({kind})"] = f"{base}assessments/waves/{wave.pk}/results/"
                if kind == Instrument.Kind.READINESS:
                    found["results CSV (readiness)"] = (
                        f"{base}assessments/waves/{wave.pk}/results.csv"
                    )
    return found


def navigation(client, size: int) -> dict[str, str]:
    """Every page the overview links to, labelled by its path below the organisation.

    Links to one row (a roadmap step's page) differ between sizes: the first
    of each kind stands for them, labelled with <id> for the number.
    """
    base = f"/o/{slug_for(size)}/"
    html = client.get(base).content.decode()
    found: dict[str, str] = {}
    for link in sorted(set(re.findall(rf'href="({re.escape(base)}[^"#?]+)"', html))):
        label = re.sub(r"/\d+(/|$)", r"/<id>\1", link.removeprefix(base)).rstrip("/")
        found.setdefault(label or "overview", link)
    return found


def count_queries(sizes: list[int]) -> tuple[dict[str, dict[int, str]], dict[str, int | str]]:
    """Label -> size -> path, and the query count of every path (test client, this process)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from transformation.models import User

    user = User.objects.get(email="coordinator@demo.example")
    table: dict[str, dict[int, str]] = {}
    counts: dict[str, int | str] = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for size in sizes:
            for label, path in {**pages(size), **navigation(client, size)}.items():
                table.setdefault(label, {})[size] = path
                client.get(path)  # warm-up
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(path).status_code
                # Read now: the next request's request_started signal clears the log.
                counts[path] = len(queries) if status == 200 else f"HTTP {status}"
    return table, counts


def production_env(**extra: str) -> dict[str, str]:
    """The environment production runs with (deploy/start.sh), for a benchmark's processes."""
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "EMAIL_HOST": "smtp.invalid",
        "BEHIND_TLS_PROXY": "true",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10"),
        "PYTHON": sys.executable,
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **extra}


def production_server(port: int, workers: int, **extra: str) -> subprocess.Popen:
    """deploy/build.sh, then gunicorn as `deploy/start.sh web` starts it, on loopback."""
    env = production_env(
        BIND="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_TIMEOUT="300",
        **extra,
    )
    subprocess.run(
        ["/bin/sh", "deploy/build.sh"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return subprocess.Popen(  # loopback only
        ["/bin/sh", "deploy/start.sh", "web"], cwd=ROOT, env=env, start_new_session=True
    )


def sign_in(base: str, email: str | None = None, password: str | None = None):
    """A client signed in (the demo coordinator unless told otherwise)."""
    from smoke import DEMO_LOGIN, Client

    client = Client(base, timeout=600)  # a slow page at 100x must not end the run
    status, _headers, _body = client.sign_in(email or DEMO_LOGIN[0], password or DEMO_LOGIN[1])
    assert status == 302, f"signing in answered {status}"
    return client


def time_pages(
    table: dict[str, dict[int, str]], sizes: list[int], rounds: int, port: int, workers: int
) -> dict[str, list[float]]:
    from assessments.benchmarks.bench_surveys import wait_for_port

    server = production_server(port, workers)
    samples: dict[str, list[float]] = {}
    try:
        wait_for_port(port, timeout=60)
        client = sign_in(f"http://127.0.0.1:{port}")
        paths = [path for row in table.values() for path in row.values()]
        for path in paths:  # warm-up: templates, caches, connections
            status, _headers, _body = client.get(path)
            if status != 200:
                print(f"warm-up: {path} answered {status}", flush=True)
        for _round in range(rounds):
            for label in table:
                for size in sizes:
                    path = table[label].get(size)
                    if path is None:
                        continue
                    started = time.perf_counter()
                    try:
                        status, _headers, _body = client.get(path)
                    except OSError as error:  # a timeout or a worker killed by gunicorn
                        print(f"{path}: {error!r}", flush=True)
                        continue
                    if status == 200:
                        samples.setdefault(path, []).append(time.perf_counter() - started)
                    else:
                        print(f"{path} answered {status}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return samples


def report(table, counts, samples, sizes: list[int], rounds: int, workers: int) -> None:
    from django.db import connection

    print(
        f"\nmain pages through gunicorn ({workers} workers, DJANGO_ENV=production, DEBUG off, "
        f"{connection.vendor}), {rounds} interleaved rounds; ms min/median/max, queries"
    )
    header = f"{'page':<34}" + "".join(f"{f'{size}x':>26}" for size in sizes) + "   target"
    print(header)
    for label, row in table.items():
        cells, medians = [], {}
        for size in sizes:
            path = row.get(size)
            if path is None or path not in samples:
                cells.append(f"{'–':>26}")
                continue
            ms = [s * 1000 for s in samples[path]]
            medians[size] = statistics.median(ms)
            figure = f"{min(ms):.0f}/{medians[size]:.0f}/{max(ms):.0f} ms {counts[path]}q"
            cells.append(f"{figure:>26}")
        target = ""
        if label in TARGETED and 1 in medians and max(sizes) > 1:
            largest = max(medians)
            ratio = medians[largest] / medians[1]
            verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
            target = f"{largest}x ≤ {TARGET_RATIO:.0f}x 1x: {ratio:.1f}x {verdict}"
        query_counts = {counts[p] for p in row.values() if p in counts}
        if len(query_counts) > 1:
            target = f"{target}  queries grow".strip()
        print(f"{label[:33]:<34}{''.join(cells)}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated copies of the demo")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    sizes = sorted({int(size) for size in options.sizes.split(",")})
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    if not url.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    from assessments.benchmarks.bench_surveys import ensure_database, setup_django

    ensure_database(url)
    setup_django(url)
    seed(sizes)
    table, counts = count_queries(sizes)
    samples = time_pages(table, sizes, options.rounds, options.port, options.workers)
    report(table, counts, samples, sizes, options.rounds, options.workers)


if __name__ == "__main__":
    main()
