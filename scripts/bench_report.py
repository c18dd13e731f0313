"""Benchmark: the board report of the demo organisation (or N copies of it), as a worker renders it.

    .venv/bin/python scripts/bench_report.py [--copies 100] [--runs 5]

`--copies N` measures the report of an organisation holding N copies of the
demo wholesaler (`seed_demo --copies N`, the growth benchmark's data; seeded
once, reused by later runs); without it, the demo itself (1 copy).

With REDIS_URL and a PostgreSQL DATABASE_URL set, reports are requested
through the service and produced by a real Celery worker started here; the
time is from request to "done" and the memory is the worker's peak resident
set (VmHWM). Without them, the same task runs in a fresh child process (so
seeding does not count towards its memory). Each side renders once more
first, as a warm-up that is not counted (fonts, templates, URL patterns).

Beside it the script renders a bare WeasyPrint document built to be as
heavy as the report: the report's own tables and SVG charts, a contents page
with page numbers (target-counter), one page break per section, and text
pages until it has the same number of pages, with no stylesheet of the
project. It runs in a fresh child process too, so the two peak memories
compare. Targets: median under 5 s, peak memory under 500 MB, at most 30 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")

TARGET_SECONDS, TARGET_MB, TARGET_PAGES = 5.0, 500.0, 30

# Rendered in a fresh interpreter: prints {"seconds": [...], "pages": n, "peak_mb": m}.
CHILD = """
import json, resource, sys, time
mode, runs = sys.argv[1], int(sys.argv[2])
timings, pages = [], 0
if mode == "bare":
    from weasyprint import HTML
    html = sys.stdin.read()
    for _ in range(runs + 1):
        started = time.perf_counter()
        document = HTML(string=html).render()
        document.write_pdf()
        timings.append(time.perf_counter() - started)
        pages = len(document.pages)
else:
    import django
    django.setup()
    from django.utils import timezone
    from django_scopes import scope
    from transformation.models import BoardReport, Organisation
    from transformation.services import reports
    organisation = Organisation.objects.get(slug=mode)
    for _ in range(runs + 1):
        started = time.perf_counter()
        with scope(organisation=organisation):
            report = BoardReport(
                organisation=organisation,
                period_start=timezone.localdate().replace(day=1),
                period_end=timezone.localdate(),
                language="de",
                sections=[section.key for section in reports.available_sections()],
            )
            rendered = reports.render_board_report_pdf(report)
        timings.append(time.perf_counter() - started)
        pages = rendered.page_count
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The first run loads fonts, templates and URLs: a warm-up, as in a worker that ran before.
print(json.dumps({"seconds": timings[1:], "pages": pages, "peak_mb": peak}))
"""


def in_child(mode: str, runs: int, stdin: str = "") -> tuple[list[float], int, float]:
    result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
        [sys.executable, "-c", CHILD, mode, str(runs)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures["seconds"], figures["pages"], figures["peak_mb"]


def bare_document(report_html: str, extra_pages: int = 0) -> str:
    """The report's tables and charts in a plain document with a contents page."""
    tables = re.findall(r"<table.*?</table>", report_html, flags=re.S)
    charts = re.findall(r"<svg.*?</svg>", report_html, flags=re.S)
    titles = re.findall(r'<section class="report-section"[^>]*>\s*<h1>(.*?)</h1>', report_html)
    titles = titles or ["Section"]
    sections = [[] for _ in titles]
    for index, block in enumerate(tables + charts):
        sections[index % len(sections)].append(block)
    text = "<p>" + "The programme moved on in every department this month. " * 12 + "</p>"
    filler = "".join(
        f"<section id='extra-{n}' style='break-before: page'><h1>Notes {n}</h1>{text * 3}</section>"
        for n in range(extra_pages)
    )
    contents = "".join(f"<li><a href='#s{n}'>{title}</a></li>" for n, title in enumerate(titles))
    body = "".join(
        f"<section id='s{n}' style='break-before: page'><h1>{title}</h1>{''.join(blocks)}</section>"
        for n, (title, blocks) in enumerate(zip(titles, sections, strict=True))
    )
    return (
        "<html><head><style>a::after { content: ' ' target-counter(attr(href), page) }"
        "</style></head><body><h1>Board report</h1>"
        f"<nav style='break-before: page'><h1>Contents</h1><ol>{contents}</ol></nav>"
        f"{body}{filler}</body></html>"
    )


