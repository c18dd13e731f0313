import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from casestudies import peers
from casestudies.plugins import report_section
from governance.models import UseCase
from roi.models import Baseline, CostItem, Measurement, UseCaseKpi
from tests.casestudies.builders import internal_case_study, library_case_study, use_case
from tests.casestudies.test_drafts import _kpi
from tests.roi.factories import steady_case
from transformation import formatting
from transformation.models import Department, Role


def _ranked_titles(tenant, uc) -> list[str]:
    return [
        cs.title_en
        for cs in peers.similar_case_studies(uc, organisation=tenant.organisation, limit=20)
    ]


def test_similar_case_studies_rank_area_then_size_band_then_sector(tenant):
    # Acme: technical wholesale, 220 employees (100-249); use case in customer service.
    with scope(organisation=tenant.organisation):
        library_case_study(
            title="A area+size+sector",
            sector="wholesale_retail",
            employees=200,
            areas=("customer_service",),
            payback_months=30,
        )
        library_case_study(
            title="B area+size",
            sector="manufacturing",
            employees=120,
            areas=("customer_service", "other"),
            payback_months=3,
        )
        library_case_study(
            title="C area+sector",
            sector="wholesale_retail",
            employees=900,
            areas=("customer_service",),
        )
        library_case_study(
            title="D area only", sector="health_social", employees=10, areas=("customer_service",)
        )
        library_case_study(
            title="E size+sector, other area",
            sector="wholesale_retail",
            employees=230,
            areas=("document_processing",),
        )
        library_case_study(title="F nothing", sector="other", employees=5, areas=("other",))
        uc = use_case(tenant.organisation, area="customer_service")
        titles = _ranked_titles(tenant, uc)
    ranked = [t for t in titles if len(t) < 30]
    assert ranked == [
        "A area+size+sector",
        "B area+size",
        "C area+sector",
        "D area only",
        "E size+sector, other area",
        "F nothing",
    ]
    # The playbook's wholesaler (same sector and size) has customer service only as
    # its second area: below every case study whose main area it is, and no close match.
    assert titles.index("D area only") < titles.index(
        next(t for t in titles if t.startswith("Technical wholesaler"))
    )


def test_similar_case_studies_exclude_other_organisations_internal_ones(tenants):
    own, other = tenants
    with scope(organisation=other.organisation):
        internal_case_study(other.organisation, title="Other bakery support pilot")
    with scope(organisation=own.organisation):
        mine = internal_case_study(own.organisation, title="Own support pilot")
        uc = use_case(own.organisation)
        titles = _ranked_titles(own, uc)
    assert "Other bakery support pilot" not in titles
    assert mine.title_en in titles


