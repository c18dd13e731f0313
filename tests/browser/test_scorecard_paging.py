"""The change scorecard of a large organisation on a phone: the department table comes in pages."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from tests.adoption import builders
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.factories import DepartmentFactory
from transformation.models import Role

SUMMARY = "#departments [data-testid=pager-summary]"


@pytest.fixture
def scorecard_url(transactional_db, settings):
    settings.LIST_PAGE_SIZE = 5
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        for n in range(10):
            DepartmentFactory(organisation=tenant.organisation, name=f"Branch {n:02}")
            builders.idea(tenant.organisation, title=f"Idea {n}")
    return tenant, "/o/acme/change/"


def _names(page) -> list[str]:
    return page.locator("#departments tbody td:first-child").all_inner_texts()


def test_department_table_pages_on_a_phone_with_htmx(scorecard_url, browser, live_server):
    tenant, url = scorecard_url
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    phone = context.new_page()
    log_in(phone, tenant.user(Role.COORDINATOR).email)
    phone.goto(url)
    assert phone.locator(SUMMARY).inner_text() == "Showing 1–5 of 12"
    first = _names(phone)
    assert len(first) == 5
    assert_fits_phone(phone)

    phone.click("#departments nav.pager a[rel=next]")
    expect(phone.locator(SUMMARY)).to_have_text("Showing 6–10 of 12")
    assert re.search(r"[?&]departments=2\b", phone.url)
    second = _names(phone)
    assert len(second) == 5 and not set(first) & set(second)
    assert phone.locator(".metrics").count() == 1  # the rest of the page stays
    assert phone.locator("#departments").count() == 1
    assert_fits_phone(phone)
    context.close()


def test_department_table_pages_without_javascript(scorecard_url, browser, live_server):
    tenant, url = scorecard_url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, tenant.user(Role.COORDINATOR).email)
    page.goto(f"{url}?departments=3")
    assert page.locator(SUMMARY).inner_text() == "Showing 11–12 of 12"
    page.click("#departments nav.pager a[rel=prev]")
    page.wait_for_load_state()
    assert page.locator(SUMMARY).inner_text() == "Showing 6–10 of 12"
    assert "Sales" not in _names(page)
    assert_fits_phone(page)
    context.close()
