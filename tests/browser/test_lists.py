"""A long list on a phone: the pager fits, search and pages work with and without JavaScript."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from governance.models import UseCase
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.governance.factories import UseCaseFactory
from transformation.models import Role

SUMMARY = "[data-testid=pager-summary]"


@pytest.fixture
def register(transactional_db):
    other = make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=other.organisation):
        UseCase.objects.bulk_create(
            UseCaseFactory.build_batch(3, organisation=other.organisation, title="Walrus elsewhere")
        )
    with scope(organisation=tenant.organisation):
        UseCase.objects.bulk_create(
            [
                UseCaseFactory.build(organisation=tenant.organisation, title=f"Use case {n:03d}")
                for n in range(1, 121)
            ]
            + [UseCaseFactory.build(organisation=tenant.organisation, title="Walrus watcher")]
        )
    return tenant


def test_register_pages_and_searches_on_a_phone(register, browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    phone = context.new_page()
    log_in(phone, register.user(Role.STEERING).email)
    phone.goto("/o/acme/governance/")
    assert phone.locator(SUMMARY).inner_text() == "Showing 1–50 of 121"
    assert_fits_phone(phone)
    pager = phone.locator("nav.pager")
    assert pager.bounding_box()["width"] <= 390

    phone.click("nav.pager a[rel=next]")
    expect(phone.locator(SUMMARY)).to_have_text("Showing 51–100 of 121")
    expect(phone.locator("#register tbody tr").first).to_be_in_viewport()  # back to the top
    assert re.search(r"[?&]page=2\b", phone.url)  # the address follows (htmx pushes it)
    assert_fits_phone(phone)

    phone.fill("input[name=q]", "walrus")
    expect(phone.locator(SUMMARY)).to_have_text("Showing 1–1 of 1")
    assert phone.locator("#register tbody tr").count() == 1
    assert "Walrus watcher" in phone.locator("#register").inner_text()
    assert "elsewhere" not in phone.content()
    context.close()


def test_register_pages_and_searches_without_javascript(register, browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, register.user(Role.STEERING).email)
    page.goto("/o/acme/governance/?page=3")
    assert page.locator(SUMMARY).inner_text() == "Showing 101–121 of 121"
    page.click("nav.pager a[rel=prev]")
    page.wait_for_load_state()
    assert page.locator(SUMMARY).inner_text() == "Showing 51–100 of 121"

    page.fill("input[name=q]", "WALRUS")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert "q=WALRUS" in page.url
    assert page.locator(SUMMARY).inner_text() == "Showing 1–1 of 1"
    assert page.locator("#register tbody tr").count() == 1
    context.close()
