"""Survey results of a large organisation on a phone: the heatmap's departments come in pages."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from tests.assessments.factories import answer_many, install, open_wave, publish
from tests.assessments.test_results import READINESS
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.factories import DepartmentFactory
from transformation.models import Role

SUMMARY = "#heatmap [data-testid=pager-summary]"


@pytest.fixture
def results_url(transactional_db, settings):
    settings.LIST_PAGE_SIZE = 5
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        departments = [*tenant.departments.values()] + [
            DepartmentFactory(organisation=tenant.organisation, name=f"Branch {n:02}")
            for n in range(10)
        ]
        wave = open_wave(tenant.organisation, instruments["readiness"])
        for department in departments:
            answer_many(wave, 5, READINESS, department=department)
        publish(wave)
    return tenant, f"/o/acme/assessments/waves/{wave.pk}/results/"


def test_heatmap_pages_on_a_phone_with_htmx(results_url, browser, live_server):
    tenant, url = results_url
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    phone = context.new_page()
    log_in(phone, tenant.user(Role.STEERING).email)
    phone.goto(url)
    assert phone.locator(SUMMARY).inner_text() == "Showing 1–5 of 12"
    first = phone.locator("#heatmap tbody th").all_inner_texts()
    assert first[0] == "Organisation average" and len(first) == 6
    assert_fits_phone(phone)

    phone.click("#heatmap nav.pager a[rel=next]")
    expect(phone.locator(SUMMARY)).to_have_text("Showing 6–10 of 12")
    assert re.search(r"[?&]departments=2\b", phone.url)
    second = phone.locator("#heatmap tbody th").all_inner_texts()
    assert second[0] == "Organisation average"
    assert not set(first[1:]) & set(second[1:])
    assert phone.locator("#figures").count() == 1  # the rest of the page stays
    assert_fits_phone(phone)
    context.close()


def test_heatmap_pages_without_javascript(results_url, browser, live_server):
    tenant, url = results_url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, tenant.user(Role.STEERING).email)
    page.goto(f"{url}?departments=3")
    assert page.locator(SUMMARY).inner_text() == "Showing 11–12 of 12"
    page.click("#heatmap nav.pager a[rel=prev]")
    page.wait_for_load_state()
    assert page.locator(SUMMARY).inner_text() == "Showing 6–10 of 12"
    assert "Sales" not in page.locator("#heatmap tbody").inner_text()
    context.close()


def test_an_action_is_added_on_its_own_page_on_a_phone_in_german(results_url, browser, live_server):
    """From the results to the action form and back; a faulty entry keeps what was typed."""
    from assessments.models import Action
    from transformation.models import User

    tenant, url = results_url
    coordinator = tenant.user(Role.COORDINATOR)
    User.objects.filter(pk=coordinator.pk).update(language="de")
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
        locale="de-DE",
    )
    phone = context.new_page()
    log_in(phone, coordinator.email)
    phone.goto(url)
    phone.click("text=Maßnahme zu einem Befund hinzufügen")
    expect(phone.locator("h1")).to_have_text("Maßnahme zu einem Befund hinzufügen")
    assert_fits_phone(phone)
    phone.fill("textarea[name=finding]", "Niemand nutzt den Assistenten")
    phone.click("main button[type=submit]")  # no title, owner or due date yet
    expect(phone.locator("textarea[name=finding]")).to_have_value("Niemand nutzt den Assistenten")
    assert phone.locator(".errorlist, [id$=_error], .field-error").count() > 0
    assert_fits_phone(phone)
    phone.fill("input[name=title]", "KI-Sprechstunde")
    phone.select_option("select[name=owner]", index=1)
    phone.fill("input[name=due_date]", "2027-01-31")
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"**{url}")
    with scope(organisation=tenant.organisation):
        action = Action.objects.get()
    assert (action.title, action.finding) == ("KI-Sprechstunde", "Niemand nutzt den Assistenten")
    assert "KI-Sprechstunde" in phone.locator("main").inner_text()
    context.close()
