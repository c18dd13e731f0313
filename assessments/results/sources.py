"""Where a wave's figures are summed from: the tallies, or the released answers themselves.

`wave_results` reads `TallyFigures`: sums kept per department as answers are
released (see services/tallies.py), so its cost does not grow with the
responses. `AnswerFigures` sums the released answers in SQL, as the results
did before the tallies; it stays as the reference the tallies are tested
against. Both return the same shapes, and neither applies any threshold:
the confidentiality rules are applied to what they return, by the callers.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from assessments.models import (
    Answer,
    DepartmentTally,
    Item,
    ResultRelease,
    Scale,
    ScaleTally,
    ValueTally,
    Wave,
)
from assessments.results.groups import ScaleCounts, department_selection
from assessments.results.per_person import alphas, people_by_mean
from assessments.results.scoring import (
    SCORED_KINDS,
    cronbach_alpha,
    released_scored_answers,
    scored_sum,
)

Departments = list[int | None] | None


class AnswerFigures:
    """The figures summed from the wave's released answers (the reference)."""

    def __init__(self, wave: Wave, latest: ResultRelease | None = None):
        self.wave = wave
        self.answers = Answer.objects.filter(wave=wave, release__isnull=False)

    def counts(self) -> dict[int | None, int]:
        from assessments.results.groups import released_counts

        return released_counts(self.wave)

    def value_counts(self, department_ids: Departments) -> dict[int, dict[int, int]]:
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        for item_id, value, count in (
            self.answers.filter(department_selection(department_ids), value__isnull=False)
            .values_list("item", "value")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            counts[item_id][value] = count
        return counts

    def scale_counts(self) -> ScaleCounts:
        return ScaleCounts(
            self.answers.exclude(value__isnull=True, text="")
            .values_list("department", "item__scale")
            .annotate(n=Count("response", distinct=True))
            .order_by()
        )

    def alphas(self, items: list[Item], department_ids: Departments):
        return alphas(self.wave, items, department_ids)

    def people(self, items: list[Item], department_ids: Departments):
        return people_by_mean(self.wave, items, department_ids)

    def department_sums(self) -> dict[tuple[int | None, int], tuple[int, int]]:
        rows = (
            released_scored_answers(wave=self.wave)
            .values_list("department", "item")
            .annotate(total=Sum("value"), count=Count("pk"))
            .order_by()
        )
        return {(department, item): (total, count) for department, item, total, count in rows}

    def audience_counts(self, audience: Item) -> dict[int, int]:
        return dict(
            self.answers.filter(item=audience, value__isnull=False)
            .values_list("value")
            .annotate(n=Count("pk"))
            .order_by()
        )

    def level_means(self, audience: Item, department_ids: Departments) -> dict[tuple, float]:
        group_value = Subquery(
            Answer.objects.filter(response=OuterRef("response"), item=audience).values("value")[:1]
        )
        return {
            (str(group), scale_id): value
            for group, scale_id, value in self.answers.filter(
                department_selection(department_ids), item__scale__kind=Scale.Kind.LEVELS
            )
            .annotate(audience=group_value)
            .values_list("audience", "item__scale")
            .annotate(mean=Avg("value"))
            .order_by()
        }


def ensure_tallied(waves: list[Wave]) -> None:
    """Recount any of these waves whose tallies miss a release (see services/tallies.py)."""
    from assessments.services import tallies  # the services read results: import late

    tallies.ensure_tallied(waves)


class ScaleRow(NamedTuple):
    """A ScaleTally's figures, as the results read them (no model instance per row)."""

    department_id: int | None
    scale_id: int
    respondents: int
    complete: int
    complete_total: int
    complete_squares: int
    complete_items: dict[str, list[int]]
    people: dict[str, int]


class TallyFigures:
    """The same figures read from the wave's tallies: a fixed number of small queries."""

    def __init__(self, wave: Wave, latest: ResultRelease | None = None):
        # Every release counts the ones before it (services/tallies.py): when the latest
        # is counted, all are, and no query is needed to know it.
        if latest is None or not latest.tallied:
            ensure_tallied([wave])
        self.wave = wave
        self.values = ValueTally.objects.filter(wave=wave)
        self._scale_rows: list[ScaleRow] | None = None

    def _scales(self, department_ids: Departments = None) -> list[ScaleRow]:
        """The wave's scale tallies (one query, then kept), of these departments.

        Plain rows, not model instances: a wave of 1,000 departments has thousands.
        """
        if self._scale_rows is None:
            rows = ScaleTally.objects.filter(wave=self.wave).values_list(*ScaleRow._fields)
            self._scale_rows = [ScaleRow(*row) for row in rows.order_by()]
        if department_ids is None:
            return self._scale_rows
        chosen = set(department_ids)
        return [row for row in self._scale_rows if row.department_id in chosen]

    def counts(self) -> dict[int | None, int]:
        counts: dict[int | None, int] = defaultdict(int)
        for department, n in DepartmentTally.objects.filter(wave=self.wave).values_list(
            "department", "responses"
        ):
            counts[department] += n
        return {department: n for department, n in counts.items() if n}

    def value_counts(self, department_ids: Departments) -> dict[int, dict[int, int]]:
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        for item_id, value, count in (
            self.values.filter(department_selection(department_ids))
            .values_list("item", "value")
            .annotate(n=Sum("answers"))
            .order_by()
        ):
            counts[item_id][value] = count
        return counts

    def scale_counts(self) -> ScaleCounts:
        counts: dict[tuple[int | None, int], int] = defaultdict(int)
        for row in self._scales():
            counts[(row.department_id, row.scale_id)] += row.respondents
        return ScaleCounts((d, s, n) for (d, s), n in counts.items() if n)

    def _scored_rows(self, items: list[Item], department_ids: Departments) -> list[ScaleRow]:
        scored = {item.scale_id for item in items if item.scale.kind in SCORED_KINDS}
        return [row for row in self._scales(department_ids) if row.scale_id in scored]

    def alphas(self, items: list[Item], department_ids: Departments):
        """Cronbach's alpha per scored scale from the complete cases' sums (exact integers,
        as the sample variances of the answers themselves)."""
        k_by_scale: dict[int, int] = defaultdict(int)
        for item in items:
            if item.scale.kind in SCORED_KINDS and item.type != Item.Type.MULTIPLE:
                k_by_scale[item.scale_id] += 1
        complete: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        item_sums: dict[int, dict[str, list[int]]] = defaultdict(dict)
        for row in self._scored_rows(items, department_ids):
            if not row.complete or k_by_scale.get(row.scale_id, 0) < 2:
                continue
            entry = complete[row.scale_id]
            entry[0] += row.complete
            entry[1] += row.complete_total
            entry[2] += row.complete_squares
            for item_id, (total, squares) in row.complete_items.items():
                sums = item_sums[row.scale_id].setdefault(item_id, [0, 0, 0])
                sums[0] += row.complete
                sums[1] += total
                sums[2] += squares
        return {
            scale_id: (
                cronbach_alpha(
                    k_by_scale[scale_id],
                    [_variance(*sums) for sums in item_sums[scale_id].values()],
                    _variance(n, total, squares),
                ),
                n,
            )
            for scale_id, (n, total, squares) in complete.items()
        }

    def people(self, items: list[Item], department_ids: Departments):
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        for row in self._scored_rows(items, department_ids):
            scale_id = row.scale_id
            for bucket, n in row.people.items():
                counts[scale_id][int(bucket)] = counts[scale_id].get(int(bucket), 0) + n
        return counts

    def department_sums(self) -> dict[tuple[int | None, int], tuple[int, int]]:
        rows = (
            self.values.filter(item__scale__kind__in=SCORED_KINDS)
            .values_list("department", "item")
            .annotate(total=Sum(F("value") * F("answers")), count=Sum("answers"))
            .order_by()
        )
        return {(department, item): (total, count) for department, item, total, count in rows}

    def audience_counts(self, audience: Item) -> dict[int, int]:
        return dict(
            self.values.filter(item=audience)
            .values_list("value")
            .annotate(n=Sum("answers"))
            .order_by()
        )

    def level_means(self, audience: Item, department_ids: Departments) -> dict[tuple, float]:
        return {
            (str(group), scale_id): total / count
            for group, scale_id, total, count in self.values.filter(
                department_selection(department_ids), item__scale__kind=Scale.Kind.LEVELS
            )
            .values_list("audience", "item__scale")
            .annotate(total=Sum(F("value") * F("answers")), count=Sum("answers"))
            .order_by()
            if count
        }


Figures = AnswerFigures | TallyFigures


def _variance(n: int, total: int, squares: int) -> float:
    """Sample variance from n, the sum and the sum of squares (0 below two values)."""
    if n < 2:
        return 0.0
    return float(Fraction(n * squares - total * total, n * (n - 1)))


# -- Several waves at once (trends, actions' before and after) ---------------------------------


def responses_per_wave(waves: list[Wave]) -> dict[int, int]:
    """Released responses per wave id (none once a wave's answers are deleted), from the
    releases themselves; the same query finds waves whose tallies miss a release, and
    recounts them, so the figures read next are complete."""
    counts, stale = {}, []
    for wave_id, n, untallied in (
        ResultRelease.objects.filter(wave__in=waves, wave__purged_at__isnull=True)
        .values_list("wave")
        .annotate(n=Sum("responses"), untallied=Count("pk", filter=Q(tallied=False)))
        .order_by()
    ):
        counts[wave_id] = n
        if untallied:
            stale.append(wave_id)
    if stale:
        ensure_tallied([wave for wave in waves if wave.pk in stale])
    return counts


def scored_sums_per_wave(waves: list[Wave]) -> dict[tuple[int, str], list[int]]:
    """[sum of scores, answers] per (wave id, scale key), reverse items scored. One query."""
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for wave_id, key, item_type, reverse, total, count in (
        ValueTally.objects.filter(wave__in=waves, item__scale__kind__in=SCORED_KINDS)
        .values_list("wave", "item__scale__key", "item__type", "item__reverse")
        .annotate(total=Sum(F("value") * F("answers")), count=Sum("answers"))
        .order_by()
    ):
        entry = sums[(wave_id, key)]
        entry[0] += scored_sum(item_type, reverse, total, count)
        entry[1] += count
    return sums


def respondents_per_wave(
    waves: list[Wave],
) -> tuple[dict[tuple[int, str], int], dict[int, int]]:
    """Respondents who gave a value: per (wave id, scale key) of the scored and eNPS scales,
    and per wave id on the eNPS question. One query."""
    answered: dict[tuple[int, str], int] = {}
    enps: dict[int, int] = defaultdict(int)
    for wave_id, key, kind, n in (
        ScaleTally.objects.filter(wave__in=waves, scale__kind__in=(*SCORED_KINDS, Scale.Kind.ENPS))
        .values_list("wave", "scale__key", "scale__kind")
        .annotate(n=Sum("valued"))
        .order_by()
    ):
        if not n:
            continue
        answered[(wave_id, key)] = answered.get((wave_id, key), 0) + n
        if kind == Scale.Kind.ENPS:
            enps[wave_id] += n
    return answered, enps


def enps_counts_per_wave(waves: list[Wave]) -> dict[int, tuple[int, int, int]]:
    """(promoters, detractors, answers) of the eNPS question per wave id."""
    return {
        wave_id: (p, d, n)
        for wave_id, p, d, n in ValueTally.objects.filter(
            wave__in=waves, item__scale__kind=Scale.Kind.ENPS
        )
        .values_list("wave")
        .annotate(
            p=Coalesce(Sum("answers", filter=Q(value__gte=9)), 0),
            d=Coalesce(Sum("answers", filter=Q(value__lte=6)), 0),
            n=Sum("answers"),
        )
        .order_by()
    }


def department_counts_per_wave(waves: list[Wave]) -> dict[int, dict[int | None, int]]:
    """Released responses per department, per wave id (as `TallyFigures.counts`). One query."""
    counts: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    for wave_id, department, n in DepartmentTally.objects.filter(wave__in=waves).values_list(
        "wave", "department", "responses"
    ):
        counts[wave_id][department] += n
    return {
        wave_id: {department: n for department, n in by_department.items() if n}
        for wave_id, by_department in counts.items()
    }


def scored_scale_counts_per_wave(waves: list[Wave]) -> dict[int, ScaleCounts]:
    """Respondents per department and scored scale, per wave id (as
    `TallyFigures.scale_counts`, for the scored scales). One query."""
    counts: dict[int, dict[tuple[int | None, int], int]] = defaultdict(lambda: defaultdict(int))
    for wave_id, department, scale_id, n in ScaleTally.objects.filter(
        wave__in=waves, scale__kind__in=SCORED_KINDS
    ).values_list("wave", "department", "scale", "respondents"):
        counts[wave_id][(department, scale_id)] += n
    return {
        wave_id: ScaleCounts((d, s, n) for (d, s), n in by_scale.items() if n)
        for wave_id, by_scale in counts.items()
    }


def scored_value_counts_per_wave(
    waves: list[Wave],
) -> dict[int, dict[int | None, dict[int, dict[int, int]]]]:
    """Answers per value of each scored item, per wave id and department (summed over a
    group's departments, `TallyFigures.value_counts` of the group). One query."""
    counts: dict[int, dict[int | None, dict[int, dict[int, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for wave_id, department, item_id, value, n in (
        ValueTally.objects.filter(wave__in=waves, item__scale__kind__in=SCORED_KINDS)
        .values_list("wave", "department", "item", "value")
        .annotate(n=Sum("answers"))
        .order_by()
    ):
        counts[wave_id][department][item_id][value] = n
    return counts
