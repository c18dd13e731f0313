"""Scales of optional questions: every figure of a scale needs the minimum of its own.

A group can reach the minimum in responses while only a few of them answered
one scale; that scale's mean must then stay hidden everywhere (card, heatmap,
organisation average, trend, CSV) and must not be derivable by subtraction.
The other organisation's survey data exist in every test.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from assessments import results, services, summaries
from tests.assessments.factories import answer_many, install, open_wave, publish
from tests.factories import DepartmentFactory

ALL_SCALES = {
    **{f"commitment-{n}": 4 for n in range(1, 6)},
    **{f"efficacy-{n}": 3 for n in range(1, 8)},
}
COMMITMENT_ONLY = {f"commitment-{n}": 4 for n in range(1, 6)}
# Efficacy answered "1" by the few: a mean of 1.00 in any output would be theirs.
FEW_EFFICACY = {**COMMITMENT_ONLY, **{f"efficacy-{n}": 1 for n in range(1, 8)}}


@pytest.fixture
def surveys(tenants):
    """Both organisations have instruments and a wave; the other's answers could leak."""
    own, other = tenants
    with scope(organisation=other.organisation):
        other_wave = open_wave(other.organisation, install(other.organisation)["readiness"])
        answer_many(other_wave, 12, ALL_SCALES, department=other.departments["Sales"])
    with scope(organisation=own.organisation):
        instruments = install(own.organisation)
        yield own, instruments


def efficacy(result):
    return next(s for s in result.scales if s.scale.key == "efficacy")


def test_scale_answered_by_too_few_is_hidden_in_the_heatmap_average(surveys):
    tenant, instruments = surveys
    wave = open_wave(tenant.organisation, instruments["readiness"])
    answer_many(wave, 8, COMMITMENT_ONLY, department=tenant.departments["Sales"])
    answer_many(wave, 3, FEW_EFFICACY, department=tenant.departments["Support"])
    answer_many(wave, 5, COMMITMENT_ONLY, department=tenant.departments["Support"])
    publish(wave)

    result = results.wave_results(wave=wave)

    assert result.visible and not efficacy(result).visible
    column = [s.key for s in result.heat_scales].index("efficacy")
    assert result.org_means[column] is None
    assert all(row.cells[column].mean is None for row in result.heatmap)
    assert all("1.00" not in row for row in map(",".join, summaries.csv_rows(wave=wave)))


