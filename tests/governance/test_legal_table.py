"""The legal test table of rule set 2026.11: one case per clause, its article in the id.

Built from the Act's text (Regulation (EU) 2024/1689 as amended by the Digital
Omnibus), the GDPR, BetrVG and WOR. Each row names the provision, the
answers that trigger it and what the classification must then say; where a
provision has exceptions, each exception is a row of its own. A compliance
officer reads the ids down the test report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from governance.rules import current_rule_set, evaluate, rule_set
from governance.rules.participation import ALL_DUTIES

RULES = current_rule_set()
HR_DATE = "2027-12-02"
DEPLOYER_HR = ["hr-26-1", "hr-26-2", "hr-26-4", "hr-26-5", "hr-26-6"]
PROVIDER_HR = ["pr-9", "pr-10", "pr-11", "pr-12", "pr-13", "pr-14", "pr-15", "pr-17"]
PROVIDER_HR += ["pr-43", "pr-49", "pr-72"]


@dataclass
class Row:
    """One line of the table: a provision, the facts that engage it, the result."""

    article: str
    answers: dict[str, Any]
    result_class: str | None = None
    has: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    point: str | None = None
    role: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    country: str = "DE"
    works_council: bool = False

    def __str__(self) -> str:
        return self.article


def check(row: Row) -> None:
    outcome = evaluate(RULES, row.answers, has_works_council=row.works_council, country=row.country)
    keys = outcome.obligation_keys
    if row.result_class is not None:
        assert outcome.result_class == row.result_class, (row.article, outcome.result_class)
    for key in row.has:
        assert key in keys, (row.article, key, keys)
    for key in row.lacks:
        assert key not in keys, (row.article, key, keys)
    if row.point is not None:
        assert outcome.annex_iii_point == row.point
    if row.role is not None:
        assert outcome.role == row.role
    for key, value in row.flags.items():
        assert outcome.flags[key] == value, (row.article, key, outcome.flags[key])
    starts = {item["key"]: item["applies_from"] for item in outcome.obligations}
    for key, value in row.dates.items():
        assert starts[key] == value, (row.article, key, starts[key])


def test_rule_set_is_the_reviewed_version_and_the_first_stays_readable():
    assert RULES.version == "2026.11"
    assert RULES.as_of == date(2026, 11, 30)
    assert rule_set("2026.07").version == "2026.07"
    assert rule_set("2026.07").procedure is None


# -- Scope: Art 2 and 3(1) ----------------------------------------------------------------------

SCOPE = [
    Row("Art 3(1) not an AI system: out of scope", {"is_ai_system": "no"}, "out_of_scope"),
    Row("Art 2(10) purely personal use", {"scope_exclusion": "personal"}, "out_of_scope"),
    Row(
        "Art 2(3) military, defence, national security",
        {"scope_exclusion": "military"},
        "out_of_scope",
    ),
    Row(
        "Art 2(6) sole purpose scientific research", {"scope_exclusion": "research"}, "out_of_scope"
    ),
    Row(
        "Art 2(8) research and testing before the market",
        {"scope_exclusion": "testing"},
        "out_of_scope",
    ),
    Row(
        "Art 2 out of scope keeps the GDPR duties (Art 35 GDPR)",
        {"is_ai_system": "no", "personal_data": True, "dpia_mandatory": ["a"]},
        "out_of_scope",
        has=("gdpr-35",),
        lacks=("literacy",),
    ),
    Row(
        "Art 4 AI literacy for every system in scope, since 2 Feb 2025",
        {},
        "minimal",
        has=("literacy",),
        dates={"literacy": "2025-02-02"},
    ),
]

# -- Art 5: every prohibition and each exception ------------------------------------------------

PROHIBITIONS = [
    Row(
        f"Art 5(1)({letter}) is prohibited",
        {"prohibited_practices": [letter]},
        "prohibited",
        has=("stop",),
        dates={"stop": "2025-02-02"},
        flags={"prohibited_practices": [letter]},
    )
    for letter in "abcdefgh"
] + [
    Row(
        "Art 5 [omnibus] non-consensual intimate images, from 2 Dec 2026",
        {"prohibited_practices": ["intimate_images"]},
        "prohibited",
        dates={"stop": "2026-12-02"},
    ),
    Row(
        "Art 5 [omnibus] child sexual abuse material, from 2 Dec 2026",
        {"prohibited_practices": ["csam"]},
        "prohibited",
        dates={"stop": "2026-12-02"},
    ),
    Row(
        "Art 5(1)(d) exception: supporting a human assessment based on objective facts",
        {"prohibited_practices": ["d-excluded"]},
        "minimal",
        lacks=("stop",),
        flags={"prohibited_exceptions": ["d-excluded"], "prohibited_practices": []},
    ),
    Row(
        "Art 5(1)(f) exception: medical or safety reasons, still Annex III 1(c) and Art 50(3)",
        {"prohibited_practices": ["f-excluded"]},
        "high_risk_annex_iii",
        has=("tr-50-3", *DEPLOYER_HR),
        lacks=("stop",),
        point="1c",
    ),
    Row(
        "Art 5(1)(g) exception: labelling or filtering lawfully acquired biometric datasets",
        {"prohibited_practices": ["g-excluded"]},
        "minimal",
        lacks=("stop",),
    ),
    Row(
        "Art 5(1)(h) exceptions (i)-(iii): authorised identification is Annex III 1(a)",
        {"prohibited_practices": ["h-excluded"]},
        "high_risk_annex_iii",
        has=("hr-14-5",),
        lacks=("stop",),
        point="1a",
    ),
    Row(
        "Art 5 binds deployers too (role deployer, still prohibited)",
        {"prohibited_practices": ["c"]},
        "prohibited",
        role="deployer",
    ),
    Row(
        "Art 5 prevails: a prohibited result names no Annex III point and no high-risk duty",
        {"prohibited_practices": ["f"], "annex_iii_points": ["1c"]},
        "prohibited",
        lacks=(*DEPLOYER_HR, "tr-50-3"),
        point="",
    ),
    Row(
        "Art 5 prevails over Annex I and Art 50",
        {
            "prohibited_practices": ["a"],
            "annex_i_product": True,
            "annex_i_third_party": True,
            "talks_to_people": True,
        },
        "prohibited",
        lacks=("tr-50-1-check", "hr-26-1"),
    ),
]

# -- Art 6(1) and Annex I -----------------------------------------------------------------------

ANNEX_I = [
    Row(
        "Art 6(1)(a)+(b) Annex I product needing third-party assessment, from 2 Aug 2028",
        {"annex_i_product": True, "annex_i_third_party": True},
        "high_risk_annex_i",
        has=tuple(DEPLOYER_HR),
        lacks=("hr-26-11", "hr-86", "fria"),
        dates={"hr-26-1": "2028-08-02"},
    ),
    Row(
        "Art 6(1)(b) not met: no third-party conformity assessment, not high-risk",
        {"annex_i_product": True},
        "minimal",
        lacks=tuple(DEPLOYER_HR),
    ),
]

# -- Art 6(2) and every Annex III point, with the Annex's own exclusions ------------------------

POINTS = ["1a", "1b", "1c", "2", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b", "5c", "5d"]
POINTS += ["6a", "6b", "6c", "6d", "6e", "7a", "7b", "7c", "7d", "8a", "8b"]


def _annex_iii_row(point: str) -> Row:
    has = [*DEPLOYER_HR, "hr-26-11"]
    lacks = []
    if point == "2":
        lacks.append("hr-86")  # Art 86(1) excludes point 2
    else:
        has.append("hr-86")
    if point == "1a":
        has.append("hr-14-5")
    else:
        lacks.append("hr-14-5")
    if point.startswith("4"):
        has.append("hr-26-7")
    if point in ("1b", "1c"):
        has.append("tr-50-3")
    (has if point in ("5b", "5c") else lacks).append("fria")
    label = f"Annex III {point[0]}({point[1:]})" if len(point) > 1 else f"Annex III {point}"
    return Row(
        f"Art 6(2), {label} is high-risk from 2 Dec 2027",
        {"annex_iii_points": [point]},
        "high_risk_annex_iii",
        has=tuple(has),
        lacks=tuple(lacks),
        point=point,
        flags={"human_oversight": "required"},
        dates={"hr-26-1": HR_DATE},
    )


ANNEX_III = [_annex_iii_row(point) for point in POINTS] + [
    Row(
        f"{article}: not high-risk",
        {"annex_iii_points": [value]},
        "minimal",
        lacks=tuple(DEPLOYER_HR),
        point="",
        flags={"exclusions": [value]},
    )
    for value, article in (
        ("1a-excluded", "Annex III 1(a) exclusion, 1:1 biometric verification"),
        ("5b-excluded", "Annex III 5(b) exclusion, detecting financial fraud"),
        ("5c-excluded", "Annex III 5(c) exclusion, insurance other than life and health"),
        ("7d-excluded", "Annex III 7(d) exclusion, verifying travel documents"),
        ("8b-excluded", "Annex III 8(b) exclusion, campaign tools nobody is exposed to"),
    )
]

# -- Art 6(3): each condition, material influence, and the profiling override -------------------

DEROGATION = (
    [
        Row(
            f"Art 6(3)({letter}) derogation: deployer keeps the provider's assessment (Art 6(4))",
            {
                "annex_iii_points": ["4a"],
                "derogation_condition": letter,
                "no_material_influence": True,
            },
            "minimal",
            has=("der-file",),
            lacks=tuple(DEPLOYER_HR),
            point="",
            flags={"derogation": letter, "human_oversight": "recommended"},
        )
        for letter in "abcd"
    ]
    + [
        Row(
            f"Art 6(3)({letter}) derogation by a provider: document and register (Art 6(4), 49(2))",
            {
                "annex_iii_points": ["3b"],
                "derogation_condition": letter,
                "no_material_influence": True,
                "developed_in_house": True,
            },
            "minimal",
            has=("der-6-4",),
            role="provider",
        )
        for letter in "abcd"
    ]
    + [
        Row(
            f"Art 6(3) last subparagraph: profiling overrides condition ({letter})",
            {
                "annex_iii_points": ["4b"],
                "derogation_condition": letter,
                "no_material_influence": True,
                "profiling": True,
            },
            "high_risk_annex_iii",
            has=tuple(DEPLOYER_HR),
            point="4b",
            flags={"derogation": ""},
        )
        for letter in "abcd"
    ]
    + [
        Row(
            "Art 6(3) first subparagraph: a condition but material influence, still high-risk",
            {"annex_iii_points": ["5a"], "derogation_condition": "c"},
            "high_risk_annex_iii",
            point="5a",
        ),
    ]
)

# -- Deployer and provider duties of high-risk systems ------------------------------------------

HIGH_RISK_DUTIES = [
    Row(
        "Art 14(5): remote biometric identification needs two-person verification",
        {"annex_iii_points": ["1a"]},
        has=("hr-14-5",),
        flags={"two_person_verification": True},
    ),
    Row(
        "Art 14(5) only for Annex III 1(a), not for biometric categorisation",
        {"annex_iii_points": ["1b"]},
        lacks=("hr-14-5",),
        flags={"two_person_verification": False},
    ),
    Row(
        "Art 26(7): workplace use of a high-risk system, inform workers first",
        {"annex_iii_points": ["5d"], "used_at_workplace": True},
        has=("hr-26-7",),
    ),
    Row(
        "Art 26(9): the provider's information feeds the DPIA",
        {"annex_iii_points": ["5d"], "personal_data": True},
        has=("hr-26-9",),
    ),
    Row(
        "Art 26(11): inform people subject to Annex III decisions",
        {"annex_iii_points": ["3a"]},
        has=("hr-26-11",),
    ),
    Row(
        "Art 86(1): right to an explanation for Annex III decisions",
        {"annex_iii_points": ["4b"]},
        has=("hr-86",),
    ),
    Row(
        "Art 86(1): not for Annex III point 2 (critical infrastructure)",
        {"annex_iii_points": ["2"]},
        lacks=("hr-86",),
    ),
    Row(
        "Art 86(1): Annex III only, not Annex I",
        {"annex_i_product": True, "annex_i_third_party": True},
        lacks=("hr-86", "hr-26-11"),
    ),
    Row(
        "Art 27(1): FRIA for a body governed by public law",
        {"annex_iii_points": ["3a"], "public_sector": "public_authority"},
        has=("fria",),
        flags={"fria": True},
    ),
    Row(
        "Art 27(1): FRIA for a private provider of public services",
        {"annex_iii_points": ["3a"], "public_sector": "public_service"},
        has=("fria",),
        lacks=("hr-49-3",),
        flags={"fria": True, "registration": False},
    ),
    Row(
        "Art 27(1): FRIA for a firm acting on behalf of an authority",
        {"annex_iii_points": ["5a"], "public_sector": "acting_for_authority"},
        has=("fria",),
    ),
    Row(
        "Art 27(1): FRIA for any deployer of credit scoring (Annex III 5(b))",
        {"annex_iii_points": ["5b"]},
        has=("fria",),
    ),
    Row(
        "Art 27(1): FRIA for any deployer of life and health insurance pricing (5(c))",
        {"annex_iii_points": ["5c"]},
        has=("fria",),
    ),
    Row(
        "Art 27(1): no FRIA for a private deployer outside 5(b) and 5(c)",
        {"annex_iii_points": ["4a"]},
        lacks=("fria",),
    ),
    Row(
        "Art 27(1): no FRIA for Annex III point 2, even for an authority",
        {"annex_iii_points": ["2"], "public_sector": "public_authority"},
        lacks=("fria", "hr-49-3"),
    ),
    Row(
        "Art 27(1): no FRIA for an Annex I system",
        {"annex_i_product": True, "annex_i_third_party": True, "public_sector": "public_authority"},
        lacks=("fria", "hr-49-3"),
    ),
    Row(
        "Art 26(8), 49(3): an authority registers its use of an Annex III system",
        {"annex_iii_points": ["5a"], "public_sector": "public_authority"},
        has=("hr-49-3",),
        flags={"registration": True},
        dates={"hr-49-3": HR_DATE},
    ),
    Row(
        "Art 49(3): a firm deploying on behalf of an authority registers too",
        {"annex_iii_points": ["3b"], "public_sector": "acting_for_authority"},
        has=("hr-49-3", "fria"),
        flags={"registration": True},
    ),
    Row(
        "Art 111(2): a legacy system is flagged",
        {"annex_iii_points": ["4b"], "in_service_before": True},
        "high_risk_annex_iii",
        flags={"legacy": True},
    ),
    Row(
        "Art 3(3), 16: a provider of a high-risk system owes the provider duties",
        {"annex_iii_points": ["5d"], "developed_in_house": True},
        has=tuple(PROVIDER_HR),
        role="provider",
        dates={"pr-9": HR_DATE, "pr-49": HR_DATE},
    ),
]

# -- Art 25(1): when a deployer becomes a provider ----------------------------------------------

ROLES = [
    Row(
        "Art 25(1)(a): own name or trademark on a high-risk system",
        {"annex_iii_points": ["5d"], "own_brand": True},
        role="deployer_became_provider",
        has=tuple(PROVIDER_HR),
        flags={"became_provider": ["a"]},
    ),
    Row(
        "Art 25(1)(b): substantial modification of a high-risk system",
        {"annex_iii_points": ["3b"], "substantial_modification": True},
        role="deployer_became_provider",
        flags={"became_provider": ["b"]},
    ),
    Row(
        "Art 25(1)(c): a changed purpose (general-purpose system included) makes it high-risk",
        {"annex_iii_points": ["4a"], "changed_purpose": True},
        role="deployer_became_provider",
        has=("pr-9", "hr-26-7"),
        flags={"became_provider": ["c"]},
    ),
    Row(
        "Art 25(1): no role change while the system is not high-risk",
        {"own_brand": True, "substantial_modification": True, "changed_purpose": True},
        "minimal",
        role="deployer",
        flags={"became_provider": []},
    ),
]

# -- Art 50: each paragraph and each exception --------------------------------------------------

TRANSPARENCY = [
    Row(
        "Art 50(1): the provider tells people they deal with AI",
        {"talks_to_people": True, "developed_in_house": True},
        "limited",
        has=("tr-50-1",),
        dates={"tr-50-1": "2026-08-02"},
    ),
    Row(
        "Art 50(1): a deployer checks that its provider does",
        {"talks_to_people": True},
        "limited",
        has=("tr-50-1-check",),
    ),
    Row(
        "Art 50(1) exception: obvious to a reasonably well-informed person",
        {"talks_to_people": True, "interaction_obvious": True, "developed_in_house": True},
        "minimal",
        lacks=("tr-50-1",),
        flags={"transparency_exceptions": ["50(1)-obvious"]},
    ),
    Row(
        "Art 50(1) exception: authorised by law for criminal offences",
        {"talks_to_people": True, "crime_authorised": True},
        "minimal",
        lacks=("tr-50-1-check",),
        flags={"transparency_exceptions": ["50(1)-crime"]},
    ),
    Row(
        "Art 50(1) exception does not cover systems the public uses to report a crime",
        {"talks_to_people": True, "crime_authorised": True, "crime_reporting_public": True},
        "limited",
        has=("tr-50-1-check",),
    ),
    Row(
        "Art 50(2): the provider marks generated content, from 2 Aug 2026",
        {"generates_content": True, "developed_in_house": True},
        "limited",
        has=("tr-50-2",),
        dates={"tr-50-2": "2026-08-02"},
    ),
    Row(
        "Art 50(2) [omnibus]: generative systems on the market before 2 Aug 2026, from 2 Dec 2026",
        {"generates_content": True, "on_market_before_transparency": True},
        "limited",
        has=("tr-50-2-check",),
        dates={"tr-50-2-check": "2026-12-02"},
    ),
    Row(
        "Art 50(2) exception: assistive function for standard editing",
        {"generates_content": True, "generative_exception": "assistive_editing"},
        "minimal",
        lacks=("tr-50-2-check", "tr-50-2"),
        flags={"transparency_exceptions": ["50(2)-assistive_editing"]},
    ),
    Row(
        "Art 50(2) exception: input data or its semantics not substantially altered",
        {
            "generates_content": True,
            "generative_exception": "not_substantial",
            "developed_in_house": True,
        },
        "minimal",
        lacks=("tr-50-2",),
    ),
    Row(
        "Art 50(2) exception: authorised by law for criminal offences",
        {"generates_content": True, "crime_authorised": True},
        "minimal",
        lacks=("tr-50-2-check",),
    ),
    Row(
        "Art 50(3): inform people exposed to emotion recognition or categorisation",
        {"emotion_or_categorisation": True},
        "limited",
        has=("tr-50-3",),
    ),
    Row(
        "Art 50(3) exception: permitted by law for criminal offences",
        {"emotion_or_categorisation": True, "crime_authorised": True},
        "minimal",
        lacks=("tr-50-3",),
    ),
    Row(
        "Art 50(4) first subparagraph: disclose deep fakes",
        {"deep_fake": True},
        "limited",
        has=("tr-50-4-deepfake",),
    ),
    Row(
        "Art 50(4) first subparagraph: artistic, satirical or fictional work, limited disclosure",
        {"deep_fake": True, "artistic_work": True},
        "limited",
        has=("tr-50-4-deepfake-art",),
        lacks=("tr-50-4-deepfake",),
    ),
    Row(
        "Art 50(4) first subparagraph exception: authorised by law for criminal offences",
        {"deep_fake": True, "crime_authorised": True},
        "minimal",
        lacks=("tr-50-4-deepfake", "tr-50-4-deepfake-art"),
    ),
    Row(
        "Art 50(4) second subparagraph: disclose AI text on matters of public interest",
        {"public_interest_text": True},
        "limited",
        has=("tr-50-4-text",),
    ),
    Row(
        "Art 50(4) second subparagraph exception: human review and editorial responsibility",
        {"public_interest_text": True, "editorial_responsibility": True},
        "minimal",
        lacks=("tr-50-4-text",),
        flags={"transparency_exceptions": ["50(4)-text-editorial"]},
    ),
    Row(
        "Art 50(4) second subparagraph exception: authorised by law for criminal offences",
        {"public_interest_text": True, "crime_authorised": True},
        "minimal",
        lacks=("tr-50-4-text",),
    ),
    Row(
        "Art 50(6): transparency stacks with high risk",
        {"annex_iii_points": ["5b"], "talks_to_people": True},
        "high_risk_annex_iii",
        has=("tr-50-1-check", "fria"),
    ),
]

# -- GDPR ---------------------------------------------------------------------------------------

GDPR = [
    Row(
        f"Art 35(3)({letter}) GDPR: DPIA required",
        {"personal_data": True, "dpia_mandatory": [letter]},
        has=("gdpr-35",),
        flags={"dpia": "required"},
    )
    for letter in "abc"
] + [
    Row(
        "Art 35(1) GDPR, WP248: two criteria require a DPIA",
        {"personal_data": True, "wp248_criteria": ["evaluation", "vulnerable"]},
        has=("gdpr-35",),
        flags={"dpia": "required"},
    ),
    Row(
        "Art 35(1) GDPR, WP248: one criterion, document the check",
        {"personal_data": True, "wp248_criteria": ["monitoring"]},
        has=("gdpr-35-screening",),
        flags={"dpia": "check"},
    ),
    Row(
        "Art 22 GDPR: solely automated decisions with legal effect",
        {"personal_data": True, "solely_automated_decision": True},
        has=("gdpr-22",),
        flags={"art22": True, "human_oversight": "recommended"},
    ),
]

# -- Workers' participation: the organisation's own law -----------------------------------------

PARTICIPATION = [
    Row(
        "§90(1) Nr. 3 BetrVG: inform the works council about planned AI",
        {},
        has=("wc-de-90",),
        flags={"works_council": ["§90(1) Nr. 3 BetrVG"], "participation": ["de-90"]},
        works_council=True,
    ),
    Row(
        "§87(1) Nr. 6 BetrVG: co-determination where behaviour or performance can be monitored",
        {"monitors_employees": True},
        has=("wc-87", "wc-de-90"),
        flags={"works_council": ["§87(1) Nr. 6 BetrVG", "§90(1) Nr. 3 BetrVG"]},
        works_council=True,
    ),
    Row(
        "§95(1), (2a) BetrVG: AI in selection guidelines (Annex III 4(a))",
        {"annex_iii_points": ["4a"]},
        has=("wc-de-95", "hr-26-7"),
        flags={"participation": ["de-95", "de-90", "ai-26-7"]},
        works_council=True,
    ),
    Row(
        "art. 27(1)(l) WOR: consent for a facility suitable for monitoring staff (not BetrVG)",
        {"monitors_employees": True, "used_at_workplace": True},
        has=("wc-nl-27-1-l", "wc-nl-25-1-k"),
        lacks=("wc-87", "wc-de-90"),
        flags={"works_council": ["art. 27(1)(l) WOR", "art. 25(1)(k) WOR"]},
        country="NL",
        works_council=True,
    ),
    Row(
        "art. 27(1)(k) WOR: consent for rules on processing staff personal data",
        {"employee_data": True},
        has=("wc-nl-27-1-k",),
        country="NL",
        works_council=True,
    ),
    Row(
        "art. 27(1)(e) and (g) WOR: recruitment and staff assessment",
        {"annex_iii_points": ["4a", "4b"]},
        has=("wc-nl-27-1-e", "wc-nl-27-1-g", "wc-nl-27-1-l"),
        country="NL",
        works_council=True,
    ),
    Row(
        "art. 25(1)(k) WOR: advice on an important technological facility at the workplace",
        {"used_at_workplace": True},
        has=("wc-nl-25-1-k",),
        flags={"participation": ["nl-25-1-k"]},
        country="NL",
        works_council=True,
    ),
    Row(
        "No works council: no national duty, Art 26(7) still informs the affected workers",
        {"annex_iii_points": ["4b"], "monitors_employees": True},
        has=("hr-26-7",),
        lacks=("wc-87", "wc-de-90"),
        flags={"works_council": [], "participation": ["ai-26-7"]},
        works_council=False,
    ),
    Row(
        "Other member states: only Art 26(7) is modelled",
        {"annex_iii_points": ["4b"], "monitors_employees": True},
        flags={"works_council": [], "participation": ["ai-26-7"]},
        country="FR",
        works_council=True,
    ),
]

TABLE = (
    SCOPE
    + PROHIBITIONS
    + ANNEX_I
    + ANNEX_III
    + DEROGATION
    + HIGH_RISK_DUTIES
    + ROLES
    + TRANSPARENCY
    + GDPR
    + PARTICIPATION
)


@pytest.mark.parametrize("row", TABLE, ids=str)
def test_legal_table(row: Row):
    check(row)


def test_every_annex_iii_point_and_art_5_option_has_a_row():
    """The table covers the whole questionnaire: no option without its test."""
    tested = {value for row in TABLE for value in row.answers.get("annex_iii_points", [])}
    tested |= {value for row in TABLE for value in row.answers.get("prohibited_practices", [])}
    offered = {o.value for o in RULES.question("annex_iii_points").options}
    offered |= {o.value for o in RULES.question("prohibited_practices").options}
    assert offered - tested == set()


def test_every_participation_duty_has_a_row():
    outcomes = [
        evaluate(RULES, row.answers, has_works_council=row.works_council, country=row.country)
        for row in PARTICIPATION
    ]
    seen = {key for outcome in outcomes for key in outcome.flags["participation"]}
    assert seen == {duty.key for duty in ALL_DUTIES}


def test_texts_of_the_new_version_are_in_three_languages():
    for rule in RULES.obligations.values():
        assert set(rule.text) == {"en", "de", "nl"} and all(rule.text.values()), rule.key
    for question in RULES.questions:
        assert all(question.text.values()), question.key
        for option in question.options:
            assert all(option.text.values()), (question.key, option.value)
