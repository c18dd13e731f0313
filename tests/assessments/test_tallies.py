"""Results read from the tallies equal results summed from the released answers.

The tallies are kept as answers are released (in steps, several releases per
wave) and rebuilt on demand; the results from them must be exactly those the
answers give, for the whole wave and every group, with the same parts hidden.
"""

import random

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import results
from assessments.models import (
    Answer,
    DepartmentTally,
    Item,
    ResultRelease,
    ScaleTally,
    ValueTally,
    Wave,
)
from assessments.results.sources import AnswerFigures, TallyFigures
from assessments.results.waves import _wave_results
from assessments.services import purge_expired_answers
from assessments.services.releases import release_due_results
from assessments.services.tallies import rebuild_tallies
from tests.assessments.factories import answer_many, items_by_key, open_wave, publish
from tests.factories import DepartmentFactory


def _random_answers(
    rng: random.Random, items: list[Item], skip: float, audience: int | None = None
) -> dict[int, object]:
    """One respondent: every item answered with probability 1 - skip, in its own range."""
    answers: dict[int, object] = {}
    for item in items:
        if rng.random() < skip:
            continue
        if audience is not None and item.scale.kind == "audience":
            answers[item.pk] = audience
        elif item.type == Item.Type.TEXT:
            answers[item.pk] = rng.choice(["More training", "Less noise", "Fine", "Ok"])
        elif item.type == Item.Type.MULTIPLE:
            options = [o["value"] for o in item.options]
            answers[item.pk] = rng.sample(options, rng.randint(1, len(options)))
        elif item.options:
            answers[item.pk] = rng.choice([o["value"] for o in item.options])
        else:
            low, high = item.points
            answers[item.pk] = rng.randint(low, high)
    return answers


def _submit(rng, wave, departments, count, skip, audience=None):
    from assessments.services import submit_response

    items = list(items_by_key(wave.instrument).values())
    for _ in range(count):
        submit_response(
            wave=wave,
            answers=_random_answers(rng, items, skip, audience),
            language="en",
            department=rng.choice(departments),
        )


def _tally_rows(wave):
    return (
        sorted(
            DepartmentTally.objects.filter(wave=wave)
            .values_list("department", "responses")
            .order_by(),
            key=str,
        ),
        sorted(
            ValueTally.objects.filter(wave=wave)
            .values_list("department", "audience", "item", "value", "answers")
            .order_by(),
            key=str,
        ),
        sorted(
            [
                (d, s, r, v, c, t, q, sorted(items.items()), sorted(people.items()))
                for d, s, r, v, c, t, q, items, people in ScaleTally.objects.filter(wave=wave)
                .values_list(
                    "department",
                    "scale",
                    "respondents",
                    "valued",
                    "complete",
                    "complete_total",
                    "complete_squares",
                    "complete_items",
                    "people",
                )
                .order_by()
            ],
            key=str,
        ),
    )


def _comparable(figures):
    figures.comments.sort()
    return figures


def test_results_from_tallies_equal_results_from_the_released_answers(scoped, instruments):
    rng = random.Random(1515)
    organisation = scoped.organisation
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    hotline = DepartmentFactory(organisation=organisation, name="Hotline", parent=support)
    departments = [
        sales,
        support,
        hotline,
        DepartmentFactory(organisation=organisation, name="Finance"),
        DepartmentFactory(organisation=organisation, name="Field", parent=sales),
        None,
    ]
    waves = []
    for kind in ("readiness", "pulse", "competence", "acceptance"):
        # Random answers with gaps, all published when the wave closes (no release before).
        wave = open_wave(organisation, instruments[kind], title=f"{kind} at close")
        _submit(rng, wave, departments, rng.randint(60, 120), skip=0.15)
        waves.append(publish(wave))
        # Released in steps while open (each adds ten complete answers in three departments,
        # one audience group each), then a random tail too small to form a step: held back.
        wave = open_wave(organisation, instruments[kind], title=f"{kind} in steps")
        for _step in range(2):
            for department in departments[:3]:
                _submit(rng, wave, [department], 10, skip=0, audience=rng.choice([1, 2, 3]))
            release_due_results(wave=wave)
        _submit(rng, wave, departments, 4, skip=0.15)
        waves.append(publish(wave))
        released = ResultRelease.objects.filter(wave=wave, responses__gt=0)
        assert released.count() == 2, kind
        assert Answer.objects.filter(wave=wave, release__isnull=True).exists()
    compared = 0
    for wave in waves:
        whole = _wave_results(wave=wave, group_key=None, source=AnswerFigures)
        assert whole.visible
        for key in [None, *(group.key for group in whole.groups)]:
            from_answers = _wave_results(wave=wave, group_key=key, source=AnswerFigures)
            from_tallies = _wave_results(wave=wave, group_key=key, source=TallyFigures)
            assert _comparable(from_tallies) == _comparable(from_answers), (wave.title, key)
            compared += 1
        # The trend (read from the tallies) shows the wave's whole-organisation means.
        point = next(p for p in results.trend(wave=wave).points if p.wave == wave)
        shown = {s.scale.key: s.mean for s in whole.scales if s.visible and s.mean is not None}
        assert point.means == shown
        assert point.enps == whole.enps
        # Counted release by release, the tallies hold what one count of all answers gives.
        kept = _tally_rows(wave)
        rebuild_tallies(wave=wave)
        assert _tally_rows(wave) == kept
    assert compared > 40
    # The data covers what the figures hide and show: alpha, gaps, eNPS, hidden groups.
    assert any(
        s.alpha is not None for w in waves for s in _wave_results(wave=w, group_key=None).scales
    )


