import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from django_scopes import scope

from assessments import services
from assessments.models import Instrument, Wave
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.factories import MembershipFactory, UserFactory
from transformation.models import Role


def _pulse_wave(tenant, live_server) -> tuple[Wave, dict[str, int]]:
    organisation = tenant.organisation
    with scope(organisation=organisation):
        employee = tenant.user(Role.EMPLOYEE)
        employee.language = "nl"
        employee.save()
        for number in range(5):
            MembershipFactory(
                organisation=organisation,
                user=UserFactory(email=f"colleague{number}@acme.example"),
                department=tenant.departments["Support"],
            )
        services.install_standard_instruments(organisation=organisation)
        now = timezone.now()
        wave = services.create_wave(
            organisation=organisation,
            actor=tenant.user(Role.COORDINATOR),
            instrument=Instrument.objects.get(key="ai-pulse"),
            title="AI-pulse november",
            mode=Wave.Mode.PERSONAL,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=14),
            link_base=live_server.url,
        )
        items = {item.key: item.pk for item in wave.instrument.items.all()}
    return wave, items


def test_employee_answers_pulse_on_phone_in_dutch_and_rate_changes(
    transactional_db, live_server, desktop, phone
):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    wave, items = _pulse_wave(tenant, live_server)
    message = next(m for m in mail.outbox if m.to == [tenant.user(Role.EMPLOYEE).email])
    assert "Je persoonlijke link" in message.body
    link = re.search(r"/s/[\w-]+/", message.body).group(0)

    log_in(desktop, tenant.user(Role.COORDINATOR).email)
    desktop.goto(f"/o/acme/assessments/waves/{wave.pk}/")
    assert desktop.locator("#response-rate-value").inner_text() == "0.0\xa0%"

    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "nl"
    assert phone.locator("#progress").inner_text() == "Pagina 1 van 2"
    assert "Hoe waarschijnlijk is het dat je dit bedrijf als werkgever aanbeveelt?" in (
        phone.locator("main").inner_text()
    )
    assert_fits_phone(phone)

    phone.click("button.survey__submit")
    assert "Beantwoord deze vraag alsjeblieft." in phone.locator("main").inner_text()
    phone.check(f"input[name=item_{items['enps']}][value='8']")
    for key, value in [
        ("sentiment-easier", 4),
        ("sentiment-monitoring", 2),
        ("sentiment-help", 4),
        ("sentiment-informed", 3),
    ]:
        phone.check(f"input[name=item_{items[key]}][value='{value}']")
    phone.click("button.survey__submit")
    assert phone.locator("#progress").inner_text() == "Pagina 2 van 2"
    assert_fits_phone(phone)
    phone.check(f"input[name=item_{items['culture-phase']}][value='2']")
    phone.fill(f"textarea[name=item_{items['open-question']}]", "Meer voorbeelden uit de praktijk")
    phone.click("button.survey__submit")
    assert phone.locator("h1").inner_text() == "Bedankt!"
    assert_fits_phone(phone)

    phone.goto(link)
    assert phone.locator("h1").inner_text() == "Je hebt al geantwoord"

    desktop.reload()
    assert desktop.locator("#response-rate-value").inner_text() == "11.1\xa0%"
    assert "1 of 9 have answered." in desktop.locator("#response-rate").inner_text()
