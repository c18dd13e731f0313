"""The idea box end to end: an anonymous idea from a phone becomes a use case and a figure."""

from django_scopes import scope
from playwright.sync_api import expect

from adoption.models import Idea
from governance.models import UseCase
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from transformation.models import AuditEvent, Role

TITLE = "Scan delivery notes at the gate"


def test_anonymous_idea_from_a_phone_becomes_a_use_case_on_the_scorecard(
    transactional_db, browser, live_server, desktop
):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    employee = tenant.user(Role.EMPLOYEE)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    ).new_page()

    # The employee finds the idea box on the overview and submits anonymously.
    log_in(phone, employee.email)
    phone.goto("/o/acme/")
    phone.click("[aria-labelledby=card-ideas] >> text=Submit an idea")
    phone.wait_for_load_state("networkidle")
    assert_fits_phone(phone)
    phone.fill("input[name=title]", TITLE)
    phone.fill("textarea[name=description]", "A scanner reads the note and matches the order.")
    phone.select_option("select[name=department]", label="Support")
    phone.check("input[name=anonymous]")
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "Your idea is in the idea box, anonymously." in phone.locator(".messages").inner_text()
    card = phone.locator(".idea", has_text=TITLE)
    assert "anonymous" in card.inner_text() and employee.full_name not in card.inner_text()
    assert_fits_phone(phone)
    with scope(organisation=tenant.organisation):
        idea = Idea.objects.get(title=TITLE)
        assert (idea.author, idea.anonymous) == (None, True)
        assert not AuditEvent.objects.filter(target_id=str(idea.pk)).exists()

    # Steering supports it in place (htmx swaps the button, no reload).
    log_in(desktop, tenant.user(Role.STEERING).email)
    desktop.goto("/o/acme/change/ideas/")
    card = desktop.locator(".idea", has_text=TITLE)
    card.locator("button >> text=Support this idea").click()
    card.locator("text=1 supporter").wait_for()
    assert card.locator("button >> text=Withdraw my support").is_visible()

    # The coordinator turns it into a use case in one step.
    desktop.context.clear_cookies()
    log_in(desktop, tenant.user(Role.COORDINATOR).email)
    desktop.goto("/o/acme/change/ideas/")
    desktop.click(f"text={TITLE}")
    desktop.wait_for_load_state("networkidle")
    desktop.click("text=Turn into a use case")
    desktop.wait_for_load_state("networkidle")
    assert desktop.input_value("input[name=title]") == TITLE
    desktop.select_option("select[name=application_area]", "document_processing")
    desktop.click("main form button[type=submit]")
    desktop.wait_for_load_state("networkidle")
    assert (
        "The idea is now a use case in the register." in desktop.locator(".messages").inner_text()
    )
    assert desktop.locator("h1").inner_text() == TITLE
    with scope(organisation=tenant.organisation):
        use_case = UseCase.objects.get(title=TITLE)
        assert use_case.state == "idea"
        assert use_case.department == tenant.departments["Support"]

    # The scorecard counts it: one idea in three months, and it became a use case.
    desktop.goto("/o/acme/change/")
    ideas = desktop.locator("#metric-ideas")
    assert ideas.locator(".metric__number").inner_text() == "1"
    assert "1 became a use case" in ideas.inner_text()
    with desktop.expect_navigation():
        desktop.select_option("#scorecard-department", label="Support")
    expect(desktop.locator("h1")).to_have_text("Change scorecard: Support")
    assert desktop.locator("#metric-ideas .metric__number").inner_text() == "1"
    phone.context.close()
