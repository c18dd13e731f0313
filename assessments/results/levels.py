"""Competence levels against their targets, per audience group (the gap table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from assessments.confidentiality import Group, flat_groups
from assessments.models import Item, Scale
from assessments.results.records import GapRow, WaveResults

if TYPE_CHECKING:
    from assessments.results.sources import Figures


def _hide_audience_groups_against_the_whole(
    groups: list[Group], figures: Figures, audience: Item, minimum: int
) -> None:
    """Within one department group, an audience group is also shown for the whole wave:
    the two filters overlap, so their difference (the same audience elsewhere) must be
    zero or at least the minimum, or its figure could be worked out by subtraction."""
    everywhere = figures.audience_counts(audience)
    # A group hidden for the whole wave stays hidden in every department: shown
    # there, it and the organisation's visible groups would give the hidden rest.
    whole = flat_groups({str(v): n for v, n in everywhere.items()}, {}, minimum)
    hidden_in_whole = {group.key for group in whole if not group.visible}
    for group in groups:
        rest = everywhere.get(int(group.key), 0) - group.n
        if group.visible and (0 < rest < minimum or group.key in hidden_in_whole):
            group.visible = False
            group.reason = _("Hidden so that a smaller group cannot be worked out from the total.")


def add_gaps(
    results: WaveResults,
    figures: Figures,
    scales: list[Scale],
    items: list[Item],
    value_counts: dict[int, dict[int, int]],
    department_ids: list[int | None] | None,
    minimum: int,
) -> None:
    """Fill `results.gaps`: mean level per audience group and scale, its target and the gap."""
    audience = next((item for item in items if item.scale.kind == Scale.Kind.AUDIENCE), None)
    level_scales = [scale for scale in scales if scale.kind == Scale.Kind.LEVELS]
    if audience is None or not level_scales:
        return
    counts = value_counts.get(audience.pk, {})
    labels = {str(o["value"]): audience.option_label(o["value"]) for o in audience.options}
    groups = flat_groups({str(v): c for v, c in counts.items()}, labels, minimum)
    if results.selected is not None:
        _hide_audience_groups_against_the_whole(groups, figures, audience, minimum)
    means = figures.level_means(audience, department_ids)
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
