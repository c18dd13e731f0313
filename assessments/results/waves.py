"""All result figures of one wave: scales, bars, alpha, eNPS, choices, comments, heatmap."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.confidentiality import (
    Group,
    comments_visible,
    department_groups,
    min_comment_group_size,
    min_group_size,
)
from assessments.models import Answer, Item, ResultRelease, Scale, Wave
from assessments.results.groups import (
    ScaleCounts,
    all_departments,
    department_selection,
)
from assessments.results.levels import add_gaps
from assessments.results.records import (
    Bar,
    GroupMeans,
    HeatCell,
    HeatRow,
    ScaleResult,
    WaveResults,
)
from assessments.results.scoring import (
    AGREEMENT_LABELS,
    SCORED_KINDS,
    enps,
    instrument_items,
    item_scales,
    items_per_instrument,
    scored_sum,
)
from assessments.results.sources import (
    Figures,
    TallyFigures,
    department_counts_per_wave,
    ensure_tallied,
    scored_scale_counts_per_wave,
    scored_value_counts_per_wave,
)
from transformation.memo import memoised, shared, shared_key
from transformation.models import Department


def wave_results(*, wave: Wave, group_key: str | None = None) -> WaveResults:
    """All result figures of a wave, or of one department group, with hidden parts marked.

    Read from the wave's tallies (a fixed number of queries whatever the number of
    responses), and computed once per reading request (the overview's cards ask for
    the same wave); the figures are read-only for every caller.
    """
    return memoised(
        ("wave_results", wave.pk, group_key or None),
        lambda: _shared_wave_results(wave=wave, group_key=group_key),
    )


def _shared_wave_results(*, wave: Wave, group_key: str | None) -> WaveResults:
    """`_wave_results`, kept in the cache until anything it is computed from changes.

    Results change only with a new release (made by a worker), the wave's purge,
    the organisation's departments (grouping and labels), the minimum group sizes
    and the reader's language (reasons are worded when computed): the key holds
    all of them, so a reader never sees stale figures and a thousand departments
    are grouped once per release, not once per page view.
    """
    from assessments.services.releases import latest_release

    release = latest_release(wave)
    departments = all_departments()
    key = shared_key(
        "wave-results",
        wave.organisation_id,
        wave.pk,
        getattr(release, "pk", None),
        getattr(release, "tallied", None),
        wave.purged_at,
        group_key or "",
        min_group_size(),
        min_comment_group_size(),
        get_language(),
        [(d.pk, d.name, d.parent_id) for d in departments],
    )
    results = shared(
        key,
        lambda: _wave_results(
            wave=wave, group_key=group_key, release=release, departments=departments
        ),
    )
    results.wave = wave  # the caller's own object (its title may have changed)
    return results


def group_scale_means(*, waves: Iterable[Wave]) -> dict[int, dict[str, GroupMeans]]:
    """The scored scales' means of every department group of several waves, keyed by wave id
    and group key, each as `wave_results(wave=..., group_key=key)` shows it: the same release,
    minimum, roll-up and subtraction rules, and the same reasons. A department that has no
    group of its own in a wave (no responses, or rolled up into its parent) has no entry.

    The tallies of all the waves are read at once: a fixed number of queries whatever the
    number of waves and departments. Like every reader it only reads the published
    releases (the worker makes them).
    """
    from assessments.services.releases import latest_releases

    waves = list(waves)
    if not waves:
        return {}
    minimum = min_group_size()
    releases = latest_releases(waves)
    # As `TallyFigures`: a wave whose latest release is counted has all its releases counted.
    stale = [wave for wave in waves if not (releases[wave.pk] and releases[wave.pk].tallied)]
    if stale:
        ensure_tallied(stale)
    departments = all_departments()
    counts = department_counts_per_wave(waves)
    scale_counts = scored_scale_counts_per_wave(waves)
    value_counts = scored_value_counts_per_wave(waves)
    items = items_per_instrument({wave.instrument_id for wave in waves})
    means: dict[int, dict[str, GroupMeans]] = {}
    for wave in waves:
        wave_counts = counts.get(wave.pk, {})
        total_n = sum(wave_counts.values())
        groups = department_groups(wave_counts, departments, minimum)
        by_scale: dict[int, list[Item]] = defaultdict(list)
        for item in items[wave.instrument_id]:
            by_scale[item.scale_id].append(item)
        scales = [s for s in item_scales(items[wave.instrument_id]) if s.kind in SCORED_KINDS]
        wave_scale_counts = scale_counts.get(wave.pk, ScaleCounts([]))
        visible_groups = {
            scale.pk: wave_scale_counts.visible_groups(scale.pk, groups, minimum)
            for scale in scales
        }
        means[wave.pk] = {}
        for group in groups:
            if total_n < minimum:
                entry = GroupMeans(group, visible=False, reason=_small_wave_reason(minimum))
            elif not group.visible:
                entry = GroupMeans(group, visible=False, reason=group.reason)
            else:
                entry = GroupMeans(group)
                group_values = _summed(value_counts[wave.pk], group.department_ids)
                for scale in scales:
                    n = wave_scale_counts.n(scale.pk, group.department_ids)
                    shown = _scale_shown(group, n, visible_groups[scale.pk], minimum)
                    entry.scales.append(
                        _scale_mean(scale, by_scale[scale.pk], n, group_values, minimum, shown)
                    )
            means[wave.pk][group.key] = entry
    return means


def _summed(
    by_department: dict[int | None, dict[int, dict[int, int]]], department_ids: list[int | None]
) -> dict[int, dict[int, int]]:
    """Answers per item and value, summed over these departments."""
    summed: dict[int, dict[int, int]] = defaultdict(dict)
    for department in department_ids:
        for item_id, values in by_department.get(department, {}).items():
            for value, n in values.items():
                summed[item_id][value] = summed[item_id].get(value, 0) + n
    return summed


def _wave_results(
    *,
    wave: Wave,
    group_key: str | None,
    source: type[Figures] = TallyFigures,
    release: ResultRelease | None = None,
    departments: list[Department] | None = None,
) -> WaveResults:
    from assessments.services.releases import latest_release

    minimum = min_group_size()
    # Only read: releases are made by a worker (see services/releases.py), never here.
    if release is None:  # not read by the caller (or none yet: one more query)
        release = latest_release(wave)
    figures = source(wave, release)
    counts = figures.counts()
    if departments is None:
        departments = all_departments()
    total_n, groups = sum(counts.values()), department_groups(counts, departments, minimum)
    results = WaveResults(wave=wave, minimum=minimum, total_n=total_n, groups=groups)
    results.release = release
    if group_key:
        results.selected = next((g for g in groups if g.key == group_key), None)
    if total_n < minimum:
        results.visible = False
        results.reason = _small_wave_reason(minimum)
        return results
    if results.selected is not None and not results.selected.visible:
        results.visible = False
        results.reason = results.selected.reason
        return results
    items = instrument_items(wave.instrument)
    scales = item_scales(items)
    department_ids = results.selected.department_ids if results.selected else None
    selection = department_selection(department_ids)
    answers = Answer.objects.filter(wave=wave, release__isnull=False)

    value_counts = figures.value_counts(department_ids)
    # Per department and scale: optional items leave a scale with fewer respondents than
    # the group has responses, and every figure of the scale must respect the minimum.
    scale_counts = figures.scale_counts()
    alpha_by_scale = figures.alphas(items, department_ids)
    people = figures.people(items, department_ids)
    by_scale: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_scale[item.scale_id].append(item)

    visible_groups = {
        scale.pk: scale_counts.visible_groups(scale.pk, groups, minimum) for scale in scales
    }
    for scale in scales:
        scale_items = by_scale[scale.pk]
        n = scale_counts.n(scale.pk, department_ids)
        shown = _scale_shown(results.selected, n, visible_groups[scale.pk], minimum)
        if scale.kind in SCORED_KINDS:
            results.scales.append(
                _scale_result(
                    scale, scale_items, n, value_counts, alpha_by_scale, minimum, shown, people
                )
            )
        elif scale.kind == Scale.Kind.ENPS and shown:
            _add_enps(results, value_counts.get(scale_items[0].pk, {}))
        elif scale.kind == Scale.Kind.PHASE and shown:
            _add_phases(results, scale_items[0], value_counts.get(scale_items[0].pk, {}))
        elif scale.kind == Scale.Kind.CHOICE and shown:
            for item in scale_items:
                results.choices.append(
                    (item, n, _option_bars(item, value_counts.get(item.pk, {}), n))
                )
    if any(scale.kind == Scale.Kind.TEXT for scale in scales):
        _add_comments(results, answers.filter(selection), counts, departments, department_ids)
    _add_heatmap(results, figures, scales, by_scale, groups, scale_counts, visible_groups, minimum)
    add_gaps(results, figures, scales, items, value_counts, department_ids, minimum)
    return results


def _option_bars(item: Item, counts: dict[int, int], total: int) -> list[Bar]:
    """One bar per option of a phase or choice item, in the item's option order."""
    return [
        Bar(
            o["value"],
            item.option_label(o["value"]),
            counts.get(o["value"], 0),
            100 * counts.get(o["value"], 0) / total,
        )
        for o in item.options
    ]


