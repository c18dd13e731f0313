"""Apply a rule set to a questionnaire's answers: class, role, obligations, flags.

The decision procedure follows ../shared/domain/EU_AI_ACT.md step by step;
it is a pure function of the answers and two facts about the organisation,
so every branch can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.rules.base import RuleSet

OUT_OF_SCOPE = "out_of_scope"
PROHIBITED = "prohibited"
HIGH_RISK_ANNEX_I = "high_risk_annex_i"
HIGH_RISK_ANNEX_III = "high_risk_annex_iii"
LIMITED = "limited"
MINIMAL = "minimal"

PROVIDER = "provider"
DEPLOYER = "deployer"
BECAME_PROVIDER = "deployer_became_provider"

PROVIDER_DUTIES = ("pr-9", "pr-10", "pr-11", "pr-12", "pr-13", "pr-14", "pr-15", "pr-17")
PROVIDER_DUTIES_AFTER = ("pr-43", "pr-49", "pr-72")


@dataclass
class Outcome:
    result_class: str
    role: str
    annex_iii_point: str = ""
    obligations: list[dict] = field(default_factory=list)
    flags: dict[str, Any] = field(default_factory=dict)

    @property
    def obligation_keys(self) -> list[str]:
        return [obligation["key"] for obligation in self.obligations]


def normalise(rule_set: RuleSet, answers: dict[str, Any]) -> dict[str, Any]:
    """Every question answered, unknown keys dropped, lists sorted in option order."""
    clean: dict[str, Any] = {}
    for question in rule_set.questions:
        value = answers.get(question.key, question.default)
        if question.kind == "bool":
            clean[question.key] = bool(value)
        elif question.kind == "multi":
            chosen = set(value or ())
            clean[question.key] = [o.value for o in question.options if o.value in chosen]
        else:
            valid = {option.value for option in question.options}
            clean[question.key] = value if value in valid else question.default
    return clean


def evaluate(
    rule_set: RuleSet, answers: dict[str, Any], *, has_works_council: bool = False
) -> Outcome:
    a = normalise(rule_set, answers)
    dates = rule_set.dates
    flags: dict[str, Any] = {
        "dpia": "no",
        "dpia_criteria": [],
        "dpia_mandatory": [],
        "fria": False,
        "human_oversight": "",
        "art22": False,
        "works_council": [],
        "legacy": False,
        "derogation": "",
        "exclusions": [],
        "became_provider": [],
        "prohibited_practices": [],
    }
    obligations: list[dict] = []

    # Step 0: scope. GDPR flags below apply either way.
    in_scope = a["is_ai_system"] == "yes" and a["scope_exclusion"] == "none"

    # Step 1: prohibited practices bind every role.
    practices = a["prohibited_practices"] if in_scope else []

    # Step 2: high risk.
    points = [p for p in a["annex_iii_points"] if not p.endswith("-excluded")]
    flags["exclusions"] = [p for p in a["annex_iii_points"] if p.endswith("-excluded")]
    annex_i = in_scope and a["annex_i_product"]
    derogation = ""
    # Conservative reading of Art 6(3): a listed condition, no material
    # influence, and never when the system profiles natural persons.
    if (
        points
        and a["derogation_condition"] != "none"
        and a["no_material_influence"]
        and not a["profiling"]
    ):
        derogation = a["derogation_condition"]
    annex_iii = in_scope and bool(points) and not derogation
    high_risk = annex_i or annex_iii

    # The company's role (Art 3(3), 3(4), 25(1)).
    role = PROVIDER if a["developed_in_house"] else DEPLOYER
    if role == DEPLOYER and high_risk:
        triggers = [
            letter
            for letter, key in (
                ("a", "own_brand"),
                ("b", "substantial_modification"),
                ("c", "changed_purpose"),
            )
            if a[key]
        ]
        if triggers:
            role = BECAME_PROVIDER
            flags["became_provider"] = triggers
    is_provider = role in (PROVIDER, BECAME_PROVIDER)

    if not in_scope:
        result_class = OUT_OF_SCOPE
    elif practices:
        result_class = PROHIBITED
    elif annex_i:
        result_class = HIGH_RISK_ANNEX_I
    elif annex_iii:
        result_class = HIGH_RISK_ANNEX_III
    else:
        result_class = ""  # limited or minimal, decided by transparency below

    annex_iii_point = points[0] if in_scope and points and not derogation else ""
    if in_scope:
        obligations.append(rule_set.obligation("literacy"))
    if result_class == PROHIBITED:
        prohibited = rule_set.question("prohibited_practices")
        flags["prohibited_practices"] = practices
        first = min(prohibited.option(p).applies_from for p in practices)
        obligations.append(rule_set.obligation("stop", applies_from=first))

    if result_class in (HIGH_RISK_ANNEX_I, HIGH_RISK_ANNEX_III):
        start = dates["annex_i"] if result_class == HIGH_RISK_ANNEX_I else dates["annex_iii"]
        if is_provider:
            for key in PROVIDER_DUTIES + PROVIDER_DUTIES_AFTER:
                obligations.append(rule_set.obligation(key, applies_from=start))
        deployer_keys = ["hr-26-1", "hr-26-2", "hr-26-4", "hr-26-5", "hr-26-6"]
        if a["used_at_workplace"] or any(p.startswith("4") for p in points):
            deployer_keys.append("hr-26-7")
        if a["personal_data"]:
            deployer_keys.append("hr-26-9")
        if annex_iii:
            deployer_keys += ["hr-26-11", "hr-86"]
        for key in deployer_keys:
            obligations.append(rule_set.obligation(key, applies_from=start))
        flags["human_oversight"] = "required"
        # FRIA (Art 27): Annex III except point 2; public bodies and private
        # providers of public services, and any deployer of 5(b) or 5(c).
        fria_points = [p for p in points if p != "2"]
        if annex_iii and fria_points and (a["public_body"] or "5b" in points or "5c" in points):
            flags["fria"] = True
            obligations.append(rule_set.obligation("fria"))
        if a["in_service_before"]:
            flags["legacy"] = True

    if derogation and in_scope and result_class != PROHIBITED:
        flags["derogation"] = derogation
        obligations.append(rule_set.obligation("der-6-4" if is_provider else "der-file"))

    # Step 3: transparency stacks with high risk; the role decides who owes it.
    transparency: list[dict] = []
    if in_scope and result_class != PROHIBITED:
        on_market_before = a["on_market_before_transparency"]
        if a["talks_to_people"]:
            transparency.append(rule_set.obligation("tr-50-1" if is_provider else "tr-50-1-check"))
        if a["generates_content"]:
            start = (
                dates["transparency_legacy_generative"]
                if on_market_before
                else dates["transparency"]
            )
            transparency.append(
                rule_set.obligation(
                    "tr-50-2" if is_provider else "tr-50-2-check", applies_from=start
                )
            )
        emotion = a["emotion_or_categorisation"] or any(p in ("1b", "1c") for p in points)
        if emotion:
            transparency.append(rule_set.obligation("tr-50-3"))
        if a["deep_fake"]:
            transparency.append(rule_set.obligation("tr-50-4-deepfake"))
        if a["public_interest_text"]:
            transparency.append(rule_set.obligation("tr-50-4-text"))
    obligations.extend(transparency)
    if not result_class:
        result_class = LIMITED if transparency else MINIMAL

    # GDPR flags apply whatever the AI Act says.
    if a["personal_data"]:
        flags["dpia_mandatory"] = a["dpia_mandatory"]
        flags["dpia_criteria"] = a["wp248_criteria"]
        if a["dpia_mandatory"] or len(a["wp248_criteria"]) >= 2:
            flags["dpia"] = "required"
            obligations.append(rule_set.obligation("gdpr-35"))
        elif len(a["wp248_criteria"]) == 1:
            flags["dpia"] = "check"
            obligations.append(rule_set.obligation("gdpr-35-screening"))
        if a["solely_automated_decision"]:
            flags["art22"] = True
            obligations.append(rule_set.obligation("gdpr-22"))
    if not flags["human_oversight"] and (flags["art22"] or derogation or a["profiling"]):
        flags["human_oversight"] = "recommended"

    # German works council (only where the company has one).
    if has_works_council:
        council = ["§90(1) Nr. 3 BetrVG"]
        if a["monitors_employees"] or any(p.startswith("4") for p in points):
            council.insert(0, "§87(1) Nr. 6 BetrVG")
            obligations.append(rule_set.obligation("wc-87"))
        if "4a" in points:
            council.append("§95(2a) BetrVG")
        flags["works_council"] = council

    return Outcome(
        result_class=result_class,
        role=role,
        annex_iii_point=annex_iii_point,
        obligations=obligations,
        flags=flags,
    )
