"""Actions on findings and their follow-up comparison."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from assessments.models import (
    Action,
    Wave,
)
from assessments.results import scale_means
from transformation.models import User
from transformation.services import diff_fields, record_audit_event


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
) -> Action:
    """Record what will be done about a finding, with an owner and a due date."""
    action = Action.objects.create(
        organisation=wave.organisation,
        wave=wave,
        scale_key=scale_key,
        finding=finding,
        title=title,
        owner=owner,
        due_date=due_date,
    )
    record_audit_event(
        organisation=wave.organisation,
        actor=actor,
        action="survey_action.created",
        target=action,
        changes={"title": title, "owner": owner, "due_date": str(due_date)},
    )
    return action


@transaction.atomic
def update_action(*, action: Action, actor: User, values: dict[str, Any]) -> Action:
    """Change an action's owner, due date, status or follow-up wave."""
    changes = diff_fields(action, values)
    for key, value in values.items():
        setattr(action, key, value)
    action.save()
    if changes:
        record_audit_event(
            organisation=action.organisation,
            actor=actor,
            action="survey_action.changed",
            target=action,
            changes=changes,
        )
    return action


def action_effects(actions: list[Action]) -> list[tuple[Action, dict[str, Any]]]:
    """Each action with its scale before (finding's wave) and after (follow-up wave).

    Both means follow the thresholds; a fixed number of queries for any
    number of actions.
    """
    waves = {a.wave for a in actions} | {a.follow_up_wave for a in actions if a.follow_up_wave}
    means = scale_means(waves=waves)
    effects = []
    for action in actions:
        before = means.get((action.wave_id, action.scale_key))
        after = (
            means.get((action.follow_up_wave_id, action.scale_key))
            if action.follow_up_wave_id
            else None
        )
        change = round(after - before, 2) if before is not None and after is not None else None
        effects.append((action, {"before": before, "after": after, "change": change}))
    return effects


def action_effect(action: Action) -> dict[str, Any]:
    """The effect of one action (see `action_effects`)."""
    return action_effects([action])[0][1]


def scale_mean_for_wave(*, wave: Wave, scale_key: str) -> float | None:
    """The organisation-wide mean of a scale in one wave, or None when hidden."""
    return scale_means(waves=[wave]).get((wave.pk, scale_key))
