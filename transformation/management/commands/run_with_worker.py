"""`make run`: the development server and a Celery worker (with beat) beside it.

On the embedded defaults the broker is a folder (`filesystem://`), so a
request only queues a task and this worker produces reports, sends mail and
runs the periodic tasks, as the Redis workers do in production. Ctrl-C stops
both. The worker does not reload on code changes: restart the command.
"""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_TIMEOUT_SECONDS = 15


def worker_command() -> list[str]:
    """The worker of the development setup: one process, beat embedded, schedule under var/."""
    schedule = getattr(settings, "TASK_QUEUE_DIR", settings.BASE_DIR / "var") / "beat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "transformation",
        "worker",
        "--beat",
        f"--schedule={schedule}",
        "--pool=solo",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]


def stop_worker(worker: subprocess.Popen) -> None:
    """Ask the worker to finish its task and leave; kill it if it does not."""
    if worker.poll() is None:
        worker.terminate()
    try:
        worker.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "Run the development server and a Celery worker with beat; Ctrl-C stops both."
    # runserver runs the system checks itself.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="Optional port or ip:port for runserver.")

    def handle(self, *args, addrport=None, **options):
        worker = None
        # The autoreloader runs this command again in a child process (RUN_MAIN);
        # only the outer process starts the worker, so a reload does not add one.
        if not settings.CELERY_TASK_ALWAYS_EAGER and os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen(worker_command(), cwd=settings.BASE_DIR)  # noqa: S603
        try:
            call_command("runserver", *([addrport] if addrport else []))
        finally:
            if worker is not None:
                stop_worker(worker)
