"""The wave's tallies: released answers summed per department, kept as answers are released.

Results read these sums instead of the answers, so a results page costs the
same at 500 and at 50,000 responses. A release adds its own answers (in the
release's transaction, so an answer is counted exactly when it becomes
visible, never before); `rebuild_tallies` recounts a wave from its released
answers (the management command `rebuild_result_tallies`, and any wave read
while one of its releases is not yet counted); retention deletes them with
the answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from assessments.models import (
    Answer,
    DepartmentTally,
    Item,
    Response,
    ResultRelease,
    Scale,
    ScaleTally,
    ValueTally,
    Wave,
)

SCORED = (Scale.Kind.MEAN, Scale.Kind.LEVELS)
CHUNK = 5000


@dataclass
class _ScaleSums:
    respondents: int = 0
    valued: int = 0
    complete: int = 0
    complete_total: int = 0
    complete_squares: int = 0
    complete_items: dict[str, list[int]] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)

    def add(self, other: _ScaleSums) -> None:
        self.respondents += other.respondents
        self.valued += other.valued
        self.complete += other.complete
        self.complete_total += other.complete_total
        self.complete_squares += other.complete_squares
        for item, (total, squares) in other.complete_items.items():
            entry = self.complete_items.setdefault(item, [0, 0])
            entry[0], entry[1] = entry[0] + total, entry[1] + squares
        for bucket, n in other.people.items():
            self.people[bucket] = self.people.get(bucket, 0) + n


@dataclass
class _Sums:
    responses: dict[int | None, int] = field(default_factory=lambda: defaultdict(int))
    values: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    scales: dict[tuple, _ScaleSums] = field(default_factory=lambda: defaultdict(_ScaleSums))

    @property
    def departments(self) -> set[int | None]:
        return (
            set(self.responses) | {key[0] for key in self.values} | {key[0] for key in self.scales}
        )


class _Instrument:
    """What counting a response needs to know about the wave's items."""

    def __init__(self, wave: Wave):
        items = list(Item.objects.filter(instrument_id=wave.instrument_id).select_related("scale"))
        self.items = {item.pk: item for item in items}
        audience = [item for item in items if item.scale.kind == Scale.Kind.AUDIENCE]
        # The results' audience question: the first in reading order (see `instrument_items`).
        self.audience = (
            min(audience, key=lambda i: (i.scale.order, i.scale_id, i.order, i.pk))
            if audience
            else None
        )
        # Alpha's items per scored scale: single-answer items, on scales of at least two.
        single: dict[int, int] = defaultdict(int)
        for item in items:
            if item.scale.kind in SCORED and item.type != Item.Type.MULTIPLE:
                single[item.scale_id] += 1
        self.alpha_k = {scale_id: k for scale_id, k in single.items() if k >= 2}

    def count(self, sums: _Sums, rows: list[tuple]) -> None:
        """Add one response's answers (department, item, value, has text) to the sums."""
        department = rows[0][0]
        audience = None
        if self.audience is not None:
            audience = next(
                (v for _d, i, v, _t in rows if i == self.audience.pk and v is not None), None
            )
        answered: set[int] = set()
        valued: set[int] = set()
        scores: dict[int, list[int]] = defaultdict(list)  # scale: every scored value
        single: dict[int, list[tuple[int, int]]] = defaultdict(list)  # scale: (item, score)
        for _department, item_id, value, text in rows:
            item = self.items.get(item_id)
            if item is None:
                continue
            if value is not None or text:
                answered.add(item.scale_id)
            if value is None:
                continue
            valued.add(item.scale_id)
            sums.values[(department, audience, item_id, value)] += 1
            if item.scale.kind in SCORED:
                score = item.score(value)
                scores[item.scale_id].append(score)
                if item.type != Item.Type.MULTIPLE:
                    single[item.scale_id].append((item_id, score))
        for scale_id in answered:
            entry = sums.scales[(department, scale_id)]
            entry.respondents += 1
            entry.valued += scale_id in valued
        for scale_id, values in scores.items():
            entry = sums.scales[(department, scale_id)]
            # The bar of a person's mean, rounded half up: floor(t / c + 1/2), in integers.
            bucket = str((2 * sum(values) + len(values)) // (2 * len(values)))
            entry.people[bucket] = entry.people.get(bucket, 0) + 1
            answers = single.get(scale_id, [])
            if scale_id in self.alpha_k and len(answers) == self.alpha_k[scale_id]:
                total = sum(score for _i, score in answers)
                entry.complete += 1
                entry.complete_total += total
                entry.complete_squares += total * total
                for item_id, score in answers:
                    item_sums = entry.complete_items.setdefault(str(item_id), [0, 0])
                    item_sums[0] += score
                    item_sums[1] += score * score


def _responses(answers: Iterable[tuple]) -> Iterator[list[tuple]]:
    """Answer rows (response, department, item, value, text), ordered by response,
    as one list per response."""
    current, rows = None, []
    for response, *row in answers:
        if response != current and rows:
            yield rows
            rows = []
        current = response
        rows.append(tuple(row))
    if rows:
        yield rows


def _count(wave: Wave, released: Q) -> _Sums:
    """The sums of the wave's answers in the selected releases (three queries)."""
    sums = _Sums()
    instrument = _Instrument(wave)
    for department, n in (
        Response.objects.filter(released, wave=wave)
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        sums.responses[department] += n
    rows = (
        Answer.objects.filter(released, wave=wave)
        # Whether there is a text, not the text: comments can be long, and only count here.
        .annotate(has_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField()))
        .values_list("response", "department", "item", "value", "has_text")
        .order_by("response")
        .iterator(chunk_size=CHUNK)
    )
    for response_rows in _responses(rows):
        instrument.count(sums, response_rows)
    return sums


def _department_filter(departments: set[int | None]) -> Q:
    ids = [pk for pk in departments if pk is not None]
    condition = Q(department__in=ids)
    if None in departments:
        condition |= Q(department__isnull=True)
    return condition


def _store(wave: Wave, sums: _Sums, *, replace: bool) -> None:
    """Write the sums: added to the stored ones of their departments, or replacing all."""
    tallies = (DepartmentTally, ValueTally, ScaleTally)
    if not replace and not sums.departments:
        return  # a release that held every new answer back adds nothing
    if replace:
        for model in tallies:
            model.objects.filter(wave=wave).delete()
    else:
        touched = _department_filter(sums.departments)
        for row in DepartmentTally.objects.filter(touched, wave=wave):
            sums.responses[row.department_id] += row.responses
        for row in ValueTally.objects.filter(touched, wave=wave):
            sums.values[(row.department_id, row.audience, row.item_id, row.value)] += row.answers
        for row in ScaleTally.objects.filter(touched, wave=wave):
            sums.scales[(row.department_id, row.scale_id)].add(
                _ScaleSums(
                    row.respondents,
                    row.valued,
                    row.complete,
                    row.complete_total,
                    row.complete_squares,
                    row.complete_items,
                    row.people,
                )
            )
        for model in tallies:
            model.objects.filter(touched, wave=wave).delete()
    common = {"organisation_id": wave.organisation_id, "wave": wave}
    DepartmentTally.objects.bulk_create(
        DepartmentTally(department_id=department, responses=n, **common)
        for department, n in sums.responses.items()
    )
    ValueTally.objects.bulk_create(
        (
            ValueTally(
                department_id=department,
                audience=audience,
                item_id=item,
                value=value,
                answers=n,
                **common,
            )
            for (department, audience, item, value), n in sums.values.items()
        ),
        batch_size=2000,
    )
    ScaleTally.objects.bulk_create(
        (
            ScaleTally(
                department_id=department,
                scale_id=scale,
                respondents=entry.respondents,
                valued=entry.valued,
                complete=entry.complete,
                complete_total=entry.complete_total,
                complete_squares=entry.complete_squares,
                complete_items=entry.complete_items,
                people=entry.people,
                **common,
            )
            for (department, scale), entry in sums.scales.items()
        ),
        batch_size=2000,
    )


def add_release_to_tallies(*, release: ResultRelease, previous: ResultRelease | None) -> None:
    """Count the release's answers into the wave's tallies (inside the release's transaction,
    with the wave locked). A wave whose earlier releases were never counted is recounted."""
    wave = release.wave
    if previous is not None and not previous.tallied:
        _rebuild_locked(wave)
    else:
        # Before the first release nothing is counted: its sums are the wave's tallies.
        _store(wave, _count(wave, Q(release=release)), replace=previous is None)
    release.tallied = True


def _rebuild_locked(wave: Wave) -> None:
    _store(wave, _count(wave, Q(release__isnull=False)), replace=True)
    ResultRelease.objects.filter(wave=wave).update(tallied=True)


@transaction.atomic
def rebuild_tallies(*, wave: Wave) -> None:
    """Recount the wave's tallies from its released answers and mark its releases counted."""
    Wave.objects.select_for_update().filter(pk=wave.pk).first()
    _rebuild_locked(wave)


def ensure_tallied(waves: Iterable[Wave]) -> None:
    """Recount the waves with a release that is not counted yet (one query when none is)."""
    waves = {wave.pk: wave for wave in waves}
    stale = set(
        ResultRelease.objects.filter(wave__in=list(waves), tallied=False)
        .values_list("wave", flat=True)
        .order_by()
        .distinct()
    )
    for pk in stale:
        with transaction.atomic():
            Wave.objects.select_for_update().filter(pk=pk).first()
            # Another request may have recounted it while this one waited for the lock.
            if ResultRelease.objects.filter(wave_id=pk, tallied=False).exists():
                _rebuild_locked(waves[pk])


def delete_tallies(*, wave: Wave) -> None:
    """Remove the wave's tallies (its answers are being deleted)."""
    for model in (DepartmentTally, ValueTally, ScaleTally):
        model.objects.filter(wave=wave).delete()