def test_scale_of_a_group_hidden_when_the_rest_could_be_worked_out(surveys, client_for):
    tenant, instruments = surveys
    wave = open_wave(tenant.organisation, instruments["readiness"])
    sales, support = tenant.departments["Sales"], tenant.departments["Support"]
    answer_many(wave, 6, ALL_SCALES, department=sales)
    answer_many(wave, 2, FEW_EFFICACY, department=support)
    answer_many(wave, 4, COMMITMENT_ONLY, department=support)
    publish(wave)

    whole = results.wave_results(wave=wave)
    selected = results.wave_results(wave=wave, group_key=str(sales.pk))

    # Organisation: 8 answered efficacy (shown); Sales alone 6 would leave Support's 2.
    assert efficacy(whole).visible and efficacy(whole).n == 8
    assert selected.visible and not efficacy(selected).visible
    column = [s.key for s in whole.heat_scales].index("efficacy")
    assert all(row.cells[column].mean is None for row in whole.heatmap)
    client = client_for(tenant.user("steering"))
    url = reverse("assessments:results", kwargs={"org": tenant.slug, "pk": wave.pk})
    page = client.get(url, {"group": sales.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "Hidden so that a smaller group cannot be worked out from the total." in page


def test_trend_leaves_out_a_scale_and_enps_answered_by_too_few(surveys):
    tenant, instruments = surveys
    readiness = instruments["readiness"]
    now = timezone.now()
    waves = []
    for days, title in ((40, "Earlier"), (1, "Later")):
        wave = services.create_wave(
            organisation=tenant.organisation,
            actor=None,
            instrument=readiness,
            title=title,
            mode="kiosk",
            opens_at=now - timedelta(days=days),
            closes_at=now + timedelta(days=1),
        )
        answer_many(wave, 6, COMMITMENT_ONLY)
        answer_many(wave, 2, FEW_EFFICACY)
        waves.append(publish(wave))

    trend = results.trend(wave=waves[-1])

    assert [point.n for point in trend.points] == [8, 8]
    assert all("efficacy" not in point.means for point in trend.points)
    assert all(point.means["commitment"] == 4.0 for point in trend.points)


def test_trend_hides_enps_answered_by_too_few(surveys):
    tenant, instruments = surveys
    pulse = instruments["pulse"]
    wave = open_wave(tenant.organisation, pulse)
    answer_many(wave, 6, {"sentiment-easier": 4})
    answer_many(wave, 2, {"enps": 0, "sentiment-easier": 4})
    publish(wave)

    trend = results.trend(wave=wave)

    assert [point.n for point in trend.points] == [8]
    assert trend.points[0].enps is None


def test_scale_mean_for_departments_counts_the_scale_respondents(surveys):
    tenant, instruments = surveys
    wave = open_wave(tenant.organisation, instruments["readiness"])
    answer_many(wave, 6, COMMITMENT_ONLY, department=tenant.departments["Sales"])
    answer_many(wave, 3, FEW_EFFICACY, department=tenant.departments["Support"])
    publish(wave)

    mean = summaries.scale_mean_for_departments(
        organisation=tenant.organisation, scale_key="efficacy"
    )

    assert mean.mean is None and mean.n is None
    assert mean.reason == "Hidden: fewer than 5 responses."


LEVELS = {
    key: 2
    for key in (
        "ai-basics",
        "data-analysis",
        "prompt-engineering",
        "tool-knowledge",
        "process-thinking",
        "critical-questioning",
        "quality-assurance",
        "openness-to-change",
        "collaboration",
        "continuous-learning",
    )
}


def test_audience_group_of_a_department_hidden_when_the_rest_elsewhere_is_small(surveys):
    tenant, instruments = surveys
    wave = open_wave(tenant.organisation, instruments["competence"])
    sales, support = tenant.departments["Sales"], tenant.departments["Support"]
    answer_many(wave, 5, {"audience-group": 1, **LEVELS}, department=sales)
    answer_many(wave, 5, {"audience-group": 3, **LEVELS}, department=sales)
    answer_many(wave, 2, {"audience-group": 1, **LEVELS, "ai-basics": 0}, department=support)
    answer_many(wave, 5, {"audience-group": 3, **LEVELS}, department=support)
    publish(wave)

    whole = results.wave_results(wave=wave)
    in_sales = results.wave_results(wave=wave, group_key=str(sales.pk))

    # Seven leaders in the wave, five of them in Sales: Support's two would follow.
    assert {row.group.key: row.group.visible for row in whole.gaps} == {"1": True, "3": True}
    rows = {row.group.key: row for row in in_sales.gaps}
    assert not rows["1"].group.visible
    assert all(mean is None for _scale, mean, _target, _gap in rows["1"].cells)
    assert rows["3"].group.visible


def test_scale_mean_for_overlapping_department_sets_cannot_be_subtracted(surveys):
    tenant, instruments = surveys
    with scope(organisation=tenant.organisation):
        finance = DepartmentFactory(organisation=tenant.organisation, name="Finance")
    wave = open_wave(tenant.organisation, instruments["readiness"])
    sales, support = tenant.departments["Sales"], tenant.departments["Support"]
    answer_many(wave, 6, ALL_SCALES, department=sales)
    answer_many(wave, 6, ALL_SCALES, department=support)
    answer_many(wave, 3, FEW_EFFICACY, department=finance)
    answer_many(wave, 3, ALL_SCALES)  # no department: the rest is never below the minimum
    publish(wave)

    def mean(*departments):
        return summaries.scale_mean_for_departments(
            organisation=tenant.organisation, scale_key="efficacy", departments=departments
        )

    # Sales with Finance (9) and Sales alone (6) would give Finance's three answers.
    assert mean(sales).mean == 3.0
    assert mean(sales, finance).mean is None
    assert mean(sales, support).mean == 3.0
