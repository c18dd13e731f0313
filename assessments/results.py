"""Confidential-safe survey results, aggregated in the database.

Every figure passes through `assessments.confidentiality`: a page, a filter,
the CSV export, the overview card, the board report and other apps' KPIs all
call these functions, so they all apply the same thresholds. Each function
runs a fixed number of queries whatever the number of responses.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.confidentiality import (
    Group,
    comments_visible,
    department_groups,
    flat_groups,
    min_comment_group_size,
    min_group_size,
)
from assessments.models import Answer, Instrument, Item, Participation, Response, Scale, Wave
from transformation.models import Department

AGREEMENT_LABELS = {
    1: gettext_lazy("Strongly disagree"),
    2: gettext_lazy("Disagree"),
    3: gettext_lazy("Neither agree nor disagree"),
    4: gettext_lazy("Agree"),
    5: gettext_lazy("Strongly agree"),
}
ALPHA_ACCEPTABLE = 0.7
SCORED_KINDS = (Scale.Kind.MEAN, Scale.Kind.LEVELS)
READINESS_SCALES = ("commitment", "efficacy")


def width_class(percent: float) -> str:
    """A CSS width class (w-0 … w-100 in 5 % steps): no inline styles under the CSP."""
    return f"w-{max(0, min(100, 5 * round(percent / 5)))}"


def _points(item_type: str) -> tuple[int, int]:
    return (1, 5) if item_type == Item.Type.AGREEMENT else (0, 10)


def scored_sum(item_type: str, reverse: bool, total: int, count: int) -> int:
    """Sum of scores from the sum of raw values: reverse items score high + low - raw."""
    if not reverse:
        return total
    low, high = _points(item_type)
    return count * (low + high) - total


def enps(promoters: int, detractors: int, n: int) -> int | None:
    """eNPS = % promoters (9-10) − % detractors (0-6), rounded to a whole number."""
    if not n:
        return None
    return round(100 * (promoters - detractors) / n)


def cronbach_alpha(k: int, item_variances: Iterable[float], total_variance: float) -> float | None:
    """alpha = k/(k-1) · (1 − Σ item variances / variance of the total score)."""
    if k < 2 or not total_variance:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


@dataclass
class Bar:
    value: int
    label: str
    count: int
    percent: float

    @property
    def width(self) -> str:
        return width_class(self.percent)


@dataclass
class ScaleResult:
    scale: Scale
    n: int = 0
    mean: float | None = None
    bars: list[Bar] = field(default_factory=list)
    alpha: float | None = None
    alpha_n: int = 0
    visible: bool = True
    reason: str = ""
    item_count: int = 0

    @property
    def alpha_is_low(self) -> bool:
        return self.alpha is not None and self.alpha < ALPHA_ACCEPTABLE

    @property
    def mean_width(self) -> str:
        if self.mean is None:
            return "w-0"
        low, high = (0, 3) if self.scale.kind == Scale.Kind.LEVELS else (1, 5)
        return width_class(100 * (self.mean - low) / (high - low))


@dataclass
class HeatCell:
    mean: float | None
    delta: float | None

    @property
    def tone(self) -> str:
        if self.delta is None:
            return ""
        if self.delta >= 0.3:
            return "heat--high"
        if self.delta <= -0.3:
            return "heat--low"
        return "heat--mid"


@dataclass
class HeatRow:
    group: Group
    cells: list[HeatCell]


@dataclass
class GapRow:
    group: Group
    cells: list[tuple[Scale, float | None, float | None, float | None]]  # scale, mean, target, gap


@dataclass
class RateRow:
    group: Group
    answered: int | None
    rate: float | None

    @property
    def width(self) -> str:
        return width_class(self.rate or 0)


@dataclass
class ResponseRate:
    invited: int
    answered: int
    visible: bool
    rows: list[RateRow]

    @property
    def rate(self) -> float | None:
        if not self.visible or not self.invited:
            return None
        return round(100 * self.answered / self.invited, 1)

    @property
    def width(self) -> str:
        return width_class(self.rate or 0)


@dataclass
class WaveResults:
    wave: Wave
    minimum: int
    total_n: int
    groups: list[Group]
    selected: Group | None = None
    visible: bool = True
    reason: str = ""
    scales: list[ScaleResult] = field(default_factory=list)
    enps: int | None = None
    enps_n: int = 0
    enps_bars: list[Bar] = field(default_factory=list)
    phases: list[Bar] = field(default_factory=list)
    phase_n: int = 0
    choices: list[tuple[Item, int, list[Bar]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    comments_reason: str = ""
    heat_scales: list[Scale] = field(default_factory=list)
    heatmap: list[HeatRow] = field(default_factory=list)
    org_means: list[float | None] = field(default_factory=list)
    gaps: list[GapRow] = field(default_factory=list)
    gap_scales: list[Scale] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.selected.n if self.selected else self.total_n


class ScaleCounts:
    """Respondents per scale and department, so each scale's figures respect the minimum.

    Optional questions leave a scale with fewer respondents than its group has
    responses; a scale's figure for a group is shown only when the scale itself
    reaches the minimum there and no hidden remainder can be worked out.
    """

    def __init__(self, rows: Iterable[tuple[int | None, int, int]]):
        self.by_scale: dict[int, dict[int | None, int]] = defaultdict(dict)
        for department, scale_id, n in rows:
            self.by_scale[scale_id][department] = n

    def n(self, scale_id: int, department_ids: list[int | None] | None = None) -> int:
        counts = self.by_scale.get(scale_id, {})
        if department_ids is None:
            return sum(counts.values())
        return sum(counts.get(pk, 0) for pk in department_ids)

    def visible_groups(self, scale_id: int, groups: list[Group], minimum: int) -> set[str]:
        """Keys of the groups whose figure of this scale may be shown (as for whole groups)."""
        counts = {g.key: self.n(scale_id, g.department_ids) for g in groups if g.visible}
        visible = {key for key, n in counts.items() if n >= minimum}
        hidden_total = self.n(scale_id) - sum(counts[key] for key in visible)
        candidates = sorted(visible, key=lambda key: (counts[key], key))
        while 0 < hidden_total < minimum and candidates:
            key = candidates.pop(0)
            visible.discard(key)
            hidden_total += counts[key]
        return visible


def _items(instrument: Instrument) -> list[Item]:
    return list(
        Item.objects.filter(instrument=instrument)
        .select_related("scale", "instrument")
        .order_by("scale__order", "scale_id", "order", "pk")
    )


def _scales(items: list[Item]) -> list[Scale]:
    scales: dict[int, Scale] = {}
    for item in items:
        scales.setdefault(item.scale_id, item.scale)
    return list(scales.values())


def _departments() -> list[Department]:
    return list(Department.objects.only("pk", "name", "parent_id"))


def department_selection(department_ids: list[int | None] | None) -> Q:
    """Answers of the responses from these departments (None: no department)."""
    if department_ids is None:
        return Q()
    ids = [pk for pk in department_ids if pk is not None]
    condition = Q(department__in=ids)
    if None in department_ids:
        condition |= Q(department__isnull=True)
    return condition


def response_groups(wave: Wave) -> tuple[int, list[Group]]:
    counts = dict(
        Response.objects.filter(wave=wave)
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return sum(counts.values()), department_groups(counts, _departments(), min_group_size())


def wave_results(*, wave: Wave, group_key: str | None = None) -> WaveResults:
    """All result figures of a wave, or of one department group, with hidden parts marked."""
    minimum = min_group_size()
    total_n, groups = response_groups(wave)
    results = WaveResults(wave=wave, minimum=minimum, total_n=total_n, groups=groups)
    if group_key:
        results.selected = next((g for g in groups if g.key == group_key), None)
    if total_n < minimum:
        results.visible = False
        results.reason = _("Hidden: fewer than %(n)s responses in this wave.") % {"n": minimum}
        return results
    if results.selected is not None and not results.selected.visible:
        results.visible = False
        results.reason = results.selected.reason
        return results
    items = _items(wave.instrument)
    scales = _scales(items)
    department_ids = results.selected.department_ids if results.selected else None
    selection = department_selection(department_ids)
    answers = Answer.objects.filter(wave=wave)

    value_counts: dict[int, dict[int, int]] = defaultdict(dict)
    for item_id, value, count in (
        answers.filter(selection, value__isnull=False)
        .values_list("item", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        value_counts[item_id][value] = count
    # Per department and scale: optional items leave a scale with fewer respondents than
    # the group has responses, and every figure of the scale must respect the minimum.
    scale_counts = ScaleCounts(
        answers.exclude(value__isnull=True, text="")
        .values_list("department", "item__scale")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    )
    alphas = _alphas(wave, items, department_ids)
    by_scale: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_scale[item.scale_id].append(item)

    visible_groups = {
        scale.pk: scale_counts.visible_groups(scale.pk, groups, minimum) for scale in scales
    }
    for scale in scales:
        scale_items = by_scale[scale.pk]
        n = scale_counts.n(scale.pk, department_ids)
        if results.selected is None:
            shown = n >= minimum
        else:
            shown = results.selected.key in visible_groups[scale.pk]
        if scale.kind in SCORED_KINDS:
            results.scales.append(
                _scale_result(scale, scale_items, n, value_counts, alphas, minimum, shown)
            )
        elif scale.kind == Scale.Kind.ENPS and shown:
            counts = value_counts.get(scale_items[0].pk, {})
            total = sum(counts.values())
            promoters = sum(c for v, c in counts.items() if v >= 9)
            detractors = sum(c for v, c in counts.items() if v <= 6)
            results.enps, results.enps_n = enps(promoters, detractors, total), total
            results.enps_bars = [
                Bar(v, str(v), counts.get(v, 0), 100 * counts.get(v, 0) / total) for v in range(11)
            ]
        elif scale.kind == Scale.Kind.PHASE and shown:
            item = scale_items[0]
            counts = value_counts.get(item.pk, {})
            total = sum(counts.values())
            results.phase_n = total
            results.phases = [
                Bar(
                    o["value"],
                    item.option_label(o["value"]),
                    counts.get(o["value"], 0),
                    100 * counts.get(o["value"], 0) / total,
                )
                for o in item.options
            ]
        elif scale.kind == Scale.Kind.CHOICE and shown:
            for item in scale_items:
                counts = value_counts.get(item.pk, {})
                results.choices.append(
                    (
                        item,
                        n,
                        [
                            Bar(
                                o["value"],
                                item.option_label(o["value"]),
                                counts.get(o["value"], 0),
                                100 * counts.get(o["value"], 0) / n,
                            )
                            for o in item.options
                        ],
                    )
                )
    group_n = results.n
    if any(scale.kind == Scale.Kind.TEXT for scale in scales):
        if comments_visible(group_n, total_n):
            comments = list(
                answers.filter(selection, item__scale__kind=Scale.Kind.TEXT)
                .exclude(text="")
                .values_list("text", flat=True)
            )
            # Shuffled, and no dates exist to show: order must not hint at who wrote what.
            random.shuffle(comments)
            results.comments = comments
        else:
            results.comments_reason = _(
                "Comments are shown only for groups of at least %(n)s responses "
                "(and when the rest of the organisation is as large)."
            ) % {"n": min_comment_group_size()}
    _heatmap(results, wave, scales, by_scale, groups, scale_counts, visible_groups, minimum)
    _gaps(results, wave, scales, items, value_counts, selection, minimum)
    return results


def _scale_result(scale, scale_items, n, value_counts, alphas, minimum, shown) -> ScaleResult:
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
    if scale.kind == Scale.Kind.LEVELS:
        first = scale_items[0]
        values = [(o["value"], first.option_label(o["value"])) for o in first.options]
    elif scale_items[0].type == Item.Type.AGREEMENT:
        values = [(v, str(label)) for v, label in AGREEMENT_LABELS.items()]
    else:
        values = [(v, str(v)) for v in range(11)]
    result.bars = [
        Bar(v, label, scored.get(v, 0), 100 * scored.get(v, 0) / answers if answers else 0)
        for v, label in values
    ]
    alpha, alpha_n = alphas.get(scale.pk, (None, 0))
    if alpha_n >= minimum:
        result.alpha, result.alpha_n = (round(alpha, 2) if alpha is not None else None), alpha_n
    return result


def _alphas(
    wave: Wave, items: list[Item], department_ids: list[int | None] | None
) -> dict[int, tuple[float | None, int]]:
    """Cronbach's alpha per scored scale over the respondents who answered every item.

    One SQL statement: item variances and the variance of the total score,
    both over complete cases (listwise deletion).
    """
    scored = [
        item
        for item in items
        if item.scale.kind in SCORED_KINDS and item.type != Item.Type.MULTIPLE
    ]
    k_by_scale: dict[int, int] = defaultdict(int)
    for item in scored:
        k_by_scale[item.scale_id] += 1
    scored = [item for item in scored if k_by_scale[item.scale_id] >= 2]
    if not scored:
        return {}
    answer, item_table = Answer._meta.db_table, Item._meta.db_table
    score_cases = " ".join(
        f"WHEN {int(item.pk)} THEN {sum(item.points)} - a.value" for item in scored if item.reverse
    )
    score = f"CASE a.item_id {score_cases} ELSE a.value END" if score_cases else "a.value"
    k_cases = " ".join(f"WHEN {int(pk)} THEN {int(k)}" for pk, k in k_by_scale.items() if k >= 2)
    params: list = [wave.pk, *[item.pk for item in scored]]
    item_marks = ", ".join(["%s"] * len(scored))
    department_filter = ""
    if department_ids is not None:
        ids = [pk for pk in department_ids if pk is not None]
        parts = []
        if ids:
            parts.append(f"a.department_id IN ({', '.join(['%s'] * len(ids))})")
            params += ids
        if None in department_ids:
            parts.append("a.department_id IS NULL")
        department_filter = f"AND ({' OR '.join(parts)})"
    sql = f"""
        WITH scored AS (
            SELECT a.response_id AS rid, i.scale_id AS sid, a.item_id AS iid, {score} AS s
            FROM {answer} a
            JOIN {item_table} i ON i.id = a.item_id
            WHERE a.wave_id = %s AND a.item_id IN ({item_marks}) AND a.value IS NOT NULL
            {department_filter}
        ),
        complete AS (
            SELECT rid, sid, SUM(s) AS total FROM scored GROUP BY rid, sid
            HAVING COUNT(*) = CASE sid {k_cases} ELSE -1 END
        )
        SELECT sid, NULL AS iid, VAR_SAMP(total), COUNT(*) FROM complete GROUP BY sid
        UNION ALL
        SELECT s.sid, s.iid, VAR_SAMP(s.s), COUNT(*) FROM scored s
        JOIN complete c ON c.rid = s.rid AND c.sid = s.sid
        GROUP BY s.sid, s.iid
    """  # noqa: S608 - only integer ids and placeholders are interpolated
    totals: dict[int, tuple[float, int]] = {}
    item_variances: dict[int, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for sid, iid, variance, count in cursor.fetchall():
            if iid is None:
                totals[sid] = (float(variance or 0), int(count))
            else:
                item_variances[sid].append(float(variance or 0))
    return {
        sid: (cronbach_alpha(k_by_scale[sid], item_variances[sid], variance), count)
        for sid, (variance, count) in totals.items()
    }


def _department_sums(wave: Wave) -> dict[tuple[int | None, int], tuple[int, int]]:
    rows = (
        Answer.objects.filter(wave=wave, item__scale__kind__in=SCORED_KINDS, value__isnull=False)
        .values_list("department", "item")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    )
    return {(department, item): (total, count) for department, item, total, count in rows}


def _heatmap(
    results: WaveResults, wave, scales, by_scale, groups, scale_counts, visible_groups, minimum
) -> None:
    heat_scales = [scale for scale in scales if scale.kind in SCORED_KINDS]
    if not heat_scales:
        return
    sums = _department_sums(wave)
    items = {item.pk: item for scale in heat_scales for item in by_scale[scale.pk]}

    def mean(department_ids: list[int | None] | None, scale: Scale) -> float | None:
        total = count = 0
        for (department, item_id), (s, c) in sums.items():
            item = items.get(item_id)
            if item is None or item.scale_id != scale.pk:
                continue
            if department_ids is not None and department not in department_ids:
                continue
            total += scored_sum(item.type, item.reverse, s, c)
            count += c
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


def _hide_audience_groups_against_the_whole(
    groups: list[Group], wave: Wave, audience: Item, minimum: int
) -> None:
    """Within one department group, an audience group is also shown for the whole wave:
    the two filters overlap, so their difference (the same audience elsewhere) must be
    zero or at least the minimum, or its figure could be worked out by subtraction."""
    everywhere = dict(
        Answer.objects.filter(wave=wave, item=audience, value__isnull=False)
        .values_list("value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group in groups:
        rest = everywhere.get(int(group.key), 0) - group.n
        if group.visible and 0 < rest < minimum:
            group.visible = False
            group.reason = _("Hidden so that a smaller group cannot be worked out from the total.")


def _gaps(results, wave, scales, items, value_counts, selection, minimum) -> None:
    audience = next((item for item in items if item.scale.kind == Scale.Kind.AUDIENCE), None)
    level_scales = [scale for scale in scales if scale.kind == Scale.Kind.LEVELS]
    if audience is None or not level_scales:
        return
    counts = value_counts.get(audience.pk, {})
    labels = {str(o["value"]): audience.option_label(o["value"]) for o in audience.options}
    groups = flat_groups({str(v): c for v, c in counts.items()}, labels, minimum)
    if results.selected is not None:
        _hide_audience_groups_against_the_whole(groups, wave, audience, minimum)
    from django.db.models import Avg, OuterRef, Subquery

    group_value = Subquery(
        Answer.objects.filter(response=OuterRef("response"), item=audience).values("value")[:1]
    )
    means = {
        (str(group), scale_id): value
        for group, scale_id, value in Answer.objects.filter(
            selection, wave=wave, item__scale__kind=Scale.Kind.LEVELS
        )
        .annotate(audience=group_value)
        .values_list("audience", "item__scale")
        .annotate(mean=Avg("value"))
        .order_by()
    }
    results.gap_scales = level_scales
    order = {str(o["value"]): index for index, o in enumerate(audience.options)}
    for group in sorted(groups, key=lambda g: order.get(g.key, 99)):
        cells = []
        for scale in level_scales:
            target = scale.targets.get(group.key)
            value = means.get((group.key, scale.pk)) if group.visible else None
            value = round(float(value), 2) if value is not None else None
            gap = round(target - value, 2) if value is not None and target is not None else None
            cells.append((scale, value, target, gap))
        results.gaps.append(GapRow(group, cells))


def response_rate(*, wave: Wave) -> ResponseRate:
    """Invited and answered per department group; rates only for groups large enough."""
    minimum = min_group_size()
    departments = _departments()
    if wave.mode == Wave.Mode.PERSONAL:
        rows = (
            Participation.objects.filter(wave=wave)
            .values_list("department")
            .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(has_answered=True)))
            .order_by()
        )
        invited = {department: i for department, i, _a in rows}
        answered = {department: a for department, _i, a in rows}
    else:
        answered = dict(
            Response.objects.filter(wave=wave)
            .values_list("department")
            .annotate(n=Count("pk"))
            .order_by()
        )
        audience = {pk for pk in wave.departments.values_list("pk", flat=True)}
        invited = {
            d.pk: d.headcount
            for d in Department.objects.only("pk", "headcount")
            if not audience or d.pk in audience
        }
        if answered.get(None):
            invited[None] = answered[None]
    groups = department_groups(invited, departments, minimum)
    total_invited, total_answered = sum(invited.values()), sum(answered.values())
    result = ResponseRate(total_invited, total_answered, total_invited >= minimum, [])
    for group in groups:
        if not group.visible:
            result.rows.append(RateRow(group, None, None))
            continue
        count = sum(answered.get(pk, 0) for pk in group.department_ids)
        result.rows.append(RateRow(group, count, round(100 * min(count, group.n) / group.n, 1)))
    return result


@dataclass
class TrendPoint:
    wave: Wave
    n: int
    means: dict[str, float | None]
    enps: int | None


@dataclass
class Trend:
    scales: list[tuple[str, str, str]]  # key, label, colour
    points: list[TrendPoint]
    hidden_waves: int = 0

    def polyline(self, key: str, width: int = 320, height: int = 140, pad: int = 20) -> str:
        """SVG coordinates of one scale's line (1 to 5, or 0 to 3 for skill levels)."""
        values = [(index, point.means.get(key)) for index, point in enumerate(self.points)]
        values = [(index, value) for index, value in values if value is not None]
        if not values:
            return ""
        low, high = (0, 3) if self.levels else (1, 5)
        step = (width - 2 * pad) / max(1, len(self.points) - 1)
        scale = (height - 2 * pad) / (high - low)
        return " ".join(
            f"{pad + index * step:.1f},{height - pad - (value - low) * scale:.1f}"
            for index, value in values
        )

    levels: bool = False

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        return [(label, colour, self.polyline(key)) for key, label, colour in self.scales]

    @property
    def x_labels(self) -> list[tuple[float, str]]:
        step = (320 - 40) / max(1, len(self.points) - 1)
        return [
            (20 + i * step, p.wave.opens_at.strftime("%m/%y")) for i, p in enumerate(self.points)
        ]


