"""The public survey figures other apps read (the change-management scorecard)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Wave
from assessments.selectors import READINESS, survey_history, waves_between
from tests.assessments.factories import answer_many, open_wave, publish

pytestmark = pytest.mark.django_db

COMMITMENT = {f"commitment-{i}": 4 for i in range(1, 6)}
EFFICACY = {f"efficacy-{i}": 2 for i in range(1, 8)}


def _readiness_wave(organisation, instrument, *, days_ago, counts, values=None):
    wave = open_wave(organisation, instrument, title=f"Readiness {days_ago}", days_ago=1)
    for department, n in counts.items():
        answer_many(wave, n, values or {**COMMITMENT, **EFFICACY}, department=department)
    Wave.objects.filter(pk=wave.pk).update(
        opens_at=timezone.now() - timedelta(days=days_ago),
        closes_at=timezone.now() - timedelta(days=days_ago - 7),
    )
    return publish(wave)


def test_history_is_newest_first_with_combined_mean(scoped, instruments):
    org, sales, support = (
        scoped.organisation,
        scoped.departments["Sales"],
        scoped.departments["Support"],
    )
    older = _readiness_wave(
        org,
        instruments["readiness"],
        days_ago=120,
        counts={sales: 6, support: 6},
        values={**{k: 2 for k in COMMITMENT}, **{k: 2 for k in EFFICACY}},
    )
    newer = _readiness_wave(
        org, instruments["readiness"], days_ago=30, counts={sales: 6, support: 6}
    )

    history = survey_history(organisation=org, scale_keys=READINESS, departments=[sales])

    assert [figure.wave for figure in history] == [Wave.objects.get(pk=newer.pk), older]
    # Commitment 4 and efficacy 2: the figure is the mean of the two scale means.
    assert history[0].mean == 3.0
    assert history[0].n == 6
    assert history[1].mean == 2.0


def test_department_figure_hidden_when_the_rest_could_be_worked_out(scoped, instruments):
    org, sales, support = (
        scoped.organisation,
        scoped.departments["Sales"],
        scoped.departments["Support"],
    )
    _readiness_wave(org, instruments["readiness"], days_ago=30, counts={sales: 6, support: 2})

    sales_history = survey_history(organisation=org, scale_keys=READINESS, departments=[sales])
    support_history = survey_history(organisation=org, scale_keys=READINESS, departments=[support])
    whole = survey_history(organisation=org, scale_keys=READINESS)

    # Support has 2 responses: hidden; Sales would reveal Support by subtraction from the total.
    assert support_history[0].mean is None and "fewer than 5" in support_history[0].reason
    assert sales_history[0].mean is None and sales_history[0].reason
    assert whole[0].mean == 3.0 and whole[0].n == 8


def test_no_survey_gives_an_empty_history(scoped, instruments):
    assert survey_history(organisation=scoped.organisation, scale_keys=READINESS) == []


def test_waves_between_names_their_departments(scoped, instruments):
    org, sales = scoped.organisation, scoped.departments["Sales"]
    whole = open_wave(org, instruments["pulse"], title="Pulse", days_ago=3)
    targeted = open_wave(org, instruments["readiness"], title="Sales only", departments=[sales])
    today = timezone.localdate()

    spans = {
        span.title: span
        for span in waves_between(start=today - timedelta(days=40), end=today + timedelta(days=1))
    }

    assert spans["Pulse"].department_ids is None
    assert spans["Sales only"].department_ids == frozenset({sales.pk})
    assert spans["Pulse"].starts == timezone.localtime(whole.opens_at).date()
    assert spans["Sales only"].ends == timezone.localtime(targeted.closes_at).date()
    later = waves_between(start=today + timedelta(days=60), end=today + timedelta(days=90))
    assert later == []
