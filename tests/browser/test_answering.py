"""Answering on a phone: no answer lost on a language switch, one response per form, no jump."""

import re
import time
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from django_scopes import scope

from assessments import services
from assessments.models import Answer, Instrument, Response, Wave
from tests.browser.conftest import assert_fits_phone
from tests.browser.test_accessibility import _log_in, _violations, demo  # noqa: F401
from tests.conftest import make_tenant
from transformation.models import Role

PHONE = {"width": 390, "height": 844}

# Layout shifts since the page began loading, not caused by input.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


# Tap the send button twice; count the submissions the page let through.
DOUBLE_TAP = """() => {
  let submits = 0;
  document.addEventListener("submit", (event) => { if (!event.defaultPrevented) submits += 1; });
  const button = document.querySelector("button.survey__submit");
  button.click();
  button.click();
  return {sending: document.getElementById("survey-form").dataset.sending, submits};
}"""


def _phone(browser, live_server, **options):
    return browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, base_url=live_server.url, **options
    )


def _wave(tenant, live_server, mode) -> tuple[Wave, dict[str, int]]:
    organisation = tenant.organisation
    with scope(organisation=organisation):
        employee = tenant.user(Role.EMPLOYEE)
        employee.language = "nl"
        employee.save()
        services.install_standard_instruments(organisation=organisation)
        now = timezone.now()
        wave = services.create_wave(
            organisation=organisation,
            actor=None,
            instrument=Instrument.objects.get(key="ai-pulse"),
            title="AI-pulse",
            mode=mode,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=14),
            link_base=live_server.url,
        )
        items = {item.key: item.pk for item in wave.instrument.items.all()}
    return wave, items


def _stored(tenant, wave) -> dict[str, object]:
    with scope(organisation=tenant.organisation):
        return {
            answer.item.key: answer.text or answer.value
            for answer in Answer.objects.filter(wave=wave).select_related("item")
        }


def _answer_first_page(page, items) -> None:
    page.check(f"input[name=item_{items['enps']}][value='8']")
    for key, value in [
        ("sentiment-easier", 4),
        ("sentiment-monitoring", 2),
        ("sentiment-help", 5),
        ("sentiment-informed", 3),
    ]:
        page.check(f"input[name=item_{items[key]}][value='{value}']")


def test_phone_in_dutch_switches_to_german_on_page_two_and_keeps_every_answer(
    transactional_db, live_server, browser
):
    tenant = make_tenant("Acme Wholesale", "acme")
    wave, items = _wave(tenant, live_server, Wave.Mode.PERSONAL)
    message = next(m for m in mail.outbox if m.to == [tenant.user(Role.EMPLOYEE).email])
    link = re.search(r"/s/[\w-]+/", message.body).group(0)
    context = _phone(browser, live_server)
    phone = context.new_page()

    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "nl"
    _answer_first_page(phone, items)
    with phone.expect_navigation():
        phone.click("button.survey__submit")
    assert phone.locator("#progress").inner_text() == "Pagina 2 van 2"
    phone.check(f"input[name=item_{items['culture-phase']}][value='2']")
    phone.fill(f"textarea[name=item_{items['open-question']}]", "Meer voorbeelden")
    assert_fits_phone(phone)

    # The header's language select, as anywhere else in the product.
    with phone.expect_navigation():
        phone.select_option("#language-select", "de")
    assert phone.locator("html").get_attribute("lang") == "de"
    assert phone.locator("#progress").inner_text() == "Seite 2 von 2"
    assert phone.locator(f"input[name=item_{items['culture-phase']}][value='2']").is_checked()
    assert (
        phone.locator(f"textarea[name=item_{items['open-question']}]").input_value()
        == "Meer voorbeelden"
    )
    assert phone.locator("main .form-errors, main .errors").count() == 0
    assert_fits_phone(phone)

    with phone.expect_navigation():
        phone.click("button.survey__submit")
    assert phone.locator("h1").inner_text() == "Vielen Dank!"
    context.close()
    assert _stored(tenant, wave) == {
        "enps": 8,
        "sentiment-easier": 4,
        "sentiment-monitoring": 2,
        "sentiment-help": 5,
        "sentiment-informed": 3,
        "culture-phase": 2,
        "open-question": "Meer voorbeelden",
    }
    with scope(organisation=tenant.organisation):
        assert Response.objects.get(wave=wave).language == "de"


