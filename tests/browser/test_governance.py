from django_scopes import scope

from governance.models import ApprovalRequest, UseCase
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from transformation.models import Role


def test_coordinator_classifies_and_steering_approves(transactional_db, desktop, phone):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(desktop, tenant.user(Role.COORDINATOR).email)

    desktop.goto("/o/acme/governance/use-cases/new/")
    desktop.fill("input[name=title]", "Support chatbot")
    desktop.select_option("select[name=application_area]", "customer_service")
    desktop.select_option("select[name=department]", label="Support")
    desktop.check("input[name=uses_personal_data]")
    desktop.click("main form button[type=submit]")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("h1").inner_text() == "Classify “Support chatbot”"

    desktop.check("input[name=developed_in_house]")
    desktop.check("input[name=talks_to_people]")
    desktop.check("input[name=wp248_criteria][value=large_scale]")
    desktop.click("form.questionnaire button[type=submit]")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("h1").inner_text() == "Classification result"
    assert desktop.locator(".result__class .badge").first.inner_text() == (
        "Limited risk (transparency)"
    )
    assert "Guidance, not legal advice" in desktop.locator(".legal-note").inner_text()
    assert "Tell people they are dealing with an AI system" in desktop.locator("table").inner_text()

    desktop.click("main p a >> text=Support chatbot")
    desktop.wait_for_load_state("networkidle")
    desktop.click("button >> text=Request approval")
    desktop.wait_for_load_state("networkidle")
    assert "Approval requested" in desktop.locator(".messages").inner_text()

    log_in(phone, tenant.user(Role.STEERING).email)
    phone.goto("/o/acme/governance/approvals/")
    assert_fits_phone(phone)
    phone.click("text=Support chatbot → Pilot")
    phone.wait_for_load_state("networkidle")
    phone.check("input[name=outcome][value=approve]")
    phone.fill("textarea[name=reasoning]", "Clear benefit, transparency handled.")
    phone.click("button >> text=Record decision")
    phone.wait_for_load_state("networkidle")
    assert "Decision recorded." in phone.locator(".messages").inner_text()
    assert_fits_phone(phone)

    with scope(organisation=tenant.organisation):
        use_case = UseCase.objects.get(title="Support chatbot")
        assert use_case.state == "approved_for_pilot"
        approval = ApprovalRequest.objects.get(use_case=use_case)
        assert approval.status == "approved"
        decision = approval.decisions.get()
        assert decision.decided_by == tenant.user(Role.STEERING)
        assert decision.snapshot["classification"]["result_class"] == "limited"


def test_audit_trail_reads_as_sentences_in_german_on_a_phone(
    transactional_db, browser, live_server
):
    from governance import services

    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        services.save_use_case(
            organisation=tenant.organisation,
            actor=coordinator,
            values={"title": "Support chatbot", "application_area": "customer_service"},
        )
    context = browser.new_context(
        viewport={"width": 390, "height": 800},
        is_mobile=True,
        locale="de-DE",
        base_url=live_server.url,
    )
    phone = context.new_page()
    try:
        log_in(phone, coordinator.email)
        phone.goto("/o/acme/governance/audit/")
        rows = phone.locator("#events tbody tr").all_inner_texts()
        name = coordinator.get_full_name()
        sentence = f"{name} hat den KI-Anwendungsfall „Support chatbot“ registriert."
        assert any(sentence in row for row in rows), rows
        assert "use_case.created" not in phone.locator("main").inner_text()
        options = phone.locator("select[name=target_type] option").all_inner_texts()
        assert "KI-Anwendungsfall" in options
        assert_fits_phone(phone)
    finally:
        context.close()