def bare_pages(html: str) -> int:
    from weasyprint import HTML

    return len(HTML(string=html).render().pages)


def fair_bare_document(report_html: str, pages: int) -> tuple[str, int]:
    """A bare document with the report's page count (text pages added), and its page count."""
    html = bare_document(report_html)
    missing = pages - bare_pages(html)
    if missing > 0:
        html = bare_document(report_html, extra_pages=missing)
    return html, bare_pages(html)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_worker(organisation, runs: int) -> tuple[list[float], int, float]:
    import django
    from django_scopes import scope

    from transformation.celery import app as celery_app
    from transformation.models import ReportStatus
    from transformation.services import reports

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
        for _ in range(runs + 1):  # the first is a warm-up, not counted
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
                if time.perf_counter() - started > 300:
                    raise SystemExit("The worker did not finish a report within 300 s.")
                time.sleep(0.02)
            if report.status == ReportStatus.FAILED:
                raise SystemExit(f"Report failed: {report.error}")
            timings.append(time.perf_counter() - started)
            pages = report.page_count
        return timings[1:], pages, peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def report_html(organisation) -> str:
    from django.utils import timezone
    from django_scopes import scope

    from transformation.models import BoardReport
    from transformation.services import reports

    with scope(organisation=organisation):
        report = BoardReport(
            organisation=organisation,
            period_start=timezone.localdate().replace(day=1),
            period_end=timezone.localdate(),
            language="de",
            sections=[section.key for section in reports.available_sections()],
        )
        return reports.render_board_report_html(report)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1, help="copies of the demo wholesaler")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from transformation.management.commands.seed_demo import seed_wholesaler_copies

    call_command("migrate", verbosity=0)
    # The growth benchmark's organisations: scripts/bench_growth.py seeds the same ones.
    organisation = seed_wholesaler_copies(slug=f"growth-{args.copies}x", copies=args.copies)
    real = bool(os.environ.get("REDIS_URL")) and connection.vendor == "postgresql"
    if real:
        mode = "real Celery worker"
        timings, pages, peak = in_worker(organisation, args.runs)
    else:
        mode = "fresh child process (no REDIS_URL/PostgreSQL)"
        timings, pages, peak = in_child(organisation.slug, args.runs)
    html, pages_bare = fair_bare_document(report_html(organisation), pages)
    bare_timings, _pages, bare_peak = in_child("bare", args.runs, stdin=html)
    median, bare_median = statistics.median(timings), statistics.median(bare_timings)
    tables, charts = html.count("<table"), html.count("<svg")
    print(f"organisation:   {organisation.name} ({args.copies} copies of the demo)")
    print(f"mode:           {mode}, {args.runs} runs")
    print(f"{'':16}{'pages':>6}{'min s':>8}{'median s':>10}{'max s':>8}{'peak MB':>9}")
    print(
        f"{'board report':<16}{pages:>6}{min(timings):>8.2f}{median:>10.2f}"
        f"{max(timings):>8.2f}{peak:>9.0f}"
    )
    print(
        f"{'bare WeasyPrint':<16}{pages_bare:>6}{min(bare_timings):>8.2f}{bare_median:>10.2f}"
        f"{max(bare_timings):>8.2f}{bare_peak:>9.0f}"
    )
    print(
        f"bare document:  the report's {tables} tables and {charts} SVG charts, a contents "
        "page with page numbers, text pages to the same length, no project stylesheet"
    )
    print(f"ratio report/bare: {median / bare_median:.1f}x time, {peak / bare_peak:.1f}x memory")
    print(
        f"targets:        median ≤ {TARGET_SECONDS:.0f} s {verdict(median <= TARGET_SECONDS)}, "
        f"peak ≤ {TARGET_MB:.0f} MB {verdict(peak <= TARGET_MB)}, "
        f"≤ {TARGET_PAGES} pages {verdict(pages <= TARGET_PAGES)}"
    )


if __name__ == "__main__":
    main()
