"""In a real browser: go-live waits for the works council; the new pages fit a phone."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from governance import services
from governance.models import UseCase
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.governance.factories import UseCaseFactory
from tests.roi.factories import baseline, chosen_kpi
from transformation.models import Role
from transformation.services import notifications

MONITORING = {
    "annex_iii_points": ["4b"],
    "used_at_workplace": True,
    "monitors_employees": True,
    "personal_data": True,
}


def _approved_for_pilot(tenant) -> UseCase:
    organisation = tenant.organisation
    organisation.has_works_council, organisation.country = True, "DE"
    organisation.save()
    with scope(organisation=organisation):
        use_case = UseCaseFactory(
            organisation=organisation,
            title="Pick-route tracking",
            department=tenant.departments["Support"],
            state="assessment",
        )
        services.classify_use_case(use_case=use_case, actor=None, answers=MONITORING)
        request = services.request_approval(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), target_state="pilot"
        )
        services.decide_approval(
            request=request,
            actor=tenant.user(Role.STEERING),
            membership=tenant.members[Role.STEERING],
            outcome="approve",
            reasoning="Worth a pilot.",
        )
        # ROI's own guard wants a KPI with its baseline before go-live.
        baseline(chosen_kpi(use_case, non_monetary_reason="Time only."), "20")
    return use_case


def _move_to_pilot(page, use_case) -> str:
    page.goto(f"/o/acme/governance/use-cases/{use_case.pk}/")
    page.click("button >> text=Move to Pilot")
    page.wait_for_load_state("networkidle")
    return page.locator(".messages").inner_text()


def test_go_live_waits_for_the_works_council(transactional_db, desktop, phone):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    use_case = _approved_for_pilot(tenant)
    today = timezone.localdate()
    log_in(desktop, tenant.user(Role.COORDINATOR).email)

    refused = _move_to_pilot(desktop, use_case)
    assert "Involve the works council and the workers first" in refused
    assert "§87(1) Nr. 6 BetrVG" in refused

    desktop.click("text=Consultation record and information pack")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("h1").inner_text() == "Works council and workers"
    desktop.select_option("select[name=status]", "in_consultation")
    desktop.select_option("select[name=category]", "workforce")
    desktop.fill("input[name=informed_on]", (today - timedelta(days=14)).isoformat())
    desktop.fill("textarea[name=participants]", "Betriebsrat: J. Hoffmann (Vorsitz)")
    desktop.click("button >> text=Save consultation")
    desktop.wait_for_load_state("networkidle")
    assert "Consultation saved." in desktop.locator(".messages").inner_text()
    assert "Go-live is blocked:" in desktop.locator("main").inner_text()

    refused = _move_to_pilot(desktop, use_case)
    assert "The works council's consent is needed before go-live" in refused
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get(pk=use_case.pk).state == "approved_for_pilot"

    desktop.click("text=Consultation record and information pack")
    desktop.wait_for_load_state("networkidle")
    desktop.select_option("select[name=status]", "agreed")
    desktop.fill("input[name=concluded_on]", today.isoformat())
    desktop.click("button >> text=Save consultation")
    desktop.wait_for_load_state("networkidle")
    assert "The consultation is concluded" in desktop.locator("main").inner_text()

    assert "Lifecycle updated." in _move_to_pilot(desktop, use_case)
    with scope(organisation=tenant.organisation):
        assert UseCase.objects.get(pk=use_case.pk).state == "pilot"

    # The same pages on a phone, and the information pack in German.
    log_in(phone, tenant.user(Role.CHAMPION).email)
    phone.goto(f"/o/acme/governance/use-cases/{use_case.pk}/consultation/")
    assert_fits_phone(phone)
    phone.goto(f"/o/acme/governance/use-cases/{use_case.pk}/pack/?language=de")
    assert "Information für den Betriebsrat" in phone.locator("main").inner_text()
    assert_fits_phone(phone)


def test_incident_clock_and_notification_centre_on_a_phone(transactional_db, phone):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    log_in(phone, tenant.user(Role.COORDINATOR).email)
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation,
            title="Support chatbot",
            department=tenant.departments["Support"],
            state="assessment",
        )
        services.classify_use_case(use_case=use_case, actor=None, answers={"talks_to_people": True})
    phone.goto("/o/acme/governance/incidents/new/")
    phone.select_option("select[name=use_case]", str(use_case.pk))
    phone.fill("input[name=title]", "Chatbot showed another customer's address")
    phone.fill("textarea[name=description]", "A prompt change mixed up two conversations.")
    phone.select_option("select[name=severity]", "high")
    phone.select_option("select[name=breach_risk]", "risk")
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    clocks = phone.locator("#clocks").inner_text()
    assert "Notify the data protection authority (within 72 hours)" in clocks
    assert "left" in clocks
    assert_fits_phone(phone)

    notifications.refresh_notifications(organisation=tenant.organisation, now=timezone.now())
    phone.goto("/o/acme/")
    assert phone.locator(".notify-link__count").inner_text() == "1"
    phone.click(".notify-link")
    phone.wait_for_load_state("networkidle")
    assert "Chatbot showed another customer's address" in phone.locator("#centre").inner_text()
    assert_fits_phone(phone)
    phone.click("#centre button >> text=Open")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("h1").inner_text() == "Chatbot showed another customer's address"
