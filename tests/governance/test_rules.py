"""The classification rules, one case per branch of EU_AI_ACT.md's procedure."""

from datetime import date

import pytest

from governance.rules import evaluate, localized, rule_set

# The first rule set stays readable and keeps its own procedure; 2026.11 is
# tested clause by clause in test_legal_table.py.
RULES = rule_set("2026.07")
LITERACY = "literacy"
DEPLOYER_HR = ["hr-26-1", "hr-26-2", "hr-26-4", "hr-26-5", "hr-26-6"]
PROVIDER_HR = [
    "pr-9",
    "pr-10",
    "pr-11",
    "pr-12",
    "pr-13",
    "pr-14",
    "pr-15",
    "pr-17",
    "pr-43",
    "pr-49",
    "pr-72",
]


def classify(has_works_council=False, **answers):
    return evaluate(RULES, answers, has_works_council=has_works_council)


def dates(outcome):
    return {o["key"]: o["applies_from"] for o in outcome.obligations}


def test_rule_set_version_and_date():
    assert RULES.version == "2026.07"
    assert RULES.as_of == date(2026, 7, 27)


def test_minimal_risk_carries_only_ai_literacy():
    outcome = classify()
    assert outcome.result_class == "minimal"
    assert outcome.role == "deployer"
    assert outcome.obligation_keys == [LITERACY]
    assert dates(outcome) == {"literacy": "2025-02-02"}
    assert outcome.flags["dpia"] == "no"
    assert outcome.flags["works_council"] == []


@pytest.mark.parametrize("answers", [{"is_ai_system": "no"}, {"scope_exclusion": "research"}])
def test_out_of_scope_keeps_gdpr_flags_only(answers):
    outcome = classify(personal_data=True, wp248_criteria=["evaluation", "large_scale"], **answers)
    assert outcome.result_class == "out_of_scope"
    assert outcome.obligation_keys == ["gdpr-35"]
    assert outcome.flags["dpia"] == "required"


def test_prohibited_practice_says_stop():
    outcome = classify(prohibited_practices=["f"], annex_iii_points=["1c"])
    assert outcome.result_class == "prohibited"
    assert outcome.annex_iii_point == "1c"
    assert outcome.obligation_keys == [LITERACY, "stop"]
    assert dates(outcome)["stop"] == "2025-02-02"
    assert outcome.flags["prohibited_practices"] == ["f"]


def test_omnibus_prohibition_applies_from_december_2026():
    outcome = classify(prohibited_practices=["intimate_images"])
    assert outcome.result_class == "prohibited"
    assert dates(outcome)["stop"] == "2026-12-02"


@pytest.mark.parametrize(
    "point",
    [
        "1a",
        "1b",
        "1c",
        "2",
        "3a",
        "3b",
        "3c",
        "3d",
        "4a",
        "4b",
        "5a",
        "5b",
        "5c",
        "5d",
        "6",
        "7",
        "8a",
        "8b",
    ],
)
def test_each_annex_iii_point_is_high_risk(point):
    outcome = classify(annex_iii_points=[point])
    assert outcome.result_class == "high_risk_annex_iii"
    assert outcome.annex_iii_point == point
    assert outcome.flags["human_oversight"] == "required"
    expected = [LITERACY, *DEPLOYER_HR]
    if point.startswith("4"):
        expected.append("hr-26-7")
    expected += ["hr-26-11", "hr-86"]
    if point in ("5b", "5c"):
        expected.append("fria")
    if point in ("1b", "1c"):
        expected.append("tr-50-3")
    assert outcome.obligation_keys == expected
    assert dates(outcome)["hr-26-1"] == "2027-12-02"


@pytest.mark.parametrize("excluded", ["1a-excluded", "5b-excluded", "5c-excluded"])
def test_annex_iii_exclusions_are_not_high_risk(excluded):
    outcome = classify(annex_iii_points=[excluded])
    assert outcome.result_class == "minimal"
    assert outcome.annex_iii_point == ""
    assert outcome.flags["exclusions"] == [excluded]
    assert outcome.obligation_keys == [LITERACY]