def _add_enps(results: WaveResults, counts: dict[int, int]) -> None:
    total = sum(counts.values())
    promoters = sum(c for v, c in counts.items() if v >= 9)
    detractors = sum(c for v, c in counts.items() if v <= 6)
    results.enps, results.enps_n = enps(promoters, detractors, total), total
    results.enps_bars = [
        Bar(v, str(v), counts.get(v, 0), 100 * counts.get(v, 0) / total) for v in range(11)
    ]


def _add_phases(results: WaveResults, item: Item, counts: dict[int, int]) -> None:
    total = sum(counts.values())
    results.phase_n = total
    results.phases = _option_bars(item, counts, total)


def _add_comments(
    results: WaveResults,
    answers: QuerySet[Answer],
    counts: dict[int | None, int],
    departments: list[Department],
    department_ids: list[int | None] | None,
) -> None:
    """The free-text answers, shuffled, when the comment group rules allow them."""
    if comments_visible(counts, departments, department_ids):
        comments = list(
            answers.filter(item__scale__kind=Scale.Kind.TEXT)
            .exclude(text="")
            .values_list("text", flat=True)
        )
        # Shuffled, and no dates exist to show: order must not hint at who wrote what.
        _shuffle(comments, results.release, department_ids)
        results.comments = comments
    else:
        results.comments_reason = _(
            "Comments are shown only for groups of at least %(n)s responses "
            "(and when the rest of the organisation is as large)."
        ) % {"n": min_comment_group_size()}


