"""When releases are made: by the service the release task runs, and by the beat's sweep
(reading never releases: see test_release_worker.py)."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from assessments.models import ResultRelease, Wave
from assessments.services.releases import release_due_results
from assessments.tasks import release_waiting_results
from tests.assessments.factories import answer_many, install, open_wave

PULSE = {"enps": 8, "sentiment-easier": 4, "culture-phase": 3}


def test_beat_task_publishes_the_final_release_of_a_wave_closed_by_time(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 2, PULSE, department=scoped.departments["Support"])
    assert release_due_results(wave=wave) is None  # Support's 2 are no step
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):  # the queued tasks run
        assert release_waiting_results() == 1
    release = ResultRelease.objects.get(wave=wave)
    assert (release.number, release.responses, release.is_final) == (1, 8, True)
    assert release_waiting_results() == 0


def test_beat_task_releases_due_steps_of_open_waves_each_in_its_organisation(
    scoped, instruments, other_tenant, django_capture_on_commit_callbacks
):
    with scope(organisation=other_tenant.organisation):
        theirs = open_wave(other_tenant.organisation, install(other_tenant.organisation)["pulse"])
        answer_many(theirs, 6, PULSE, department=other_tenant.departments["Support"])
    wave = open_wave(scoped.organisation, instruments["pulse"])
    open_wave(scoped.organisation, instruments["pulse"], title="Nobody answered yet")
    # Answers whose own task never ran (the broker was down): the sweep catches up.
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"])
    assert not ResultRelease.objects.filter(wave=wave).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the queued tasks run
        assert release_waiting_results() == 2
    assert list(ResultRelease.objects.values_list("wave", "number", "responses")) == [
        (wave.pk, 1, 5)
    ]
    with scope(organisation=other_tenant.organisation):
        assert list(ResultRelease.objects.values_list("wave", "responses")) == [(theirs.pk, 6)]
    assert release_waiting_results() == 0


def test_answers_after_a_release_that_form_no_step_are_held_back_at_closing(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"])
    first = release_due_results(wave=wave)
    assert (first.number, first.responses, first.is_final) == (1, 5, False)
    answer_many(wave, 2, PULSE, department=scoped.departments["Sales"])
    assert release_due_results(wave=wave) == first
    Wave.objects.filter(pk=wave.pk).update(closed_early_at=timezone.now())
    wave.refresh_from_db()

    final = release_due_results(wave=wave)
    assert (final.number, final.responses, final.held_back, final.is_final) == (2, 0, 2, True)
    assert release_due_results(wave=wave) == final
