"""Versioned rule sets for classifying AI use cases.

Each version is a data module; a classification stores the version it was
made under and can always be re-read with `rule_set(version)`.
"""

from governance.rules import eu_ai_act_2026_07
from governance.rules.base import RuleSet, T, localized
from governance.rules.engine import Outcome, evaluate, normalise

RULE_SETS: dict[str, RuleSet] = {
    eu_ai_act_2026_07.RULE_SET.version: eu_ai_act_2026_07.RULE_SET,
}
CURRENT_VERSION = eu_ai_act_2026_07.VERSION


def current_rule_set() -> RuleSet:
    return RULE_SETS[CURRENT_VERSION]


def rule_set(version: str) -> RuleSet:
    return RULE_SETS[version]


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
]