def _shuffle(comments: list[str], release, department_ids) -> None:
    """A random order that stays the same for one release, so comment pages never overlap.

    The seed is a keyed hash of the release (unknowable without SECRET_KEY), so the
    order is as unrelated to the answers' storage order as a fresh shuffle, and the
    next release brings a new one.
    """
    scope = ",".join(map(str, department_ids)) if department_ids else "all"
    seed = salted_hmac(
        "comment-order", f"{getattr(release, 'pk', None)}:{scope}", algorithm="sha256"
    ).digest()
    random.Random(seed).shuffle(comments)


def _scale_result(
    scale, scale_items, n, value_counts, alpha_by_scale, minimum, shown, people
) -> ScaleResult:
    result = _scale_mean(scale, scale_items, n, value_counts, minimum, shown)
    if not result.visible:
        return result
    if scale.kind == Scale.Kind.LEVELS:
        first = scale_items[0]
        values = [(o["value"], first.option_label(o["value"])) for o in first.options]
    elif scale_items[0].type == Item.Type.AGREEMENT:
        values = [(v, str(label)) for v, label in AGREEMENT_LABELS.items()]
    else:
        values = [(v, str(v)) for v in range(11)]
    # One count per person (their mean over the scale's items, rounded half up), so the
    # bars add up to the people who answered, not to people × items.
    by_person = people.get(scale.pk, {})
    result.people = sum(by_person.values())
    result.bars = [
        Bar(
            v,
            label,
            by_person.get(v, 0),
            100 * by_person.get(v, 0) / result.people if result.people else 0,
        )
        for v, label in values
    ]
    alpha, alpha_n = alpha_by_scale.get(scale.pk, (None, 0))
    if alpha_n >= minimum and alpha is not None:
        result.alpha, result.alpha_n = round(alpha, 2), alpha_n
    elif _alpha_items(scale_items) >= 2:
        result.alpha_reason = _alpha_reason(alpha_n, minimum)
    return result