def test_annex_i_product_is_high_risk_from_august_2028():
    outcome = classify(annex_i_product=True)
    assert outcome.result_class == "high_risk_annex_i"
    assert outcome.obligation_keys == [LITERACY, *DEPLOYER_HR]
    assert dates(outcome)["hr-26-1"] == "2028-08-02"


def test_derogation_applies_without_profiling():
    outcome = classify(
        annex_iii_points=["4a"],
        derogation_condition="d",
        no_material_influence=True,
    )
    assert outcome.result_class == "minimal"
    assert outcome.annex_iii_point == ""
    assert outcome.flags["derogation"] == "d"
    assert outcome.flags["human_oversight"] == "recommended"
    assert outcome.obligation_keys == [LITERACY, "der-file"]


def test_derogation_by_a_provider_needs_documentation_and_registration():
    outcome = classify(
        annex_iii_points=["3b"],
        derogation_condition="a",
        no_material_influence=True,
        developed_in_house=True,
    )
    assert outcome.result_class == "minimal"
    assert outcome.obligation_keys == [LITERACY, "der-6-4"]


def test_derogation_never_applies_with_profiling():
    outcome = classify(
        annex_iii_points=["4a"],
        derogation_condition="d",
        no_material_influence=True,
        profiling=True,
    )
    assert outcome.result_class == "high_risk_annex_iii"
    assert outcome.annex_iii_point == "4a"
    assert outcome.flags["derogation"] == ""


def test_derogation_needs_no_material_influence():
    outcome = classify(annex_iii_points=["4b"], derogation_condition="c")
    assert outcome.result_class == "high_risk_annex_iii"


def test_deployer_becomes_provider_by_changing_the_purpose():
    outcome = classify(annex_iii_points=["4a"], changed_purpose=True)
    assert outcome.role == "deployer_became_provider"
    assert outcome.flags["became_provider"] == ["c"]
    assert outcome.obligation_keys == [
        LITERACY,
        *PROVIDER_HR,
        *DEPLOYER_HR,
        "hr-26-7",
        "hr-26-11",
        "hr-86",
    ]


def test_changed_purpose_without_high_risk_keeps_deployer_role():
    outcome = classify(changed_purpose=True, own_brand=True)
    assert outcome.role == "deployer"
    assert outcome.flags["became_provider"] == []


def test_chatbot_built_in_house_owes_transparency_as_provider():
    outcome = classify(developed_in_house=True, talks_to_people=True, generates_content=True)
    assert outcome.result_class == "limited"
    assert outcome.role == "provider"
    assert outcome.obligation_keys == [LITERACY, "tr-50-1", "tr-50-2"]
    assert dates(outcome)["tr-50-2"] == "2026-08-02"


def test_bought_chatbot_leaves_provider_duties_to_check():
    outcome = classify(
        talks_to_people=True, generates_content=True, on_market_before_transparency=True
    )
    assert outcome.result_class == "limited"
    assert outcome.obligation_keys == [LITERACY, "tr-50-1-check", "tr-50-2-check"]
    assert dates(outcome)["tr-50-2-check"] == "2026-12-02"


def test_deployer_transparency_duties():
    outcome = classify(emotion_or_categorisation=True, deep_fake=True, public_interest_text=True)
    assert outcome.result_class == "limited"
    assert outcome.obligation_keys == [LITERACY, "tr-50-3", "tr-50-4-deepfake", "tr-50-4-text"]


def test_transparency_stacks_with_high_risk():
    outcome = classify(annex_iii_points=["5b"], talks_to_people=True, personal_data=True)
    assert outcome.result_class == "high_risk_annex_iii"
    assert outcome.obligation_keys[-2:] == ["fria", "tr-50-1-check"]


@pytest.mark.parametrize(
    ("criteria", "flag", "keys"),
    [
        ([], "no", [LITERACY]),
        (["vulnerable"], "check", [LITERACY, "gdpr-35-screening"]),
        (["vulnerable", "evaluation"], "required", [LITERACY, "gdpr-35"]),
    ],
)
def test_dpia_screening_by_number_of_criteria(criteria, flag, keys):
    outcome = classify(personal_data=True, wp248_criteria=criteria)
    assert outcome.flags["dpia"] == flag
    order = ["evaluation", "vulnerable"]
    assert outcome.flags["dpia_criteria"] == [c for c in order if c in criteria]
    assert outcome.obligation_keys == keys


