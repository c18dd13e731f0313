"""Scale means across waves: the trend of one series and means for several waves."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.confidentiality import min_group_size
from assessments.models import Scale, Wave
from assessments.results.records import Trend, TrendPoint
from assessments.results.scoring import SCORED_KINDS, enps, instrument_items, item_scales
from assessments.results.sources import (
    enps_counts_per_wave,
    respondents_per_wave,
    responses_per_wave,
    scored_sums_per_wave,
)
from transformation.memo import shared, shared_key

COLOURS = ["#1f4e8c", "#1d6b3a", "#8a5300", "#a1231b", "#5a3e8c", "#4b5563"]


def trend(*, wave: Wave, limit: int = 12) -> Trend:
    """Scale means and eNPS of the wave's own series, oldest first.

    One series at a time: the waves of the wave's pulse series, or, for a
    one-off wave, the one-off waves of the same instrument (all versions), so
    a monthly pulse is never drawn on one line with a yearly survey.

    Kept in the cache until one of the series' waves gets a new release or is
    purged (or the reader's language or the minimum group size differs): the
    sums across a thousand departments are added once per release.
    """
    from assessments.services.releases import latest_releases

    if wave.series_id:
        same_series = Q(series_id=wave.series_id)
        title = wave.series.title if wave.series else ""
    else:
        same_series = Q(instrument__key=wave.instrument.key, series__isnull=True)
        title = _("One-off waves of %(instrument)s") % {"instrument": wave.instrument.name}
    waves = list(
        Wave.objects.filter(same_series, opens_at__lte=timezone.now())
        .select_related("instrument")
        .order_by("-opens_at", "-pk")[:limit]
    )[::-1]
    releases = latest_releases(waves)
    state = [
        (
            w.pk,
            w.purged_at,
            getattr(releases[w.pk], "pk", None),
            getattr(releases[w.pk], "tallied", 0),
        )
        for w in waves
    ]
    key = shared_key("trend", wave.pk, title, state, min_group_size(), get_language())
    result = shared(key, lambda: _trend(wave, waves, title))
    by_pk = {w.pk: w for w in waves}
    for point in result.points:  # the live waves (a title may have changed)
        point.wave = by_pk[point.wave.pk]
    return result


def _trend(wave: Wave, waves: list[Wave], title: str) -> Trend:
    minimum = min_group_size()
    scales = [s for s in item_scales(instrument_items(wave.instrument)) if s.kind in SCORED_KINDS]
    counts = responses_per_wave(waves)  # first: it recounts waves whose tallies miss a release
    sums = scored_sums_per_wave(waves)
    # Respondents per wave and scale (a scale of optional questions can fall below the
    # minimum in a wave that reaches it); the eNPS only where its question reaches it.
    answered, enps_respondents = respondents_per_wave(waves)
    enps_rows = {
        wave_id: row
        for wave_id, row in enps_counts_per_wave(waves).items()
        if enps_respondents.get(wave_id, 0) >= minimum
    }
    result = Trend(
        scales=[(s.key, s.text, COLOURS[i % len(COLOURS)]) for i, s in enumerate(scales)],
        points=[],
        levels=any(s.kind == Scale.Kind.LEVELS for s in scales),
        title=title,
    )
    for w in waves:
        if w.purged_at and w.summary:
            n = w.summary.get("n", 0)
            means = w.summary.get("means", {})
            score = w.summary.get("enps")
        else:
            n = counts.get(w.pk, 0)
            means = {
                s.key: round(sums[(w.pk, s.key)][0] / sums[(w.pk, s.key)][1], 2)
                for s in scales
                if sums.get((w.pk, s.key), [0, 0])[1] and answered.get((w.pk, s.key), 0) >= minimum
            }
            score = enps(*enps_rows[w.pk]) if w.pk in enps_rows else None
        if n < minimum:
            result.hidden_waves += 1
            continue
        result.points.append(TrendPoint(w, n, means, score))
    return result


def scale_means(*, waves: Iterable[Wave]) -> dict[tuple[int, str], float]:
    """Organisation-wide scale means for several waves at once, keyed (wave id, scale key).

    Three queries whatever the number of waves; a mean is left out when its
    wave or its scale has fewer responses than the minimum group size.
    """
    minimum = min_group_size()
    waves = list(waves)
    totals = responses_per_wave(waves)  # first: it recounts waves whose tallies miss a release
    answered = respondents_per_wave(waves)[0]  # an eNPS key never has a scored sum
    sums = scored_sums_per_wave(waves)
    return {
        (wave_id, key): round(total / count, 2)
        for (wave_id, key), (total, count) in sums.items()
        if count
        and totals.get(wave_id, 0) >= minimum
        and answered.get((wave_id, key), 0) >= minimum
    }
