"""Versioned rule sets for classifying AI use cases.

Each version is a data module; a classification stores the version it was
made under and can always be re-read with `rule_set(version)`.
"""

from typing import Any

from governance.rules import engine, eu_ai_act_2026_07, eu_ai_act_2026_11
from governance.rules.base import RuleSet, T, localized
from governance.rules.engine import Outcome, normalise

RULE_SETS: dict[str, RuleSet] = {
    eu_ai_act_2026_07.RULE_SET.version: eu_ai_act_2026_07.RULE_SET,
    eu_ai_act_2026_11.RULE_SET.version: eu_ai_act_2026_11.RULE_SET,
}
CURRENT_VERSION = eu_ai_act_2026_11.VERSION


def current_rule_set() -> RuleSet:
    return RULE_SETS[CURRENT_VERSION]


def rule_set(version: str) -> RuleSet:
    return RULE_SETS[version]


def evaluate(
    rule_set: RuleSet,
    answers: dict[str, Any],
    *,
    has_works_council: bool = False,
    country: str = "",
) -> Outcome:
    """Classify `answers` with the procedure of `rule_set`'s own version."""
    if rule_set.procedure is None:
        # 2026.07 knew German works councils only.
        return engine.evaluate(rule_set, answers, has_works_council=has_works_council)
    return rule_set.procedure(
        rule_set, answers, has_works_council=has_works_council, country=country
    )


def upgrade_answers(version: str, answers: dict[str, Any], to: RuleSet | None = None) -> dict:
    """Answers given under `version`, carried over to the questions of `to` (current)."""
    target = to or current_rule_set()
    if version == target.version or target.upgrade is None:
        return dict(answers)
    return target.upgrade(version, answers)


__all__ = [
    "CURRENT_VERSION",
    "RULE_SETS",
    "Outcome",
    "RuleSet",
    "T",
    "current_rule_set",
    "evaluate",
    "localized",
    "normalise",
    "rule_set",
    "upgrade_answers",
]
