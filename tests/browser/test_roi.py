from datetime import date
from decimal import Decimal

from django_scopes import scope

from roi.models import Measurement
from tests.browser.conftest import assert_fits_phone, log_in
from tests.conftest import make_tenant
from tests.roi.factories import UseCaseFactory, chosen_kpi, cost, go_live
from transformation.models import Role


def _use_case(tenant):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation,
            title="Invoice inbox",
            department=tenant.departments["Support"],
        )
        ukpi = chosen_kpi(use_case, monthly_volume=Decimal("100"), unit_value=Decimal("1"))
        cost(use_case, "technology", "18000")
        go_live(use_case, date.today().replace(day=1))
    return use_case, ukpi


def test_coordinator_records_baseline_then_measurement_and_sees_payback(transactional_db, desktop):
    make_tenant("Other Bakery", "other")
    tenant = make_tenant("Acme Wholesale", "acme")
    use_case, ukpi = _use_case(tenant)
    log_in(desktop, tenant.user(Role.COORDINATOR).email)

    desktop.goto(f"/o/acme/roi/use-cases/{use_case.pk}/")
    assert "Never pays back" in desktop.locator("[data-testid=payback]").inner_text()
    desktop.click("text=Record baseline")
    desktop.fill("input[name=value]", "100")
    desktop.fill("input[name=measured_on]", date.today().isoformat())
    desktop.fill("input[name=method]", "Stopwatch, 30 invoices")
    desktop.fill("input[name=sample_size]", "30")
    desktop.click("main button[type=submit]")
    desktop.wait_for_load_state("networkidle")
    assert "Baseline of Processing time per document recorded." in desktop.content()

    card = desktop.locator(f"#kpi-{ukpi.pk}")
    card.locator("summary").click()
    card.locator("input[type=date]").fill(date.today().isoformat())
    card.locator("input[name$=value]").fill("10")
    card.locator("button[type=submit]").click()
    desktop.wait_for_selector("text=Measurement of Processing time per document recorded.")

    # 90 minutes saved × 100 × EUR 1 = 9,000 a month against 18,000.
    payback = desktop.locator("[data-testid=payback]").inner_text()
    assert "Month 2" in payback
    assert desktop.locator("svg.chart--wide").count() == 1
    assert "Paid back in month 2" in desktop.locator("svg.chart--wide").inner_html()
    with scope(organisation=tenant.organisation):
        assert Measurement.objects.get().value == Decimal("10")


def test_use_case_value_page_fits_a_phone(transactional_db, phone):
    tenant = make_tenant("Acme Wholesale", "acme")
    use_case, _ukpi = _use_case(tenant)
    log_in(phone, tenant.user(Role.STEERING).email)
    phone.goto(f"/o/acme/roi/use-cases/{use_case.pk}/")
    assert phone.locator("h1").inner_text() == "Invoice inbox"
    assert_fits_phone(phone)
    phone.goto("/o/acme/roi/")
    assert_fits_phone(phone)