def _small_wave_reason(minimum: int) -> str:
    return _("Hidden: fewer than %(n)s responses in this wave.") % {"n": minimum}


def _scale_shown(selected: Group | None, n: int, visible_groups: set[str], minimum: int) -> bool:
    """Whether a scale's figures show: for the wave, at the minimum; for a group, when the
    scale's own counts keep it visible (see `ScaleCounts.visible_groups`)."""
    if selected is None:
        return n >= minimum
    return selected.key in visible_groups


def _scale_mean(
    scale: Scale,
    scale_items: list[Item],
    n: int,
    value_counts: dict[int, dict[int, int]],
    minimum: int,
    shown: bool,
) -> ScaleResult:
    """A scale's mean (reverse items scored), or why it is hidden."""
    result = ScaleResult(scale=scale, n=n, item_count=len(scale_items))
    if not shown:
        result.visible = False
        if n < minimum:
            result.reason = _("Hidden: fewer than %(n)s responses.") % {"n": minimum}
        else:
            result.reason = _("Hidden so that a smaller group cannot be worked out from the total.")
        return result
    scored: dict[int, int] = defaultdict(int)
    for item in scale_items:
        for value, count in value_counts.get(item.pk, {}).items():
            scored[item.score(value)] += count
    answers = sum(scored.values())
    if answers:
        result.mean = round(sum(v * c for v, c in scored.items()) / answers, 2)
    return result


def _alpha_items(scale_items: list[Item]) -> int:
    return sum(1 for item in scale_items if item.type != Item.Type.MULTIPLE)


def _alpha_reason(complete: int, minimum: int) -> str:
    """Why a scale of several items shows no Cronbach's alpha, in words a reader can act on."""
    if complete < minimum:
        return _(
            "Reliability not shown: fewer than %(n)s people answered every question of this "
            "scale, and alpha needs complete answers."
        ) % {"n": minimum}
    return _(
        "Reliability cannot be computed: everyone who answered every question gave the same "
        "total, so the answers do not vary."
    )


def _add_heatmap(
    results: WaveResults,
    figures: Figures,
    scales: list[Scale],
    by_scale: dict[int, list[Item]],
    groups: list[Group],
    scale_counts: ScaleCounts,
    visible_groups: dict[int, set[str]],
    minimum: int,
) -> None:
    """Scale means per department group against the organisation's mean."""
    heat_scales = [scale for scale in scales if scale.kind in SCORED_KINDS]
    if not heat_scales:
        return
    # One pass over the (department, item) sums gives each department's scored sum per
    # scale; a cell then adds up only its own group's departments (linear in the cells).
    items = {item.pk: item for scale in heat_scales for item in by_scale[scale.pk]}
    per_department: dict[int, dict[int | None, list[int]]] = defaultdict(dict)
    for (department, item_id), (s, c) in figures.department_sums().items():
        item = items.get(item_id)
        if item is None:
            continue
        entry = per_department[item.scale_id].setdefault(department, [0, 0])
        entry[0] += scored_sum(item.type, item.reverse, s, c)
        entry[1] += c

    def mean(department_ids: list[int | None] | None, scale: Scale) -> float | None:
        sums = per_department.get(scale.pk, {})
        chosen = sums.values() if department_ids is None else map(sums.get, department_ids)
        total = count = 0
        for entry in chosen:
            if entry is not None:
                total, count = total + entry[0], count + entry[1]
        return round(total / count, 2) if count else None

    results.heat_scales = heat_scales
    results.org_means = [
        mean(None, scale) if scale_counts.n(scale.pk) >= minimum else None for scale in heat_scales
    ]
    for group in groups:
        cells = []
        for scale, org_mean in zip(heat_scales, results.org_means, strict=True):
            if not group.visible or group.key not in visible_groups[scale.pk]:
                cells.append(HeatCell(None, None))
                continue
            value = mean(group.department_ids, scale)
            delta = round(value - org_mean, 2) if value is not None and org_mean else None
            cells.append(HeatCell(value, delta))
        results.heatmap.append(HeatRow(group, cells))
