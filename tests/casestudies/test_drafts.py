"""A draft case study filled from what the product knows about a finished pilot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from casestudies import peers, services
from casestudies.demo import seed_demo
from casestudies.models import CaseStudy, PaybackBasis
from governance.models import (
    Attendance,
    LifecycleState,
    TrainingOffer,
    TrainingSession,
)
from roi.models import Baseline, CostItem, Kpi, Measurement, UseCaseKpi
from tests.casestudies.builders import classify, use_case
from transformation.models import (
    AttitudeChange,
    AuditEvent,
    CommunicationItem,
    Role,
    Stakeholder,
)


def _kpi(organisation) -> Kpi:
    kpi = Kpi(
        organisation=organisation,
        key="handling-time",
        application_area="customer_service",
        dimension="efficiency",
        higher_is_better=False,
        name_en="Handling time per ticket",
        name_de="Bearbeitungszeit pro Ticket",
        name_nl="Afhandeltijd per ticket",
        unit_en="min",
        unit_de="Min.",
        unit_nl="min",
    )
    kpi.save()
    return kpi


@pytest.fixture
def finished_pilot(tenants):
    """A support pilot in production with classification, change actions and value figures."""
    own, other = tenants
    organisation = own.organisation
    with scope(organisation=organisation):
        support = own.departments["Support"]
        pilot = use_case(
            organisation,
            title="Ticket triage assistant",
            description="Support sorted 4,000 tickets a month by hand.",
            department=support,
            system="TriageBot",
            vendor="HelpAI",
        )
        classify(pilot, result_class="limited")
        supporter = Stakeholder.objects.create(
            organisation=organisation,
            name="Works council",
            kind=Stakeholder.Kind.GROUP,
            department=support,
            influence=5,
            interest=4,
            attitude="supporter",
        )
        Stakeholder.objects.create(
            organisation=organisation,
            name="Support team leads",
            kind=Stakeholder.Kind.GROUP,
            influence=3,
            interest=5,
            attitude="sceptic",
        )
        AttitudeChange.objects.create(
            organisation=organisation,
            stakeholder=supporter,
            attitude_from="sceptic",
            attitude_to="supporter",
        )
        CommunicationItem.objects.create(
            organisation=organisation,
            audience="Support team",
            message="Why we pilot triage",
            channel=CommunicationItem.Channel.TEAM_MEETING,
            planned_on=dt.date(2026, 3, 2),
            status=CommunicationItem.Status.DONE,
        )
        CommunicationItem.objects.create(
            organisation=organisation,
            audience="Everyone",
            message="Not done yet",
            channel=CommunicationItem.Channel.INTRANET,
            planned_on=dt.date(2026, 9, 1),
        )
        offer = TrainingOffer.objects.create(
            organisation=organisation, title="Triage hands-on", audience="end_users"
        )
        session = TrainingSession.objects.create(
            organisation=organisation, offer=offer, held_on=dt.date(2026, 3, 10)
        )
        for role in (Role.CHAMPION, Role.EMPLOYEE):
            Attendance.objects.create(
                organisation=organisation, session=session, member=own.members[role]
            )
        chosen = UseCaseKpi.objects.create(
            organisation=organisation,
            use_case=pilot,
            kpi=_kpi(organisation),
            monthly_volume=Decimal("1000"),
            unit_value=Decimal("1"),
        )
        Baseline.objects.create(
            organisation=organisation,
            use_case_kpi=chosen,
            value=Decimal("12"),
            measured_on=dt.date(2026, 1, 15),
            method="sample of 200 tickets",
            measured_by="Support lead",
        )
        for day, value in ((dt.date(2026, 4, 10), "10"), (dt.date(2026, 5, 10), "9")):
            Measurement.objects.create(
                organisation=organisation, use_case_kpi=chosen, measured_on=day, value=value
            )
        CostItem.objects.create(
            organisation=organisation, use_case=pilot, category="technology", amount=30000
        )
    return own, other, pilot


def test_draft_is_filled_from_the_use_case_and_its_data(finished_pilot):
    own, _other, pilot = finished_pilot
    with scope(organisation=own.organisation):
        draft = services.create_draft_from_use_case(
            use_case=pilot, actor=own.user(Role.COORDINATOR)
        )
    assert draft.organisation == own.organisation
    assert draft.status == CaseStudy.Status.DRAFT
    assert draft.source == CaseStudy.Source.INTERNAL
    assert draft.use_case == pilot
    assert draft.original_language == "en"
    assert draft.title_en == "Ticket triage assistant"
    assert draft.situation_en == (
        "Support sorted 4,000 tickets a month by hand.\n\nDepartment: Support."
    )
    assert draft.components_en == ["TriageBot by HelpAI"]
    assert draft.change_approach_en == [
        "Stakeholder work: 2 stakeholders mapped and engaged, 1 of them supporters or "
        "promoters; 1 changes of attitude recorded",
        "Communication: team meeting for Support team",
        "Training: Triage hands-on (1 sessions, 2 participants)",
    ]
    assert "Limited risk (transparency)" in draft.notes_en
    assert (draft.sector, draft.employee_count) == ("wholesale_retail", 220)
    assert [area.area for area in draft.areas.all()] == ["customer_service"]
    # Baseline and latest measurement become before and after, in every language.
    metric = draft.metrics.get()
    assert (metric.before, metric.after) == (Decimal("12.00"), Decimal("9.00"))
    assert (metric.name_en, metric.name_de, metric.unit_de) == (
        "Handling time per ticket",
        "Bearbeitungszeit pro Ticket",
        "Min.",
    )
    assert metric.relative_change == Decimal("-25.0")
    assert metric.is_improvement is True
    # 30,000 EUR invested; 2 min saved on 1,000 tickets in April, 3 min from May on
    # (1 EUR a minute): 2,000 + 9 × 3,000 = 29,000 after month 10, paid back in month 11.
    assert draft.investment == Decimal("30000.00")
    assert draft.payback_months == 11
    with scope(organisation=own.organisation):
        event = AuditEvent.objects.get(action="case_study.drafted")
        figures = peers.roi_figures(pilot)
    assert event.target_id == str(draft.pk)
    # The payback says where it comes from, as on the use case's ROI page: two months
    # measured, the rest forecast.
    assert not figures.paid_back_by_measurements
    assert draft.payback_basis == PaybackBasis.FORECAST


def test_draft_needs_a_finished_pilot(tenant):
    with scope(organisation=tenant.organisation):
        running = use_case(tenant.organisation, state=LifecycleState.PILOT)
        with pytest.raises(ValidationError):
            services.create_draft_from_use_case(use_case=running, actor=None)
        stopped = use_case(tenant.organisation, state=LifecycleState.RETIRED)
        AuditEvent.objects.create(
            organisation=tenant.organisation,
            action="use_case.moved",
            target_type="governance.usecase",
            target_id=str(stopped.pk),
            changes={"state": ["pilot", "retired"]},
        )
        assert services.create_draft_from_use_case(use_case=stopped, actor=None).is_draft
        idea = use_case(tenant.organisation, state=LifecycleState.RETIRED)
        with pytest.raises(ValidationError):
            services.create_draft_from_use_case(use_case=idea, actor=None)


def test_one_case_study_per_use_case(finished_pilot):
    own, _other, pilot = finished_pilot
    with scope(organisation=own.organisation):
        services.create_draft_from_use_case(use_case=pilot, actor=None)
        with pytest.raises(ValidationError):
            services.create_draft_from_use_case(use_case=pilot, actor=None)


def test_draft_without_roi_figures_leaves_them_empty(tenant):
    with scope(organisation=tenant.organisation):
        draft = services.create_draft_from_use_case(
            use_case=use_case(tenant.organisation), actor=None
        )
    assert draft.investment is None and draft.payback_months is None
    assert not draft.metrics.exists()
    assert draft.notes_en == "The use case has not been classified under the EU AI Act."


def test_coordinator_edits_and_publishes_the_draft(finished_pilot, client):
    own, _other, pilot = finished_pilot
    client.force_login(own.user(Role.COORDINATOR))
    response = client.post(
        reverse("casestudies:create_draft", kwargs={"org": own.slug, "use_case": pilot.pk})
    )
    with scopes_disabled():
        draft = CaseStudy.objects.get(use_case=pilot)
    assert response["Location"] == f"/o/acme/case-studies/{draft.pk}/"
    edit = reverse("casestudies:edit", kwargs={"org": own.slug, "pk": draft.pk})
    response = client.post(
        f"{edit}?language=de",
        {
            "title": "Ticket-Triage-Assistent",
            "situation": "Der Support sortierte alle Tickets von Hand.",
            "components": "TriageBot\nAnbindung an das Ticketsystem",
            "change_approach": "Betriebsrat früh eingebunden",
            "success_factor": "Frühe Einbindung",
            "notes": "",
            "sector": "wholesale_retail",
            "employee_count": "220",
            "areas": ["customer_service", "knowledge_management"],
            "investment": "30000",
            "payback_months": "10",
        },
    )
    assert response.status_code == 302
    results = reverse("casestudies:results", kwargs={"org": own.slug, "pk": draft.pk})
    with scopes_disabled():
        metric = draft.metrics.get()
    response = client.post(
        f"{results}?language=de",
        {
            "results-TOTAL_FORMS": "2",
            "results-INITIAL_FORMS": "1",
            "results-0-id": str(metric.pk),
            "results-0-name": "Bearbeitungszeit",
            "results-0-unit": "Min.",
            "results-0-before": "12",
            "results-0-after": "8",
            "results-0-higher_is_better": "",
            "results-1-name": "Kundenzufriedenheit",
            "results-1-unit": "Punkte",
            "results-1-stated_absolute_change": "4",
            "results-1-higher_is_better": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    publish = reverse("casestudies:publish", kwargs={"org": own.slug, "pk": draft.pk})
    assert client.post(publish).status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
        metrics = list(draft.metrics.all())
    assert draft.status == CaseStudy.Status.PUBLISHED
    assert draft.title_de == "Ticket-Triage-Assistent"
    assert draft.title_en == "Ticket triage assistant"  # the English version is untouched
    assert draft.components_de == ["TriageBot", "Anbindung an das Ticketsystem"]
    assert sorted(a.area for a in draft.areas.all()) == [
        "customer_service",
        "knowledge_management",
    ]
    assert [(m.name_de, m.relative_change, m.absolute_change) for m in metrics] == [
        ("Bearbeitungszeit", Decimal("-33.3"), Decimal("-4")),
        ("Kundenzufriedenheit", None, Decimal("4")),
    ]
    assert metrics[0].name_en == "Handling time per ticket"
    client.force_login(own.user(Role.EMPLOYEE))
    page = client.get(reverse("casestudies:detail", kwargs={"org": own.slug, "pk": draft.pk}))
    assert page.status_code == 200
    assert "−33.3%" in page.content.decode()


def test_results_form_refuses_half_figures(finished_pilot, client):
    own, _other, pilot = finished_pilot
    with scope(organisation=own.organisation):
        draft = services.create_draft_from_use_case(use_case=pilot, actor=None)
    client.force_login(own.user(Role.COORDINATOR))
    results = reverse("casestudies:results", kwargs={"org": own.slug, "pk": draft.pk})
    response = client.post(
        results,
        {
            "results-TOTAL_FORMS": "1",
            "results-INITIAL_FORMS": "0",
            "results-0-name": "Only before",
            "results-0-before": "3",
        },
    )
    assert response.status_code == 422
    assert "Give both the value before and after, or neither." in response.content.decode()


def test_demo_seeder_drafts_the_finished_support_pilot_once(finished_pilot):
    own, other, pilot = finished_pilot
    with scope(organisation=own.organisation):
        seed_demo(own.organisation, size="full")
        seed_demo(own.organisation, size="full")
        drafts = CaseStudy.objects.visible_to(own.organisation, include_drafts=True).filter(
            organisation=own.organisation
        )
        assert [(d.use_case_id, d.status) for d in drafts] == [(pilot.pk, "draft")]
    with scope(organisation=other.organisation):
        seed_demo(other.organisation, size="small")
        assert not CaseStudy.objects.visible_to(other.organisation, include_drafts=True).filter(
            organisation=other.organisation
        )


@pytest.mark.parametrize(
    ("language", "basis", "expected"),
    [
        ("en", PaybackBasis.FORECAST, "11 months (forecast)"),
        ("de", PaybackBasis.MEASURED, "11 Monate (gemessen)"),
        ("nl", PaybackBasis.REPORTED, "11 maanden (gerapporteerd)"),
    ],
)
def test_a_case_study_s_payback_says_whether_it_is_forecast_measured_or_reported(
    tenant, client_for, language, basis, expected
):
    with scopes_disabled():
        study = CaseStudy.objects.create(
            organisation=tenant.organisation,
            source=CaseStudy.Source.INTERNAL,
            status=CaseStudy.Status.PUBLISHED,
            title_en="Ticket triage",
            sector="wholesale_retail",
            employee_count=220,
            payback_months=11,
            payback_basis=basis,
        )
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = language
    for url in (
        reverse("casestudies:detail", kwargs={"org": tenant.slug, "pk": study.pk}),
        reverse("casestudies:library", kwargs={"org": tenant.slug}),
    ):
        page = client.get(url, headers={"accept-language": language})
        assert expected in " ".join(page.content.decode().split()), url
