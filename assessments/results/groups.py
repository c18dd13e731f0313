"""Which department groups a figure may be shown for.

The group rules themselves live in `assessments.confidentiality`; these
helpers feed them the released counts and apply them per scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from assessments.confidentiality import Group
from assessments.models import Response, Wave
from transformation.models import Department


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


def all_departments() -> list[Department]:
    """The organisation's departments, as much of them as grouping needs."""
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


def released_counts(wave: Wave) -> dict[int | None, int]:
    """Released responses per department: what every output may count."""
    return dict(
        Response.objects.filter(wave=wave, release__isnull=False)
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
