"""Automated accessibility audit (axe-core) of the main pages, on a phone and a desktop."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_fits_phone

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
DEMO_PASSWORD = "demo-Programme-2026"

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))
  }));
}"""

COORDINATOR_PAGES = [
    "/o/nordtec/",
    "/o/nordtec/roadmap/",
    "/o/nordtec/roadmap/timeline/",
    "/o/nordtec/stakeholders/",
    "/o/nordtec/communication/",
    "/o/nordtec/assessments/",
    "/o/nordtec/assessments/works-council/",
    "/o/nordtec/assessments/actions/",
    "/o/nordtec/assessments/waves/new/",
    "/o/nordtec/governance/",
    "/o/nordtec/governance/roles/",
    "/o/nordtec/governance/incidents/",
    "/o/nordtec/governance/agreements/",
    "/o/nordtec/notifications/",
    "/o/nordtec/roi/",
    "/o/nordtec/case-studies/",
    "/o/nordtec/change/",
    "/o/nordtec/change/load/",
    "/o/nordtec/change/tools/",
    "/o/nordtec/change/ideas/",
    "/o/nordtec/change/escalations/",
    "/o/nordtec/change/retrospectives/",
    "/o/nordtec/reports/",
    "/o/nordtec/members/",
]


def _violations(page, url: str) -> list[dict]:
    response = page.goto(url)
    assert response.status == 200, url
    page.add_script_tag(content=AXE)
    return page.evaluate(RUN_AXE)


@pytest.fixture
def demo(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_main_pages_have_no_accessibility_violations(demo, browser, live_server, viewport):
    size = {"desktop": (1280, 900), "phone": (375, 740)}[viewport]
    # bypass_csp lets the test inject axe; the pages themselves keep their policy.
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    _log_in(page, "coordinator@demo.example")
    found = {}
    for url in COORDINATOR_PAGES:
        violations = _violations(page, url)
        if violations:
            found[url] = violations
        if viewport == "phone":
            assert_fits_phone(page)
    context.close()
    assert found == {}


def test_survey_answering_page_has_no_accessibility_violations(demo, browser, live_server):
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scope

    from assessments.models import Instrument
    from assessments.services import create_wave
    from transformation.models import Organisation

    organisation = Organisation.objects.get(slug="nordtec")
    with scope(organisation=organisation):
        wave = create_wave(
            organisation=organisation,
            actor=None,
            instrument=Instrument.objects.filter(kind=Instrument.Kind.READINESS).latest("version"),
            mode="kiosk",
            opens_at=timezone.now() - timedelta(hours=1),
            closes_at=timezone.now() + timedelta(days=7),
        )
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    assert _violations(page, f"/s/kiosk/{wave.kiosk_code}/") == []
    assert _violations(page, "/accounts/login/") == []
    context.close()
