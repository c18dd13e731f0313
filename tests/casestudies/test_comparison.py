import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django_scopes import scope

from casestudies import peers
from casestudies.registrations import report_section
from roi.models import Baseline, CostItem, Measurement, UseCaseKpi
from tests.casestudies.builders import internal_case_study, library_case_study, use_case
from tests.casestudies.test_drafts import _kpi
from transformation.models import Role


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
    # Within the same match, the faster payback comes first: the wholesaler (7 months)
    # before A (30 months).
    assert titles[0].startswith("Technical wholesaler")


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
    assert "EUR 30,000" in page
    assert "10 months" in page  # 3,000 EUR a month against 30,000 EUR
    assert "Handling time per ticket: 12 → 9 min (−25 %)" in page
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
