"""Pages of the governance app: what they show, who may change what, query counts."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scope

from governance import plugins, services
from governance.models import (
    ApprovalRequest,
    Classification,
    Obligation,
    RoleAssignment,
    UseCase,
)
from tests.governance.factories import UseCaseFactory
from transformation.models import AuditEvent, Role


def url(tenant, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"org": tenant.slug, **kwargs})


def make_use_cases(tenant, count, **extra):
    with scope(organisation=tenant.organisation):
        made = []
        for n in range(count):
            use_case = UseCaseFactory(
                organisation=tenant.organisation,
                department=tenant.departments["Support"],
                owner=tenant.members[Role.CHAMPION],
                state="assessment",
                **extra,
            )
            services.classify_use_case(
                use_case=use_case, actor=None, answers={"talks_to_people": n % 2 == 0}
            )
            made.append(use_case)
        return made


@pytest.mark.parametrize("count", [1, 6])
def test_usecases_list_runs_fixed_queries(tenants, client_for, django_assert_num_queries, count):
    own, other = tenants
    make_use_cases(other, 2)
    make_use_cases(own, count)
    client = client_for(own.user(Role.STEERING))
    # session, membership, count and page of use cases (with department, owner, classification)
    with django_assert_num_queries(9):
        response = client.get(url(own, "usecases"))
    assert response.status_code == 200
    assert len(response.context["use_cases"]) == count


def test_usecases_filter_by_risk_returns_the_partial(tenant, client_for):
    make_use_cases(tenant, 3)
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.get(url(tenant, "usecases") + "?risk=limited", headers={"HX-Request": "true"})
    content = response.content.decode()
    assert not content.lstrip().startswith("<!doctype")
    assert content.count("Limited risk (transparency)") == 2
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("count", [1, 5])
def test_approvals_list_runs_fixed_queries(tenant, client_for, django_assert_num_queries, count):
    for use_case in make_use_cases(tenant, count):
        with scope(organisation=tenant.organisation):
            services.request_approval(use_case=use_case, actor=None, target_state="pilot")
    client = client_for(tenant.user(Role.STEERING))
    # session, membership, pending requests, count of the decided ones (none: no page read)
    with django_assert_num_queries(9):
        response = client.get(url(tenant, "approvals"))
    assert len(response.context["pending"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_roles_page_runs_fixed_queries(tenant, client_for, django_assert_num_queries, count):
    with scope(organisation=tenant.organisation):
        for _n in range(count):
            RoleAssignment.objects.create(
                organisation=tenant.organisation,
                kind="champion",
                member=tenant.members[Role.CHAMPION],
                department=tenant.departments["Support"],
                share_percent=30,
            )
    client = client_for(tenant.user(Role.COORDINATOR))
    # 13 before the assignments were paginated, plus their count
    with django_assert_num_queries(14):
        response = client.get(url(tenant, "roles"))
    coverage = response.context["coverage"]
    assert [d.name for d in coverage.departments_without_champion] == ["Sales"]
    assert coverage.missing_sponsor is True
    expected = [] if count < 4 else [tenant.members[Role.CHAMPION].pk]
    assert [p["member"] for p in coverage.overcommitted] == expected


def test_coordinator_classifies_through_the_questionnaire(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        url(tenant, "usecase_classify", pk=use_case.pk),
        {
            "is_ai_system": "yes",
            "scope_exclusion": "none",
            "derogation_condition": "none",
            "public_sector": "none",
            "generative_exception": "none",
            "annex_iii_points": ["5b"],
            "personal_data": "on",
            "solely_automated_decision": "on",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "High risk (Annex III)" in content
    assert "Annex III point 5b" in content
    assert "Guidance, not legal advice" in content
    with scope(organisation=tenant.organisation):
        latest = Classification.objects.filter(use_case=use_case).first()
        assert latest.result_class == "high_risk_annex_iii"
        assert latest.flags["fria"] is True
        assert latest.classified_by == tenant.user(Role.COORDINATOR)
        assert Classification.objects.filter(use_case=use_case).count() == 2


def test_champion_cannot_edit_another_departments_use_case(tenant, client_for):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Sales"]
        )
    client = client_for(tenant.user(Role.CHAMPION))
    assert client.get(url(tenant, "usecase", pk=use_case.pk)).status_code == 200
    assert client.get(url(tenant, "usecase_edit", pk=use_case.pk)).status_code == 403
    response = client.post(url(tenant, "usecase_move", pk=use_case.pk), {"target_state": "idea"})
    assert response.status_code == 403


def test_champion_registers_only_in_own_department(tenant, client_for):
    client = client_for(tenant.user(Role.CHAMPION))
    response = client.post(
        url(tenant, "usecase_create"),
        {
            "title": "Ticket triage",
            "application_area": "customer_service",
            "department": tenant.departments["Sales"].pk,
        },
    )
    assert response.status_code == 422
    response = client.post(
        url(tenant, "usecase_create"),
        {
            "title": "Ticket triage",
            "application_area": "customer_service",
            "department": tenant.departments["Support"].pk,
        },
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get().department == tenant.departments["Support"]


def test_blocked_move_explains_why(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        UseCase.objects.filter(pk=use_case.pk).update(state="approved_for_pilot")
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        url(tenant, "usecase_move", pk=use_case.pk), {"target_state": "pilot"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["This move needs an approval first."]


def test_requester_cannot_decide_own_approval_in_the_page(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    steering = tenant.user(Role.STEERING)
    with scope(organisation=tenant.organisation):
        request = services.request_approval(use_case=use_case, actor=steering, target_state="pilot")
    client = client_for(steering)
    page = client.get(url(tenant, "approval", pk=request.pk))
    assert page.context["can_decide"] is False
    response = client.post(
        url(tenant, "approval_decide", pk=request.pk),
        {"outcome": "approve", "reasoning": "mine"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Nobody may decide on their own request."
    ]
    with scope(organisation=tenant.organisation):
        assert ApprovalRequest.objects.get(pk=request.pk).status == "pending"


def test_steering_decides_with_htmx(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        request = services.request_approval(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), target_state="pilot"
        )
    client = client_for(tenant.user(Role.STEERING))
    target = url(tenant, "approval_decide", pk=request.pk)
    invalid = client.post(
        target,
        {"outcome": "approve_with_conditions", "reasoning": "ok"},
        headers={"HX-Request": "true"},
    )
    assert invalid.status_code == 200
    assert "Name the conditions of the approval." in invalid.content.decode()
    response = client.post(
        target, {"outcome": "approve", "reasoning": "ok"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == url(tenant, "approval", pk=request.pk)
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get(pk=use_case.pk).state == "approved_for_pilot"


@pytest.mark.parametrize(
    ("language", "snapshot"),
    [
        ("en", "Snapshot: class Limited risk (transparency), rule set "),
        ("de", "Momentaufnahme: Klasse Begrenztes Risiko (Transparenz), Regelwerk "),
        ("nl", "Momentopname: klasse Beperkt risico (transparantie), regelset "),
    ],
)
def test_decision_names_the_snapshot_class_by_its_label(tenant, client_for, language, snapshot):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        request = services.request_approval(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), target_state="pilot"
        )
        services.decide_approval(
            request=request,
            actor=tenant.user(Role.STEERING),
            membership=tenant.members[Role.STEERING],
            outcome="approve",
            reasoning="ok",
        )
    client = client_for(tenant.user(Role.STEERING))
    page = client.get(url(tenant, "approval", pk=request.pk), headers={"accept-language": language})
    text = page.content.decode()
    assert snapshot in text
    assert "limited," not in text and "class limited" not in text


def test_evidence_upload_checks_type_and_content(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        obligation = Obligation.objects.filter(use_case=use_case).first()
    client = client_for(tenant.user(Role.COORDINATOR))
    target = url(tenant, "obligation_edit", pk=obligation.pk)
    fake = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(target, {"status": "done", "evidence_file": fake})
    assert response.status_code == 422
    assert "does not match its type" in response.content.decode()
    exe = SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")
    assert client.post(target, {"status": "done", "evidence_file": exe}).status_code == 422
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.7 minimal", "application/pdf")
    response = client.post(target, {"status": "done", "evidence_file": pdf})
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        obligation.refresh_from_db()
        assert obligation.status == "done"
        assert obligation.evidence_file.name.endswith(".pdf")


def test_guideline_markdown_is_rendered_safely(tenant, client_for):
    with scope(organisation=tenant.organisation):
        version = services.create_guideline(
            organisation=tenant.organisation,
            actor=None,
            title="Rules",
            body="# Use AI well\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
        )
        services.publish_guideline_version(version=version, actor=None)
    client = client_for(tenant.user(Role.EMPLOYEE))
    response = client.get(url(tenant, "guideline_version", pk=version.guideline_id, number=1))
    content = response.content.decode()
    assert "<h1>Use AI well</h1>" in content
    assert "<script>alert" not in content
    assert "javascript:" not in content


def test_employee_acknowledges_with_htmx_and_sees_no_drafts(tenant, client_for):
    with scope(organisation=tenant.organisation):
        version = services.create_guideline(
            organisation=tenant.organisation, actor=None, title="Rules", body="Text"
        )
        services.publish_guideline_version(version=version, actor=None)
        services.add_guideline_version(guideline=version.guideline, actor=None, body="Draft")
    client = client_for(tenant.user(Role.EMPLOYEE))
    draft = url(tenant, "guideline_version", pk=version.guideline_id, number=2)
    assert client.get(draft).status_code == 404
    response = client.post(
        url(tenant, "guideline_acknowledge", pk=version.pk), headers={"HX-Request": "true"}
    )
    assert 'id="acknowledge"' in response.content.decode()
    assert "acknowledged" in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert version.acknowledgements.get().member == tenant.members[Role.EMPLOYEE]


def test_acknowledgement_rates_per_department(tenant, client_for):
    with scope(organisation=tenant.organisation):
        version = services.create_guideline(
            organisation=tenant.organisation, actor=None, title="Rules", body="Text"
        )
        services.publish_guideline_version(version=version, actor=None)
        services.acknowledge_guideline(version=version, member=tenant.members[Role.EMPLOYEE])
    client = client_for(tenant.user(Role.STEERING))
    response = client.get(url(tenant, "guideline_version", pk=version.guideline_id, number=1))
    assert response.context["rates"] == [
        {"name": "Support", "total": 2, "acknowledged_count": 1},
        {"name": None, "total": 2, "acknowledged_count": 0},
    ] or response.context["rates"] == [
        {"name": None, "total": 2, "acknowledged_count": 0},
        {"name": "Support", "total": 2, "acknowledged_count": 1},
    ]


def _training(tenant):
    with scope(organisation=tenant.organisation):
        offer = services.save_training_offer(
            organisation=tenant.organisation,
            actor=None,
            values={"title": "=AI basics", "audience": "end_users", "validity_months": 12},
        )
        session = services.add_training_session(offer=offer, actor=None, held_on=date(2026, 6, 1))
        services.record_attendance(
            session=session, actor=None, members=[tenant.members[Role.EMPLOYEE]]
        )


def test_employee_sees_own_training_records(tenants, client_for):
    own, other = tenants
    _training(other)
    _training(own)
    with scope(organisation=own.organisation):
        session = own.organisation.ai_training_offers.get().sessions.get()
        services.record_attendance(
            session=session, actor=None, members=[own.members[Role.CHAMPION]]
        )
    response = client_for(own.user(Role.EMPLOYEE)).get(url(own, "my_training"))
    records = list(response.context["records"])
    assert [r.member for r in records] == [own.members[Role.EMPLOYEE]]
    assert records[0].valid_until == date(2027, 6, 1)


def test_training_export_is_evidence_csv(tenant, client_for):
    _training(tenant)
    response = client_for(tenant.user(Role.COORDINATOR)).get(url(tenant, "training_export"))
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == (
        "Person,E-mail address,Department,Access role,Training,Audience,Date,Valid until,Valid"
    )
    assert lines[1] == (
        "Employee Acme Wholesale,employee@acme.example,Support,Employee,'=AI basics,"
        "End users,2026-06-01,2027-06-01,yes"
    )


def test_audit_view_filters_by_object_and_exports(tenant, client_for):
    [first, _second] = make_use_cases(tenant, 2)
    client = client_for(tenant.user(Role.COORDINATOR))
    query = f"?target_type=governance.usecase&target_id={first.pk}"
    response = client.get(url(tenant, "audit") + query)
    assert [e.action for e in response.context["page"]] == ["use_case.classified"]
    csv_lines = client.get(url(tenant, "audit_export") + query).content.decode().splitlines()
    assert len(csv_lines) == 2
    assert ",use_case.classified,governance.usecase," in csv_lines[1]


def test_portfolio_ranks_ideas_by_value_minus_effort(tenant, client_for):
    with scope(organisation=tenant.organisation):
        for title, scores in (("Low", (2, 2, 2, 2, 4)), ("High", (5, 5, 5, 5, 1))):
            UseCaseFactory(
                organisation=tenant.organisation,
                title=title,
                efficiency_potential=scores[0],
                complexity_reduction=scores[1],
                strategic_relevance=scores[2],
                data_readiness=scores[3],
                implementation_risk=scores[4],
            )
        UseCaseFactory(organisation=tenant.organisation, title="Unscored", data_readiness=None)
    response = client_for(tenant.user(Role.CHAMPION)).get(url(tenant, "portfolio"))
    assert [uc.title for uc in response.context["ranked"]] == ["High", "Low"]
    assert [uc.title for uc in response.context["unscored"]] == ["Unscored"]
    content = response.content.decode()
    assert "<svg" in content and 'style="' not in content.split("<svg", 1)[1]
    assert response.context["chart"]["points"][0] == {
        "rank": 1,
        "title": "High",
        "value": 5.0,
        "effort": 1.0,
        "x": 40.0,
        "y": 40.0,
    }


def test_overview_cards_render(tenant, rf):
    make_use_cases(tenant, 2)
    request = rf.get("/")
    request.organisation = tenant.organisation
    request.membership = tenant.members[Role.COORDINATOR]
    with scope(organisation=tenant.organisation):
        html = render_to_string(
            "governance/cards/use_cases.html",
            {"card": plugins.use_cases_card(request), "organisation": tenant.organisation},
        )
        roles = render_to_string(
            "governance/cards/roles.html",
            {"card": plugins.roles_card(request), "organisation": tenant.organisation},
        )
        # The board report passes its BoardReport row, which knows the organisation.
        context = plugins.report_context(SimpleNamespace(organisation=tenant.organisation))
        report = render_to_string("governance/report_section.html", context)
    assert "Limited risk (transparency)</span> 1" in html
    assert "Minimal risk</span> 1" in html
    assert "No AI sponsor" in roles
    assert "Sales: no AI champion" in report
    assert "0 of 4 members hold a valid AI training." in report
    assert context["risks"] == ["6 gaps in the AI roles."]
    assert context["decisions"] == []


def test_classification_reads_in_german(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = "de"
    response = client.get(url(tenant, "usecase_classify", pk=use_case.pk))
    content = response.content.decode()
    assert "Orientierungshilfe, keine Rechtsberatung" in content
    assert "Kommuniziert es mit Menschen (Chatbot, Sprachassistent)?" in content
    with scope(organisation=tenant.organisation):
        latest = use_case.classifications.first()
    page = client.get(url(tenant, "classification", pk=use_case.pk, classification=latest.pk))
    assert "Begrenztes Risiko (Transparenz)" in page.content.decode()
    assert "Maßnahmen zur Förderung der KI-Kompetenz" in page.content.decode()


def test_evidence_file_is_served_to_register_readers(tenant, client_for):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        obligation = Obligation.objects.filter(use_case=use_case).first()
    client = client_for(tenant.user(Role.COORDINATOR))
    pdf = SimpleUploadedFile("dpia-check.pdf", b"%PDF-1.7 minimal", "application/pdf")
    client.post(
        url(tenant, "obligation_edit", pk=obligation.pk), {"status": "done", "evidence_file": pdf}
    )
    response = client_for(tenant.user(Role.STEERING)).get(
        url(tenant, "obligation_evidence", pk=obligation.pk)
    )
    assert response["Content-Disposition"] == 'attachment; filename="dpia-check.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 minimal"


@pytest.mark.parametrize("count", [1, 4])
def test_training_page_runs_fixed_queries(tenant, client_for, django_assert_num_queries, count):
    for _n in range(count):
        _training(tenant)
    client = client_for(tenant.user(Role.STEERING))
    # 11 before the offers were paginated, plus the count of the offers.
    with django_assert_num_queries(12):
        response = client.get(url(tenant, "training"))
    assert len(response.context["offers"]) == count
    assert {row["name"]: row["trained_count"] for row in response.context["by_department"]} == {
        "Support": 1,
        None: 0,
    }


@pytest.mark.parametrize("count", [1, 4])
def test_guidelines_list_runs_fixed_queries(tenant, client_for, django_assert_num_queries, count):
    with scope(organisation=tenant.organisation):
        for n in range(count):
            version = services.create_guideline(
                organisation=tenant.organisation, actor=None, title=f"Rule {n}", body="Text"
            )
            services.publish_guideline_version(version=version, actor=None)
    client = client_for(tenant.user(Role.EMPLOYEE))
    with django_assert_num_queries(8):
        response = client.get(url(tenant, "guidelines"))
    assert [g.acknowledged for g in response.context["guidelines"]] == [False] * count


def test_coordinator_changes_a_training_offer(tenant, client_for):
    _training(tenant)
    with scope(organisation=tenant.organisation):
        offer = tenant.organisation.ai_training_offers.get()
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        url(tenant, "training_offer_edit", pk=offer.pk),
        {"title": "AI basics", "audience": "end_users", "validity_months": 24},
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        offer.refresh_from_db()
        assert (offer.title, offer.validity_months) == ("AI basics", 24)
        event = AuditEvent.objects.filter(action="training_offer.changed").get()
        assert event.changes == {"title": ["=AI basics", "AI basics"], "validity_months": [12, 24]}
