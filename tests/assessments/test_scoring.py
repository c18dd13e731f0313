"""Scoring with exact, hand-computed values."""

import pytest

from assessments import results, services
from tests.assessments.factories import answer, answer_many, open_wave

ALPHA_INSTRUMENT = {
    "format": "ai-programme-instrument/1",
    "key": "alpha-example",
    "kind": "custom",
    "name": "Alpha example",
    "scales": [
        {
            "key": "trust",
            "kind": "mean",
            "text": {"en": "Trust", "de": "Vertrauen", "nl": "Vertrouwen"},
            "items": [
                {"key": "t1", "type": "agreement5", "text": {"en": "One"}},
                {"key": "t2", "type": "agreement5", "text": {"en": "Two"}},
                {"key": "t3", "type": "agreement5", "text": {"en": "Three"}, "reverse": True},
            ],
        }
    ],
}
# Scores per respondent (after reverse scoring). Item variances 1.3 each, total
# scores 13, 8, 14, 7, 12 with variance 9.7:
# alpha = 3/2 * (1 - 3.9 / 9.7) = 0.8969...
SCORES = [(4, 5, 4), (3, 3, 2), (5, 4, 5), (2, 2, 3), (4, 4, 4)]


def test_item_score_reverses_agreement_and_0_to_10(scoped, instruments):
    pulse = instruments["pulse"]
    monitoring = pulse.items.get(key="sentiment-monitoring")
    assert [monitoring.score(raw) for raw in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    easier = pulse.items.get(key="sentiment-easier")
    assert easier.score(2) == 2
    monitoring.type = "scale10"
    assert monitoring.score(0) == 10
    assert monitoring.score(7) == 3


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 9, 9, 8, 7, 6, 5, 0, 10, 9], 20),  # 5 promoters, 2 passives, 3 detractors
        ([9, 9, 9, 7, 8, 3, 2], 14),  # (3 - 2) / 7 = 14.3 %
        ([6, 6, 6, 6, 6], -100),
        ([7, 8, 7, 8, 7], 0),
    ],
)
def test_enps_promoters_minus_detractors(values, expected):
    promoters = sum(1 for v in values if v >= 9)
    detractors = sum(1 for v in values if v <= 6)
    assert results.enps(promoters, detractors, len(values)) == expected


def test_cronbach_alpha_formula_matches_hand_computation():
    alpha = results.cronbach_alpha(3, [1.3, 1.3, 1.3], 9.7)
    assert alpha == pytest.approx(1.5 * (1 - 3.9 / 9.7))
    assert round(alpha, 4) == 0.8969
    assert results.cronbach_alpha(1, [1.0], 1.0) is None


def test_wave_results_alpha_and_mean_from_sql_with_reverse_item(
    scoped, django_capture_on_commit_callbacks
):
    organisation = scoped.organisation
    instrument = services.import_instrument(
        organisation=organisation, actor=scoped.user("coordinator"), data=ALPHA_INSTRUMENT
    )
    wave = open_wave(organisation, instrument)
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        for first, second, third in SCORES:
            answer(wave, {"t1": first, "t2": second, "t3": 6 - third})  # t3 is stored raw
    result = results.wave_results(wave=wave)
    [trust] = result.scales
    assert trust.n == 5
    assert trust.mean == 3.6
    assert trust.alpha == 0.9
    assert trust.alpha_n == 5
    assert not trust.alpha_is_low
    # Bars count the five people, each by their mean score rounded half up:
    # 4.33 → 4, 2.67 → 3, 4.67 → 5, 2.33 → 2, 4.00 → 4 (not the 15 answers).
    assert [bar.count for bar in trust.bars] == [0, 1, 1, 2, 1]
    assert sum(bar.count for bar in trust.bars) == trust.people == 5
    assert [round(bar.percent) for bar in trust.bars] == [0, 20, 20, 40, 20]


def test_wave_results_flags_alpha_below_0_7(scoped, django_capture_on_commit_callbacks):
    organisation = scoped.organisation
    instrument = services.import_instrument(
        organisation=organisation, actor=scoped.user("coordinator"), data=ALPHA_INSTRUMENT
    )
    wave = open_wave(organisation, instrument)
    # Items that do not hang together: alpha is negative.
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        for row in [(1, 5, 3), (5, 1, 3), (2, 4, 1), (4, 2, 5), (3, 3, 3)]:
            answer(wave, {"t1": row[0], "t2": row[1], "t3": row[2]})
    [trust] = results.wave_results(wave=wave).scales
    assert trust.alpha is not None and trust.alpha < 0.7
    assert trust.alpha_is_low


def test_wave_results_enps_and_culture_phase_distribution(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answers = [(10, 1), (9, 2), (9, 2), (8, 3), (7, 3), (6, 3), (5, 4), (0, 4)]
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        for enps_value, phase in answers:
            answer(wave, {"enps": enps_value, "culture-phase": phase})
    result = results.wave_results(wave=wave)
    assert result.enps == round(100 * (3 - 3) / 8)
    assert result.enps_n == 8
    assert [bar.count for bar in result.phases] == [1, 2, 3, 2]
    assert [round(bar.percent, 1) for bar in result.phases] == [12.5, 25.0, 37.5, 25.0]


def test_competence_gaps_per_audience_group(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["competence"])
    levels = {
        "ai-basics": 2,
        "data-analysis": 1,
        "prompt-engineering": 1,
        "tool-knowledge": 2,
        "process-thinking": 2,
        "critical-questioning": 2,
        "quality-assurance": 2,
        "openness-to-change": 3,
        "collaboration": 2,
        "continuous-learning": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        answer_many(wave, 5, {"audience-group": 3, **levels})  # end users
        answer_many(wave, 5, {"audience-group": 2, **levels, "prompt-engineering": 3})
    result = results.wave_results(wave=wave)
    rows = {row.group.key: row for row in result.gaps}
    assert set(rows) == {"2", "3"}
    end_users = {scale.key: (mean, target, gap) for scale, mean, target, gap in rows["3"].cells}
    assert end_users["technical"] == (1.5, 1, -0.5)
    assert end_users["methodical"] == (2.0, 2, 0.0)
    power = {scale.key: (mean, target, gap) for scale, mean, target, gap in rows["2"].cells}
    assert power["technical"] == (2.0, 3, 1.0)
