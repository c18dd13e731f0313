"""Digests end to end: real Celery beat and worker, Redis, PostgreSQL and an SMTP server.

The worker dies in the middle of sending a digest and beat is restarted;
every member still gets exactly one digest for the period.
"""

from __future__ import annotations

import socket
import socketserver
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from governance import services as governance
from governance.models import Obligation
from governance.services import incidents
from tests.conftest import make_tenant
from tests.governance.factories import UseCaseFactory
from tests.worker import VISIBILITY_TIMEOUT, wait_for
from transformation.models import Digest, Role
from transformation.tasks import send_digest

LEASE_SECONDS = 5


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to accept mail; can hold the first message before answering it.

    A message counts as delivered only when the sink has answered its DATA
    with 250 to a client that is still connected, as a real server would.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.delivered: list[tuple[list[str], str]] = []
        self.lock = threading.Lock()
        self.hold_first = True
        self.holding = threading.Event()
        self.release = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(rcpt for rcpts, _data in self.delivered for rcpt in rcpts)


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        server: SmtpSink = self.server  # type: ignore[assignment]
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk.decode(errors="replace"))
                if server.hold_first and not server.holding.is_set():
                    server.holding.set()
                    server.release.wait(timeout=120)
                    if not self._client_still_there():
                        return
                with server.lock:
                    server.delivered.append((recipients, "".join(data)))
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")

    def _client_still_there(self) -> bool:
        sock = self.request
        sock.setblocking(False)
        try:
            return sock.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            sock.setblocking(True)


@pytest.fixture
def smtp_sink(monkeypatch):
    sink = SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    # The worker and beat processes read these when they start.
    for name, value in {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "NOTIFICATION_CYCLE_SECONDS": "2",
        "NOTIFICATION_DIGEST_HOUR": "0",
        "NOTIFICATION_SEND_LEASE_SECONDS": str(LEASE_SECONDS),
    }.items():
        monkeypatch.setenv(name, value)
    yield sink
    sink.release.set()
    sink.shutdown()
    sink.server_close()


class Beat:
    """`celery beat` sending to the test worker's queue, started and stopped like a deploy."""

    def __init__(self, worker, tmp_path: Path):
        self.worker = worker
        self.tmp_path = tmp_path
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        env = self.worker.env()
        log = (self.tmp_path / f"beat-{self.starts}.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "transformation",
                "beat",
                "--loglevel=INFO",
                "-s",
                str(self.tmp_path / "beat-schedule"),
                "--max-interval=1",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _tenant_with_deadlines():
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    now = timezone.now()
    organisation = tenant.organisation
    with scope(organisation=organisation):
        use_case = UseCaseFactory(
            organisation=organisation,
            title="Sales scoring",
            department=tenant.departments["Sales"],
            state="assessment",
        )
        governance.classify_use_case(
            use_case=use_case, actor=None, answers={"talks_to_people": True}
        )
        Obligation.objects.filter(use_case=use_case).update(
            due_on=timezone.localdate() + timedelta(days=2)
        )
        incidents.record_incident(
            use_case=use_case,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "title": "Leaked customer names",
                "description": "Names were shown to other customers.",
                "occurred_at": None,
                "aware_at": now - timedelta(hours=1),
                "affected_people": "",
                "affected_count": None,
                "severity": "high",
                "serious_harm": "",
                "death": False,
                "widespread_infringement": False,
                "breach_risk": "risk",
            },
        )
        version = governance.create_guideline(
            organisation=organisation, actor=None, title="AI use", body="# Rules"
        )
        governance.publish_guideline_version(version=version, actor=None, notify=False)
        for role in (Role.COORDINATOR, Role.STEERING, Role.CHAMPION):
            governance.acknowledge_guideline(version=version, member=tenant.members[role])
    return tenant


@pytest.mark.worker
def test_each_digest_is_sent_once_across_a_worker_death_and_a_beat_restart(
    smtp_sink, real_worker, tmp_path
):
    tenant = _tenant_with_deadlines()
    beat = Beat(real_worker, tmp_path)
    beat.start()
    try:

        def logs() -> str:
            beats = "".join(path.read_text() for path in tmp_path.glob("beat-*.log"))
            return real_worker.log() + beats

        assert smtp_sink.holding.wait(timeout=90), f"no digest was sent:\n{logs()}"
        # The worker is inside the SMTP conversation of the first digest: kill it,
        # and stop beat, as a deploy or a crash would.
        real_worker.kill()
        beat.stop()
        smtp_sink.release.set()
        with scopes_disabled():
            stuck = Digest.objects.get(status="sending")
        assert smtp_sink.recipients() == []

        # Beat comes back first and keeps firing while no worker runs, so its cycles
        # (and the redelivered send) pile up; the broker may also deliver a send twice.
        beat.start()
        with scopes_disabled():
            for organisation_id, pk in Digest.objects.values_list("organisation_id", "pk"):
                send_digest.delay(organisation_id=organisation_id, digest_id=pk)
                send_digest.delay(organisation_id=organisation_id, digest_id=pk)
        time.sleep(max(VISIBILITY_TIMEOUT, LEASE_SECONDS) + 4)
        real_worker.start()
        expected = sorted(
            tenant.user(role).email for role in (Role.COORDINATOR, Role.STEERING, Role.EMPLOYEE)
        )
        wait_for(
            lambda: smtp_sink.recipients() == expected,
            timeout=120,
            interval=0.5,
            message=f"digests not delivered: {smtp_sink.recipients()}\n{logs()}",
        )
        # A few more beat cycles change nothing.
        time.sleep(6)
    finally:
        beat.stop()
    assert smtp_sink.recipients() == expected
    with scopes_disabled():
        own = Digest.objects.filter(organisation=tenant.organisation).select_related("membership")
        assert {d.membership.role: d.status for d in own} == {
            Role.COORDINATOR: "sent",
            Role.STEERING: "sent",
            Role.CHAMPION: "skipped",
            Role.EMPLOYEE: "sent",
        }
        assert Digest.objects.get(pk=stuck.pk).attempts == 2
        # The other organisation's members had nothing due: no mail for them.
        other = Digest.objects.exclude(organisation=tenant.organisation)
        assert set(other.values_list("status", flat=True)) == {"skipped"}
    employee_mail = next(
        data for rcpts, data in smtp_sink.delivered if rcpts == ["employee@acme.example"]
    )
    assert "Leaked customer names" not in employee_mail
    assert "Read and acknowledge" in employee_mail
