"""Employee-effect KPIs from survey results, through the surveys app's confidentiality rules.

Only figures the surveys app would show are used: the department group that
contains the use case's department (small departments rolled up, groups
under the minimum size hidden), or the whole organisation for a use case
without a department. A hidden figure gives None, never a fallback.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from assessments.models import Scale, Wave
from assessments.results import SCORED_KINDS, wave_results
from transformation.models import Department

MAX_WAVES = 20


def survey_choices() -> list[tuple[str, str]]:
    """("<wave id>:<scale key>", label) for the scored scales of recent waves with answers."""
    waves = list(
        Wave.objects.filter(responses__isnull=False, purged_at__isnull=True)
        .select_related("instrument")
        .distinct()
        .order_by("-opens_at")[:MAX_WAVES]
    )
    scales: dict[int, list[Scale]] = {}
    for scale in Scale.objects.filter(
        instrument__in={wave.instrument_id for wave in waves}, kind__in=SCORED_KINDS
    ):
        scales.setdefault(scale.instrument_id, []).append(scale)
    return [
        (f"{wave.pk}:{scale.key}", f"{wave.display_title} · {scale.text}")
        for wave in waves
        for scale in scales.get(wave.instrument_id, [])
    ]


def survey_scale_mean(
    *, wave: Wave, scale_key: str, department: Department | None
) -> Decimal | None:
    """The scale's mean for the department's result group, or None when it is not shown."""
    if department is None:
        results = wave_results(wave=wave)
    else:
        overview = wave_results(wave=wave)
        group = next((g for g in overview.groups if department.pk in g.department_ids), None)
        if group is None or not group.visible:
            return None
        results = wave_results(wave=wave, group_key=group.key)
    if not results.visible:
        return None
    for scale in results.scales:
        if scale.scale.key == scale_key and scale.visible and scale.mean is not None:
            return Decimal(str(scale.mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return None


def survey_date(wave: Wave) -> date:
    closed = wave.closed_early_at or wave.closes_at
    return min(timezone.localdate(closed), timezone.localdate())
