"""A curious manager against survey confidentiality, through the product's public outputs.

Each test plays one attack with what a coordinator or the steering committee
can fetch (result pages and their htmx partials, the CSV export, the wave
page's refreshing response count, the overview cards, the board report's
people section) and asserts that nothing about a group below the minimum
group size can be worked out: no figure moves by fewer than the minimum
between two looks, and no subtraction of visible figures leaves a hidden group.
"""

import csv
import io
import re
from collections import Counter

from django.template.loader import render_to_string
from django.urls import reverse

from assessments.confidentiality import min_comment_group_size, min_group_size
from tests.assessments.factories import answer, answer_many, items_by_key, open_wave, publish
from tests.factories import DepartmentFactory
from transformation import registry

PULSE = {
    "enps": 8,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}
# The answers of the person the manager wants to find out about.
TARGET = {
    "enps": 0,
    "sentiment-easier": 1,
    "sentiment-monitoring": 5,
    "sentiment-help": 1,
    "sentiment-informed": 1,
    "culture-phase": 1,
}
SIZES = re.compile(r'<th scope="row">([^<]+?) <span class="muted small">n = (\d+)</span>')
COMMENTS = re.compile(r'<ul class="comments">(.*?)</ul>', re.S)


def _url(tenant, wave, name="assessments:results", group=None) -> str:
    url = reverse(name, kwargs={"org": tenant.slug, "pk": wave.pk})
    return f"{url}?group={group.pk}" if group is not None else url


def _figures(client, tenant, wave, group=None) -> str:
    """The results partial the group filter fetches with htmx."""
    return client.get(_url(tenant, wave, group=group), HTTP_HX_REQUEST="true").content.decode()


def _page(client, tenant, wave) -> str:
    return client.get(_url(tenant, wave)).content.decode()


def _csv(client, tenant, wave) -> list[list[str]]:
    content = client.get(_url(tenant, wave, "assessments:results_csv")).content.decode()
    return list(csv.reader(io.StringIO(content)))


def _rate(client, tenant, wave) -> str:
    """The response-rate partial the wave page refreshes every 30 seconds."""
    return client.get(
        _url(tenant, wave, "assessments:wave"), HTTP_HX_REQUEST="true"
    ).content.decode()


def _people_section(tenant) -> str:
    section = registry.report_sections.items["people"]
    return render_to_string(section.template, section.context(organisation=tenant.organisation))


def _surveys_card(client, tenant) -> str:
    page = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()
    match = re.search(
        r'<section class="card" aria-labelledby="card-surveys">.*?</section>', page, re.S
    )
    return match.group(0) if match else ""


def _group_sizes(html: str) -> dict[str, int]:
    return {label.strip(): int(n) for label, n in SIZES.findall(html)}


def _comments(html: str) -> Counter:
    match = COMMENTS.search(html)
    return Counter(re.findall(r"<li>(.*?)</li>", match.group(1))) if match else Counter()


def _assert_moves_only_in_steps(before: dict[str, int], after: dict[str, int]) -> None:
    """A group shown twice changed by none or at least the minimum: no one stands out."""
    for label in before.keys() & after.keys():
        step = abs(after[label] - before[label])
        assert step == 0 or step >= min_group_size(), (
            f"{label}: {before[label]} -> {after[label]} isolates {step} answer(s)"
        )


def test_differencing_before_and_after_the_sixth_response_shows_nothing(
    scoped, instruments, client_for
):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=sales, run_tasks=True)
    answer_many(wave, 5, PULSE, department=support, run_tasks=True)
    client = client_for(scoped.user("coordinator"))

    def look() -> dict[str, object]:
        return {
            "whole": _figures(client, scoped, wave),
            "sales": _figures(client, scoped, wave, group=sales),
            "heatmap": _group_sizes(_page(client, scoped, wave)),
            "csv": _csv(client, scoped, wave),
            "rate": _rate(client, scoped, wave),
            "card": _surveys_card(client, scoped),
            "report": _people_section(scoped),
        }

    before = look()
    assert "n = 5" in before["sales"], "the attack needs Sales visible with 5"
    answer(wave, TARGET, department=sales, run_tasks=True)
    after = look()
    for output in before:
        assert after[output] == before[output], f"the 6th answer shows in the {output}"


def test_comment_subtraction_whole_list_minus_visible_departments_never_leaves_a_small_one(
    scoped, instruments, client_for
):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    it = DepartmentFactory(organisation=scoped.organisation, name="IT")
    wave = open_wave(scoped.organisation, instruments["pulse"])
    for department, count in ((sales, 10), (support, 10), (it, 5)):
        for number in range(count):
            comment = f"{department.name} comment {number}"
            answer(wave, {**PULSE, "open-question": comment}, department=department)
    publish(wave)
    client = client_for(scoped.user("coordinator"))

    whole = _comments(_figures(client, scoped, wave))
    assert sum(whole.values()) == 25
    it_view = _figures(client, scoped, wave, group=it)
    assert not _comments(it_view) and 'id="comments-hidden"' in it_view
    rest = whole.copy()
    for department in (sales, support):
        rest -= _comments(_figures(client, scoped, wave, group=department))
    it_comments = Counter(f"IT comment {number}" for number in range(5))
    assert rest != it_comments, "25 - 10 - 10 leaves IT's 5 comments"
    assert not rest or sum(rest.values()) >= min_comment_group_size()


