"""Employee-effect KPIs from survey results, within the survey's confidentiality rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django_scopes import scope

from roi import services
from roi.models import Measurement
from tests.assessments.factories import answer_many, install, open_wave
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi
from transformation.models import Role

SUPPORT = {
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,  # reverse-scored: counts as 4
    "sentiment-help": 4,
    "sentiment-informed": 4,
}
SALES = {
    "sentiment-easier": 2,
    "sentiment-monitoring": 4,
    "sentiment-help": 2,
    "sentiment-informed": 2,
}


def _relief_kpi(org, department="Support"):
    use_case = UseCaseFactory(organisation=org.organisation, department=org.departments[department])
    ukpi = chosen_kpi(use_case, "document_staff_relief", non_monetary_reason="Employee effect.")
    baseline(ukpi, "3.1")
    return ukpi


def _pulse(org, support: int, sales: int):
    pulse = install(org.organisation)["pulse"]
    wave = open_wave(org.organisation, pulse, title="Pulse March")
    # The answers' tasks run once all are stored (the worker catches up) and release them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer_many(wave, support, SUPPORT, department=org.departments["Support"])
        answer_many(wave, sales, SALES, department=org.departments["Sales"])
    return wave


def test_survey_mean_of_the_use_cases_department(org):
    wave = _pulse(org, support=6, sales=6)
    ukpi = _relief_kpi(org)
    measurement = services.record_survey_measurement(
        use_case_kpi=ukpi, actor=None, wave=wave, scale_key="ai-sentiment"
    )
    assert measurement.value == Decimal("4.00")
    assert measurement.source == "survey"
    sales = services.record_survey_measurement(
        use_case_kpi=_relief_kpi(org, "Sales"), actor=None, wave=wave, scale_key="ai-sentiment"
    )
    assert sales.value == Decimal("2.00")


def test_hidden_survey_result_is_refused(org):
    wave = _pulse(org, support=3, sales=0)
    ukpi = _relief_kpi(org)
    with pytest.raises(ValidationError) as error:
        services.record_survey_measurement(
            use_case_kpi=ukpi, actor=None, wave=wave, scale_key="ai-sentiment"
        )
    assert "too few answers" in error.value.messages[0]
    assert not Measurement.objects.exists()


def test_only_employee_kpis_take_survey_values(org):
    wave = _pulse(org, support=6, sales=0)
    ukpi = chosen_kpi(UseCaseFactory(organisation=org.organisation), non_monetary_reason="-")
    baseline(ukpi, "10")
    with pytest.raises(ValidationError):
        services.record_survey_measurement(
            use_case_kpi=ukpi, actor=None, wave=wave, scale_key="ai-sentiment"
        )


def test_survey_value_from_the_use_case_page(tenant, client):
    with scope(organisation=tenant.organisation):
        wave = _pulse(tenant, support=6, sales=0)
        ukpi = _relief_kpi(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    page = reverse("roi:usecase", kwargs={"org": tenant.slug, "pk": ukpi.use_case_id})
    assert "Take the value from a survey" in client.get(page).content.decode()
    response = client.post(
        reverse("roi:measurement_from_survey", kwargs={"org": tenant.slug, "pk": ukpi.pk}),
        {f"s{ukpi.pk}-survey": f"{wave.pk}:ai-sentiment"},
        follow=True,
    )
    assert "Survey result of Relief from repetitive work recorded." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert Measurement.objects.get().value == Decimal("4.00")


def test_strategic_kpi_measurement_defaults_to_a_rating(tenant, client):
    with scope(organisation=tenant.organisation):
        ukpi = chosen_kpi(
            UseCaseFactory(organisation=tenant.organisation),
            "service_customer_satisfaction",
            non_monetary_reason="Strategic.",
        )
        baseline(ukpi, "3.6")
    client.force_login(tenant.user(Role.COORDINATOR))
    client.post(
        reverse("roi:measurement_add", kwargs={"org": tenant.slug, "pk": ukpi.pk}),
        {
            f"m{ukpi.pk}-measured_on": "2026-02-01",
            f"m{ukpi.pk}-value": "4.1",
            f"m{ukpi.pk}-source": "rating",
        },
    )
    with scope(organisation=tenant.organisation):
        assert Measurement.objects.get().source == "rating"
