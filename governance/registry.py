"""Conditions other apps add to use-case transitions, without governance importing them.

    from governance.registry import transition_guards

    def baselines_recorded(use_case, target_state):
        if target_state == "pilot" and not Baseline.objects.filter(use_case=use_case).exists():
            return _("Record the baselines before the pilot starts.")
        return None

    transition_guards.register("roi.baselines", baselines_recorded)

A guard returns None when the move may go ahead, or the message that
explains why not. Register from your app's `plugins.register()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from governance.models import UseCase

Guard = Callable[["UseCase", str], "str | None"]


@dataclass
class TransitionGuards:
    guards: dict[str, Guard] = field(default_factory=dict)

    def register(self, key: str, check: Guard) -> Guard:
        self.guards[key] = check
        return check

    def unregister(self, key: str) -> None:
        self.guards.pop(key, None)

    def errors(self, use_case: UseCase, target_state: str) -> list[str]:
        """Every reason the use case cannot move to `target_state`, in registration order."""
        messages = []
        for check in self.guards.values():
            message = check(use_case, target_state)
            if message:
                messages.append(str(message))
        return messages


transition_guards = TransitionGuards()
