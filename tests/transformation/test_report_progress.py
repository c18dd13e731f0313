"""Report progress on the embedded defaults: queued in the request, produced by a background worker.

`make run` has no Redis: the broker is a folder (kombu's `filesystem://`) and
`manage.py run_with_worker` starts a worker beside runserver. These tests run
that configuration's dispatch path (not eager) with a worker in a thread, and
check that a status page never contradicts itself.
"""

import runpy
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage
from django.utils import translation
from django_scopes import scope

import transformation.settings as project_settings
from transformation.celery import app as celery_app
from transformation.celery import create_task_folders
from transformation.management.commands import run_with_worker
from transformation.models import BoardReport, ReportStatus, Role

FORM = {
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "language": "en",
    "sections": ["roadmap", "next_steps"],
}


def _reset_broker_connections() -> None:
    """Let the app pick the pools of its current broker (kombu keeps one per connection)."""
    celery_app._pool = None
    # Queues, routes and the producer pool are cached on `amqp`; build them anew.
    celery_app.__dict__.pop("amqp", None)


@pytest.fixture
def development_tasks(tmp_path, monkeypatch):
    """The Celery settings `make run` gets (no REDIS_URL, no test overrides), queued in tmp_path."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("CELERY_TASK_ALWAYS_EAGER", raising=False)
    monkeypatch.setenv("TASK_QUEUE_DIR", str(tmp_path / "tasks"))
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")
    development = runpy.run_path(project_settings.__file__)
    values = {
        "broker_url": development["CELERY_BROKER_URL"],
        "broker_transport_options": development["CELERY_BROKER_TRANSPORT_OPTIONS"],
        "task_always_eager": development["CELERY_TASK_ALWAYS_EAGER"],
        "worker_hijack_root_logger": False,
    }
    assert values["broker_url"] == "filesystem://localhost/"
    assert values["task_always_eager"] is False
    previous = {key: celery_app.conf[key] for key in values}
    celery_app.conf.update(values)
    create_task_folders(celery_app)
    _reset_broker_connections()
    try:
        yield tmp_path / "tasks" / "messages"
    finally:
        celery_app.conf.update(previous)
        _reset_broker_connections()


def _produced_reports():
    """An event set when the worker has finished a `render_board_report` task."""
    finished = threading.Event()

    def on_postrun(sender=None, **kwargs):
        if sender is not None and sender.name == "transformation.tasks.render_board_report":
            finished.set()

    signals.task_postrun.connect(on_postrun, weak=False)
    return finished, on_postrun


def test_the_development_setup_queues_the_report_and_a_background_worker_produces_it(
    transactional_db, development_tasks, tenant, client
):
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post("/o/acme/reports/request/", FORM, follow=True)
    # The request only queued the work: nothing was rendered in it.
    with scope(organisation=tenant.organisation):
        report = BoardReport.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert [path.name.split(".", 1)[1] for path in development_tasks.iterdir()] == ["celery.msg"]
    page = response.content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "The report is waiting for a worker." in page

    finished, handler = _produced_reports()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            # Wait without querying: the worker owns the database meanwhile (SQLite).
            assert finished.wait(timeout=120), "the worker did not produce the report"
    finally:
        signals.task_postrun.disconnect(handler)

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 1)
    assert default_storage.open(report.file.name).read(5) == b"%PDF-"
    assert list(development_tasks.iterdir()) == []
    partial = client.get(report.get_absolute_url(), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "hx-trigger" not in body
    assert "The report is ready:" in body
    assert "Download PDF" in body


def _main(response) -> str:
    """The page's own content (or the whole htmx partial), without navigation and footer."""
    body = response.content.decode()
    return body.split("<main", 1)[-1].split("</main>", 1)[0]


STATUS_TEXT = {
    ReportStatus.QUEUED: "The report is waiting for a worker.",
    ReportStatus.RUNNING: "A worker is producing the report.",
    ReportStatus.DONE: "The report is ready:",
    ReportStatus.FAILED: "The report could not be produced.",
}


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_a_report_page_shows_one_status_and_no_other(
    tenant, client, django_capture_on_commit_callbacks, language
):
    """After "Produce the report" the page never says "being produced" beside "Ready"."""
    client.force_login(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/o/acme/reports/request/", FORM)
    with scope(organisation=tenant.organisation):
        report = BoardReport.objects.get()
    assert report.status == ReportStatus.DONE  # tests run tasks in-process
    page = _main(client.get(response["Location"]))
    with translation.override(language):
        labels = {status: str(status.label) for status in ReportStatus}
        assert labels[ReportStatus.DONE] in page
        assert str(translation.gettext("The report has been requested.")) in page
    for status, label in labels.items():
        if status != ReportStatus.DONE:
            assert label not in page, f"{label!r} beside {labels[ReportStatus.DONE]!r}"
            assert label.lower() not in page.lower()

    for status in ReportStatus:
        BoardReport.objects.with_scopes_disabled().filter(pk=report.pk).update(status=status)
        for headers in ({}, {"HX-Request": "true"}):
            body = _main(client.get(report.get_absolute_url(), headers=headers))
            shown = [label for label in labels.values() if label.lower() in body.lower()]
            assert shown == [labels[status]], (status, headers, shown)
    # The English sentences of each state, once, and only its own.
    client.cookies["django_language"] = "en"
    for status, sentence in STATUS_TEXT.items():
        BoardReport.objects.with_scopes_disabled().filter(pk=report.pk).update(status=status)
        body = client.get(report.get_absolute_url()).content.decode()
        assert [text for text in STATUS_TEXT.values() if text in body] == [sentence]


def test_run_with_worker_starts_the_worker_beside_the_server_and_stops_it(monkeypatch, settings):
    """`make run`: one worker with beat beside runserver, stopped when the server ends."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    command = run_with_worker.worker_command()
    assert command[1:6] == ["-m", "celery", "-A", "transformation", "worker"]
    assert "--beat" in command and "--pool=solo" in command
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(args, **kwargs):
        assert args == command
        process = real_popen([sys.executable, "-c", "import time; time.sleep(60)"])
        started.append(process)
        return process

    servers = []
    monkeypatch.setattr(run_with_worker.subprocess, "Popen", popen)
    monkeypatch.setattr(run_with_worker, "call_command", lambda *args: servers.append(args))
    monkeypatch.delenv("RUN_MAIN", raising=False)
    run_with_worker.Command().run_from_argv(["manage.py", "run_with_worker", "127.0.0.1:8123"])
    assert servers == [("runserver", "127.0.0.1:8123")]
    assert len(started) == 1 and started[0].poll() is not None

    # The autoreloader's child runs the command again: it must not start a second worker.
    monkeypatch.setenv("RUN_MAIN", "true")
    run_with_worker.Command().run_from_argv(["manage.py", "run_with_worker"])
    assert servers[-1] == ("runserver",) and len(started) == 1


def test_the_broker_folders_are_created_for_the_development_setup(tmp_path):
    options = {
        key: str(tmp_path / "q" / key)
        for key in ("data_folder_in", "data_folder_out", "control_folder")
    }
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.update(broker_url="filesystem://localhost/", broker_transport_options=options)
    try:
        create_task_folders(celery_app)
    finally:
        celery_app.conf.update(broker_url=previous[0], broker_transport_options=previous[1])
    assert all(Path(folder).is_dir() for folder in options.values())
