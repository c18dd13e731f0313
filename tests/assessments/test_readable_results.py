"""Results a non-statistician reads correctly, actions that belong to a group, eNPS rounding."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from assessments import results, services
from assessments.models import Action, PulseSeries, Wave
from tests.assessments.factories import answer, answer_many, open_wave, publish
from tests.assessments.test_scoring import ALPHA_INSTRUMENT
from tests.factories import DepartmentFactory
from transformation import registry

PULSE = {
    "enps": 9,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,  # reverse-scored: counts 4
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}


@pytest.fixture(autouse=True)
def english():
    """A request in another test may leave its language active."""
    with translation.override("en"):
        yield


def _sentiment(score: int, enps: int = 9) -> dict[str, int]:
    """A pulse response whose sentiment items all score `score`."""
    return {
        **PULSE,
        "enps": enps,
        "sentiment-easier": score,
        "sentiment-monitoring": 6 - score,
        "sentiment-help": score,
        "sentiment-informed": score,
    }


# eNPS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("promoters", "detractors", "n", "expected"),
    [
        (1, 0, 8, 13),  # 12.5 rounds away from zero (Python's round would give 12)
        (0, 1, 8, -13),  # -12.5 → -13, the mirror image
        (3, 0, 8, 38),  # 37.5 → 38
        (0, 3, 8, -38),
        (1, 0, 3, 33),  # 33.33…
        (0, 2, 3, -67),  # -66.67…
        (5, 5, 10, 0),
        (0, 0, 0, None),
    ],
)
def test_enps_rounds_half_away_from_zero(promoters, detractors, n, expected):
    assert results.enps(promoters, detractors, n) == expected


@pytest.mark.parametrize(("promoter", "expected"), [(9, 13), (3, -13)])
def test_the_results_page_rounds_enps_half_away_from_zero(
    scoped, instruments, client_for, promoter, expected, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        answer(wave, _sentiment(4, enps=promoter))
        answer_many(wave, 7, _sentiment(4, enps=7))  # passives
    assert results.wave_results(wave=wave).enps == expected
    client = client_for(scoped.user("coordinator"))
    page = client.get(reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk}))
    assert f'id="enps-value">{expected}<' in page.content.decode()


# Bars and reliability -----------------------------------------------------------------------


def test_bars_count_people_not_answers(
    scoped, instruments, client_for, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        answer_many(wave, 4, _sentiment(4))
        answer_many(wave, 2, _sentiment(2))
    sentiment = next(s for s in results.wave_results(wave=wave).scales)
    # Six people, four items each: the bars add up to 6, not 24.
    assert [bar.count for bar in sentiment.bars] == [0, 2, 0, 4, 0]
    assert sentiment.people == 6
    client = client_for(scoped.user("coordinator"))
    page = client.get(reverse("assessments:results", kwargs={"org": scoped.slug, "pk": wave.pk}))
    text = page.content.decode()
    assert "Bars count people (6 people), each once by their average answer" in text
    assert "(4 people)" in text and "(2 people)" in text


def test_a_persons_mean_of_x_point_5_counts_in_the_bar_above(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        answer_many(wave, 4, _sentiment(3))
        # 4, 5 (monitoring 1 reversed), 4, 5: a mean of 4.5 → the "Strongly agree" bar.
        answer(wave, {**PULSE, "sentiment-monitoring": 1, "sentiment-informed": 5})
    sentiment = results.wave_results(wave=wave).scales[0]
    assert [bar.count for bar in sentiment.bars] == [0, 0, 4, 0, 1]


def _alpha_wave(scoped):
    instrument = services.import_instrument(
        organisation=scoped.organisation, actor=scoped.user("coordinator"), data=ALPHA_INSTRUMENT
    )
    return open_wave(scoped.organisation, instrument)


def test_alpha_missing_because_too_few_answered_every_question(scoped):
    wave = _alpha_wave(scoped)
    for values in [(4, 5), (3, 3), (5, 4), (2, 2), (4, 4)]:
        answer(wave, {"t1": values[0], "t2": values[1]})  # t3 left out by everyone
    answer_many(wave, 2, {"t1": 3, "t2": 4, "t3": 2})
    publish(wave)
    [trust] = results.wave_results(wave=wave).scales
    assert trust.visible and trust.n == 7
    assert trust.alpha is None
    assert trust.alpha_reason == (
        "Reliability not shown: fewer than 5 people answered every question of this scale, "
        "and alpha needs complete answers."
    )


def test_alpha_missing_because_the_answers_do_not_vary(scoped):
    wave = _alpha_wave(scoped)
    answer_many(wave, 6, {"t1": 4, "t2": 4, "t3": 2}, run_tasks=True)
    [trust] = results.wave_results(wave=wave).scales
    assert trust.alpha is None
    assert "the answers do not vary" in trust.alpha_reason
    with translation.override("de"):
        [trust] = results.wave_results(wave=wave).scales
    assert "streuen nicht" in trust.alpha_reason


# Trend ---------------------------------------------------------------------------------------


def test_the_trend_shows_one_series_with_unique_labels(scoped, instruments):
    series = services.create_pulse_series(
        organisation=scoped.organisation,
        actor=scoped.user("coordinator"),
        instrument=instruments["pulse"],
        title="Monthly pulse",
        cadence=PulseSeries.Cadence.MONTHLY,
        starts_at=timezone.now() + timedelta(days=30),
    )
    now = timezone.now()

    def wave(title, opens_at, in_series):
        created = services.create_wave(
            organisation=scoped.organisation,
            actor=None,
            instrument=instruments["pulse"],
            title=title,
            mode=Wave.Mode.KIOSK,
            opens_at=opens_at,
            closes_at=now + timedelta(days=1),  # still open, so answers can be added
            series=series if in_series else None,
        )
        answer_many(created, 5, PULSE)
        return publish(created)

    morning = timezone.localtime(now - timedelta(days=40)).replace(hour=9, minute=0)
    first = wave("Monthly pulse #1", morning, True)
    second = wave("Monthly pulse #2", morning + timedelta(hours=1), True)  # the same day
    third = wave("Monthly pulse #3", now - timedelta(days=10), True)
    one_off = wave("Yearly survey", now - timedelta(days=20), False)

    pulse_trend = results.trend(wave=third)
    assert [p.wave for p in pulse_trend.points] == [first, second, third]
    assert pulse_trend.title == "Monthly pulse"
    labels = pulse_trend.labels
    assert len(set(labels)) == 3, labels
    assert labels[0].endswith(" (1)") and labels[1].endswith(" (2)")
    assert labels[0][:-4] == labels[1][:-4]

    one_off_trend = results.trend(wave=one_off)
    assert [p.wave for p in one_off_trend.points] == [one_off]
    assert one_off_trend.title == "One-off waves of AI pulse"


# One name ------------------------------------------------------------------------------------


def test_a_wave_has_one_name_in_every_language(scoped, instruments, client_for):
    wave = open_wave(scoped.organisation, instruments["pulse"], title="")
    answer_many(wave, 5, PULSE)
    Action.objects.create(
        organisation=scoped.organisation,
        wave=wave,
        scale_key="ai-sentiment",
        finding="Low",
        title="Clinic",
        due_date=timezone.localdate(),
    )
    with translation.override("de"):
        assert str(wave) == wave.display_title == "KI-Puls"
    with translation.override("nl"):
        assert str(wave) == "AI-pulse"
    user = scoped.user("coordinator")
    user.language = "de"
    user.save()
    client = client_for(user)
    for name in ("assessments:actions", "assessments:index"):
        page = client.get(reverse(name, kwargs={"org": scoped.slug}), HTTP_ACCEPT_LANGUAGE="de")
        text = page.content.decode()
        assert "KI-Puls" in text
        assert "AI pulse" not in text


# Overview card -------------------------------------------------------------------------------


def _card(tenant, role):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.organisation = tenant.organisation
    request.membership = tenant.members[role]
    card = registry.overview_cards.items["assessments"]
    context = card.context(request)
    html = render_to_string(card.template, {"card": context, "organisation": tenant.organisation})
    return context, html


def test_the_enps_card_uses_the_latest_wave_whose_enps_may_be_shown(
    scoped, instruments, django_capture_on_commit_callbacks
):
    older = open_wave(scoped.organisation, instruments["pulse"], title="March", days_ago=30)
    newer = open_wave(scoped.organisation, instruments["pulse"], title="April", days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):  # then the worker releases them
        answer_many(older, 4, _sentiment(4, enps=9))
        answer_many(older, 2, _sentiment(4, enps=3))  # eNPS (4 - 2) / 6 = 33.3 → 33
        answer_many(newer, 3, _sentiment(4, enps=10))
    context, html = _card(scoped, "steering")
    assert context["enps"].value == 33
    assert context["enps"].wave == older
    assert 'id="card-enps">33<' in html
    assert "eNPS from March (n = 6)." in html
    reason = context["enps"].reason
    assert reason == "April is not used: fewer than 5 people answered the eNPS question."


def test_answers_waiting_for_a_release_do_not_choose_the_enps_wave(
    scoped, instruments, django_capture_on_commit_callbacks
):
    """Six answers in a newer wave, none released yet: the card stays with the released
    wave and says so, exactly as the newer wave's results page shows nothing yet."""
    older = open_wave(scoped.organisation, instruments["pulse"], title="March", days_ago=30)
    newer = open_wave(scoped.organisation, instruments["pulse"], title="April", days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        answer_many(older, 6, _sentiment(4, enps=9))
    answer_many(newer, 6, _sentiment(4, enps=1))  # stored; the worker has not run yet
    context, _html = _card(scoped, "steering")
    assert (context["enps"].value, context["enps"].wave) == (100, older)
    assert context["enps"].reason == (
        "April is not used: fewer than 5 people answered the eNPS question."
    )


def test_the_enps_card_says_why_there_is_none(scoped, instruments):
    context, html = _card(scoped, "steering")
    assert context["enps"].value is None
    assert "No survey with the eNPS question has answers yet." in html
    wave = open_wave(scoped.organisation, instruments["pulse"], title="April")
    answer_many(wave, 3, PULSE)
    context, html = _card(scoped, "steering")
    assert 'id="card-enps">–<' in html
    assert "each needs at least 5 answers" in context["enps"].reason


def test_surveys_waiting_counts_only_what_waits_for_this_person(
    scoped, instruments, django_capture_on_commit_callbacks
):
    open_wave(scoped.organisation, instruments["pulse"], title="Kiosk")  # nobody is invited
    with django_capture_on_commit_callbacks(execute=True):
        personal = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    context, html = _card(scoped, "employee")
    assert context["open_count"] == 1
    assert "1 survey is waiting for you." in html
    participation = personal.participations.get(user=scoped.user("employee"))
    services.submit_response(wave=personal, answers={}, language="en", participation=participation)
    context, html = _card(scoped, "employee")
    assert "0 surveys are waiting for you." in html
    # The coordinator still sees how many waves are open in the organisation.
    context, _html = _card(scoped, "coordinator")
    assert context["open_count"] == 1 and context["open_waves"] == 2
    assert len(mail.outbox) == 4


# Actions per group ---------------------------------------------------------------------------


@pytest.fixture
def two_waves(scoped, instruments):
    """Sales 6 and Support 5 responses in both waves; Sales improves from 2.0 to 3.0.

    Not released yet: the tests that read their figures close them first (publish).
    """
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    waves = []
    for title, days_ago, sales_score in (("Before", 40, 2), ("After", 5, 3)):
        wave = open_wave(scoped.organisation, instruments["pulse"], title=title, days_ago=days_ago)
        answer_many(wave, 6, _sentiment(sales_score), department=sales)
        answer_many(wave, 5, _sentiment(4), department=support)
        waves.append(wave)
    return waves


def _action(tenant, waves, department=None):
    action = services.create_action(
        wave=waves[0],
        actor=tenant.user("coordinator"),
        scale_key="ai-sentiment",
        finding="Low sentiment",
        title="Clinic",
        owner=tenant.user("champion"),
        due_date=timezone.localdate(),
        department=department,
    )
    action.follow_up_wave = waves[1]
    action.save()
    return action


def test_an_action_for_a_department_compares_that_departments_figures(scoped, two_waves):
    for wave in two_waves:
        publish(wave)
    sales = _action(scoped, two_waves, scoped.departments["Sales"])
    everyone = _action(scoped, two_waves)
    effects = dict(services.action_effects([sales, everyone]))
    assert effects[sales] == {
        "before": 2.0,
        "after": 3.0,
        "change": 1.0,
        "before_reason": "",
        "after_reason": "",
    }
    # The whole audience: (6 × 2 + 5 × 4) / 11 = 2.91, then (6 × 3 + 5 × 4) / 11 = 3.45.
    assert (effects[everyone]["before"], effects[everyone]["after"]) == (2.91, 3.45)


def test_an_actions_group_figures_follow_the_confidentiality_rules(scoped, two_waves):
    it = DepartmentFactory(organisation=scoped.organisation, name="IT")
    answer_many(two_waves[0], 2, _sentiment(1), department=it)
    for wave in two_waves:
        publish(wave)
    support = _action(scoped, two_waves, scoped.departments["Support"])
    small = _action(scoped, two_waves, it)
    effects = dict(services.action_effects([support, small]))
    # IT (2) is hidden, so Support (5), the next-smallest, is hidden too in the first wave.
    assert effects[support]["before"] is None
    assert effects[support]["before_reason"] == (
        "Hidden so that a smaller group cannot be worked out from the total."
    )
    assert effects[support]["after"] == 4.0
    assert effects[support]["change"] is None
    assert effects[small]["before"] is None
    assert effects[small]["before_reason"] == "Hidden: fewer than 5 responses."
    assert effects[small]["after"] is None
    assert "fewer than 5 responses from this department" in effects[small]["after_reason"]


def test_actions_page_shows_the_group_and_why_a_figure_is_hidden(scoped, two_waves, client_for):
    it = DepartmentFactory(organisation=scoped.organisation, name="IT")
    answer_many(two_waves[0], 2, _sentiment(1), department=it)
    for wave in two_waves:
        publish(wave)
    _action(scoped, two_waves, scoped.departments["Support"])
    client = client_for(scoped.user("steering"))
    text = client.get(reverse("assessments:actions", kwargs={"org": scoped.slug})).content.decode()
    assert "For: Support" in text
    assert "– → 4.00" in text
    assert "Before: Hidden so that a smaller group cannot be worked out from the total." in text


def test_an_action_is_created_for_a_department_of_the_waves_audience(
    scoped, instruments, client_for
):
    sales, support = scoped.departments["Sales"], scoped.departments["Support"]
    wave = open_wave(scoped.organisation, instruments["pulse"], departments=[sales])
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:action_create", kwargs={"org": scoped.slug, "pk": wave.pk})
    data = {
        "scale_key": "ai-sentiment",
        "finding": "Low",
        "title": "Clinic",
        "owner": scoped.user("champion").pk,
        "due_date": timezone.localdate().isoformat(),
    }
    client.post(url, {**data, "department": support.pk})  # not in the wave's audience
    assert not Action.objects.exists()
    client.post(url, {**data, "department": sales.pk})
    with scope(organisation=scoped.organisation):
        action = Action.objects.get()
    assert action.department == sales


def test_an_actions_group_can_be_changed_and_is_audited(scoped, two_waves, client_for):
    from transformation.models import AuditEvent

    for wave in two_waves:
        publish(wave)
    action = _action(scoped, two_waves)
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:action_edit", kwargs={"org": scoped.slug, "pk": action.pk})
    form = client.get(url).content.decode()
    assert "The whole audience of the wave" in form
    response = client.post(
        url,
        {
            "title": "Clinic",
            "department": scoped.departments["Sales"].pk,
            "owner": scoped.user("champion").pk,
            "due_date": timezone.localdate().isoformat(),
            "status": "open",
            "follow_up_wave": two_waves[1].pk,
        },
    )
    assert response.status_code == 302
    with scope(organisation=scoped.organisation):
        action.refresh_from_db()
        assert action.department == scoped.departments["Sales"]
        event = AuditEvent.objects.for_target(action).latest("pk")
    assert "department" in event.changes
    assert services.action_effect(action)["before"] == 2.0
