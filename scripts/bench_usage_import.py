"""Benchmark: importing a 10,000-line usage CSV through the real page, against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python scripts/bench_usage_import.py [--rounds 5] [--port 8181]

Creates a throw-away organisation (50 departments, 10 tools) in the database
of DATABASE_URL (PostgreSQL), starts gunicorn with DEBUG off on a loopback
port, logs in as its coordinator and uploads, in interleaved rounds:

- a 10,000-line monthly summary (10 tools x 50 departments x 20 months),
- a 10,000-line per-user export (one tool, one month),
- the monthly file with one bad line near its end, which must import nothing.

It prints min, median and max seconds per file beside the target (< 10 s),
checks that the good files stored their rows and the bad one changed
nothing and named its line, and deletes the organisation at the end.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
DEPARTMENTS, TOOLS, MONTHS = 50, 10, 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _months() -> list[date]:
    from adoption.load import add_months
    from adoption.models import first_of_month

    last = add_months(first_of_month(date.today()), -1)
    return [add_months(last, -offset) for offset in range(MONTHS)]


def monthly_file(bad_line: int | None = None, actions: int | None = None) -> bytes:
    """The monthly layout; `actions` marks every line (to see whether any was saved)."""
    lines = ["tool;department;month;licensed_users;active_users;actions"]
    for month in _months():
        for tool in range(TOOLS):
            for department in range(DEPARTMENTS):
                licensed = 10 + (tool + department) % 20
                active = licensed - (department % 7)
                lines.append(
                    f"Tool {tool:02d};Unit {department:02d};{month:%Y-%m};"
                    f"{licensed};{max(active, 0)};{active * 17 if actions is None else actions}"
                )
    if bad_line is not None:
        lines[bad_line - 1] = lines[bad_line - 1].replace(";Unit ", ";Unitt ")
    return ("\n".join(lines) + "\n").encode()


def per_user_file(users: int = 10_000) -> bytes:
    last = _months()[0]
    lines = ["User Principal Name,Display Name,Department,Last Activity Date,Prompts"]
    for index in range(users):
        day = f"{last:%Y-%m}-{1 + index % 28:02d}" if index % 4 else "2020-01-01"
        lines.append(
            f"user{index}@bench.invalid,User {index},Unit {index % DEPARTMENTS:02d},{day},"
            f"{index % 50}"
        )
    return ("\n".join(lines) + "\n").encode()


def _multipart(fields: dict[str, str], file_name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n'
    )
    body = "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, path: str) -> str:
        status, page = self.get(path)
        assert status == 200, (path, status)
        return CSRF.search(page).group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.token("/accounts/login/")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": email, "password": password}
        ).encode()
        status, _page = self.post("/accounts/login/", body, "application/x-www-form-urlencoded")
        assert status == 302, f"login failed: {status}"


def _upload(browser: Browser, path: str, name: str, content: bytes, **fields) -> tuple:
    token = browser.token(path)
    body, content_type = _multipart({"csrfmiddlewaretoken": token, **fields}, name, content)
    started = time.perf_counter()
    status, page = browser.post(path, body, content_type)
    return time.perf_counter() - started, status, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8181)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    _setup_django()
    from django_scopes import scope, scopes_disabled

    from adoption.models import AiTool, UsageRecord
    from assessments.benchmarks.bench_surveys import wait_for_port
    from transformation.models import Department, Membership, Organisation, Role, User

    slug = f"bench-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    email = f"coordinator@{slug}.invalid"
    organisation = Organisation.objects.create(name="Benchmark GmbH", slug=slug)
    server = None
    try:
        with scope(organisation=organisation):
            user = User.objects.create_user(email=email, password=password)
            Membership.objects.create(organisation=organisation, user=user, role=Role.COORDINATOR)
            Department.objects.bulk_create(
                Department(organisation=organisation, name=f"Unit {n:02d}", headcount=40)
                for n in range(DEPARTMENTS)
            )
            AiTool.objects.bulk_create(
                AiTool(organisation=organisation, name=f"Tool {n:02d}") for n in range(TOOLS)
            )
            per_user_tool = AiTool.objects.create(organisation=organisation, name="Chat export")
        monthly = monthly_file()
        bad_line = DEPARTMENTS * TOOLS * MONTHS - 3
        marker = 999_999
        broken = monthly_file(bad_line=bad_line, actions=marker)
        per_user = per_user_file()
        env = {
            **os.environ,
            "DEBUG": "false",
            "LOG_LEVEL": "CRITICAL",
            "DATABASE_POOL_MAX": "4",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        server = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "transformation.wsgi:application",
                "--bind",
                f"127.0.0.1:{options.port}",
                "--workers",
                str(options.workers),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_for_port(options.port)
        browser = Browser(f"http://127.0.0.1:{options.port}")
        browser.log_in(email, password)
        path = f"/o/{slug}/change/tools/import/"
        cases = {
            "monthly summary, 10,000 lines": ("monthly.csv", monthly, {}, 302),
            "per-user export, 10,000 lines": (
                "per-user.csv",
                per_user,
                {"tool": str(per_user_tool.pk), "month": f"{_months()[0]:%Y-%m}"},
                302,
            ),
            "monthly, one bad line (nothing saved)": ("broken.csv", broken, {}, 422),
        }
        timings: dict[str, list[float]] = {label: [] for label in cases}
        _upload(browser, path, "warm-up.csv", monthly_file()[:2000].rsplit(b"\n", 1)[0] + b"\n")
        for _round in range(options.rounds):
            for label, (name, content, fields, expected) in cases.items():
                seconds, status, page = _upload(browser, path, name, content, **fields)
                assert status == expected, (label, status, page[:500])
                if expected == 422:
                    assert f"Line {bad_line}: “Unitt" in page, "the bad line is not named"
                timings[label].append(seconds)
        with scopes_disabled():
            stored = UsageRecord.objects.filter(organisation=organisation).count()
            stray = UsageRecord.objects.filter(organisation=organisation, actions=marker).count()
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        with scopes_disabled():
            User.objects.filter(email__endswith=f"@{slug}.invalid").delete()
            organisation.delete()
    from django.db import connection

    print(
        f"usage import through gunicorn ({options.workers} workers, DEBUG off, "
        f"{connection.vendor}), {options.rounds} interleaved rounds"
    )
    print(f"{'file':<40}{'min s':>8}{'median s':>10}{'max s':>8}   target")
    for label, samples in timings.items():
        verdict = "ok" if max(samples) < TARGET_SECONDS else "MISSED"
        print(
            f"{label:<40}{min(samples):>8.2f}{statistics.median(samples):>10.2f}"
            f"{max(samples):>8.2f}   < {TARGET_SECONDS:.0f} s  {verdict}"
        )
    expected_rows = DEPARTMENTS * TOOLS * MONTHS + DEPARTMENTS
    print(
        f"rows stored: {stored} (expected {expected_rows}: the monthly file's "
        f"{DEPARTMENTS * TOOLS * MONTHS} and one per department from the per-user export); "
        f"rows changed by the file with a bad line: {stray}"
    )


if __name__ == "__main__":
    main()
