"""The ROI chart in Chromium, at a phone's 390 px and on a desktop, in Dutch.

Bounding boxes from the real layout: the visible drawing's texts lie inside
it, no two overlap, and the tick labels are drawn at a readable size.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from assessments import services
from tests.assessments.factories import answer_many, install, publish
from tests.assessments.test_results import PULSE
from tests.browser.conftest import log_in
from tests.conftest import make_tenant
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi, cost, go_live, measurement
from transformation.models import Role

BOXES = """svg => {
  const outer = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    const scale = svg.getScreenCTM().a;  // screen pixels per viewBox unit
    return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  return {outer: {left: outer.left, top: outer.top, right: outer.right, bottom: outer.bottom},
          texts};
}"""


def _use_case(tenant):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation,
            title="Factuurinbox",
            department=tenant.departments["Support"],
        )
        ukpi = chosen_kpi(
            use_case, monthly_volume=Decimal("1000"), unit_value=Decimal("1"), target=Decimal("0")
        )
        baseline(ukpi, "100")
        measurement(ukpi, date.today().replace(day=1), "60")
        cost(use_case, "technology", "1250000")
        go_live(use_case, date.today().replace(day=1))
    return use_case


@pytest.mark.parametrize("width", [390, 1280])
def test_roi_chart_text_is_inside_apart_and_readable(transactional_db, browser, live_server, width):
    tenant = make_tenant("Acme Groothandel", "acme")
    use_case = _use_case(tenant)
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        base_url=live_server.url,
        locale="nl-NL",
        extra_http_headers={"Accept-Language": "nl"},
    )
    page = context.new_page()
    try:
        log_in(page, tenant.user(Role.STEERING).email)
        for url in (f"/o/acme/roi/use-cases/{use_case.pk}/", "/o/acme/roi/"):
            page.goto(url)
            texts = _check_visible_chart(page, "figure.roi-chart", width)
            assert any("doelwaarden" in text for text in texts)  # the Dutch legend
            page.screenshot(path=f"/tmp/m_chart_{width}_{url.count('/')}.png", full_page=True)
    finally:
        context.close()


def _check_visible_chart(page, figure: str, width: int, kind: str = "line") -> list[str]:
    """The one drawing shown in `figure` suits the screen: its texts inside it, apart,
    at least 9 px high; returns the texts."""
    chart = page.locator(f"{figure} svg:visible")
    expect(chart).to_have_count(1)
    expect(chart).to_have_class(
        f"chart chart--narrow chart--{kind}" if width < 600 else f"chart chart--wide chart--{kind}"
    )
    layout = chart.evaluate(BOXES)
    outer, texts = layout["outer"], [t for t in layout["texts"] if t["text"].strip()]
    for t in texts:
        assert outer["left"] - 1 <= t["left"] and t["right"] <= outer["right"] + 1, t
        assert outer["top"] - 1 <= t["top"] and t["bottom"] <= outer["bottom"] + 1, t
        assert t["size"] >= 9, f"{t['text']!r} drawn at {t['size']:.1f} px"
    for index, one in enumerate(texts):
        for other in texts[index + 1 :]:
            apart = (
                one["right"] <= other["left"] + 1
                or other["right"] <= one["left"] + 1
                or one["bottom"] <= other["top"] + 1
                or other["bottom"] <= one["top"] + 1
            )
            assert apart, (one, other)
    return [t["text"] for t in texts]


@pytest.mark.parametrize("width", [390, 1280])
def test_trend_chart_on_the_results_page_suits_phone_and_desktop(
    transactional_db, browser, live_server, width
):
    tenant = make_tenant("Acme Groothandel", "acme")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        now = timezone.now()
        waves = []
        for number, days_ago in enumerate((60, 30)):
            wave = services.create_wave(
                organisation=tenant.organisation,
                actor=None,
                instrument=instruments["pulse"],
                title=f"Puls {number}",
                mode="kiosk",
                opens_at=now - timedelta(days=days_ago),
                closes_at=now + timedelta(days=1),
            )
            answer_many(wave, 6, {**PULSE, "sentiment-easier": 2 + number})
            waves.append(publish(wave))
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "de"},
    )
    page = context.new_page()
    try:
        log_in(page, tenant.user(Role.COORDINATOR).email)
        page.goto(reverse("assessments:results", kwargs={"org": "acme", "pk": waves[-1].pk}))
        texts = _check_visible_chart(page, "figure.chart-wrap--trend", width)
        assert [t for t in texts if t in "12345"][:5] == ["1", "2", "3", "4", "5"]
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_and_stakeholder_map_suit_phone_and_desktop_in_german(
    transactional_db, browser, live_server, width
):
    from transformation.services import save_stakeholder
    from transformation.services.roadmap import create_programme

    tenant = make_tenant("Acme Großhandel", "acme")
    with scope(organisation=tenant.organisation):
        create_programme(
            organisation=tenant.organisation,
            actor=None,
            name="KI-Programm 2026",
            start_date=date.today() - timedelta(days=200),
        )
        for number, attitude in enumerate(["promoter", "supporter", "neutral", "sceptic"] * 2):
            save_stakeholder(
                organisation=tenant.organisation,
                actor=tenant.user(Role.COORDINATOR),
                values={
                    "name": f"Betriebsrat Standort Nord {number}",
                    "kind": "group",
                    "influence": 1 + number % 5,
                    "interest": 5 - number % 5,
                    "attitude": attitude,
                },
            )
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "de"},
    )
    page = context.new_page()
    try:
        log_in(page, tenant.user(Role.COORDINATOR).email)
        sales = tenant.departments["Sales"]
        page.goto(reverse("roadmap_timeline", kwargs={"org": "acme"}) + f"?department={sales.pk}")
        texts = _check_visible_chart(page, ".chart-wrap", width, kind="timeline")
        assert "geplant" in texts and "heute" in texts
        page.goto(reverse("stakeholders", kwargs={"org": "acme"}))
        texts = _check_visible_chart(page, ".chart-wrap", width, kind="grid")
        assert "Einfluss" in texts
    finally:
        context.close()
