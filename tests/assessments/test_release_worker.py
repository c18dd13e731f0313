"""Reading results never writes: releases are made by a worker, never by a reader.

A release of a large wave takes half a minute and writes thousands of rows; a
reader's GET must neither wait for it nor write anything. The release comes
from the task queued when answers are stored or the wave closes, and from the
beat's sweep for what a lost message left behind.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ResultRelease
from tests.assessments.factories import answer, answer_many, open_wave

PULSE = {"enps": 8, "sentiment-easier": 4, "culture-phase": 3}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that write, except the sign-in's idle clock (every page saves the
    session: see transformation/identity/middleware.py), which has nothing to do with results."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if WRITE.match(query["sql"]) and '"django_session"' not in query["sql"]
    ]


def _urls(tenant, wave) -> tuple[str, str]:
    kwargs = {"org": tenant.slug, "pk": wave.pk}
    return reverse("assessments:results", kwargs=kwargs), reverse(
        "assessments:results_csv", kwargs=kwargs
    )


def test_reading_results_with_a_due_step_writes_nothing_until_the_worker_releases(
    scoped, instruments, client_for, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    client = client_for(scoped.user("coordinator"))
    page_url, csv_url = _urls(scoped, wave)
    client.get(page_url)  # warm caches (sessions, content types) outside the measurement
    # Five Sales answers form a step; the tasks their commits queue have not run yet.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer_many(wave, 5, PULSE, department=scoped.departments["Sales"])
    assert queued

    with CaptureQueriesContext(connection) as queries:
        page = client.get(page_url)
        export = client.get(csv_url)
        cards = client.get(reverse("overview", kwargs={"org": scoped.slug}))
    assert (page.status_code, export.status_code, cards.status_code) == (200, 200, 200)
    assert _writes(queries) == []
    assert not ResultRelease.objects.filter(wave=wave).exists()
    assert "No results have been published for this wave yet." in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the worker catches up
        for callback in queued:
            callback()
    release = ResultRelease.objects.get(wave=wave)
    assert (release.number, release.responses, release.is_final) == (1, 5, False)
    assert "Release 1, published on" in client.get(page_url).content.decode()
    assert export.content != client.get(csv_url).content


def test_storing_an_answer_releases_a_due_step_once_the_answer_commits(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):
        answer_many(wave, 4, PULSE, department=scoped.departments["Sales"])
    assert not ResultRelease.objects.filter(wave=wave).exists()  # four are no step
    with django_capture_on_commit_callbacks(execute=True):
        answer(wave, PULSE, department=scoped.departments["Sales"])
    assert list(ResultRelease.objects.filter(wave=wave).values_list("number", "responses")) == [
        (1, 5)
    ]


def test_closing_a_wave_publishes_the_final_release_and_the_page_shows_it(
    scoped, instruments, client_for, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 2, PULSE, department=scoped.departments["Support"])
    client = client_for(scoped.user("coordinator"))
    close_url = reverse("assessments:wave_close", kwargs={"org": scoped.slug, "pk": wave.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(close_url).status_code == 302

    release = ResultRelease.objects.get(wave=wave)
    assert (release.number, release.responses, release.is_final) == (1, 8, True)
    page = client.get(_urls(scoped, wave)[0])
    assert "Final results, published on" in page.content.decode()


def test_the_release_task_is_idempotent(scoped, instruments):
    from assessments.tasks import release_wave_results

    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"])
    for _ in range(2):
        release_wave_results.delay(organisation_id=scoped.organisation.pk, wave_id=wave.pk)
    assert list(ResultRelease.objects.filter(wave=wave).values_list("number", "responses")) == [
        (1, 5)
    ]


def test_a_burst_of_answers_queues_one_check_that_sees_them_all(
    scoped, instruments, monkeypatch, django_capture_on_commit_callbacks
):
    """One release-and-mix task per wave waits at a time; the next answer after it
    starts queues the next one, so none is left unchecked."""
    from assessments import tasks

    sent = []
    monkeypatch.setattr(
        tasks.release_wave_results,
        "apply_async",
        lambda args, kwargs, countdown: sent.append({**kwargs, "countdown": countdown}),
    )
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):
        answer_many(wave, 5, PULSE, department=scoped.departments["Sales"])
    assert sent == [{"organisation_id": scoped.organisation.pk, "wave_id": wave.pk, "countdown": 5}]

    tasks.release_wave_results(
        organisation_id=scoped.organisation.pk, wave_id=wave.pk
    )  # the worker runs it: all five in one release
    assert list(ResultRelease.objects.filter(wave=wave).values_list("responses", flat=True)) == [5]
    with django_capture_on_commit_callbacks(execute=True):
        answer(wave, PULSE, department=scoped.departments["Sales"])
    assert len(sent) == 2  # committed after the task started: it queues the next


def test_without_the_cache_every_answer_queues_its_own_check(
    scoped, instruments, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from assessments import tasks

    sent = []
    monkeypatch.setattr(
        tasks.release_wave_results,
        "apply_async",
        lambda args, kwargs, countdown: sent.append({**kwargs, "countdown": countdown}),
    )

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches["default"], "add", down)
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):
        answer_many(wave, 3, PULSE, department=scoped.departments["Sales"])
    assert len(sent) == 3
