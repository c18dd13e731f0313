"""Benchmark: the demo organisation's board report, rendered as the worker renders it.

    .venv/bin/python scripts/bench_report.py [--runs 5]

With REDIS_URL and a PostgreSQL DATABASE_URL set, reports are requested
through the service and produced by a real Celery worker started here; the
time is from request to "done" and the memory is the worker's peak resident
set (VmHWM). Without them, the same task runs in this process. Either way the
script also times a minimal WeasyPrint document of the same page count, so the
ratio shows the project's own overhead. Targets: median under 5 s, peak
memory under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scope  # noqa: E402

from transformation.models import BoardReport, Organisation, ReportStatus  # noqa: E402
from transformation.services import reports  # noqa: E402


def minimal_pdf_seconds(pages: int, runs: int) -> float:
    from weasyprint import HTML

    body = "".join(
        f"<section style='break-after: page'><h1>Page {n}</h1>"
        f"<p>{'Lorem ipsum ' * 80}</p></section>"
        for n in range(pages)
    )
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        HTML(string=f"<html><body>{body}</body></html>").write_pdf()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_process(organisation: Organisation, runs: int) -> tuple[list[float], int, float]:
    timings, pages = [], 0
    report = BoardReport(
        organisation=organisation,
        period_start=django.utils.timezone.localdate().replace(day=1),
        period_end=django.utils.timezone.localdate(),
        language="de",
        sections=[section.key for section in reports.available_sections()],
    )
    for _ in range(runs):
        started = time.perf_counter()
        with scope(organisation=organisation):
            rendered = reports.render_board_report_pdf(report)
        timings.append(time.perf_counter() - started)
        pages = rendered.page_count
    return timings, pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_worker(organisation: Organisation, runs: int) -> tuple[list[float], int, float]:
    from transformation.celery import app as celery_app

    queue = f"bench-{os.getpid()}"
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    media = tempfile.mkdtemp(prefix="bench-media-")
    log = open(Path(media) / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "transformation",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        env={**os.environ, "MEDIA_ROOT": media},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        time.sleep(4)
        timings, pages = [], 0
        for _ in range(runs):
            with scope(organisation=organisation):
                started = time.perf_counter()
                report = reports.request_board_report(
                    organisation=organisation,
                    requested_by=None,
                    period_start=django.utils.timezone.localdate().replace(day=1),
                    period_end=django.utils.timezone.localdate(),
                    language="de",
                    sections=[section.key for section in reports.available_sections()],
                )
            while True:
                report.refresh_from_db()
                if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
                    break
                if time.perf_counter() - started > 120:
                    raise SystemExit("The worker did not finish a report within 120 s.")
                time.sleep(0.02)
            if report.status == ReportStatus.FAILED:
                raise SystemExit(f"Report failed: {report.error}")
            timings.append(time.perf_counter() - started)
            pages = report.page_count
        return timings, pages, peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    organisation = Organisation.objects.get(slug="nordtec")
    real = bool(os.environ.get("REDIS_URL")) and connection.vendor == "postgresql"
    mode = "real Celery worker" if real else "in-process (no REDIS_URL/PostgreSQL)"
    timings, pages, peak = (in_worker if real else in_process)(organisation, args.runs)
    baseline = minimal_pdf_seconds(pages, args.runs)
    median = statistics.median(timings)
    print(f"mode:                 {mode}")
    print(f"runs:                 {args.runs}")
    print(f"pages:                {pages}")
    print(f"report median:        {median:.2f} s (min {min(timings):.2f}, max {max(timings):.2f})")
    print(f"peak memory:          {peak:.0f} MB")
    print(f"minimal {pages}-page PDF: {baseline:.2f} s")
    print(f"ratio report/minimal: {median / baseline:.1f}x")
    print(
        f"targets:              median < 5 s {'met' if median < 5 else 'MISSED'}, "
        f"peak < 500 MB {'met' if peak < 500 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