def test_new_comment_never_appears_on_its_own(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    for number in range(10):
        answer(wave, {**PULSE, "open-question": f"comment {number}"}, run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    before = _comments(_figures(client, scoped, wave))
    assert sum(before.values()) == 10, "the attack needs the first 10 comments released"
    answer(wave, {**TARGET, "open-question": "what the 11th person wrote"}, run_tasks=True)
    after = _comments(_figures(client, scoped, wave))
    assert "what the 11th person wrote" not in after or len(after - before) >= min_group_size()


def test_parent_roll_up_cannot_be_undone_by_watching_a_child_department_grow(
    scoped, instruments, client_for
):
    support = scoped.departments["Support"]
    hotline = DepartmentFactory(organisation=scoped.organisation, name="Hotline", parent=support)
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    answer_many(wave, 6, PULSE, department=support, run_tasks=True)
    answer_many(wave, 4, {**PULSE, "sentiment-easier": 1}, department=hotline, run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    before = _group_sizes(_page(client, scoped, wave))
    # The 5th Hotline answer lets Hotline stand on its own: Support with Hotline's
    # 4 before, minus Support alone after, would give those 4 people's answers.
    answer(wave, {**PULSE, "sentiment-easier": 1}, department=hotline, run_tasks=True)
    after = _group_sizes(_page(client, scoped, wave))
    _assert_moves_only_in_steps(before, after)


def test_overlapping_audience_filters_do_not_reveal_a_small_audience_group(
    scoped, instruments, client_for
):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["competence"])
    items = items_by_key(instruments["competence"])
    level_keys = [key for key, item in items.items() if item.scale.kind == "levels"]

    def competence(audience: int, level: int) -> dict[str, int]:
        return {"audience-group": audience, **dict.fromkeys(level_keys, level)}

    # Leaders (6) are all in Sales, the 4 power users all in Support.
    answer_many(wave, 10, competence(3, 2), department=sales)
    answer_many(wave, 6, competence(1, 3), department=sales)
    answer_many(wave, 10, competence(3, 2), department=support)
    answer_many(wave, 4, competence(2, 0), department=support)
    publish(wave)
    client = client_for(scoped.user("coordinator"))
    audience = items["audience-group"]
    labels = {value: audience.option_label(value) for value in (1, 2, 3)}

    whole = _figures(client, scoped, wave)
    organisation = re.search(
        r'id="scale-technical">[^<]*</h3>\s*<p><span class="big-number">([\d.]+)</span>'
        r'[^<]*<span class="muted">of 3 · n = (\d+)',
        whole,
    )
    assert organisation, "the organisation's technical mean is shown"
    means: dict[str, tuple[int, float]] = {}
    for html in (whole, _figures(client, scoped, wave, group=sales)):
        for label, n, mean in re.findall(
            r'<th scope="row">([^<]+?) <span class="muted small">n = (\d+)</span></th>\s*'
            r'<td data-label="[^"]*">([\d.]+) /',
            html,
        ):
            means.setdefault(label.strip(), (int(n), float(mean)))
    power_users = labels[2]
    assert power_users not in means, "4 power users are below the minimum"
    if labels[1] in means and labels[3] in means:
        total_n, total_mean = int(organisation.group(2)), float(organisation.group(1))
        known = sum(n * mean for n, mean in (means[labels[1]], means[labels[3]]))
        rest_n = total_n - means[labels[1]][0] - means[labels[3]][0]
        derived = (total_n * total_mean - known) / rest_n
        assert abs(derived - 0) > 0.5, f"power users' mean worked out as {derived:.2f}"


def test_csv_against_the_page_shows_no_new_answer(scoped, instruments, client_for):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=sales, run_tasks=True)
    answer_many(wave, 5, PULSE, department=support, run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    page = _figures(client, scoped, wave, group=sales)
    shown = re.search(
        r'<span class="big-number">([\d.]+)</span>[^<]*<span class="muted">of 5 · n = (\d+)', page
    )
    assert shown and shown.group(2) == "5"

    answer(wave, TARGET, department=sales, run_tasks=True)
    row = next(
        row
        for row in _csv(client, scoped, wave)
        if row[0] == "Sales" and row[1] == "Sentiment about AI at work"
    )
    _assert_moves_only_in_steps({"Sales": 5}, {"Sales": int(row[2])})
    assert row[3] == shown.group(1)


def test_consecutive_pulse_waves_trend_does_not_follow_the_open_wave_answer_by_answer(
    scoped, instruments, client_for
):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    first = open_wave(scoped.organisation, instruments["pulse"], title="Pulse #1", days_ago=10)
    answer_many(first, 6, PULSE, department=sales)
    answer_many(first, 5, PULSE, department=support)
    publish(first)
    second = open_wave(scoped.organisation, instruments["pulse"], title="Pulse #2")
    answer_many(second, 5, PULSE, department=sales, run_tasks=True)
    answer_many(second, 5, PULSE, department=support, run_tasks=True)
    client = client_for(scoped.user("coordinator"))

    def trend_sizes() -> dict[str, int]:
        page = _page(client, scoped, first)
        rows = re.findall(
            r'<td data-label="Wave">([^<]+)</td><td data-label="n" class="num">(\d+)</td>', page
        )
        return {title: int(n) for title, n in rows}

    _figures(client, scoped, second)  # the coordinator also watches the open wave
    before, report_before = trend_sizes(), _people_section(scoped)
    assert "Pulse #1" in before
    answer(second, TARGET, department=sales, run_tasks=True)
    _figures(client, scoped, second)
    after = trend_sizes()
    _assert_moves_only_in_steps(before, after)
    assert _people_section(scoped) == report_before


def test_live_response_count_moves_only_in_steps_of_the_minimum(scoped, instruments, client_for):
    sales = scoped.departments["Sales"]
    wave = open_wave(scoped.organisation, instruments["pulse"])
    client = client_for(scoped.user("coordinator"))
    seen = []
    for _ in range(12):
        answer(wave, PULSE, department=sales, run_tasks=True)
        partial = _rate(client, scoped, wave)
        rate = re.search(r'id="response-rate-value">([\d.]+)', partial)
        rows = re.findall(r'class="num">([\d.]+)&nbsp;%', partial)
        seen.append((rate.group(1) if rate else None, tuple(rows)))
    changes = [index for index in range(1, len(seen)) if seen[index] != seen[index - 1]]
    gaps = [later - earlier for earlier, later in zip([-1, *changes], changes, strict=False)]
    assert all(gap >= min_group_size() for gap in gaps), f"the count moved at {changes}"


RELEASE_RULE = {
    "en": ("When results and comments become visible", "at least 5 new responses"),
    "de": ("Wann Ergebnisse und Kommentare sichtbar werden", "mindestens 5 neue Antworten"),
    "nl": ("Wanneer resultaten en opmerkingen zichtbaar worden", "minstens 5 nieuwe antwoorden"),
}


def test_works_council_page_states_the_release_rule_in_three_languages(scoped, client_for):
    from django.utils import translation

    client = client_for(scoped.user("employee"))
    url = reverse("assessments:works_council", kwargs={"org": scoped.slug})
    page = client.get(url).content.decode()
    assert 'id="release-rule"' in page
    for language, (heading, rule) in RELEASE_RULE.items():
        with translation.override(language):
            html = render_to_string(
                "assessments/works_council_document.html",
                {"organisation": scoped.organisation, "minimum": 5, "comment_minimum": 10},
            )
        assert heading in html and rule in html
        assert "10" in html


def test_results_page_says_which_release_it_shows(scoped, instruments, client_for):
    from django.utils import translation

    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    page = _page(client, scoped, wave)
    assert "Release 1, published on" in page
    assert "Results of an open wave are not live" in page
    answer(wave, TARGET, department=scoped.departments["Sales"], run_tasks=True)
    publish(wave)
    with translation.override("de"):
        page = _page(client, scoped, wave)
    assert "Endgültige Ergebnisse" in page or "Final results" in page
    assert "not included" in page or "nicht enthalten" in page
    assert "n = 5" in page and "n = 6" not in page


def test_reliability_count_of_optional_items_moves_only_in_steps(scoped, instruments, client_for):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    keys = [f"commitment-{n}" for n in range(1, 6)]
    wave = open_wave(scoped.organisation, instruments["readiness"])

    def commitment(number: int, leave_out: str = "") -> dict[str, int]:
        # The same answer to every item, varying between people: alpha can be computed.
        return {key: 1 + number % 5 for key in keys if key != leave_out}

    for number in range(5):
        answer(wave, commitment(number), department=sales, run_tasks=True)
        answer(wave, commitment(number + 2), department=support, run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    alpha_n = re.compile(r'id="scale-commitment">.*?</strong> \(n = (\d+)\)', re.S)
    before = alpha_n.search(_figures(client, scoped, wave))
    assert before and before.group(1) == "10"
    # Every question of the scale gains at least 5 answers in Sales, but only 4 people
    # answer all of them: the reliability's n would move by 4.
    for number in range(4):
        answer(wave, commitment(number + 1), department=sales, run_tasks=True)
    for leave_out in keys[:2]:
        for number in range(3):
            answer(wave, commitment(number + 3, leave_out), department=sales, run_tasks=True)
    after = alpha_n.search(_figures(client, scoped, wave))
    _assert_moves_only_in_steps({"alpha": 10}, {"alpha": int(after.group(1))})
