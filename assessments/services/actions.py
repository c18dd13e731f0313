"""Actions on findings and their follow-up comparison."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.confidentiality import min_group_size
from assessments.models import (
    Action,
    Wave,
)
from assessments.results import GroupMeans, group_scale_means, scale_means
from transformation.audit import AuditAction
from transformation.models import Department, User
from transformation.services import record_audit_event, save_audited


@transaction.atomic
def create_action(
    *,
    wave: Wave,
    actor: User,
    scale_key: str,
    finding: str,
    title: str,
    owner: User | None,
    due_date,
    department: Department | None = None,
) -> Action:
    """Record what will be done about a finding, for whom (a department, or the wave's whole
    audience), with an owner and a due date."""
    action = Action.objects.create(
        organisation=wave.organisation,
        wave=wave,
        department=department,
        scale_key=scale_key,
        finding=finding,
        title=title,
        owner=owner,
        due_date=due_date,
    )
    record_audit_event(
        organisation=wave.organisation,
        actor=actor,
        action=AuditAction.SURVEY_ACTION_CREATED,
        target=action,
        changes={
            "title": title,
            "owner": owner,
            "due_date": str(due_date),
            "department": department.name if department else "audience",
        },
    )
    return action


@transaction.atomic
def update_action(*, action: Action, actor: User, values: dict[str, Any]) -> Action:
    """Change an action's owner, due date, status or follow-up wave."""
    save_audited(
        action, actor=actor, action=AuditAction.SURVEY_ACTION_CHANGED, values=values, validate=False
    )
    return action


def action_effects(actions: list[Action]) -> list[tuple[Action, dict[str, Any]]]:
    """Each action with its scale before (finding's wave) and after (follow-up wave), for the
    group the action addresses.

    An action for the whole audience compares the waves' overall means. An
    action for a department compares that department's figures exactly as the
    results page filtered to the department shows them (`group_scale_means`:
    the same minimum, roll-up and subtraction rules, and a reason where a
    figure is hidden). Both read all the waves at once: a fixed number of
    queries for any number of actions, waves and departments.
    """
    overall = [a for a in actions if a.department_id is None]
    waves = {a.wave for a in overall} | {a.follow_up_wave for a in overall if a.follow_up_wave}
    means = scale_means(waves=waves) if waves else {}
    grouped = [a for a in actions if a.department_id is not None]
    group_waves = {a.wave for a in grouped} | {
        a.follow_up_wave for a in grouped if a.follow_up_wave
    }
    group_means = group_scale_means(waves=group_waves) if group_waves else {}
    effects = []
    for action in actions:
        if action.department_id is None:
            before, before_reason = _overall(means, action.wave_id, action.scale_key)
            after, after_reason = (
                _overall(means, action.follow_up_wave_id, action.scale_key)
                if action.follow_up_wave_id
                else (None, "")
            )
        else:
            before, before_reason = _for_department(group_means, action.wave_id, action)
            after, after_reason = (
                _for_department(group_means, action.follow_up_wave_id, action)
                if action.follow_up_wave_id
                else (None, "")
            )
        change = round(after - before, 2) if before is not None and after is not None else None
        effects.append(
            (
                action,
                {
                    "before": before,
                    "after": after,
                    "change": change,
                    "before_reason": before_reason,
                    "after_reason": after_reason,
                },
            )
        )
    return effects


def _overall(means, wave_id: int, scale_key: str) -> tuple[float | None, str]:
    mean = means.get((wave_id, scale_key))
    if mean is None:
        return None, _("Hidden: fewer than %(n)s responses.") % {"n": min_group_size()}
    return mean, ""


def _for_department(
    group_means: dict[int, dict[str, GroupMeans]], wave_id: int, action: Action
) -> tuple[float | None, str]:
    """The department's mean of the action's scale in one wave, or why it is hidden."""
    group = group_means[wave_id].get(str(action.department_id))
    if group is None:
        # No group of its own: no responses, or too few and counted with its parent.
        return None, _("Hidden: fewer than %(n)s responses from this department in this wave.") % {
            "n": min_group_size()
        }
    if not group.visible:
        return None, group.reason
    figures = {
        scale.scale.key: (scale.mean, "") if scale.visible else (None, scale.reason)
        for scale in group.scales
    }
    return figures.get(action.scale_key, (None, _("This wave does not measure the scale.")))


def action_effect(action: Action) -> dict[str, Any]:
    """The effect of one action (see `action_effects`)."""
    return action_effects([action])[0][1]


def scale_mean_for_wave(*, wave: Wave, scale_key: str) -> float | None:
    """The organisation-wide mean of a scale in one wave, or None when hidden."""
    return scale_means(waves=[wave]).get((wave.pk, scale_key))
