from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django_scopes import scope, scopes_disabled

from casestudies import services
from casestudies.models import CaseStudy, CaseStudyMetric
from casestudies.plugins import overview_card, report_section
from tests.casestudies.builders import internal_case_study, use_case
from transformation.models import AuditEvent, Role


def test_every_change_writes_an_audit_event(tenant):
    actor = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        draft = internal_case_study(tenant.organisation, status=CaseStudy.Status.DRAFT)
        values = {
            "title": "Triage pilot",
            "situation": "",
            "components": ["Classifier"],
            "change_approach": [],
            "success_factor": "",
            "notes": "",
            "sector": "wholesale_retail",
            "employee_count": 230,
            "investment": Decimal("1000"),
            "payback_months": 4,
        }
        services.update_case_study(
            case_study=draft, actor=actor, language="nl", values=values, areas=["other"]
        )
        metric = draft.metrics.get()
        row = {
            "metric": metric,
            "delete": False,
            "name": "Afhandeltijd",
            "unit": "min",
            "before": Decimal("12"),
            "after": Decimal("6"),
            "stated_relative_change": None,
            "stated_absolute_change": None,
            "higher_is_better": False,
        }
        services.update_case_study_results(case_study=draft, actor=actor, language="nl", rows=[row])
        services.publish_case_study(case_study=draft, actor=actor)
        services.share_case_study(case_study=draft, actor=actor)
        services.withdraw_shared_case_study(case_study=draft, actor=actor)
        events = list(AuditEvent.objects.for_target(draft).order_by("pk"))
    assert [event.action for event in events] == [
        "case_study.updated",
        "case_study.results_updated",
        "case_study.published",
        "case_study.shared",
        "case_study.share_withdrawn",
    ]
    assert events[0].changes["title_nl"] == ["", "Triage pilot"]
    assert events[0].changes["areas"] == [["customer_service"], ["other"]]
    assert events[0].actor == actor
    draft.refresh_from_db()
    assert (draft.title_en, draft.title_nl, draft.employee_count) == (
        "Ticket triage pilot",
        "Triage pilot",
        230,
    )
    metric.refresh_from_db()
    assert (metric.name_en, metric.name_nl, metric.relative_change) == (
        "Handling time",
        "Afhandeltijd",
        Decimal("-50.0"),
    )


def test_results_of_another_case_study_cannot_be_changed(tenant):
    with scope(organisation=tenant.organisation):
        first = internal_case_study(tenant.organisation)
        second = internal_case_study(tenant.organisation)
        foreign = second.metrics.get()
        row = {"metric": foreign, "delete": True}
        with pytest.raises(ValidationError):
            services.update_case_study_results(
                case_study=first, actor=None, language="en", rows=[row]
            )
    with scopes_disabled():
        assert CaseStudyMetric.objects.filter(pk=foreign.pk).exists()


def test_shipped_case_studies_cannot_be_changed_through_the_services(tenant):
    with scope(organisation=tenant.organisation):
        shipped = CaseStudy.objects.visible_to(tenant.organisation).get(key="playbook-1")
        for service in (services.publish_case_study, services.share_case_study):
            with pytest.raises(ValidationError):
                service(case_study=shipped, actor=None)


def test_overview_card_counts_in_one_query(tenant, rf, django_assert_num_queries):
    with scope(organisation=tenant.organisation):
        internal_case_study(tenant.organisation)
        internal_case_study(tenant.organisation, status=CaseStudy.Status.DRAFT)
        request = rf.get("/")
        request.organisation = tenant.organisation
        request.membership = tenant.members[Role.COORDINATOR]
        with django_assert_num_queries(1):
            card = overview_card(request)
    assert card["counts"] == {"total": 5, "own_published": 1, "own_drafts": 1}


def test_report_section_renders(tenant):
    with scope(organisation=tenant.organisation):
        use_case(tenant.organisation, title="Support assistant", area="knowledge_management")

        class Report:
            organisation = tenant.organisation

        context = report_section(Report())
        html = render_to_string("casestudies/report/comparison.html", context)
    assert "Support assistant" in html
    assert "Technical wholesaler" in html
    assert "same kind of use case, same sector, same company size" in html
    assert "not recorded yet" in html
    assert "7 months" in html
