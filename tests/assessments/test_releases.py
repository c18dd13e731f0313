"""When releases are made: on reading, on closing, and by the beat task."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import ResultRelease, Wave
from assessments.services.releases import release_due_results
from assessments.tasks import release_wave_results
from tests.assessments.factories import answer_many, open_wave

PULSE = {"enps": 8, "sentiment-easier": 4, "culture-phase": 3}


def test_beat_task_publishes_the_final_release_of_a_wave_closed_by_time(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 2, PULSE, department=scoped.departments["Support"])
    assert release_due_results(wave=wave) is None  # Support's 2 are no step
    Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    assert release_wave_results() == 1
    release = ResultRelease.objects.get(wave=wave)
    assert (release.number, release.responses, release.is_final) == (1, 8, True)
    assert release_wave_results() == 0


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
