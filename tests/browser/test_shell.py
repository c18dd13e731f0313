from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from transformation.models import Role


def test_coordinator_switches_to_german_and_sees_german_overview(transactional_db, desktop):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(desktop, tenant.user(Role.COORDINATOR).email)
    assert desktop.url.endswith("/o/acme/")
    assert desktop.locator("h1").inner_text() == "Programme overview"

    # The select submits its form from a change handler: wait for that
    # navigation itself, not for a quiet network that may come before it.
    with desktop.expect_navigation():
        desktop.select_option("#language-select", "de")

    expect(desktop.locator("h1")).to_have_text("Programmübersicht")
    assert desktop.locator("html").get_attribute("lang") == "de"
    nav = desktop.locator("nav[aria-label]")
    assert "Personen" in nav.inner_text()


def test_employee_on_a_phone_sees_only_employee_navigation(transactional_db, phone):
    other = make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scopes_disabled():
        employee = tenant.user(Role.EMPLOYEE)
    log_in(phone, employee.email)
    assert phone.url.endswith("/o/acme/")
    assert_fits_phone(phone)

    phone.click("summary.menu__toggle")
    links = phone.locator("nav .nav a").all_inner_texts()
    assert "Overview" in links
    for hidden in ("People", "Departments", "Organisation"):
        assert hidden not in links

    response = phone.goto("/o/acme/members/")
    assert response.status == 403
    response = phone.goto(f"/o/{other.slug}/")
    assert response.status == 404
