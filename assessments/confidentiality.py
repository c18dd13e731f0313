"""Which groups may be shown: minimum sizes, roll-up and subtraction protection.

These functions decide visibility for every output (pages, filters, CSV, the
board report, other apps' KPIs), so no output can apply a different rule.
They take counts, never answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# The works-council floor: a configured minimum below this is ignored.
ABSOLUTE_MINIMUM = 3
NO_DEPARTMENT = "none"


def min_group_size() -> int:
    return max(ABSOLUTE_MINIMUM, int(settings.SURVEY_MIN_GROUP_SIZE))


def min_comment_group_size() -> int:
    return max(min_group_size(), int(settings.SURVEY_MIN_COMMENT_GROUP_SIZE))


@dataclass
class Group:
    """A unit of results: one department, possibly with small ones rolled into it."""

    key: str
    label: str
    n: int
    department_ids: list[int | None] = field(default_factory=list)
    rolled_up: list[str] = field(default_factory=list)
    visible: bool = True
    reason: str = ""

    @property
    def note(self) -> str:
        if not self.rolled_up:
            return ""
        return _("Includes %(names)s, too small to show on their own.") % {
            "names": ", ".join(self.rolled_up)
        }


def _hidden_reason(minimum: int) -> str:
    return _("Hidden: fewer than %(n)s responses.") % {"n": minimum}


def protect_against_subtraction(groups: list[Group], minimum: int) -> list[Group]:
    """Hide the next-smallest groups until the hidden ones cannot be worked out.

    The total of all groups is shown, so total minus the visible groups gives
    the hidden remainder; it must itself be zero or at least the minimum.
    """
    hidden_total = sum(group.n for group in groups if not group.visible)
    candidates = sorted(
        (group for group in groups if group.visible), key=lambda group: (group.n, group.label)
    )
    while 0 < hidden_total < minimum and candidates:
        group = candidates.pop(0)
        group.visible = False
        group.reason = _("Hidden so that a smaller group cannot be worked out from the total.")
        hidden_total += group.n
    return groups


def flat_groups(counts: Mapping[str, int], labels: Mapping[str, str], minimum: int) -> list[Group]:
    """Visibility of sibling groups without a hierarchy (e.g. audience groups)."""
    groups = [
        Group(key=key, label=labels.get(key, key), n=n, department_ids=[])
        for key, n in counts.items()
        if n > 0
    ]
    for group in groups:
        if group.n < minimum:
            group.visible = False
            group.reason = _hidden_reason(minimum)
    return protect_against_subtraction(groups, minimum)


def department_groups(
    counts: Mapping[int | None, int],
    departments: Iterable,
    minimum: int | None = None,
) -> list[Group]:
    """Result groups for departments: small ones roll up into their parent.

    `counts` maps department ids (None for "no department") to the number of
    responses (or of invitees, for response rates); `departments` are rows
    with `pk`, `name` and `parent_id`.
    """
    minimum = minimum if minimum is not None else min_group_size()
    by_id = {department.pk: department for department in departments}
    groups = {
        pk: Group(key=str(pk), label=department.name, n=counts.get(pk, 0), department_ids=[pk])
        for pk, department in by_id.items()
    }

    def depth(pk: int) -> int:
        steps, parent = 0, by_id[pk].parent_id
        while parent is not None and parent in by_id and steps < 50:
            steps, parent = steps + 1, by_id[parent].parent_id
        return steps

    for pk in sorted(by_id, key=depth, reverse=True):
        group, parent_id = groups[pk], by_id[pk].parent_id
        if 0 < group.n < minimum and parent_id in groups:
            parent = groups[parent_id]
            parent.n += group.n
            parent.department_ids += group.department_ids
            parent.rolled_up += [by_id[pk].name, *group.rolled_up]
            group.n = 0
    result = [group for group in groups.values() if group.n > 0]
    if counts.get(None, 0) > 0:
        result.append(
            Group(
                key=NO_DEPARTMENT,
                label=_("No department given"),
                n=counts[None],
                department_ids=[None],
            )
        )
    for group in result:
        if group.n < minimum:
            group.visible = False
            group.reason = _hidden_reason(minimum)
    result.sort(key=lambda group: group.label)
    return protect_against_subtraction(result, minimum)


def comments_visible(
    counts: Mapping[int | None, int],
    departments: Iterable,
    department_ids: list[int | None] | None,
) -> bool:
    """Whether the comment list of these departments (None: everyone) may be shown.

    Comment lists are groups like any other, at the comment minimum: small
    departments roll up, and the next-smallest group is hidden too, so the
    organisation's list minus the visible groups' lists never leaves a group
    below the comment minimum. A group's list is shown only when it is exactly
    one visible comment group.
    """
    minimum = min_comment_group_size()
    if sum(counts.values()) < minimum:
        return False
    if department_ids is None:
        return True
    chosen = set(department_ids)
    return any(
        group.visible and set(group.department_ids) == chosen
        for group in department_groups(counts, departments, minimum)
    )
