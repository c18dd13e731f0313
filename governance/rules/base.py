"""The shape of a rule set: questions, options and obligations as plain data.

Texts carry their own English, German and Dutch wording, so that a stored
classification keeps the words of the rule-set version it was made under.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import translation


class T(dict):
    """A text in the three product languages: T(en=..., de=..., nl=...)."""

    def __init__(self, en: str, de: str, nl: str) -> None:
        super().__init__(en=en, de=de, nl=nl)

    def __str__(self) -> str:
        return localized(self)


def localized(text: dict | str | None, language: str | None = None) -> str:
    """The text in the active (or given) language, falling back to English."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    language = (language or translation.get_language() or "en")[:2]
    return text.get(language) or text.get("en", "")


@dataclass(frozen=True)
class Option:
    value: str
    text: T
    article: str = ""
    applies_from: date | None = None


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire; `kind` is "bool", "choice" or "multi"."""

    key: str
    step: str
    kind: str
    text: T
    article: str = ""
    help: T | None = None
    options: tuple[Option, ...] = ()
    default: object = None

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class ObligationRule:
    """An obligation a classification can carry, with its legal source and start date."""

    key: str
    article: str
    text: T
    applies_from: date | None = None

    def as_data(self, applies_from: date | None = None, note: T | None = None) -> dict:
        start = applies_from or self.applies_from
        data = {
            "key": self.key,
            "article": self.article,
            "text": dict(self.text),
            "applies_from": start.isoformat() if start else None,
        }
        if note:
            data["note"] = dict(note)
        return data


@dataclass(frozen=True)
class Step:
    key: str
    title: T


@dataclass(frozen=True)
class RuleSet:
    """A version of the rules, valid as of a date; past classifications keep theirs."""

    version: str
    as_of: date
    title: T
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]
    obligations: dict[str, ObligationRule]
    dates: dict[str, date]
    texts: dict[str, T] = field(default_factory=dict)
    # The decision procedure of this version (None: the first one, engine.evaluate),
    # and how answers given under an earlier version carry over to this one.
    procedure: Callable[..., Any] | None = None
    upgrade: Callable[[str, dict], dict] | None = None

    def question(self, key: str) -> Question:
        return next(question for question in self.questions if question.key == key)

    def questions_for(self, step: str) -> list[Question]:
        return [question for question in self.questions if question.step == step]

    def obligation(self, key: str, **kwargs) -> dict:
        return self.obligations[key].as_data(**kwargs)