COLOURS = ["#1f4e8c", "#1d6b3a", "#8a5300", "#a1231b", "#5a3e8c", "#4b5563"]


def trend(*, wave: Wave, limit: int = 12) -> Trend:
    """Scale means and eNPS of the waves of the same instrument (all versions), oldest first."""
    minimum = min_group_size()
    waves = list(
        Wave.objects.filter(instrument__key=wave.instrument.key, opens_at__lte=timezone.now())
        .select_related("instrument")
        .order_by("-opens_at")[:limit]
    )[::-1]
    scales = [s for s in _scales(_items(wave.instrument)) if s.kind in SCORED_KINDS]
    counts = dict(
        Response.objects.filter(wave__in=waves)
        .values_list("wave")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for wave_id, key, item_type, reverse, total, count in (
        Answer.objects.filter(
            wave__in=waves, item__scale__kind__in=SCORED_KINDS, value__isnull=False
        )
        .values_list("wave", "item__scale__key", "item__type", "item__reverse")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    ):
        entry = sums[(wave_id, key)]
        entry[0] += scored_sum(item_type, reverse, total, count)
        entry[1] += count
    # Respondents per wave and scale (a scale of optional questions can fall below the
    # minimum in a wave that reaches it), with the eNPS counts in the same query.
    answered: dict[tuple[int, str], int] = {}
    enps_rows: dict[int, tuple[int, int, int]] = {}
    for wave_id, key, kind, respondents, p, d, n in (
        Answer.objects.filter(
            wave__in=waves,
            item__scale__kind__in=(*SCORED_KINDS, Scale.Kind.ENPS),
            value__isnull=False,
        )
        .values_list("wave", "item__scale__key", "item__scale__kind")
        .annotate(
            respondents=Count("response", distinct=True),
            p=Count("pk", filter=Q(value__gte=9)),
            d=Count("pk", filter=Q(value__lte=6)),
            n=Count("pk"),
        )
        .order_by()
    ):
        answered[(wave_id, key)] = respondents
        if kind == Scale.Kind.ENPS and respondents >= minimum:
            enps_rows[wave_id] = (p, d, n)
    result = Trend(
        scales=[(s.key, s.text, COLOURS[i % len(COLOURS)]) for i, s in enumerate(scales)],
        points=[],
        levels=any(s.kind == Scale.Kind.LEVELS for s in scales),
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
    totals = dict(
        Response.objects.filter(wave__in=waves)
        .values_list("wave")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered = {
        (wave_id, key): n
        for wave_id, key, n in Answer.objects.filter(
            wave__in=waves, item__scale__kind__in=SCORED_KINDS, value__isnull=False
        )
        .values_list("wave", "item__scale__key")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    }
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for wave_id, key, item_type, reverse, total, count in (
        Answer.objects.filter(
            wave__in=waves, item__scale__kind__in=SCORED_KINDS, value__isnull=False
        )
        .values_list("wave", "item__scale__key", "item__type", "item__reverse")
        .annotate(total=Sum("value"), count=Count("pk"))
        .order_by()
    ):
        entry = sums[(wave_id, key)]
        entry[0] += scored_sum(item_type, reverse, total, count)
        entry[1] += count
    return {
        (wave_id, key): round(total / count, 2)
        for (wave_id, key), (total, count) in sums.items()
        if count
        and totals.get(wave_id, 0) >= minimum
        and answered.get((wave_id, key), 0) >= minimum
    }
