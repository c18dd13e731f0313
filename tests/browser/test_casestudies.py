import importlib

from django.apps import apps
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_phone, log_in
from tests.casestudies.builders import use_case
from tests.conftest import make_tenant
from transformation.models import Role

shipped = importlib.import_module("casestudies.migrations.0002_playbook_case_studies")


def _library_with_playbook_cases():
    """Transactional tests flush the tables, so the migration's reference data is reloaded."""
    with scopes_disabled():
        shipped.load(apps, None)


def test_coordinator_filters_the_library_and_opens_a_comparison(transactional_db, desktop):
    _library_with_playbook_cases()
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        use_case(
            tenant.organisation, title="Support knowledge assistant", area="knowledge_management"
        )
    log_in(desktop, tenant.user(Role.COORDINATOR).email)

    desktop.goto("/o/acme/case-studies/")
    results = desktop.locator("#case-study-results")
    assert results.locator(".case-card").count() == 3

    desktop.select_option("#id_sector", "financial_services")
    expect(results.locator(".case-card")).to_have_count(1)
    expect(results).to_contain_text("Financial services provider")
    assert "sector=financial_services" in desktop.url  # the filter is in the address

    desktop.select_option("#id_sector", "")
    desktop.fill("#id_q", "knowledge graph")
    expect(results.locator(".case-card")).to_have_count(1)
    expect(results).to_contain_text("Technical wholesaler")

    desktop.click("text=Compare a use case")
    desktop.click("text=Support knowledge assistant")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("h1").inner_text() == "Compare: Support knowledge assistant"
    peers = desktop.locator(".compare__peers .case-card")
    assert "Technical wholesaler" in peers.first.inner_text()
    assert "7 months" in peers.first.inner_text()
    assert desktop.locator("[data-testid=roi-missing]").is_visible()

    peers.first.locator("a").click()
    desktop.wait_for_load_state("networkidle")
    assert "−72%" in desktop.locator("article.case-study").inner_text()


def test_employee_reads_the_library_on_a_phone_without_javascript_filters(transactional_db, phone):
    _library_with_playbook_cases()
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(phone, tenant.user(Role.EMPLOYEE).email)
    phone.goto("/o/acme/case-studies/?area=decision_support")
    assert phone.locator("#case-study-results .case-card").count() == 1
    assert_fits_phone(phone)
    phone.locator("#case-study-results .case-card a").first.click()
    phone.wait_for_load_state("networkidle")
    assert "Annex III point 5(b)" in phone.locator("article").inner_text()
    assert_fits_phone(phone)
    phone.emulate_media(media="print")
    assert not phone.locator("header.site-header").is_visible()
    assert phone.locator("article.case-study h1").is_visible()
