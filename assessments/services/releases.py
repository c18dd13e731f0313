"""Results of a wave are published in releases, so no figure ever moves by one person.

Comparing a result before and after one more answer shows that answer. So
every output (pages, filters, CSV, cards, the board report, other apps'
figures) reads only released responses, and new responses join a release
only as a step in which every cell a figure can be built from grows by at
least the minimum group size: each department, each audience group within
it, each question answered in it and, for reliability, the respondents who
answered every item of a scale. New comments need the comment minimum
of new responses in their department. While the wave is open a release is
made as soon as the waiting answers form such a step; when it closes, the
final release adds the rest under the same rule. The first release while the
wave is open is a step counted from zero; only a final release with nothing
released before it needs no step (there is nothing to compare it with), so a
wave whose results were never released publishes every answer when it
closes. Answers that cannot form a step after an earlier release stay out of
the results for good.

Releases are made by a worker, never by a reader: reading results (pages,
CSV, cards, the board report, other apps' figures) only reads
`latest_release`, so a GET writes nothing and never waits for a release (half
a minute at 5,000 responses). `release_due_results` runs in the task
`assessments.tasks.release_wave_results`, queued after an answer commits and
when a wave is closed, and queued every minute by the beat's sweep
(`release_waiting_results`) for open waves with waiting answers and closed
waves without their final release (closed by time, or a message lost while
the broker was down). So a new step shows a moment after the answer that
completed it, and a closed wave's final figures within a minute.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict

from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery

from assessments.confidentiality import min_comment_group_size, min_group_size
from assessments.models import Answer, Item, Response, ResultRelease, Scale, Wave
from assessments.services.mixing import mix_answers
from assessments.services.tallies import add_release_to_tallies
from transformation.identity.counters import UNAVAILABLE

SCORED = (Scale.Kind.MEAN, Scale.Kind.LEVELS)


class _StepBroken(Exception):
    """A response arrived between the check and the release; try again next time."""


def _audience(outer: str) -> Subquery:
    return Subquery(
        Answer.objects.filter(
            response=OuterRef(outer), item__scale__kind=Scale.Kind.AUDIENCE, value__isnull=False
        ).values("value")[:1]
    )


def forms_a_step(*, wave: Wave, selection: Q) -> bool:
    """Whether the selected responses can be published as one step (two queries).

    Every (department, audience group) cell and every question answered in it
    gains none or at least the minimum; a department with new comments gains
    at least the comment minimum of responses.
    """
    minimum, comment_minimum = min_group_size(), min_comment_group_size()
    responses: dict[int | None, int] = defaultdict(int)
    for department, _audience_value, n in (
        Response.objects.filter(selection, wave=wave)
        .annotate(audience=_audience("pk"))
        .values_list("department", "audience")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if n < minimum:
            return False
        responses[department] += n
    for department, _audience_value, item_type, n in (
        Answer.objects.filter(selection, wave=wave)
        .exclude(value__isnull=True, text="")
        .annotate(audience=_audience("response"))
        .values_list("department", "audience", "item__type")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    ):
        if item_type == Item.Type.TEXT:
            if responses[department] < comment_minimum:
                return False
        elif n < minimum:
            return False
    return _complete_cases_form_a_step(wave=wave, selection=selection, minimum=minimum)


def _complete_cases_form_a_step(*, wave: Wave, selection: Q, minimum: int) -> bool:
    """Cronbach's alpha counts the respondents who answered every item of a scale
    (shown as its n): with optional items, that count must move in steps too."""
    sizes = dict(
        Item.objects.filter(instrument=wave.instrument, scale__kind__in=SCORED)
        .exclude(type=Item.Type.MULTIPLE)
        .values_list("scale")
        .annotate(k=Count("pk"))
        .order_by()
    )
    complete: dict[tuple, int] = defaultdict(int)
    for department, audience, scale_id, answered in (
        Answer.objects.filter(
            selection, wave=wave, item__scale__kind__in=SCORED, value__isnull=False
        )
        .exclude(item__type=Item.Type.MULTIPLE)
        .annotate(audience=_audience("response"))
        .values_list("department", "audience", "item__scale", "response")
        .annotate(answered=Count("item", distinct=True))
        .values_list("department", "audience", "item__scale", "answered")
        .order_by()
    ):
        if sizes.get(scale_id, 0) >= 2 and answered == sizes[scale_id]:
            complete[(department, audience, scale_id)] += 1
    return all(n >= minimum for n in complete.values())


def latest_release(wave: Wave) -> ResultRelease | None:
    """The published state every reader shows (one query, no write)."""
    return ResultRelease.objects.filter(wave=wave).order_by("-number").first()


def release_due_results(*, wave: Wave) -> ResultRelease | None:
    """Publish the waiting answers if they form a step (or the wave closed); the latest release.

    Mixes the wave, writes a ResultRelease, marks the released responses and
    answers and counts them into the tallies. For workers only (the task
    `release_wave_results`): a release can take half a minute. Idempotent: it
    writes only when a release is due, and two runs at once meet on the wave's lock.
    """
    latest = latest_release(wave)
    if (latest is not None and latest.is_final) or wave.purged_at is not None:
        return latest
    closed = wave.status == "closed"
    pending = Q(release__isnull=True)
    waiting = Response.objects.filter(wave=wave, release__isnull=True).exists()
    if not waiting and not closed:
        return latest
    # A first release of a closed wave publishes everything whether or not it forms a
    # step (there is nothing to compare it with), so the check is skipped.
    first_and_final = closed and latest is None
    step = waiting and not first_and_final and forms_a_step(wave=wave, selection=pending)
    if not closed and not step:
        return latest
    try:
        return _release(wave=wave, previous=latest, include=step or latest is None, final=closed)
    except _StepBroken:
        return latest_release(wave)


def latest_releases(waves: list[Wave]) -> dict[int, ResultRelease | None]:
    """`latest_release` of several waves in one query (no write): wave id -> release."""
    latest: dict[int, ResultRelease | None] = {wave.pk: None for wave in waves}
    for release in ResultRelease.objects.filter(wave__in=waves).order_by("number"):
        latest[release.wave_id] = release
    return latest


@transaction.atomic
def _release(
    *, wave: Wave, previous: ResultRelease | None, include: bool, final: bool
) -> ResultRelease:
    Wave.objects.select_for_update().filter(pk=wave.pk).first()
    current = latest_release(wave)
    if (current and current.pk) != (previous and previous.pk):
        return current  # another worker released meanwhile
    # Under the wave's lock no answer is being stored: every waiting response is mixed
    # before it is released, so results never contain rows still linkable to a person.
    mix_answers(wave=wave)
    release = ResultRelease.objects.create(
        organisation=wave.organisation,
        wave=wave,
        number=previous.number + 1 if previous else 1,
        is_final=final,
    )
    waiting = Response.objects.filter(wave=wave, release__isnull=True)
    if not include:
        release.held_back = waiting.count()
    else:
        release.responses = waiting.update(release=release)
        Answer.objects.filter(wave=wave, release__isnull=True, response__release=release).update(
            release=release
        )
        # Responses stored between the check and the update joined this release
        # unchecked: check the release itself again, or roll it back.
        if previous is not None and not forms_a_step(wave=wave, selection=Q(release=release)):
            raise _StepBroken
    # Results read the tallies: the released answers are counted in this transaction.
    add_release_to_tallies(release=release, previous=previous)
    release.save(update_fields=["responses", "held_back", "tallied"])
    return release


# One release-and-mix task per wave waits in the queue at a time, and it starts a few
# seconds after the answer that queued it: a burst of answers is checked and mixed
# together rather than once per answer (each check reads the waiting answers, and a mix
# rewrites the wave). Claimed after the answer commits, given up by the task as it
# starts, before it reads: an answer that commits later queues the next one.
BATCH_SECONDS = 5
QUEUED_SECONDS = 60  # a claim whose task never ran (broker down) ends; the sweep covers it


def _queued_key(wave_id: int) -> str:
    return f"release-queued:{wave_id}"


def queue_release(*, organisation_id: int, wave_id: int) -> None:
    """After an answer: queue `release_wave_results` unless one for this wave waits already."""
    from assessments.tasks import release_wave_results

    def queue() -> None:
        try:
            claimed = caches["default"].add(_queued_key(wave_id), 1, QUEUED_SECONDS)
        except UNAVAILABLE:
            claimed = True  # without the cache every answer queues its own check
        if claimed:
            release_wave_results.delay_on_commit(
                organisation_id=organisation_id, wave_id=wave_id, countdown=BATCH_SECONDS
            )

    transaction.on_commit(queue)


def starting_release(wave_id: int) -> None:
    """The task starts: answers committed from now on queue the next one."""
    with contextlib.suppress(*UNAVAILABLE):
        caches["default"].delete(_queued_key(wave_id))
