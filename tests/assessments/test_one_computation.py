"""One `wave_results` per wave and filter per reading request: overview, results partial."""

from collections import Counter

import pytest
from django.urls import reverse

from assessments import results
from assessments.results import waves
from tests.assessments.factories import answer_many, install, open_wave, publish
from transformation.memo import memoised, request_memo

READINESS = {
    **{f"commitment-{n}": 4 for n in range(1, 6)},
    **{f"efficacy-{n}": 3 for n in range(1, 8)},
}
PULSE = {"enps": 9, "sentiment-easier": 4, "sentiment-help": 4, "culture-phase": 3}


@pytest.fixture
def computed(monkeypatch):
    """Which (wave, group) the results were computed for, each time they were."""
    calls: Counter = Counter()
    compute = waves._wave_results

    def counting(*, wave, group_key, **kwargs):
        calls[(wave.pk, group_key)] += 1
        return compute(wave=wave, group_key=group_key, **kwargs)

    monkeypatch.setattr(waves, "_wave_results", counting)
    return calls


def _published(scoped, instrument, values, title):
    wave = open_wave(scoped.organisation, instrument, title=title)
    for department in scoped.departments.values():
        answer_many(wave, 6, values, department=department)
    return publish(wave)


def test_overview_computes_each_wave_once(scoped, instruments, client_for, computed):
    readiness = _published(scoped, instruments["readiness"], READINESS, "Readiness")
    pulse = _published(scoped, instruments["pulse"], PULSE, "Pulse")
    client = client_for(scoped.user("steering"))

    page = client.get(reverse("overview", kwargs={"org": scoped.slug}))

    body = page.content.decode()
    assert "Change readiness per department" in body and "<strong>3.50</strong>" in body
    # The surveys card and the readiness card share the readiness wave, eNPS reads the pulse.
    assert computed == {(readiness.pk, None): 1, (pulse.pk, None): 1}
    client.get(reverse("overview", kwargs={"org": scoped.slug}))
    # The next request reads them from the cache: nothing they are computed from changed.
    assert computed == {(readiness.pk, None): 1, (pulse.pk, None): 1}


def test_results_partial_computes_only_the_figures(
    scoped, instruments, client_for, computed, monkeypatch
):
    wave = _published(scoped, instruments["readiness"], READINESS, "Readiness")
    others = Counter()

    def counting(name):
        compute = getattr(results, name)

        def count(*, wave):
            others[name] += 1
            return compute(wave=wave)

        return count

    for name in ("trend", "response_rate"):
        monkeypatch.setattr(results, name, counting(name))
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk})
    sales = str(scoped.departments["Sales"].pk)

    partial = client.get(url, {"group": sales}, headers={"HX-Request": "true"})

    assert partial.content.decode().lstrip().startswith('<div id="figures">')
    assert computed == {(wave.pk, sales): 1}
    assert others == {}
    client.get(url)
    assert computed == {(wave.pk, sales): 1, (wave.pk, None): 1}
    assert others == {"trend": 1, "response_rate": 1}


def test_memo_computes_once_inside_and_every_time_outside():
    calls = []

    def compute():
        calls.append(1)
        return object()

    first, second = memoised("key", compute), memoised("key", compute)
    assert first is not second and len(calls) == 2
    with request_memo():
        inside = memoised("key", compute)
        assert memoised("key", compute) is inside
        assert memoised("other", compute) is not inside
    assert len(calls) == 4
    assert memoised("key", compute) is not inside


def test_shared_results_follow_every_change_they_are_computed_from(
    scoped, instruments, client_for, computed, settings, django_capture_on_commit_callbacks
):
    """The sceptic's reload: a new release, a renamed department, another minimum group
    size and another language each show at once, never the figures cached before."""
    from transformation.models import Department

    wave = open_wave(scoped.organisation, instruments["readiness"], title="Readiness")
    for department in scoped.departments.values():
        answer_many(wave, 6, READINESS, department=department)
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk})
    with django_capture_on_commit_callbacks(execute=True):
        answer_many(wave, 1, READINESS, department=scoped.departments["Sales"])
    first = client.get(url).content.decode()
    assert "12 responses" in first or "13 responses" in first
    assert client.get(url).content.decode().count("Sales") == first.count("Sales")
    assert computed[(wave.pk, None)] == 1  # the reload was served from the cache

    publish(wave)  # the final release adds the answers waiting so far
    assert "13 responses" in client.get(url).content.decode()
    assert computed[(wave.pk, None)] == 2

    Department.objects.filter(pk=scoped.departments["Sales"].pk).update(name="Field Sales")
    renamed = client.get(url).content.decode()
    assert "Field Sales" in renamed
    assert computed[(wave.pk, None)] == 3

    settings.SURVEY_MIN_GROUP_SIZE = 7
    hidden = client.get(url).content.decode()
    assert "Hidden: fewer than 7 responses." in hidden
    assert computed[(wave.pk, None)] == 4

    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert "weniger als 7" in german
    assert computed[(wave.pk, None)] == 5


def test_cached_results_never_reach_another_organisation(
    scoped, instruments, other_tenant, client_for
):
    """The other organisation's wave is computed and cached first; nothing of it leaks."""
    from django_scopes import scope

    with scope(organisation=other_tenant.organisation):
        theirs = open_wave(
            other_tenant.organisation, install(other_tenant.organisation)["readiness"], title="T"
        )
        answer_many(theirs, 7, {**READINESS, "commitment-1": 1}, department=None)
        publish(theirs)
        results.wave_results(wave=theirs)  # cached under their wave
    ours = _published(scoped, instruments["readiness"], READINESS, "Ours")
    client = client_for(scoped.user("steering"))
    own = client.get(reverse("assessments:results", kwargs={"org": scoped.slug, "pk": ours.pk}))
    assert "12 responses" in own.content.decode() and "7 responses" not in own.content.decode()
    url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": theirs.pk})
    assert client.get(url).status_code == 404
    url = reverse("assessments:results", kwargs={"org": other_tenant.slug, "pk": theirs.pk})
    assert client.get(url).status_code in (403, 404)