def test_comparison_page_without_roi_says_so_plainly(tenant, client):
    with scope(organisation=tenant.organisation):
        uc = use_case(tenant.organisation, title="Chat assistant", area="knowledge_management")
    client.force_login(tenant.user(Role.STEERING))
    response = client.get(
        reverse("casestudies:compare", kwargs={"org": tenant.slug, "use_case": uc.pk})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ROI figures are not recorded for this use case yet" in page
    assert response.context["similar"][0].key == "playbook-2"
    assert "7 months" in page
    assert "Draft a case study" not in page  # steering reads, the coordinator drafts


def test_comparison_page_shows_the_use_cases_roi_beside_the_peers(tenant, client):
    with scope(organisation=tenant.organisation):
        uc = use_case(tenant.organisation, title="Ticket triage")
        chosen = UseCaseKpi.objects.create(
            organisation=tenant.organisation,
            use_case=uc,
            kpi=_kpi(tenant.organisation),
            monthly_volume=Decimal("1000"),
            unit_value=Decimal("1"),
        )
        Baseline.objects.create(
            organisation=tenant.organisation,
            use_case_kpi=chosen,
            value=Decimal("12"),
            measured_on=dt.date(2026, 1, 15),
            method="sample",
            measured_by="Lead",
        )
        Measurement.objects.create(
            organisation=tenant.organisation,
            use_case_kpi=chosen,
            measured_on=dt.date(2026, 4, 10),
            value=Decimal("9"),
        )
        CostItem.objects.create(
            organisation=tenant.organisation, use_case=uc, category="technology", amount=30000
        )
    client.force_login(tenant.user(Role.COORDINATOR))
    response = client.get(
        reverse("casestudies:compare", kwargs={"org": tenant.slug, "use_case": uc.pk})
    )
    page = response.content.decode()
    assert "ROI figures are not recorded" not in page
    assert "€30,000" in page
    assert "10 months" in page  # 3,000 EUR a month against 30,000 EUR
    assert "Handling time per ticket: 12 → 9 min (−25%)" in page
    assert "Draft a case study from this pilot" in page


def test_use_case_list_marks_finished_pilots(tenant, client):
    with scope(organisation=tenant.organisation):
        use_case(tenant.organisation, title="In production")
        use_case(tenant.organisation, title="Still an idea", state="idea")
    client.force_login(tenant.user(Role.CHAMPION))
    response = client.get(reverse("casestudies:use_cases", kwargs={"org": tenant.slug}))
    rows = {row["use_case"].title: row["pilot_finished"] for row in response.context["rows"]}
    assert rows == {"In production": True, "Still an idea": False}


def test_report_section_sets_use_cases_beside_their_closest_peer(tenant):
    with scope(organisation=tenant.organisation):
        use_case(tenant.organisation, title="Support assistant")
        internal_case_study(tenant.organisation, title="Own published", payback_months=5)

        class Report:
            organisation = tenant.organisation

        context = report_section(Report())
    assert [row["use_case"].title for row in context["rows"]] == ["Support assistant"]
    assert context["rows"][0]["peer"].title_en == "Own published"
    assert context["rows"][0]["roi"] is None
    assert context["published"] == 1
    assert context["highlights"][0]["value"] == 1


@pytest.mark.parametrize(
    ("language", "payback"),
    [("en", "{} (forecast)"), ("de", "{} (Prognose)"), ("nl", "{} (prognose)")],
)
def test_a_forecast_payback_says_forecast_on_the_page_and_in_the_report(
    tenant, client, language, payback
):
    with scope(organisation=tenant.organisation):
        uc = steady_case(tenant.organisation, investment="130000", monthly_benefit="9300")
        UseCase.objects.filter(pk=uc.pk).update(state="production")
        value = peers.roi_figures(uc)
        assert (value.payback_month, value.measured_months) == (14, 1)

        class Report:
            organisation = tenant.organisation

        with translation.override(language):
            report = render_to_string(
                "casestudies/report/comparison.html", report_section(Report())
            )
    expected = payback.format(formatting.months(14, language=language))
    client.force_login(tenant.user(Role.COORDINATOR))
    page = client.get(
        reverse("casestudies:compare", kwargs={"org": tenant.slug, "use_case": uc.pk}),
        headers={"accept-language": language},
    ).content.decode()
    assert expected in page
    assert expected in report


def _demo_use_cases(tenant) -> dict[str, object]:
    """The wholesaler demo's use cases in pilot or production, as governance/demo.py seeds them."""
    from governance.demo import WHOLESALER_USE_CASES

    organisation = tenant.organisation
    organisation.sector, organisation.employee_count = "Technical wholesale", 220
    organisation.save(update_fields=["sector", "employee_count"])
    rows = [row for row in WHOLESALER_USE_CASES if row[8] in ("pilot", "production")]
    departments = {
        row[1]: Department.objects.get_or_create(organisation=organisation, name=row[1])[0]
        for row in rows
    }
    return {
        row[0]: use_case(
            organisation, title=row[0], area=row[2], state=row[8], department=departments[row[1]]
        )
        for row in rows
    }


def test_report_pairs_demo_use_cases_only_with_close_case_studies_and_says_why(tenant):
    with scope(organisation=tenant.organisation):
        demo = _demo_use_cases(tenant)

        class Report:
            organisation = tenant.organisation

        with translation.override("en"):
            context = report_section(Report())
            pairs = {
                row["use_case"].title: (
                    row["peer"].key if row["peer"] else None,
                    row["peer"].match_reasons if row["peer"] else [],
                )
                for row in context["rows"]
            }
            html = render_to_string("casestudies/report/comparison.html", context)
    assert set(pairs) == set(demo)
    # Demand forecasting (decision support) is no compliance case of a financial-services
    # provider with 80 staff; e-mail drafting is no knowledge-management project.
    assert pairs["Demand forecasting"] == (None, [])
    assert pairs["Sales e-mail drafting"] == (None, [])
    assert pairs["Customer support chatbot"] == (None, [])
    # Invoices: the machinery builder's main area is document processing, 150 staff
    # is the demo's size band (100 to 249).
    assert pairs["Invoice processing"] == (
        "playbook-1",
        ["same kind of use case", "same company size"],
    )
    assert html.count("no close match") == 3
    assert "same kind of use case, same company size" in html
    assert "Financial services provider" not in html
    assert "Technical wholesaler" not in html


def test_comparison_page_says_no_close_match_and_why_the_others_are_less_similar(tenant, client):
    with scope(organisation=tenant.organisation):
        demo = _demo_use_cases(tenant)
    client.force_login(tenant.user(Role.STEERING))
    url = reverse(
        "casestudies:compare",
        kwargs={"org": tenant.slug, "use_case": demo["Demand forecasting"].pk},
    )
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.context["close"] == []
    assert [cs.key for cs in response.context["others"]][:1] == ["playbook-2"]
    assert "No close match" in page
    assert response.context["business_function"] == "Purchasing"
    assert "touches the same application area" in page  # the financial-services case
    response = client.get(
        reverse(
            "casestudies:compare",
            kwargs={"org": tenant.slug, "use_case": demo["Invoice processing"].pk},
        )
    )
    assert [cs.key for cs in response.context["close"]] == ["playbook-1"]
    assert "No close match" not in response.content.decode()


def test_comparison_reasons_are_translated(tenant, client):
    with scope(organisation=tenant.organisation):
        demo = _demo_use_cases(tenant)
    client.force_login(tenant.user(Role.STEERING))
    url = reverse(
        "casestudies:compare",
        kwargs={"org": tenant.slug, "use_case": demo["Invoice processing"].pk},
    )
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert "gleiche Art von Anwendungsfall" in response.content.decode()


def test_function_for_reads_department_names_in_three_languages():
    from casestudies.models import function_for

    assert function_for("Sales") == "sales"
    assert function_for("Vertrieb Süd") == "sales"
    assert function_for("Customer support") == "customer_service"
    assert function_for("Klantenservice") == "customer_service"
    assert function_for("Finance and HR") == "finance"
    assert function_for("Einkauf") == "purchasing"
    assert function_for("IT") == "it"
    assert function_for("Items") == ""  # "it" counts only as a whole word
    assert function_for("Warehouse") == "operations"
    assert function_for("Board of trustees") == "management"
    assert function_for("Kantine") == ""


def test_same_business_function_counts_and_is_named_as_a_reason(tenant):
    with scope(organisation=tenant.organisation):
        library_case_study(
            title="Sales triage, other sector",
            sector="health_social",
            employees=900,
            areas=("customer_service",),
            business_function="sales",
        )
        library_case_study(
            title="Support triage, other sector",
            sector="health_social",
            employees=900,
            areas=("customer_service",),
            business_function="customer_service",
        )
        uc = use_case(tenant.organisation, department=tenant.departments["Sales"])
        ranked = list(
            peers.similar_case_studies(uc, organisation=tenant.organisation, close_only=True)
        )
        with translation.override("en"):
            reasons = {cs.title_en: cs.match_reasons for cs in ranked}
    # Same kind and function: close. Same kind alone (3 points): not close.
    assert reasons == {
        "Sales triage, other sector": ["same kind of use case", "same business function"]
    }