def test_dpia_required_by_art_35_3_alone():
    outcome = classify(personal_data=True, dpia_mandatory=["b"])
    assert outcome.flags["dpia"] == "required"
    assert outcome.flags["dpia_mandatory"] == ["b"]


def test_dpia_not_screened_without_personal_data():
    outcome = classify(wp248_criteria=["evaluation", "large_scale"])
    assert outcome.flags["dpia"] == "no"


def test_fria_for_public_bodies_but_not_for_critical_infrastructure():
    assert classify(annex_iii_points=["3a"], public_body=True).flags["fria"] is True
    assert classify(annex_iii_points=["2"], public_body=True).flags["fria"] is False
    assert classify(annex_iii_points=["3a"]).flags["fria"] is False


def test_credit_scoring_flags_fria_art22_and_dpia():
    outcome = classify(
        annex_iii_points=["5b"],
        personal_data=True,
        dpia_mandatory=["a"],
        wp248_criteria=["evaluation", "automated_decision"],
        solely_automated_decision=True,
        profiling=True,
    )
    assert outcome.result_class == "high_risk_annex_iii"
    assert outcome.flags["fria"] is True
    assert outcome.flags["art22"] is True
    assert outcome.obligation_keys == [
        LITERACY,
        *DEPLOYER_HR,
        "hr-26-9",
        "hr-26-11",
        "hr-86",
        "fria",
        "gdpr-35",
        "gdpr-22",
    ]


def test_works_council_flag_only_where_there_is_one():
    answers = {"monitors_employees": True, "annex_iii_points": ["4a"]}
    with_council = classify(has_works_council=True, **answers)
    assert with_council.flags["works_council"] == [
        "§87(1) Nr. 6 BetrVG",
        "§90(1) Nr. 3 BetrVG",
        "§95(2a) BetrVG",
    ]
    assert with_council.obligation_keys[-1] == "wc-87"
    without = classify(has_works_council=False, **answers)
    assert without.flags["works_council"] == []
    assert "wc-87" not in without.obligation_keys


def test_works_council_information_for_any_planned_ai():
    outcome = classify(has_works_council=True)
    assert outcome.flags["works_council"] == ["§90(1) Nr. 3 BetrVG"]
    assert outcome.obligation_keys == [LITERACY]


def test_legacy_system_is_flagged():
    outcome = classify(annex_iii_points=["4b"], in_service_before=True)
    assert outcome.flags["legacy"] is True
    assert outcome.result_class == "high_risk_annex_iii"


def test_texts_are_translated():
    outcome = classify()
    text = outcome.obligations[0]["text"]
    assert localized(text, "de").startswith("Maßnahmen zur Förderung der KI-Kompetenz")
    assert localized(text, "nl").startswith("Maatregelen nemen")
    for rule in RULES.obligations.values():
        assert set(rule.text) == {"en", "de", "nl"} and all(rule.text.values())
    for question in RULES.questions:
        assert all(question.text.values())
        for option in question.options:
            assert all(option.text.values())


@pytest.mark.parametrize(
    ("answer", "letter"), [("own_brand", "a"), ("substantial_modification", "b")]
)
def test_deployer_becomes_provider_by_brand_or_modification(answer, letter):
    outcome = classify(annex_iii_points=["5d"], **{answer: True})
    assert outcome.role == "deployer_became_provider"
    assert outcome.flags["became_provider"] == [letter]
    assert outcome.obligation_keys[:2] == [LITERACY, "pr-9"]


def test_prohibition_wins_over_high_risk_and_transparency():
    outcome = classify(
        prohibited_practices=["a", "csam"], annex_i_product=True, talks_to_people=True
    )
    assert outcome.result_class == "prohibited"
    assert outcome.obligation_keys == [LITERACY, "stop"]
    assert dates(outcome)["stop"] == "2025-02-02"
