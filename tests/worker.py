"""A real Celery worker process for end-to-end tests against Redis and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from transformation.celery import app as celery_app

VISIBILITY_TIMEOUT = 8


def real_services_available() -> bool:
    return bool(os.environ.get("REDIS_URL")) and connection.vendor == "postgresql"


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """Starts, kills and restarts `celery worker` on a queue of its own."""

    def __init__(self, media_root: Path, log_dir: Path):
        # One queue per test (and xdist process): parallel tests never take each other's tasks.
        process = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.queue = f"test-{process}-{uuid.uuid4().hex[:10]}"
        self.media_root = media_root
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0
        # Short, so a test sees the broker hand out again what a killed worker held.
        self.visibility_timeout = VISIBILITY_TIMEOUT

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "transformation.settings",
            "DATABASE_URL": _database_url(),
            "DATABASE_POOL": "false",
            "MEDIA_ROOT": str(self.media_root),
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
            # Tasks the worker (or a beat of the test) dispatches stay on the test's queue.
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def start(self, timeout: float = 60) -> None:
        self.starts += 1
        log = (self.log_dir / f"worker-{self.starts}.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "transformation",
                "worker",
                "-Q",
                self.queue,
                "--pool=solo",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
                "-n",
                f"{self.queue}-{self.starts}@%h",
            ],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log()}")
            if "ready." in self.log():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker did not start: {self.log()}")

    def log(self) -> str:
        path = self.log_dir / f"worker-{self.starts}.log"
        return path.read_text() if path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: the task in progress is neither finished nor acknowledged."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def real_worker(transactional_db, tmp_path, settings):
    """A worker process on the test database; tasks of this test go to its queue."""
    if not real_services_available():
        pytest.skip("needs REDIS_URL and PostgreSQL (DATABASE_URL), as in CI")
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    worker = WorkerProcess(media, tmp_path)
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = worker.queue
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        # The app caches its queues and routes (built from the test's queue): drop them,
        # so later tests send to the default queue again.
        celery_app.__dict__.pop("amqp", None)


def wait_for(predicate, *, timeout: float, interval: float = 0.05, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(message or "condition not reached in time")
