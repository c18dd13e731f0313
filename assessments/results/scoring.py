"""Scores and the released answers they are computed from.

The arithmetic (reverse items, eNPS, Cronbach's alpha) and the one place
that says which answers a figure may read: released ones only (see
services/releases.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from assessments.models import Answer, Instrument, Item, Scale

AGREEMENT_LABELS = {
    1: gettext_lazy("Strongly disagree"),
    2: gettext_lazy("Disagree"),
    3: gettext_lazy("Neither agree nor disagree"),
    4: gettext_lazy("Agree"),
    5: gettext_lazy("Strongly agree"),
}
SCORED_KINDS = (Scale.Kind.MEAN, Scale.Kind.LEVELS)
READINESS_SCALES = ("commitment", "efficacy")


def _points(item_type: str) -> tuple[int, int]:
    return (1, 5) if item_type == Item.Type.AGREEMENT else (0, 10)


def scored_sum(item_type: str, reverse: bool, total: int, count: int) -> int:
    """Sum of scores from the sum of raw values: reverse items score high + low - raw."""
    if not reverse:
        return total
    low, high = _points(item_type)
    return count * (low + high) - total


def enps(promoters: int, detractors: int, n: int) -> int | None:
    """eNPS = % promoters (9-10) − % detractors (0-6), rounded to a whole number.

    Rounding is half away from zero (12.5 → 13, −12.5 → −13), as a reader
    rounds by hand, so a score and its mirror image stay symmetric. Python's
    `round` rounds half to even (12.5 → 12), so the exact quotient is rounded
    as a Decimal with ROUND_HALF_UP on its absolute value.
    """
    if not n:
        return None
    exact = Decimal(100 * (promoters - detractors)) / Decimal(n)
    whole = int(abs(exact).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -whole if exact < 0 else whole


def cronbach_alpha(k: int, item_variances: Iterable[float], total_variance: float) -> float | None:
    """alpha = k/(k-1) · (1 − Σ item variances / variance of the total score)."""
    if k < 2 or not total_variance:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def instrument_items(instrument: Instrument) -> list[Item]:
    """The instrument's items in reading order, each with its scale."""
    return list(
        Item.objects.filter(instrument=instrument)
        .select_related("scale", "instrument")
        .order_by("scale__order", "scale_id", "order", "pk")
    )


def items_per_instrument(instrument_ids: Iterable[int]) -> dict[int, list[Item]]:
    """The items of several instruments, each in reading order (as `instrument_items`), keyed
    by instrument id. One query."""
    items: dict[int, list[Item]] = {pk: [] for pk in instrument_ids}
    for item in (
        Item.objects.filter(instrument__in=list(items))
        .select_related("scale")
        .order_by("scale__order", "scale_id", "order", "pk")
    ):
        items[item.instrument_id].append(item)
    return items


def item_scales(items: list[Item]) -> list[Scale]:
    """The scales of these items, once each, in the items' order."""
    scales: dict[int, Scale] = {}
    for item in items:
        scales.setdefault(item.scale_id, item.scale)
    return list(scales.values())


def released_scored_answers(*conditions: Q, **filters) -> QuerySet[Answer]:
    """Released, non-empty answers to scored (mean or levels) items, further filtered."""
    return Answer.objects.filter(
        *conditions,
        item__scale__kind__in=SCORED_KINDS,
        value__isnull=False,
        release__isnull=False,
        **filters,
    )
