"""Live response rates: invited and answered per department group."""

from __future__ import annotations

from django.db.models import Count, Q

from assessments.confidentiality import department_groups, min_group_size
from assessments.models import Participation, Response, Wave
from assessments.results.groups import all_departments
from assessments.results.records import RateRow, ResponseRate
from transformation.models import Department


def response_rate(*, wave: Wave) -> ResponseRate:
    """Invited and answered per department group; rates only for groups large enough."""
    minimum = min_group_size()
    departments = all_departments()
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
    total_invited = sum(invited.values())
    total_answered = in_steps(sum(answered.values()), minimum)
    result = ResponseRate(total_invited, total_answered, total_invited >= minimum, [], minimum)
    for group in groups:
        if not group.visible:
            result.rows.append(RateRow(group, None, None))
            continue
        count = in_steps(sum(answered.get(pk, 0) for pk in group.department_ids), minimum)
        result.rows.append(RateRow(group, count, round(100 * min(count, group.n) / group.n, 1)))
    return result


def in_steps(count: int, step: int) -> int:
    """A live count rounded down to a multiple of `step`: it moves only by `step` answers."""
    return count // step * step
