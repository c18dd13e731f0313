"""A champion updates the matrix in place; a steering member then sees the change."""

import datetime as dt
import importlib

from django_scopes import scope

from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from transformation import services
from transformation.models import Role


def _ship_roadmap_template():
    # A transactional test that ran earlier flushed every table, including
    # the template the data migration ships; put it back the same way.
    from django.apps import apps

    migration = importlib.import_module("transformation.migrations.0003_roadmap_template")
    migration.ship_template(apps, None)


def _programme(tenant):
    _ship_roadmap_template()
    with scope(organisation=tenant.organisation):
        programme = services.create_programme(
            organisation=tenant.organisation,
            actor=None,
            name="Wave 1",
            start_date=dt.date.today() - dt.timedelta(weeks=2),
        )
        row = programme.progress.get(department__name="Support", step__code="1")
        return programme, row


def test_champion_marks_a_step_done_in_place_and_steering_sees_it(
    transactional_db, browser, live_server
):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    _, row = _programme(tenant)
    cell = f"#cell-{row.department_id}-s{row.pk}"

    champion = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    page = champion.new_page()
    log_in(page, tenant.user(Role.CHAMPION).email)
    page.goto("/o/acme/roadmap/?steps=on")
    assert page.locator(cell).get_attribute("data-status") == "not_started"
    assert "0 of 20 steps done (0 %)" in page.locator("#matrix-totals").inner_text()
    page.evaluate("window.__stillTheSamePage = true")

    page.click(f"{cell} a")
    page.wait_for_selector("#panel #step-panel form")
    page.select_option("#panel select[name=status]", "done")
    page.click("#panel button[type=submit]")
    page.wait_for_selector(f"{cell}[data-status='done']")

    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.url.endswith("/o/acme/roadmap/?steps=on")
    assert page.locator(cell).inner_text().strip().startswith("done")
    assert "1 of 20 steps done (5 %)" in page.locator("#matrix-totals").inner_text()
    assert "Saved." in page.locator("#panel").inner_text()
    navigations = page.evaluate("performance.getEntriesByType('navigation').length")
    assert navigations == 1
    champion.close()

    steering = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, base_url=live_server.url
    )
    phone = steering.new_page()
    log_in(phone, tenant.user(Role.STEERING).email)
    phone.goto("/o/acme/roadmap/?steps=on")
    assert phone.locator(cell).get_attribute("data-status") == "done"
    assert "1 of 20 steps done (5 %)" in phone.locator("#matrix-totals").inner_text()
    assert phone.locator(f"{cell} a").inner_text().strip().startswith("done")
    assert_fits_phone(phone)
    phone.click(f"{cell} a")
    phone.wait_for_selector("#panel #step-panel")
    assert phone.locator("#panel form").count() == 0
    steering.close()