def test_unreleased_answers_are_in_no_tally(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    values = {f"commitment-{n}": 4 for n in range(1, 6)}
    answer_many(wave, 6, values, department=scoped.departments["Sales"])
    release_due_results(wave=wave)
    # Four more: too few to form a step, so they stay out of every tally.
    answer_many(wave, 4, {**values, "commitment-1": 1}, department=scoped.departments["Sales"])
    release_due_results(wave=wave)
    assert Answer.objects.filter(wave=wave, release__isnull=True).count() == 20
    assert list(DepartmentTally.objects.filter(wave=wave).values_list("responses", flat=True)) == [
        6
    ]
    item = items_by_key(wave.instrument)["commitment-1"]
    assert list(
        ValueTally.objects.filter(wave=wave, item=item).values_list("value", "answers")
    ) == [(4, 6)]


def test_tallies_of_releases_made_before_them_are_rebuilt_when_read(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    values = {f"commitment-{n}": 4 for n in range(1, 6)}
    answer_many(wave, 6, values, department=scoped.departments["Sales"])
    publish(wave)
    # As after the migration: a release whose answers were never counted.
    for model in (DepartmentTally, ValueTally, ScaleTally):
        model.objects.all().delete()
    ResultRelease.objects.update(tallied=False)

    figures = results.wave_results(wave=wave)

    assert [s.mean for s in figures.scales if s.scale.key == "commitment"] == [4.0]
    assert figures.total_n == 6
    assert not ResultRelease.objects.filter(tallied=False).exists()


def test_rebuild_command_recounts_every_wave(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    answer_many(wave, 6, {"commitment-1": 5}, department=scoped.departments["Sales"])
    publish(wave)
    kept = _tally_rows(wave)
    ValueTally.objects.update(answers=99)

    call_command("rebuild_result_tallies")

    assert _tally_rows(wave) == kept


def test_retention_deletes_the_tallies_with_the_answers(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    answer_many(wave, 6, {"commitment-1": 5}, department=scoped.departments["Sales"])
    publish(wave)
    assert ValueTally.objects.filter(wave=wave).exists()
    long_ago = timezone.now() - timezone.timedelta(days=900)
    Wave.objects.filter(pk=wave.pk).update(closes_at=long_ago, closed_early_at=long_ago)

    purge_expired_answers(organisation=scoped.organisation)

    for model in (DepartmentTally, ValueTally, ScaleTally):
        assert not model.objects.filter(wave=wave).exists()
    wave.refresh_from_db()
    assert wave.summary["means"] == {"commitment": 5.0}


def test_results_page_queries_do_not_grow_with_responses(scoped, instruments, client_for):
    """Reads only (each wave released before it is measured): same queries at 6 and 60."""
    client = client_for(scoped.user("coordinator"))
    values = {
        **{f"commitment-{n}": 4 for n in range(1, 6)},
        **{f"efficacy-{n}": 3 for n in range(1, 8)},
        "comment": "Good start",
    }
    counts = []
    for size in (6, 60):
        wave = open_wave(scoped.organisation, instruments["readiness"], title=f"n {size}")
        for department in scoped.departments.values():
            answer_many(wave, size, values, department=department)
        publish(wave)
        url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as q:
            page = client.get(url)
        assert f"n = {2 * size}" in page.content.decode()
        counts.append(len(q.captured_queries))
    assert counts[0] == counts[1]


def test_results_stay_equal_after_a_department_is_deleted(scoped, instruments):
    """Answers of a deleted department lose it (no department); so do its tallies, and rows
    of the same key merge when the next release is counted."""
    rng = random.Random(7)
    organisation = scoped.organisation
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    finance = DepartmentFactory(organisation=organisation, name="Finance")
    wave = open_wave(organisation, instruments["readiness"])
    for department in (sales, support, finance, None):
        _submit(rng, wave, [department], 10, skip=0)
    release_due_results(wave=wave)
    finance.delete()
    for department in (sales, None):
        _submit(rng, wave, [department], 10, skip=0)
    publish(wave)
    assert ResultRelease.objects.filter(wave=wave, responses__gt=0).count() == 2

    for key in [None, "none", str(sales.pk), str(support.pk)]:
        from_answers = _wave_results(wave=wave, group_key=key, source=AnswerFigures)
        from_tallies = _wave_results(wave=wave, group_key=key, source=TallyFigures)
        assert _comparable(from_tallies) == _comparable(from_answers), key
    assert from_answers.total_n == 60
    none = next(g for g in from_answers.groups if g.key == "none")
    assert none.n == 30
