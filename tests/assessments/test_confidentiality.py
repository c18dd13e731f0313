"""Each confidentiality rule at its boundary, in every output."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import confidentiality, results, services
from tests.assessments.factories import answer_many, open_wave, publish
from tests.factories import DepartmentFactory

PULSE = {
    "enps": 8,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}


def _groups(result):
    return {group.label: group for group in result.groups}


def test_whole_wave_hidden_with_4_responses_and_shown_with_5(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 4, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    hidden = results.wave_results(wave=wave)
    assert not hidden.visible
    assert hidden.scales == [] and hidden.enps is None
    assert hidden.reason == "Hidden: fewer than 5 responses in this wave."

    answer_many(wave, 1, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    shown = results.wave_results(wave=wave)
    assert shown.visible
    assert shown.scales[0].n == 5
    assert shown.scales[0].mean == 4.0


def test_department_with_4_hidden_and_next_smallest_hidden_against_subtraction(scoped, instruments):
    finance = DepartmentFactory(organisation=scoped.organisation, name="Finance")
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 4, PULSE, department=scoped.departments["Support"])
    answer_many(wave, 5, PULSE, department=finance)
    publish(wave)

    groups = _groups(results.wave_results(wave=wave))
    assert not groups["Support"].visible
    assert groups["Support"].reason == "Hidden: fewer than 5 responses."
    # Total 15 minus Sales 6 minus Finance 5 would reveal Support's 4, so
    # the next-smallest (Finance, 5) is hidden as well.
    assert not groups["Finance"].visible
    assert groups["Finance"].reason == (
        "Hidden so that a smaller group cannot be worked out from the total."
    )
    assert groups["Sales"].visible


def test_department_with_5_shown_next_to_another_with_5(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    answer_many(wave, 5, PULSE, department=scoped.departments["Support"], run_tasks=True)
    result = results.wave_results(wave=wave)
    assert all(row.group.visible for row in result.heatmap)
    assert [cell.mean for row in result.heatmap for cell in row.cells] == [4.0, 4.0]


def test_small_department_rolls_up_into_parent_with_reason(scoped, instruments):
    support = scoped.departments["Support"]
    hotline = DepartmentFactory(organisation=scoped.organisation, name="Hotline", parent=support)
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 3, PULSE, department=support)
    answer_many(wave, 3, {**PULSE, "sentiment-easier": 2}, department=hotline)
    publish(wave)

    result = results.wave_results(wave=wave)
    groups = _groups(result)
    assert "Hotline" not in groups
    assert groups["Support"].visible
    assert groups["Support"].n == 6
    assert groups["Support"].department_ids == [support.pk, hotline.pk]
    assert groups["Support"].note == "Includes Hotline, too small to show on their own."
    row = next(row for row in result.heatmap if row.group.label == "Support")
    assert row.cells[0].mean == 3.75  # (3 * 4 + 3 * 3.5) / 6


def test_filter_on_a_hidden_group_shows_the_reason_not_the_figures(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 4, PULSE, department=scoped.departments["Support"])
    publish(wave)
    support_key = str(scoped.departments["Support"].pk)
    filtered = results.wave_results(wave=wave, group_key=support_key)
    assert not filtered.visible
    assert filtered.scales == []
    assert filtered.reason == "Hidden: fewer than 5 responses."


def test_comments_hidden_under_10_and_shown_shuffled_from_10(scoped, instruments):
    nine = open_wave(scoped.organisation, instruments["pulse"], title="Nine")
    ten = open_wave(scoped.organisation, instruments["pulse"], title="Ten")
    for number in range(9):
        answer_many(nine, 1, {**PULSE, "open-question": f"comment {number}"})
        answer_many(ten, 1, {**PULSE, "open-question": f"comment {number}"})
    hidden = results.wave_results(wave=publish(nine))
    assert hidden.visible
    assert hidden.comments == []
    assert "at least 10 responses" in hidden.comments_reason

    answer_many(ten, 1, {**PULSE, "open-question": "comment 9"})
    wave = publish(ten)
    orders = {tuple(results.wave_results(wave=wave).comments) for _ in range(6)}
    # One order per release (pages of comments must not overlap), and not the order in
    # which they were written: a keyed shuffle, 1 in 10! to come out as written.
    assert len(orders) == 1
    (order,) = orders
    assert sorted(order) == [f"comment {n}" for n in range(10)]
    assert list(order) != [f"comment {n}" for n in range(10)], "comments must be shuffled"


def test_group_comments_need_10_in_the_group_and_in_the_rest(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(
        wave, 10, {**PULSE, "open-question": "sales"}, department=scoped.departments["Sales"]
    )
    answer_many(
        wave, 6, {**PULSE, "open-question": "support"}, department=scoped.departments["Support"]
    )
    publish(wave)
    sales = results.wave_results(wave=wave, group_key=str(scoped.departments["Sales"].pk))
    assert sales.visible
    assert sales.comments == []  # the other 6 would be the whole-organisation list minus these


def test_minimum_group_size_never_below_3(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    assert confidentiality.min_group_size() == 3
    groups = confidentiality.flat_groups({"a": 2, "b": 3, "c": 7}, {}, 3)
    visible = {group.key: group.visible for group in groups}
    assert visible == {"a": False, "b": False, "c": True}


def test_configured_minimum_is_applied(settings, scoped, instruments):
    settings.SURVEY_MIN_GROUP_SIZE = 7
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, run_tasks=True)
    assert not results.wave_results(wave=wave).visible
    answer_many(wave, 1, PULSE, run_tasks=True)
    assert results.wave_results(wave=wave).visible


def test_csv_export_applies_the_same_rules(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 4, {**PULSE, "sentiment-easier": 1}, department=scoped.departments["Support"])
    publish(wave)
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:results_csv", kwargs={"org": scoped.slug, "pk": wave.pk})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    by_group = {(row[0], row[1]): row[2:] for row in rows[1:]}
    sentiment = "Sentiment about AI at work"
    assert by_group[("Whole organisation", sentiment)][:2] == ["10", "3.70"]
    assert by_group[("Support", sentiment)] == ["", "", "Hidden: fewer than 5 responses."]
    assert by_group[("Sales", sentiment)] == [
        "",
        "",
        "Hidden so that a smaller group cannot be worked out from the total.",
    ]


def test_results_page_shows_why_a_department_is_hidden(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE, department=scoped.departments["Sales"])
    answer_many(wave, 4, PULSE, department=scoped.departments["Support"])
    publish(wave)
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk})
    page = client.get(url).content.decode()
    assert "Hidden: fewer than 5 responses." in page
    assert "Hidden so that a smaller group cannot be worked out from the total." in page
    support = client.get(
        url, {"group": scoped.departments["Support"].pk}, headers={"HX-Request": "true"}
    )
    body = support.content.decode()
    assert 'id="results-hidden"' in body
    assert "<html" not in body


def test_scale_mean_for_departments_respects_group_and_rest(scoped, instruments):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["pulse"], days_ago=3)
    answer_many(wave, 5, PULSE, department=sales)
    answer_many(wave, 4, {**PULSE, "sentiment-easier": 2}, department=support)
    publish(wave)
    organisation = scoped.organisation

    whole = services.scale_mean_for_departments(organisation=organisation, scale_key="ai-sentiment")
    assert whole.mean == round((5 * 4 * 4 + 4 * 14) / 36, 2)
    assert whole.n == 9
    # Sales alone has 5, but the rest (4) could then be worked out by subtraction.
    sales_only = services.scale_mean_for_departments(
        organisation=organisation, scale_key="ai-sentiment", departments=[sales]
    )
    assert sales_only.mean is None
    assert sales_only.reason == "Hidden: fewer than 5 responses."

    # The next wave: the same 9 and one more in Support.
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 5, PULSE, department=sales)
    answer_many(wave, 5, {**PULSE, "sentiment-easier": 2}, department=support)
    publish(wave)
    sales_only = services.scale_mean_for_departments(
        organisation=organisation, scale_key="ai-sentiment", departments=[sales]
    )
    assert sales_only.mean == 4.0
    assert sales_only.n == 5
    assert sales_only.wave == wave


def test_response_rate_hidden_for_an_audience_under_5(
    scoped, instruments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the wave opens after commit
        wave = open_wave(scoped.organisation, instruments["pulse"], mode="personal")
    rate = results.response_rate(wave=wave)
    assert rate.invited == 4  # one member per access role
    assert not rate.visible
    assert rate.rate is None
    assert all(row.rate is None for row in rate.rows)


@pytest.mark.parametrize(
    ("counts", "hidden"), [({"a": 4, "b": 9}, {"a", "b"}), ({"a": 5, "b": 9}, set())]
)
def test_flat_groups_boundary(counts, hidden):
    groups = confidentiality.flat_groups(counts, {}, 5)
    assert {group.key for group in groups if not group.visible} == hidden


def test_csv_export_neutralises_formulas_in_names(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    evil = DepartmentFactory(organisation=scoped.organisation, name="=HYPERLINK(1)")
    answer_many(wave, 5, {**PULSE, "enps": 3}, department=evil, run_tasks=True)
    answer_many(wave, 5, PULSE, department=scoped.departments["Sales"], run_tasks=True)
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:results_csv", kwargs={"org": scoped.slug, "pk": wave.pk})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert ["'=HYPERLINK(1)", "Sentiment about AI at work", "5", "4.00", ""] in rows
    assert ["Whole organisation", "eNPS", "10", "-50", ""] in rows


def test_group_comments_shown_when_the_group_and_the_rest_reach_10(scoped, instruments):
    # Comment visibility counts released responses per department, not an item's answers
    # per value (wave_results once read the last phase item's counts here by mistake).
    wave = open_wave(scoped.organisation, instruments["pulse"])
    names = ("Sales", "Support")
    for name in names:
        department = scoped.departments[name]
        answer_many(wave, 10, {**PULSE, "open-question": name}, department=department)
    publish(wave)
    for name in names:
        key = str(scoped.departments[name].pk)
        group = results.wave_results(wave=wave, group_key=key)
        assert (group.comments, group.comments_reason) == ([name] * 10, "")
