"""The value pages: what they show, htmx and plain-form paths, access, query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope

from roi.models import Baseline, Measurement, UseCaseKpi
from tests.roi.factories import (
    UseCaseFactory,
    baseline,
    catalogue_kpi,
    chosen_kpi,
    cost,
    measurement,
    steady_case,
)
from transformation import formatting
from transformation.models import AuditEvent, Role

D = Decimal


def _url(name, tenant, **kwargs):
    return reverse(f"roi:{name}", kwargs={"org": tenant.slug, **kwargs})


def _value_case(tenant, size: int) -> None:
    with scope(organisation=tenant.organisation):
        for number in range(size):
            use_case = steady_case(
                tenant.organisation, investment=f"{50000 + number}", monthly_benefit="5000"
            )
            second = chosen_kpi(use_case, "document_error_rate", non_monetary_reason="Quality.")
            baseline(second, "5")
            measurement(second, date(2026, 3, 3), "3")
            cost(use_case, "cm_training", "20000")
            cost(use_case, "technology", "500", recurrence="monthly")


@pytest.mark.parametrize("size", [1, 4])
def test_programme_page_runs_the_same_queries_at_any_size(
    size, tenants, client, django_assert_num_queries
):
    own, other = tenants
    _value_case(other, 2)
    _value_case(own, size)
    client.force_login(own.user(Role.STEERING))
    with django_assert_num_queries(15):
        response = client.get(_url("programme", own))
    assert response.status_code == 200
    assert len(response.context["value"].use_cases) == size


def test_overview_card_shows_programme_value(tenant, client):
    _value_case(tenant, 1)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.get(reverse("overview", kwargs={"org": tenant.slug}))
    assert "Value and ROI" in response.content.decode()
    assert "€70,000" in response.content.decode()


def test_use_case_page_shows_kpis_costs_and_payback(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = steady_case(tenant.organisation, investment="130000", monthly_benefit="9300")
    client.force_login(tenant.user(Role.STEERING))
    response = client.get(_url("usecase", tenant, pk=use_case.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["value"].payback_month == 14
    assert "Month 14" in html
    assert "€130,000" in html
    assert "Processing time per document" in html
    assert "<svg" in html and "Paid back in month 14" in html
    assert "style=" not in html
    assert "Record measurement" not in html  # steering reads only
    assert html.count('class="chart chart--wide chart--line"') == 1
    assert html.count('class="chart chart--narrow chart--line"') == 1  # the phone's drawing


def test_use_case_without_costs_shows_no_payback_and_whole_euro_ticks(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(organisation=tenant.organisation)
        chosen_kpi(use_case, non_monetary_reason="Quality.")
    client.force_login(tenant.user(Role.STEERING))
    response = client.get(_url("usecase", tenant, pk=use_case.pk))
    html = response.content.decode()
    assert response.context["value"].investment == 0
    assert "No investment recorded" in html
    assert "Paid back in month" not in html and "paid back</span>" not in html
    assert ">€1</text>" not in html and html.count(">€0</text>") == 2  # wide and phone drawing


def test_use_case_page_in_german_formats_money(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = steady_case(tenant.organisation, investment="130000", monthly_benefit="9300")
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.get(
        _url("usecase", tenant, pk=use_case.pk), headers={"accept-language": "de"}
    )
    html = response.content.decode()
    assert "130.000\xa0€" in html
    assert "Monat 14" in html


def test_use_case_without_benefit_says_it_never_pays_back(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(organisation=tenant.organisation)
        cost(use_case, "technology", "130000")
    client.force_login(tenant.user(Role.COORDINATOR))
    html = client.get(_url("usecase", tenant, pk=use_case.pk)).content.decode()
    assert "Never pays back" in html
    assert "not recovered within ten years" in html


def _measured_case(tenant):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Support"]
        )
        ukpi = chosen_kpi(use_case, monthly_volume=D("100"), unit_value=D("1"))
        baseline(ukpi, "100", measured_on=date.today() - timedelta(days=40))
        cost(use_case, "technology", "9000")
    return use_case, ukpi


def test_measurement_with_htmx_returns_the_value_partial(tenant, client):
    _use_case, ukpi = _measured_case(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("measurement_add", tenant, pk=ukpi.pk),
        {f"m{ukpi.pk}-measured_on": date.today().isoformat(), f"m{ukpi.pk}-value": "10"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="value"' in html
    assert "HX-Request" in response["Vary"]
    assert "Measurement of Processing time per document recorded." in html
    # 90 minutes × 100 × EUR 1 = 9,000 a month: paid back in month 1.
    assert "Month 1" in html
    with scope(organisation=tenant.organisation):
        assert Measurement.objects.get().value == D("10")
        assert AuditEvent.objects.filter(action="measurement.recorded").count() == 1


def test_measurement_without_javascript_redirects(tenant, client):
    use_case, ukpi = _measured_case(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("measurement_add", tenant, pk=ukpi.pk),
        {f"m{ukpi.pk}-measured_on": date.today().isoformat(), f"m{ukpi.pk}-value": "10"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("usecase", tenant, pk=use_case.pk)
    assert "Measurement of Processing time per document recorded." in response.content.decode()


def test_invalid_measurement_shows_errors_both_ways(tenant, client):
    _use_case, ukpi = _measured_case(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    data = {f"m{ukpi.pk}-measured_on": "2001-01-01", f"m{ukpi.pk}-value": "x"}
    plain = client.post(_url("measurement_add", tenant, pk=ukpi.pk), data)
    assert plain.status_code == 422
    assert "older than the baseline" in plain.content.decode()
    partial = client.post(
        _url("measurement_add", tenant, pk=ukpi.pk), data, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200
    assert "older than the baseline" in partial.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Measurement.objects.exists()


def test_measurement_needs_a_baseline(tenant, client):
    with scope(organisation=tenant.organisation):
        ukpi = chosen_kpi(UseCaseFactory(organisation=tenant.organisation), non_monetary_reason="-")
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("measurement_add", tenant, pk=ukpi.pk),
        {f"m{ukpi.pk}-measured_on": date.today().isoformat(), f"m{ukpi.pk}-value": "1"},
    )
    assert response.status_code == 422
    assert "Record the baseline before the first measurement." in response.content.decode()


def test_champion_measures_only_own_department(tenant, client):
    _use_case, own_ukpi = _measured_case(tenant)
    with scope(organisation=tenant.organisation):
        elsewhere = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Sales"]
        )
        other_ukpi = chosen_kpi(elsewhere, non_monetary_reason="-")
        baseline(other_ukpi, "5", measured_on=date.today() - timedelta(days=3))
    client.force_login(tenant.user(Role.CHAMPION))
    today = date.today().isoformat()
    response = client.post(
        _url("measurement_add", tenant, pk=other_ukpi.pk),
        {f"m{other_ukpi.pk}-measured_on": today, f"m{other_ukpi.pk}-value": "4"},
    )
    assert response.status_code == 403
    response = client.post(
        _url("measurement_add", tenant, pk=own_ukpi.pk),
        {f"m{own_ukpi.pk}-measured_on": today, f"m{own_ukpi.pk}-value": "4"},
    )
    assert response.status_code == 302
    assert client.get(_url("measurement_import", tenant, pk=elsewhere.pk)).status_code == 403


def test_choose_kpi_then_record_baseline(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(organisation=tenant.organisation)
        kpi_pk = catalogue_kpi("service_handling_time").pk
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url("kpi_add", tenant, pk=use_case.pk), {"kpi": kpi_pk, "monthly_volume": "3000"}
    )
    assert response.status_code == 422
    assert "or neither" in response.content.decode()
    response = client.post(
        _url("kpi_add", tenant, pk=use_case.pk),
        {"kpi": kpi_pk, "monthly_volume": "3000", "unit_value": "0.75", "target": "8"},
    )
    with scope(organisation=tenant.organisation):
        ukpi = UseCaseKpi.objects.get(use_case=use_case)
    assert response["Location"] == _url("baseline", tenant, pk=ukpi.pk)
    page = client.get(response["Location"])
    assert page.context["form"].initial["measured_by"] == "Coordinator Acme Wholesale"
    response = client.post(
        response["Location"],
        {
            "value": "14",
            "measured_on": "2026-01-15",
            "method": "Ticket time stamps",
            "sample_size": "3000",
            "source": "Ticket system",
            "measured_by": "Coordinator",
        },
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        assert Baseline.objects.get(use_case_kpi=ukpi).value == D("14")
        assert AuditEvent.objects.filter(action="baseline.recorded").exists()


def test_costs_page_warns_about_a_low_change_management_share(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(organisation=tenant.organisation)
        cost(use_case, "technology", "80000")
        cost(use_case, "cm_training", "20000")
    client.force_login(tenant.user(Role.COORDINATOR))
    html = client.get(_url("costs", tenant, pk=use_case.pk)).content.decode()
    assert "20.0%" in html
    assert "below the playbook" in html and "2.6 times" in html
    response = client.post(
        _url("costs", tenant, pk=use_case.pk),
        {"category": "cm_coaching", "recurrence": "one_off", "amount": "20000"},
        follow=True,
    )
    assert "33.3%" in response.content.decode()


def test_organisation_kpi_appears_only_in_its_catalogue(tenants, client):
    own, other = tenants
    client.force_login(own.user(Role.COORDINATOR))
    response = client.post(
        _url("catalogue", own),
        {
            "application_area": "customer_service",
            "dimension": "quality",
            "name_de": "Reklamationsquote",
            "unit_de": "%",
        },
    )
    assert response.status_code == 302
    assert "Reklamationsquote" in client.get(_url("catalogue", own)).content.decode()
    client.force_login(other.user(Role.COORDINATOR))
    assert "Reklamationsquote" not in client.get(_url("catalogue", other)).content.decode()


def test_discount_rate_is_entered_in_percent(tenant, client):
    client.force_login(tenant.user(Role.COORDINATOR))
    client.post(_url("rate", tenant), {"discount_rate": "6.5"})
    with scope(organisation=tenant.organisation):
        assert tenant.organisation.value_settings.discount_rate == D("0.065")


@pytest.mark.parametrize("kpis", [1, 4])
def test_use_case_page_runs_the_same_queries_at_any_size(
    kpis, tenant, client, django_assert_num_queries
):
    keys = [
        "document_processing_time",
        "document_error_rate",
        "decision_speed",
        "product_time_to_market",
    ]
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(organisation=tenant.organisation)
        for key in keys[:kpis]:
            ukpi = chosen_kpi(use_case, key, monthly_volume=D("10"), unit_value=D("2"))
            baseline(ukpi, "50")
            for month in range(1, kpis + 2):
                measurement(ukpi, date(2026, month, 5), str(50 - month))
        cost(use_case, "technology", "1000")
    client.force_login(tenant.user(Role.COORDINATOR))
    with django_assert_num_queries(13):
        response = client.get(_url("usecase", tenant, pk=use_case.pk))
    assert len(response.context["value"].kpis) == kpis


def test_coordinator_removes_a_mistaken_measurement(tenant, client):
    _use_case, ukpi = _measured_case(tenant)
    with scope(organisation=tenant.organisation):
        wrong = measurement(ukpi, date.today(), "1000")
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.post(_url("measurement_remove", tenant, pk=wrong.pk), follow=True)
    assert "Measurement removed." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Measurement.objects.exists()
        event = AuditEvent.objects.get(action="measurement.removed")
        assert event.changes["value"] == "1000.0000"


@pytest.mark.parametrize(
    ("language", "definition", "badge", "below", "guidance"),
    [
        (
            "en",
            "ROI multiple = net benefit of months 1 to 36 after go-live ÷ one-off investment",
            "within guidance, under the recommended {}",
            "below guidance",
            "The playbook's guidance is {} to {} of the one-off investment, {} recommended; "
            "up to {} without prior AI experience.",
        ),
        (
            "de",
            "ROI-Faktor = Nettonutzen der Monate 1 bis 36 nach dem Start ÷ einmalige Investition",
            "im Richtwert, unter den empfohlenen {}",
            "unter der Empfehlung",
            "Der Richtwert des Playbooks liegt bei {} bis {} der einmaligen Investition, "
            "empfohlen sind {}; ohne KI-Erfahrung bis zu {}.",
        ),
        (
            "nl",
            "ROI-factor = nettobaat van maand 1 tot 36 na livegang ÷ eenmalige investering",
            "binnen de richtlijn, onder de aanbevolen {}",
            "onder het advies",
            "De richtlijn van het playbook is {} tot {} van de eenmalige investering, {} "
            "aanbevolen; tot {} zonder eerdere AI-ervaring.",
        ),
    ],
)
def test_programme_page_defines_the_roi_multiple_and_the_guidance_range(
    tenant, client, language, definition, badge, below, guidance
):
    """30 % is inside the playbook's 30-40 % range: under the recommended 35 %, not below."""
    with scope(organisation=tenant.organisation):
        use_case = steady_case(tenant.organisation, investment="70000", monthly_benefit="5000")
        cost(use_case, "cm_training", "30000")
    client.force_login(tenant.user(Role.STEERING))
    response = client.get(_url("programme", tenant), headers={"accept-language": language})
    html = response.content.decode()
    [row] = response.context["value"].use_cases
    assert row.costs.share == D("30.0")
    assert row.costs.assessment == "under_threshold"
    assert definition in html
    assert badge.format(formatting.percent(D(35), 0, language=language)) in html
    assert below not in html
    figures = [formatting.percent(D(n), 0, language=language) for n in (30, 40, 35, 50)]
    assert guidance.format(*figures) in html
