"""What an anonymised share of an internal case study contains, computed before it exists.

The preview and the share use the same `anonymised_copy()`, so the
coordinator sees exactly what other organisations will see. Redaction is
deliberately eager: every word of the organisation's name and of its
people's names is replaced wherever it stands, even where it is also an
ordinary word; the preview shows the result for a last edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from casestudies.models import LANGUAGE_CODES, CaseStudy
from transformation.models import Membership, Organisation, Stakeholder

PLACEHOLDERS = {
    "organisation": {"en": "[organisation]", "de": "[Organisation]", "nl": "[organisatie]"},
    "person": {"en": "[name]", "de": "[Name]", "nl": "[naam]"},
}
SHARED_SOURCE_LABEL = "Shared anonymously by a peer organisation"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
LEGAL_FORMS = {
    "ag", "bv", "b.v.", "co", "e.k.", "e.v.", "gbr", "gmbh", "inc", "kg", "ltd", "mbh", "nv",
    "n.v.", "ohg", "se", "ug", "vof", "v.o.f.", "llc", "plc",
}  # fmt: skip
# Name particles and titles: replacing these alone would mangle ordinary text;
# the full names that contain them are replaced as phrases.
PARTICLES = {
    "and", "und", "en", "the", "der", "die", "das", "de", "den", "het", "van", "von", "ten",
    "ter", "zu", "dr", "dr.", "prof", "prof.", "mr", "mrs", "ms", "&",
}  # fmt: skip
TEXT_FIELDS = ("title", "situation", "success_factor", "notes")
LIST_FIELDS = ("components", "change_approach")
METRIC_TEXT_FIELDS = ("name", "unit")
METRIC_VALUE_FIELDS = (
    "position",
    "before",
    "after",
    "stated_relative_change",
    "stated_absolute_change",
    "higher_is_better",
)


def _words(text: str) -> list[str]:
    return [
        word.strip(",;:()\"'")
        for word in re.split(r"[\s/]+", text)
        if len(word.strip(",;:()\"'")) >= 3 and word.lower() not in PARTICLES | LEGAL_FORMS
    ]


def identifying_terms(organisation: Organisation) -> dict[str, set[str]]:
    """Everything that names the organisation or its people, by kind of placeholder.

    Runs inside the organisation's scope: members and stakeholders are its own.
    """
    name = organisation.name
    without_legal = " ".join(w for w in name.split() if w.lower() not in LEGAL_FORMS)
    organisation_terms = {name, without_legal, organisation.slug, *_words(name)}
    organisation_terms |= {
        part for word in _words(name) for part in word.split("-") if len(part) >= 3
    }
    people: set[str] = set()
    for full_name, email in Membership.objects.values_list("user__full_name", "user__email"):
        people |= {full_name, email, email.split("@")[0], *_words(full_name)}
        organisation_terms.add(email.split("@")[1])
    for stakeholder in Stakeholder.objects.filter(kind=Stakeholder.Kind.PERSON).values_list(
        "name", flat=True
    ):
        people |= {stakeholder, *_words(stakeholder)}
    return {
        "organisation": {term for term in organisation_terms if len(term) >= 3},
        "person": {term for term in people if len(term) >= 3} - organisation_terms,
    }


def _pattern(terms: dict[str, set[str]]) -> tuple[re.Pattern, dict[str, str]] | None:
    kind_of = {term.lower(): kind for kind, words in terms.items() for term in words}
    if not kind_of:
        return None
    alternatives = sorted(kind_of, key=len, reverse=True)
    body = "|".join(re.escape(term) for term in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), kind_of


@dataclass
class Redactor:
    terms: dict[str, set[str]]
    replaced: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._compiled = _pattern(self.terms)

    def __call__(self, text: str, language: str) -> str:
        if not text:
            return text

        def person(match: re.Match) -> str:
            self.replaced.add(match.group(0))
            return PLACEHOLDERS["person"][language]

        text = EMAIL.sub(person, text)
        if self._compiled is None:
            return text
        pattern, kind_of = self._compiled

        def replace(match: re.Match) -> str:
            self.replaced.add(match.group(0))
            return PLACEHOLDERS[kind_of[match.group(0).lower()]][language]

        return pattern.sub(replace, text)


@dataclass
class AnonymisedCopy:
    """The fields of the shared copy, its results and areas: nothing else is copied."""

    fields: dict[str, Any]
    metrics: list[dict[str, Any]]
    areas: list[str]
    replaced: list[str]

    def text(self, name: str, language: str) -> Any:
        return self.fields[f"{name}_{language}"]


def anonymised_copy(case_study: CaseStudy) -> AnonymisedCopy:
    """What other organisations would see: no names of the source organisation or its people."""
    redact = Redactor(identifying_terms(case_study.organisation))
    fields: dict[str, Any] = {
        "sector": case_study.sector,
        "employee_count": case_study.employee_count,
        "business_function": case_study.business_function,
        "investment": case_study.investment,
        "payback_months": case_study.payback_months,
        "payback_basis": case_study.payback_basis,
        "original_language": case_study.original_language,
        "source_label": SHARED_SOURCE_LABEL,
    }
    for language in LANGUAGE_CODES:
        for name in TEXT_FIELDS:
            fields[f"{name}_{language}"] = redact(
                getattr(case_study, f"{name}_{language}"), language
            )
        for name in LIST_FIELDS:
            fields[f"{name}_{language}"] = [
                redact(item, language) for item in getattr(case_study, f"{name}_{language}")
            ]
    metrics = []
    for metric in case_study.metrics.all():
        row: dict[str, Decimal | int | bool | str | None] = {
            name: getattr(metric, name) for name in METRIC_VALUE_FIELDS
        }
        for language in LANGUAGE_CODES:
            for name in METRIC_TEXT_FIELDS:
                row[f"{name}_{language}"] = redact(getattr(metric, f"{name}_{language}"), language)
        metrics.append(row)
    areas = [area.area for area in case_study.areas.all()]
    return AnonymisedCopy(fields, metrics, areas, sorted(redact.replaced, key=str.lower))
