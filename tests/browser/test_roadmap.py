"""A champion updates the matrix in place; a steering member then sees the change."""

import datetime as dt
import importlib

from django_scopes import scope
from playwright.sync_api import expect

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
    assert "0 of 20 steps done (0%)" in page.locator("#matrix-totals").inner_text()
    page.evaluate("window.__stillTheSamePage = true")

    page.click(f"{cell} a")
    page.wait_for_selector("#panel #step-panel form")
    page.select_option("#panel select[name=status]", "done")
    page.click("#panel button[type=submit]")
    page.wait_for_selector(f"{cell}[data-status='done']")

    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.url.endswith("/o/acme/roadmap/?steps=on")
    assert page.locator(cell).inner_text().strip().startswith("done")
    assert "1 of 20 steps done (5%)" in page.locator("#matrix-totals").inner_text()
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
    # On a phone the matrix is a card per department; the step is a chip in it.
    chip = phone.locator(f"#chip-{row.department_id}-s{row.pk}")
    expect(chip).to_be_visible()
    expect(phone.locator(cell)).to_be_hidden()
    assert chip.get_attribute("data-status") == "done"
    assert "1 of 20 steps done (5%)" in phone.locator("#matrix-totals").inner_text()
    expect(chip).to_contain_text("done")
    assert_fits_phone(phone)
    with phone.expect_navigation():
        chip.click()
    expect(phone.locator("#step-panel")).to_be_visible()
    assert phone.locator("#step-panel form").count() == 0
    expect(phone.locator("[data-testid=step-read-only]")).to_be_visible()
    steering.close()


def test_phone_overview_and_roadmap_fit_390px_with_a_card_per_department(
    transactional_db, browser, live_server
):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    _programme(tenant)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    phone = context.new_page()
    log_in(phone, tenant.user(Role.STEERING).email)

    phone.goto("/o/acme/")
    cards = phone.locator("main .cards > .card")
    expect(cards.first).to_be_visible()
    assert cards.first.get_attribute("aria-labelledby") != "card-organisation"
    expect(phone.locator("[data-testid=approvals-link]")).to_have_attribute(
        "href", "/o/acme/governance/approvals/"
    )
    assert_fits_phone(phone)

    phone.goto("/o/acme/roadmap/")
    departments = phone.locator("[data-testid=matrix-cards] .matrix-card")
    expect(departments).to_have_count(2)
    expect(phone.locator(".matrix__table")).to_be_hidden()
    for index in range(2):
        chips = departments.nth(index).locator(".phase-chip")
        expect(chips).to_have_count(3)
        for phase in range(3):
            expect(chips.nth(phase)).to_be_visible()
            expect(chips.nth(phase)).to_contain_text(f"{phase + 1}. ")
    # Every chip lies inside the screen, none is clipped.
    boxes = phone.locator(".phase-chip").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])"
    )
    assert all(left >= 0 and right <= 390 for left, right in boxes), boxes
    assert_fits_phone(phone)

    phone.goto("/o/acme/roadmap/timeline/")
    # The phone's own drawing, not the wide one scrolled sideways.
    expect(phone.locator(".chart-wrap svg:visible")).to_have_class(
        "chart chart--narrow chart--timeline"
    )
    assert_fits_phone(phone)
    context.close()
