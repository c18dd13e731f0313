"""Results pages: query counts, htmx branches, trend, actions, card and report."""

import re
from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments import results, services
from assessments.models import Action
from tests.assessments.factories import answer_many, open_wave, publish
from tests.factories import DepartmentFactory
from transformation import registry
from transformation.models import Department

READINESS = {
    **{f"commitment-{n}": 4 for n in range(1, 6)},
    **{f"efficacy-{n}": 3 for n in range(1, 8)},
    "comment": "Good start",
}
PULSE = {
    "enps": 9,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
    "open-question": "More time to try things",
}


def _fill(tenant, wave, per_department: int) -> None:
    for department in tenant.departments.values():
        answer_many(wave, per_department, READINESS, department=department)


def _results_url(tenant, wave) -> str:
    return reverse("assessments:results", kwargs={"org": tenant.slug, "pk": wave.pk})


def test_results_page_query_count_does_not_grow_with_responses(
    scoped, instruments, client_for, django_assert_num_queries, django_capture_on_commit_callbacks
):
    DepartmentFactory(organisation=scoped.organisation, name="Logistics")
    wave = open_wave(scoped.organisation, instruments["readiness"])
    client = client_for(scoped.user("coordinator"))

    def fill_and_release(per_department: int) -> None:
        # The tasks the answers queue run after their commits and publish the next release.
        with django_capture_on_commit_callbacks(execute=True):
            _fill(scoped, wave, per_department)

    fill_and_release(10)
    client.get(_results_url(scoped, wave))  # warm caches (sessions, content types)
    # Each measured request only reads the latest release (10, then 30 more per
    # department; the worker made it): one statement per figure family read from the
    # tallies (the action form has its own page).
    fill_and_release(10)
    with django_assert_num_queries(28) as small:
        response = client.get(_results_url(scoped, wave))
    assert response.status_code == 200
    fill_and_release(30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(_results_url(scoped, wave))
    assert response.status_code == 200
    assert "n = 100" in response.content.decode()


def test_results_htmx_request_returns_only_the_figures(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    _fill(scoped, wave, 6)
    publish(wave)
    client = client_for(scoped.user("steering"))
    group = scoped.departments["Sales"].pk
    response = client.get(
        _results_url(scoped, wave), {"group": group}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="figures">')
    assert "<h2>Sales</h2>" in body
    assert response["Vary"].count("HX-Request") == 1


def test_results_page_shows_alpha_heatmap_and_enps(scoped, instruments, client_for):
    pulse = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(pulse, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(
        pulse,
        6,
        {**PULSE, "enps": 3, "sentiment-easier": 2},
        department=scoped.departments["Support"],
    )
    publish(pulse)
    client = client_for(scoped.user("coordinator"))
    page = client.get(_results_url(scoped, pulse)).content.decode()
    assert '<span class="big-number" id="enps-value">0</span>' in page
    assert "Departments against the organisation average" in page
    assert "Organisation average" in page


def test_trend_over_waves_skips_small_waves(scoped, instruments, client_for):
    now = timezone.now()
    waves = []
    for number, (days_ago, easier, count) in enumerate([(90, 2, 6), (60, 3, 3), (30, 4, 6)]):
        wave = services.create_wave(
            organisation=scoped.organisation,
            actor=None,
            instrument=instruments["pulse"],
            title=f"Pulse {number}",
            mode="kiosk",
            opens_at=now - timedelta(days=days_ago),
            closes_at=now + timedelta(days=1),
        )
        answer_many(wave, count, {**PULSE, "sentiment-easier": easier})
        waves.append(publish(wave))
    trend = results.trend(wave=waves[-1])
    assert [point.wave.title for point in trend.points] == ["Pulse 0", "Pulse 2"]
    assert [point.means["ai-sentiment"] for point in trend.points] == [3.5, 4.0]
    assert [point.enps for point in trend.points] == [100, 100]
    assert trend.hidden_waves == 1
    chart = str(trend.chart())
    assert chart.count("<polyline") == 1  # the one scale with means, on its 1 to 5 axis
    assert re.findall(r'text-anchor="end">(\d)</text>', chart) == list("12345")
    # The results page draws the report's chart (and a phone's drawing of it) on 1 to 5.
    page = client_for(scoped.user("coordinator")).get(_results_url(scoped, waves[-1]))
    html = page.content.decode()
    assert chart.split("</title>", 1)[1] in html
    assert html.count('class="chart chart--narrow chart--line"') == 1


def test_action_with_follow_up_shows_whether_the_score_moved(scoped, instruments, client_for):
    first = open_wave(scoped.organisation, instruments["pulse"], title="Before")
    answer_many(first, 5, {**PULSE, "sentiment-easier": 2})
    second = open_wave(scoped.organisation, instruments["pulse"], title="After")
    answer_many(second, 5, PULSE)
    publish(first), publish(second)
    client = client_for(scoped.user("coordinator"))
    response = client.post(
        reverse("assessments:action_create", kwargs={"org": scoped.slug, "pk": first.pk}),
        {
            "scale_key": "ai-sentiment",
            "finding": "People do not find AI helpful yet",
            "title": "Weekly AI clinic",
            "owner": scoped.user("champion").pk,
            "due_date": "2027-01-31",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    services.update_action(
        action=action,
        actor=scoped.user("coordinator"),
        values={"follow_up_wave": second, "status": "done"},
    )
    assert services.action_effect(action) == {
        "before": 3.5,
        "after": 4.0,
        "change": 0.5,
        "before_reason": "",
        "after_reason": "",
    }
    page = client.get(reverse("assessments:actions", kwargs={"org": scoped.slug}))
    assert "+0.50" in page.content.decode()


def test_overview_card_and_report_section_render_suppressed_figures(scoped, instruments, rf):
    wave = open_wave(scoped.organisation, instruments["readiness"])
    _fill(scoped, wave, 6)
    publish(wave)
    request = rf.get("/")
    request.organisation = scoped.organisation
    request.membership = scoped.members["steering"]
    card = registry.overview_cards.items["assessments"]
    html = render_to_string(
        card.template, {"card": card.context(request), "organisation": scoped.organisation}
    )
    assert "Readiness and sentiment" in html
    assert "<dd>4.00</dd>" in html  # commitment
    assert "<dd>3.00</dd>" in html  # efficacy
    section = registry.report_sections.items["people"]
    context = section.context(organisation=scoped.organisation)
    html = render_to_string(section.template, context)
    assert "Change commitment" in html and "4.00" in html and "3.00" in html
    assert context["highlights"] == [
        "Change commitment: 4.00 of 5 (n = 12, Wave)",
        "Change efficacy: 3.00 of 5 (n = 12, Wave)",
    ]
    assert context["risks"] == []
    readiness = registry.overview_cards.items["assessments-readiness"]
    html = render_to_string(
        readiness.template,
        {"card": readiness.context(request), "organisation": scoped.organisation},
    )
    assert "Change readiness per department" in html
    assert "<strong>3.50</strong>" in html


def test_readiness_by_department_marks_rolled_up_and_hidden(scoped, instruments):
    support = scoped.departments["Support"]
    hotline = DepartmentFactory(organisation=scoped.organisation, name="Hotline", parent=support)
    wave = open_wave(scoped.organisation, instruments["readiness"])
    answer_many(wave, 6, READINESS, department=scoped.departments["Sales"])
    answer_many(wave, 3, READINESS, department=support)
    answer_many(wave, 3, READINESS, department=hotline)
    publish(wave)
    rows = {
        row.department.name: row
        for row in services.readiness_by_department(organisation=scoped.organisation)
    }
    assert rows["Sales"].mean == 3.5
    assert rows["Support"].mean == 3.5 and rows["Support"].reason == ""
    assert rows["Hotline"].mean == 3.5
    assert rows["Hotline"].reason == "Shown with Support: too few responses on its own."


def _add_actions(tenant, waves, count):
    for number in range(count):
        Action.objects.create(
            organisation=tenant.organisation,
            wave=waves[number % 2],
            follow_up_wave=waves[(number + 1) % 2],
            scale_key="ai-sentiment",
            finding=f"Finding {number}",
            title=f"Action {number}",
            owner=tenant.user("champion"),
            due_date=timezone.localdate(),
        )


def test_actions_page_query_count_does_not_grow_with_actions(
    scoped, instruments, client_for, django_assert_num_queries
):
    waves = [open_wave(scoped.organisation, instruments["pulse"], title=t) for t in "AB"]
    for wave in waves:
        answer_many(wave, 5, PULSE)
        publish(wave)
    _add_actions(scoped, waves, 1)
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:actions", kwargs={"org": scoped.slug})
    client.get(url)
    with django_assert_num_queries(12) as few:  # the count of the actions: one page is shown
        client.get(url)
    _add_actions(scoped, waves, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("4.00 → 4.00") == 6


def test_wave_page_query_count_does_not_grow_with_participation(
    scoped, instruments, client_for, django_assert_num_queries
):
    from tests.factories import MembershipFactory, UserFactory

    wave = open_wave(scoped.organisation, instruments["pulse"], mode="personal")
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:wave", kwargs={"org": scoped.slug, "pk": wave.pk})
    client.get(url)
    with django_assert_num_queries(9) as few:
        client.get(url, headers={"HX-Request": "true"})
    for number in range(20):
        MembershipFactory(
            organisation=scoped.organisation,
            user=UserFactory(email=f"more{number}@acme.example"),
            department=scoped.departments["Sales"],
        )
    services.invite_respondents(wave=wave, actor=None)
    with django_assert_num_queries(len(few.captured_queries)):
        partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="response-rate-value">0.0' in partial
    assert "At least 0 of 24 have answered (counted in steps of 5" in partial


def test_people_section_renders_in_the_board_report_within_its_period(scoped, instruments):
    from transformation.models import BoardReport
    from transformation.services.reports import render_board_report_html

    earlier = services.create_wave(
        organisation=scoped.organisation,
        actor=None,
        instrument=instruments["readiness"],
        title="Spring readiness",
        mode="kiosk",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() + timedelta(days=1),
    )
    _fill(scoped, earlier, 6)
    later = open_wave(scoped.organisation, instruments["readiness"], title="Autumn readiness")
    _fill(scoped, later, 6)
    publish(earlier), publish(later)
    report = BoardReport.objects.create(
        organisation=scoped.organisation,
        period_start=(timezone.now() - timedelta(days=90)).date(),
        period_end=(timezone.now() - timedelta(days=30)).date(),
        language="de",
        sections=["people"],
    )
    html = render_board_report_html(report)
    assert 'id="section-people"' in html
    assert "Spring readiness" in html and "Autumn readiness" not in html
    assert "Veränderungsbereitschaft" in html


def _heatmap_rows(body: str) -> list[str]:
    table = body[body.index('<div id="heatmap">') :]
    return re.findall(r'<th scope="row">([^<]+?)(?: <span|<br|</th>)', table)


def test_heatmap_departments_are_paged_and_every_one_is_on_exactly_one_page(
    scoped, instruments, client_for, settings
):
    """A thousand departments are not one table: pages of LIST_PAGE_SIZE, none lost or doubled."""
    settings.LIST_PAGE_SIZE = 5
    for n in range(11):
        DepartmentFactory(organisation=scoped.organisation, name=f"Unit {n:02}")
    wave = open_wave(scoped.organisation, instruments["readiness"])
    with_answers = list(Department.objects.filter(organisation=scoped.organisation))
    for department in with_answers:
        answer_many(wave, 5, READINESS, department=department)
    publish(wave)
    client = client_for(scoped.user("steering"))
    whole = results.wave_results(wave=wave)
    expected = [row.group.label for row in whole.heatmap]
    assert len(expected) > 10
    seen = []
    for page in (1, 2, 3):
        body = client.get(_results_url(scoped, wave), {"departments": page}).content.decode()
        rows = _heatmap_rows(body)
        assert rows[0] == "Organisation average"  # the yardstick is on every page
        seen += rows[1:]
    assert seen == expected
    partial = client.get(
        _results_url(scoped, wave),
        {"departments": 2},
        headers={"HX-Request": "true", "HX-Target": "heatmap"},
    ).content.decode()
    assert partial.lstrip().startswith('<div id="heatmap">')
    assert _heatmap_rows(partial)[1:] == expected[5:10]
    assert f"Showing 6–10 of {len(expected)}" in partial


def test_comments_are_paged_in_one_order_without_overlap(scoped, instruments, client_for, settings):
    settings.LIST_PAGE_SIZE = 5
    wave = open_wave(scoped.organisation, instruments["pulse"])
    for number in range(12):
        answer_many(
            wave,
            1,
            {**PULSE, "open-question": f"comment {number:02}"},
            department=scoped.departments["Sales"],
        )
    publish(wave)
    client = client_for(scoped.user("steering"))
    shown = []
    for page in (1, 2, 3):
        body = client.get(_results_url(scoped, wave), {"comments": page}).content.decode()
        shown += re.findall(r"<li>(comment \d\d)</li>", body)
    assert sorted(shown) == [f"comment {n:02}" for n in range(12)]  # each exactly once
    again = client.get(
        _results_url(scoped, wave), {"comments": 2}, headers={"HX-Request": "true"}
    ).content.decode()
    assert re.findall(r"<li>(comment \d\d)</li>", again) == shown[5:10]


def test_a_faulty_action_comes_back_filled_in_and_nothing_is_saved(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:action_create", kwargs={"org": scoped.slug, "pk": wave.pk})
    assert url in client.get(_results_url(scoped, wave)).content.decode()
    response = client.post(
        url,
        {"scale_key": "ai-sentiment", "finding": "Nobody uses the assistant", "title": ""},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nobody uses the assistant" in body
    assert 'id="id_title"' in body and "This field is required." in body
    assert not Action.objects.exists()
