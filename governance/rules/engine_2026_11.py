"""The decision procedure of rule set 2026.11 (see its module for what changed).

Same steps as engine.evaluate (2026.07), which stays untouched so that past
classifications can be re-derived under their own version. A pure function of
the answers and three facts about the organisation and the use case.
"""

from __future__ import annotations

from typing import Any

from governance.rules import participation
from governance.rules.base import RuleSet
from governance.rules.engine import (
    BECAME_PROVIDER,
    DEPLOYER,
    HIGH_RISK_ANNEX_I,
    HIGH_RISK_ANNEX_III,
    LIMITED,
    MINIMAL,
    OUT_OF_SCOPE,
    PROHIBITED,
    PROVIDER,
    PROVIDER_DUTIES,
    PROVIDER_DUTIES_AFTER,
    Outcome,
    normalise,
)

EXCLUDED = "-excluded"
# An Art 5 exception leaves a practice allowed, but the system stays what it
# is: emotion inference for medical or safety reasons is emotion recognition
# (Annex III 1(c)); authorised real-time identification for law enforcement is
# remote biometric identification (Annex III 1(a)).
IMPLIED_POINTS = {"f-excluded": "1c", "h-excluded": "1a"}


def evaluate(
    rule_set: RuleSet,
    answers: dict[str, Any],
    *,
    has_works_council: bool = False,
    country: str = "",
) -> Outcome:
    from governance.rules.eu_ai_act_2026_11 import REGISTERS_USE, WORKS_COUNCIL_KEYS

    a = normalise(rule_set, answers)
    dates = rule_set.dates
    flags: dict[str, Any] = {
        "dpia": "no",
        "dpia_criteria": [],
        "dpia_mandatory": [],
        "fria": False,
        "human_oversight": "",
        "two_person_verification": False,
        "art22": False,
        "works_council": [],
        "participation": [],
        "legacy": False,
        "derogation": "",
        "exclusions": [],
        "prohibited_exceptions": [],
        "transparency_exceptions": [],
        "became_provider": [],
        "prohibited_practices": [],
        "registration": False,
    }
    obligations: list[dict] = []

    # Step 0: scope (Art 2, 3(1)). GDPR flags below apply either way.
    in_scope = a["is_ai_system"] == "yes" and a["scope_exclusion"] == "none"

    # Step 1: prohibited practices (Art 5) bind every role; an exception
    # option records why a practice is not prohibited.
    chosen = a["prohibited_practices"] if in_scope else []
    practices = [p for p in chosen if not p.endswith(EXCLUDED)]
    flags["prohibited_exceptions"] = [p for p in chosen if p.endswith(EXCLUDED)]

    # Step 2: high risk.
    points = [p for p in a["annex_iii_points"] if not p.endswith(EXCLUDED)]
    for exception, point in IMPLIED_POINTS.items():
        if exception in chosen and point not in points:
            points.append(point)
    flags["exclusions"] = [p for p in a["annex_iii_points"] if p.endswith(EXCLUDED)]
    # Art 6(1): both conditions, (a) the product and (b) third-party assessment.
    annex_i = in_scope and a["annex_i_product"] and a["annex_i_third_party"]
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

    # A prohibited practice is no Annex III case: the badge would suggest the
    # system could be used with the high-risk duties.
    annex_iii_point = points[0] if annex_iii and result_class != PROHIBITED else ""
    if in_scope:
        obligations.append(rule_set.obligation("literacy"))
    if result_class == PROHIBITED:
        prohibited = rule_set.question("prohibited_practices")
        flags["prohibited_practices"] = practices
        first = min(prohibited.option(p).applies_from for p in practices)
        obligations.append(rule_set.obligation("stop", applies_from=first))

    workplace = a["used_at_workplace"] or a["monitors_employees"]
    if result_class in (HIGH_RISK_ANNEX_I, HIGH_RISK_ANNEX_III):
        start = dates["annex_i"] if result_class == HIGH_RISK_ANNEX_I else dates["annex_iii"]
        if is_provider:
            for key in PROVIDER_DUTIES + PROVIDER_DUTIES_AFTER:
                obligations.append(rule_set.obligation(key, applies_from=start))
        deployer_keys = ["hr-26-1", "hr-26-2", "hr-26-4", "hr-26-5", "hr-26-6"]
        if "1a" in points and annex_iii:
            # Art 14(5): two people verify an identification before anyone acts on it.
            deployer_keys.append("hr-14-5")
            flags["two_person_verification"] = True
        if workplace or any(p.startswith("4") for p in points):
            deployer_keys.append("hr-26-7")
        if a["personal_data"]:
            deployer_keys.append("hr-26-9")
        not_infrastructure = [p for p in points if p != "2"]
        if annex_iii:
            deployer_keys.append("hr-26-11")
            # Art 86(1) excludes Annex III point 2.
            if not_infrastructure:
                deployer_keys.append("hr-86")
        for key in deployer_keys:
            obligations.append(rule_set.obligation(key, applies_from=start))
        flags["human_oversight"] = "required"
        if annex_iii and not_infrastructure:
            # Art 26(8), 49(3): authorities and those acting on their behalf
            # register their use of an Annex III system (not point 2).
            if a["public_sector"] in REGISTERS_USE:
                flags["registration"] = True
                obligations.append(rule_set.obligation("hr-49-3"))
            # FRIA (Art 27): Annex III except point 2; public bodies, private
            # providers of public services (on their own account or for an
            # authority), and any deployer of 5(b) or 5(c).
            if a["public_sector"] != "none" or "5b" in points or "5c" in points:
                flags["fria"] = True
                obligations.append(rule_set.obligation("fria"))
        if a["in_service_before"]:
            flags["legacy"] = True

    if derogation and in_scope and result_class != PROHIBITED:
        flags["derogation"] = derogation
        obligations.append(rule_set.obligation("der-6-4" if is_provider else "der-file"))

    # Step 3: transparency (Art 50) stacks with high risk (50(6)); the role
    # decides who owes it; each paragraph's exceptions are applied.
    transparency: list[dict] = []
    exceptions: list[str] = []
    if in_scope and result_class != PROHIBITED:
        crime = a["crime_authorised"]
        if a["talks_to_people"]:
            if a["interaction_obvious"]:
                exceptions.append("50(1)-obvious")
            elif crime and not a["crime_reporting_public"]:
                exceptions.append("50(1)-crime")
            else:
                transparency.append(
                    rule_set.obligation("tr-50-1" if is_provider else "tr-50-1-check")
                )
        if a["generates_content"]:
            if a["generative_exception"] != "none":
                exceptions.append(f"50(2)-{a['generative_exception']}")
            elif crime:
                exceptions.append("50(2)-crime")
            else:
                start = (
                    dates["transparency_legacy_generative"]
                    if a["on_market_before_transparency"]
                    else dates["transparency"]
                )
                transparency.append(
                    rule_set.obligation(
                        "tr-50-2" if is_provider else "tr-50-2-check", applies_from=start
                    )
                )
        if a["emotion_or_categorisation"] or any(p in ("1b", "1c") for p in points):
            if crime:
                exceptions.append("50(3)-crime")
            else:
                transparency.append(rule_set.obligation("tr-50-3"))
        if a["deep_fake"]:
            if crime:
                exceptions.append("50(4)-deepfake-crime")
            elif a["artistic_work"]:
                transparency.append(rule_set.obligation("tr-50-4-deepfake-art"))
            else:
                transparency.append(rule_set.obligation("tr-50-4-deepfake"))
        if a["public_interest_text"]:
            if crime:
                exceptions.append("50(4)-text-crime")
            elif a["editorial_responsibility"]:
                exceptions.append("50(4)-text-editorial")
            else:
                transparency.append(rule_set.obligation("tr-50-4-text"))
    flags["transparency_exceptions"] = exceptions
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

    # Workers' participation in the organisation's own law.
    found = participation.duties(
        country=country,
        has_works_council=has_works_council,
        in_scope=in_scope and result_class != PROHIBITED,
        high_risk=high_risk and result_class != PROHIBITED,
        points=points,
        used_at_workplace=a["used_at_workplace"],
        monitors_employees=a["monitors_employees"],
        employee_data=a["employee_data"],
    )
    flags["works_council"] = [duty.law for duty in found if duty.key != "ai-26-7"]
    flags["participation"] = [duty.key for duty in found]
    for duty in found:
        if duty.key != "ai-26-7":
            obligations.append(rule_set.obligation(WORKS_COUNCIL_KEYS[duty.key]))

    return Outcome(
        result_class=result_class,
        role=role,
        annex_iii_point=annex_iii_point,
        obligations=obligations,
        flags=flags,
    )