def _double_tap_kiosk(browser, live_server, wave, items, java_script_enabled: bool) -> int:
    """Answer on the kiosk and double-tap the send button; returns how many sends reached us.

    Chromium itself drops a repeated submission of a form while its first one
    is under way; a slow phone or a tap on the back of a reload still sends it
    twice. So the send that left the phone is sent once more, as that second tap.
    """
    context = _phone(browser, live_server, java_script_enabled=java_script_enabled)
    phone = context.new_page()
    phone.goto(f"/s/kiosk/{wave.kiosk_code}/?lang=nl")
    _answer_first_page(phone, items)
    with phone.expect_navigation():
        phone.click("button.survey__submit")
    phone.check(f"input[name=item_{items['culture-phase']}][value='4']")
    sent, held = [], []
    phone.on("request", lambda request: request.method == "POST" and sent.append(request))
    button = phone.locator("button.survey__submit")
    if java_script_enabled:
        # The answers are on their way (held here): the button can no longer be tapped.
        phone.route(
            re.compile(r".*/s/kiosk/.*"),
            lambda route: (
                held.append(route) if route.request.method == "POST" else route.continue_()
            ),
        )
        # Two taps in one turn of the page, read back in the same turn: nothing waits
        # on a page whose navigation is held (that could wait for ever under load).
        assert phone.evaluate(DOUBLE_TAP) == {"sending": "1", "submits": 1}
        for _ in range(600):  # the held send reaches the route handler
            if held:
                break
            phone.wait_for_timeout(50)
        with phone.expect_navigation(url=re.compile(r"/s/thanks/")):
            held[0].continue_()
    else:
        with phone.expect_navigation(url=re.compile(r"/s/thanks/")):
            button.dblclick()
    assert phone.locator("h1").inner_text() == "Bedankt!"
    second = context.request.post(
        sent[0].url,
        headers={"Content-Type": sent[0].headers["content-type"]},
        data=sent[0].post_data,
        max_redirects=0,
        timeout=30_000,
    )
    assert second.status == 302
    assert "/s/thanks/" in second.headers["location"]
    context.close()
    return len(sent)


def test_kiosk_double_tap_stores_one_response_with_and_without_javascript(
    transactional_db, live_server, browser
):
    tenant = make_tenant("Acme Wholesale", "acme")
    wave, items = _wave(tenant, live_server, Wave.Mode.KIOSK)
    # With JavaScript the second tap is not sent at all.
    assert _double_tap_kiosk(browser, live_server, wave, items, java_script_enabled=True) == 1
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
    # Without JavaScript the form token alone keeps it to one response.
    _double_tap_kiosk(browser, live_server, wave, items, java_script_enabled=False)
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 2
    assert _stored(tenant, wave)["culture-phase"] == 4


def test_kiosk_and_login_pages_do_not_move_when_the_script_arrives_late(
    transactional_db, live_server, browser
):
    tenant = make_tenant("Acme Wholesale", "acme")
    wave, _items = _wave(tenant, live_server, Wave.Mode.KIOSK)
    context = _phone(browser, live_server)
    page = context.new_page()

    def late_script(route):
        time.sleep(0.6)  # a slow phone network: the page is painted before the script runs
        route.continue_()

    page.route(re.compile(r".*/js/app\.[\w.]*js$"), late_script)
    for url in (f"/s/kiosk/{wave.kiosk_code}/", "/s/kiosk/", "/accounts/login/"):
        page.goto(url)
        page.wait_for_function("document.documentElement.classList.contains('js')")
        shift = page.evaluate(LAYOUT_SHIFT)
        assert shift < 0.05, (url, shift)
    context.close()


def test_results_heatmap_scrolls_by_keyboard_on_a_phone(demo, browser, live_server):  # noqa: F811
    from transformation.models import Organisation

    organisation = Organisation.objects.get(slug="nordtec")
    with scope(organisation=organisation):
        wave = next(
            w for w in Wave.objects.order_by("opens_at") if services.wave_results(wave=w).heatmap
        )
    context = _phone(browser, live_server, bypass_csp=True)
    page = context.new_page()
    _log_in(page, "coordinator@demo.example")
    url = f"/o/nordtec/assessments/waves/{wave.pk}/results/"
    assert [v for v in _violations(page, url) if v["id"] == "scrollable-region-focusable"] == []
    region = page.locator("div.table-wrap:has(table.heatmap)")
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label")
    context.close()
