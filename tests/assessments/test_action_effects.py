"""The before and after figures of the survey actions page, over several waves and departments.

Each department's figure is the one the results page filtered to that
department shows (minimum, roll-up into the parent, subtraction); the values
below were recorded from the page while it still read one `wave_results` per
wave and department, so a cheaper computation must show exactly the same.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments import services
from assessments.models import Action, ResultRelease
from assessments.results import group_scale_means, wave_results
from tests.assessments.factories import answer_many, open_wave, publish
from tests.factories import DepartmentFactory

PULSE = {
    "enps": 9,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,  # reverse-scored: counts 4
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}
NO_SENTIMENT = {"enps": 7, "culture-phase": 2}

SUBTRACTION = "Hidden so that a smaller group cannot be worked out from the total."
FEWER = "Hidden: fewer than 5 responses."
NO_GROUP = "Hidden: fewer than 5 responses from this department in this wave."
SMALL_WAVE = "Hidden: fewer than 5 responses in this wave."
NOT_MEASURED = "This wave does not measure the scale."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _sentiment(score: int) -> dict[str, int]:
    """A pulse response whose sentiment items all score `score`."""
    return {
        **PULSE,
        "sentiment-easier": score,
        "sentiment-monitoring": 6 - score,
        "sentiment-help": score,
        "sentiment-informed": score,
    }


def _mixed(low: int, high: int, n: int) -> list[dict[str, int]]:
    """n responses alternating between two sentiment scores (means that are not whole)."""
    return [_sentiment(low if i % 2 else high) for i in range(n)]


@pytest.fixture
def organisation_with_actions(scoped, instruments):
    """Three waves of the pulse over four departments, and actions for each kind of case.

    Field sales (a part of Sales) is too small to show alone and rolls up into
    Sales; IT is too small and has no parent, so it is hidden, and Support, the
    next-smallest group, is hidden with it so that IT cannot be worked out.
    """
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    field = DepartmentFactory(organisation=scoped.organisation, name="Field sales", parent=sales)
    it = DepartmentFactory(organisation=scoped.organisation, name="IT")
    responses = {
        "Spring": {
            sales: _mixed(2, 3, 6),
            field: [_sentiment(5)] * 3,
            support: [_sentiment(4)] * 5,
            it: [_sentiment(1)] * 2,
        },
        "Summer": {
            sales: _mixed(3, 4, 7),
            # Support reaches the minimum, its sentiment questions do not (4 of 7 answer them).
            support: [_sentiment(5)] * 4 + [NO_SENTIMENT] * 3,
            it: _mixed(1, 2, 5),
        },
        "Autumn": {sales: [_sentiment(4)] * 2, support: [_sentiment(2)] * 2},
    }
    waves = {}
    for days_ago, (title, by_department) in zip((60, 30, 5), responses.items(), strict=True):
        wave = open_wave(scoped.organisation, instruments["pulse"], title=title, days_ago=days_ago)
        for department, answers in by_department.items():
            for values in answers:
                answer_many(wave, 1, values, department=department)
        waves[title] = publish(wave)
    plans = [
        ("Sales clinic", "Spring", "Summer", sales, "ai-sentiment"),
        ("Support clinic", "Spring", "Summer", support, "ai-sentiment"),
        ("IT clinic", "Spring", "Summer", it, "ai-sentiment"),
        ("Field sales clinic", "Spring", "Summer", field, "ai-sentiment"),
        ("Sales autumn check", "Summer", "Autumn", sales, "ai-sentiment"),
        ("Support autumn check", "Summer", "Autumn", support, "ai-sentiment"),
        ("IT open", "Summer", None, it, "ai-sentiment"),
        ("Sales phase", "Spring", "Summer", sales, "culture-phase"),
        ("Everyone spring", "Spring", "Summer", None, "ai-sentiment"),
        ("Everyone autumn", "Summer", "Autumn", None, "ai-sentiment"),
    ]
    for title, wave, follow_up, department, scale_key in plans:
        action = services.create_action(
            wave=waves[wave],
            actor=scoped.user("coordinator"),
            scale_key=scale_key,
            finding="Low sentiment",
            title=title,
            owner=scoped.user("champion"),
            due_date=timezone.localdate() + timedelta(days=7),
            department=department,
        )
        action.follow_up_wave = waves[follow_up] if follow_up else None
        action.save()
    return waves


def _effect(before, after, change=None, before_reason="", after_reason=""):
    return {
        "before": before,
        "after": after,
        "change": change,
        "before_reason": before_reason,
        "after_reason": after_reason,
    }


EXPECTED = {
    # Spring: Sales 6 (15 points) with Field sales 3 (15) rolled up = 30 / 9; Summer: 25 / 7.
    "Sales clinic": _effect(3.33, 3.57, 0.24),
    # Spring: hidden with IT; Summer: the group shows, its sentiment scale has only 4.
    "Support clinic": _effect(None, None, None, SUBTRACTION, FEWER),
    # Summer: IT's sentiment (5) is hidden so that Support's 4 cannot be worked out.
    "IT clinic": _effect(None, None, None, FEWER, SUBTRACTION),
    # Spring: counted with Sales; Summer: no responses at all.
    "Field sales clinic": _effect(None, None, None, NO_GROUP, NO_GROUP),
    # Autumn: 4 responses in the whole wave.
    "Sales autumn check": _effect(3.57, None, None, "", SMALL_WAVE),
    "Support autumn check": _effect(None, None, None, FEWER, SMALL_WAVE),
    "IT open": _effect(None, None, None, SUBTRACTION),
    # The culture phase is a distribution, not a mean.
    "Sales phase": _effect(None, None, None, NOT_MEASURED, NOT_MEASURED),
    # The whole audience: 52 / 16, then 53 / 16; the autumn wave is too small.
    "Everyone spring": _effect(3.25, 3.31, 0.06),
    "Everyone autumn": _effect(3.31, None, None, "", FEWER),
}


def test_actions_page_shows_each_groups_figures_as_the_results_page(
    scoped, organisation_with_actions, client_for
):
    client = client_for(scoped.user("steering"))
    response = client.get(reverse("assessments:actions", kwargs={"org": scoped.slug}))
    shown = {action.title: effect for action, effect in response.context["effects"]}
    assert shown == EXPECTED


def test_each_departments_figure_is_the_results_pages(scoped, organisation_with_actions):
    """Every department figure equals the results page filtered to that department."""
    actions = Action.objects.select_related("wave__instrument", "follow_up_wave__instrument")
    compared = 0
    for action, effect in services.action_effects(list(actions.filter(department__isnull=False))):
        for wave, value in (
            (action.wave, effect["before"]),
            (action.follow_up_wave, effect["after"]),
        ):
            if wave is None:
                continue
            results = wave_results(wave=wave, group_key=str(action.department_id))
            means = [
                scale.mean
                for scale in results.scales
                if scale.scale.key == action.scale_key and scale.visible
            ]
            shown = results.selected is not None and results.visible and means
            assert value == (means[0] if shown else None), (action.title, wave.title)
            compared += 1
    assert compared == 15


def test_actions_page_shows_only_what_the_worker_released(scoped, instruments, client_for):
    """As the results page: reading writes nothing; the figure follows the worker's release."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.tasks import release_wave_results

    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["pulse"], title="Open")
    answer_many(wave, 5, _sentiment(2), department=sales)
    answer_many(wave, 5, _sentiment(4), department=support)
    services.create_action(
        wave=wave,
        actor=scoped.user("coordinator"),
        scale_key="ai-sentiment",
        finding="Low sentiment",
        title="Sales clinic",
        owner=scoped.user("champion"),
        due_date=timezone.localdate(),
        department=sales,
    )
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:actions", kwargs={"org": scoped.slug})
    client.get(url)  # the session's first save is not the page's doing
    with CaptureQueriesContext(connection) as queries:
        [(_action, waiting)] = client.get(url).context["effects"]
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert waiting["before"] is None
    assert not ResultRelease.objects.filter(wave=wave).exists()

    release_wave_results(organisation_id=scoped.organisation.pk, wave_id=wave.pk)
    [(_action, effect)] = client.get(url).context["effects"]
    assert effect == _effect(2.0, None)
    assert ResultRelease.objects.get(wave=wave).responses == 10


def test_group_scale_means_are_the_results_page_of_each_group(scoped, organisation_with_actions):
    waves = list(organisation_with_actions.values())
    means = group_scale_means(waves=waves)

    def shown(scales):
        return [(s.scale.key, s.n, s.mean, s.visible, s.reason) for s in scales]

    for wave in waves:
        groups = wave_results(wave=wave).groups
        assert set(means[wave.pk]) == {group.key for group in groups}
        for group in groups:
            results = wave_results(wave=wave, group_key=group.key)
            entry = means[wave.pk][group.key]
            assert (entry.visible, entry.reason) == (results.visible, results.reason)
            assert shown(entry.scales) == shown(results.scales)
