"""Waves, personal links, answering, reminders, kiosk mode and pulse series."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from assessments import services, tasks
from assessments.models import Answer, Participation, PulseSeries, Response, Wave
from assessments.services import waves as waves_service
from tests.assessments.factories import form_token, open_wave
from tests.factories import MembershipFactory, UserFactory
from transformation.models import AuditEvent, Role

LINK = re.compile(r"http://testserver(/s/[\w-]+/)")


def _links(outbox) -> dict[str, str]:
    return {message.to[0]: LINK.search(message.body).group(1) for message in outbox}


@pytest.fixture
def personal_wave(scoped, instruments, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wave = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    return wave


def _answers(wave) -> dict[str, str]:
    items = {item.key: item for item in wave.instrument.items.all()}
    values = {
        "enps": "9",
        "sentiment-easier": "4",
        "sentiment-monitoring": "2",
        "sentiment-help": "5",
        "sentiment-informed": "3",
        "culture-phase": "3",
        "open-question": "More examples please",
    }
    return {f"item_{items[key].pk}": value for key, value in values.items()}


def test_personal_wave_mails_a_single_use_link_in_each_language(scoped, personal_wave):
    assert len(mail.outbox) == 4
    participations = Participation.objects.filter(wave=personal_wave)
    assert participations.count() == 4
    assert all(p.invited_at is not None for p in participations)
    links = _links(mail.outbox)
    assert len(set(links.values())) == 4
    for participation in participations:
        token = links[participation.email].strip("/").split("/")[-1]
        assert participation.token_hash == services.hash_token(token)
        assert token not in participation.token_hash
    # Sending again (a retried task) sends nothing twice.
    assert services.send_invitations(wave=personal_wave) == 0


def test_invitation_mail_uses_the_respondents_language(
    scoped, instruments, django_capture_on_commit_callbacks
):
    user = UserFactory(email="nl@acme.example", language="nl")
    MembershipFactory(organisation=scoped.organisation, user=user, role=Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    dutch = next(m for m in mail.outbox if m.to == ["nl@acme.example"])
    assert "Je persoonlijke link" in dutch.body


def test_answering_through_pages_stores_one_unlinked_response(scoped, personal_wave, client):
    link = _links(mail.outbox)[scoped.user("employee").email]
    page = client.get(link)
    assert page.status_code == 200
    assert "Page 1 of 2" in page.content.decode()
    token = form_token(page)
    other_tab = form_token(client.get(link))
    assert other_tab != token
    answers = _answers(personal_wave)
    page_one = {k: v for k, v in answers.items() if k in list(answers)[:5]}
    second = client.post(link, {"page": "0", "lang": "en", "form_token": token, **page_one})
    body = second.content.decode()
    assert "Page 2 of 2" in body
    for name, value in page_one.items():
        assert f'name="{name}" value="{value}"' in body  # carried, not stored
    assert form_token(second) == token  # one token for the whole questionnaire
    assert Response.objects.count() == 0
    done = client.post(link, {"page": "1", "lang": "en", "form_token": token, **answers})
    assert done.status_code == 302
    assert done["Location"] == "/s/thanks/?lang=en"
    response = Response.objects.get()
    assert response.department == scoped.departments["Support"]
    assert Answer.objects.filter(response=response).count() == 7
    participation = Participation.objects.get(user=scoped.user("employee"))
    assert participation.has_answered
    # No audit event ties the person to the moment of answering.
    assert not AuditEvent.objects.filter(action__startswith="response").exists()

    again = client.get(link)
    assert again.status_code == 410
    assert "You have already answered" in again.content.decode()
    # The same form sent again (a second tap) is thanked, and stores nothing.
    second_tap = client.post(link, {"page": "1", "lang": "en", "form_token": token, **answers})
    assert second_tap.status_code == 302
    assert second_tap["Location"] == "/s/thanks/?lang=en"
    # Another form of the same link (a second tab) finds the link used.
    resubmit = client.post(link, {"page": "1", "lang": "en", "form_token": other_tab, **answers})
    assert resubmit.status_code == 410
    assert "You have already answered" in resubmit.content.decode()
    assert Response.objects.count() == 1


def test_missing_answers_are_reported_in_the_respondents_language(scoped, personal_wave, client):
    link = _links(mail.outbox)[scoped.user("employee").email]
    response = client.post(link, {"page": "0", "lang": "nl"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Beantwoord deze vraag alsjeblieft." in body
    assert "Hoe waarschijnlijk is het dat je dit bedrijf als werkgever aanbeveelt?" in body
    assert Response.objects.count() == 0


def test_closed_expired_and_unknown_links_get_clear_pages(scoped, personal_wave, client):
    links = list(_links(mail.outbox).values())
    services.close_wave(wave=personal_wave, actor=scoped.user("coordinator"))
    closed = client.get(links[0])
    assert closed.status_code == 410
    assert "This survey is closed" in closed.content.decode()
    unknown = client.get("/s/not-a-token/")
    assert unknown.status_code == 404
    assert "This link is not valid" in unknown.content.decode()
    personal_wave.closed_early_at = None
    personal_wave.opens_at = timezone.now() + timedelta(days=1)
    personal_wave.closes_at = timezone.now() + timedelta(days=5)
    personal_wave.save()
    early = client.get(links[0])
    assert early.status_code == 410
    assert "has not opened yet" in early.content.decode()


def test_reminders_on_day_3_and_5_only_to_those_who_have_not_answered(scoped, personal_wave):
    wave = personal_wave
    answered = Participation.objects.get(user=scoped.user("employee"))
    Participation.objects.filter(pk=answered.pk).update(has_answered=True)
    mail.outbox.clear()
    opens = wave.opens_at
    assert services.send_reminders(wave=wave, now=opens + timedelta(days=2, hours=23)) == 0
    assert services.send_reminders(wave=wave, now=opens + timedelta(days=3, hours=1)) == 3
    assert services.send_reminders(wave=wave, now=opens + timedelta(days=4)) == 0
    assert services.send_reminders(wave=wave, now=opens + timedelta(days=5, hours=2)) == 3
    assert len(mail.outbox) == 6
    assert scoped.user("employee").email not in {m.to[0] for m in mail.outbox}
    # The reminder carries the same working link as the invitation.
    assert "Reminder" in mail.outbox[0].subject
    assert LINK.search(mail.outbox[0].body)


def test_reminder_days_are_configurable_per_wave(scoped, instruments):
    wave = services.create_wave(
        organisation=scoped.organisation,
        actor=None,
        instrument=instruments["pulse"],
        title="Custom",
        mode=Wave.Mode.PERSONAL,
        opens_at=timezone.now() - timedelta(days=2, hours=1),
        closes_at=timezone.now() + timedelta(days=10),
        reminder_days=[2],
    )
    assert services.reminders_due(wave, timezone.now()) == 1
    assert services.reminders_due(wave, wave.opens_at + timedelta(days=1)) == 0


def test_kiosk_mode_answers_without_login_and_chosen_department(scoped, instruments, client):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    start = client.get(reverse("survey:kiosk"), {"code": wave.kiosk_code.lower()})
    assert start.status_code == 302
    url = start["Location"]
    assert url == f"/s/kiosk/{wave.kiosk_code}/"
    answers = _answers(wave)
    department = str(scoped.departments["Sales"].pk)
    given = {"lang": "de", "department": department, "form_token": form_token(client.get(url))}
    client.post(url, {"page": "0", **given, **answers})
    done = client.post(url, {"page": "1", **given, **answers})
    assert done.status_code == 302
    assert done["Location"] == f"/s/thanks/?lang=de&kiosk={wave.kiosk_code}"
    assert Response.objects.get().department == scoped.departments["Sales"]
    thanks = client.get(done["Location"])
    assert "Vielen Dank" in thanks.content.decode()


def test_public_answering_is_rate_limited(settings, db, client):
    settings.SURVEY_UNKNOWN_LINK_RATE_PER_MINUTE = 3
    statuses = [client.get("/s/unknown-token/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_pulse_series_opens_waves_on_its_cadence(scoped, instruments):
    series = services.create_pulse_series(
        organisation=scoped.organisation,
        actor=scoped.user("coordinator"),
        instrument=instruments["pulse"],
        title="Monthly pulse",
        cadence=PulseSeries.Cadence.MONTHLY,
        starts_at=timezone.now() - timedelta(minutes=5),
        link_base="http://testserver/",
    )
    first_run = series.next_run_at
    assert tasks.start_due_pulse_waves() == 1
    assert tasks.start_due_pulse_waves() == 0
    with scope(organisation=scoped.organisation):
        series.refresh_from_db()
        wave = Wave.objects.get(series=series)
    assert wave.title == "Monthly pulse #1"
    assert wave.mode == Wave.Mode.PERSONAL
    assert wave.opens_at == first_run
    assert series.next_run_at == series.following_run(first_run)
    assert (series.next_run_at - first_run).days in (28, 29, 30, 31)


@pytest.mark.parametrize(
    ("cadence", "days"),
    [("weekly", 7), ("biweekly", 14)],
)
def test_pulse_series_following_run(cadence, days):
    series = PulseSeries(cadence=cadence)
    start = timezone.now()
    assert series.following_run(start) == start + timedelta(days=days)


def test_quarterly_following_run_moves_three_months():
    series = PulseSeries(cadence="quarterly")
    start = datetime(2026, 11, 15, tzinfo=UTC)
    assert series.following_run(start) == datetime(2027, 2, 15, tzinfo=UTC)


def test_reminder_task_reenters_each_scope(scoped, personal_wave):
    with scopes_disabled():
        Wave.objects.filter(pk=personal_wave.pk).update(
            opens_at=timezone.now() - timedelta(days=3, hours=2)
        )
    mail.outbox.clear()
    assert tasks.send_due_reminders() == 4
    assert tasks.send_due_reminders() == 0


def test_failed_invitation_mail_is_released_for_the_retry(scoped, instruments, monkeypatch):
    wave = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.KIOSK)
    wave.mode = Wave.Mode.PERSONAL
    wave.save()
    calls = []

    def flaky_smtp(subject, body, sender, recipients):
        calls.append(recipients)
        if len(calls) == 1:
            raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(waves_service, "send_mail", flaky_smtp)
    Participation.objects.bulk_create(
        [
            Participation(
                organisation=scoped.organisation,
                wave=wave,
                email=f"p{n}@acme.example",
                nonce=f"n{n}",
                token_hash=f"h{n}",
            )
            for n in range(2)
        ]
    )
    with pytest.raises(ConnectionRefusedError):
        services.send_invitations(wave=wave)
    assert Participation.objects.filter(wave=wave, invited_at__isnull=True).count() == 2
    assert services.send_invitations(wave=wave) == 2
    assert Participation.objects.filter(wave=wave, invited_at__isnull=True).count() == 0


def test_members_find_their_open_survey_on_the_surveys_page(scoped, personal_wave, client_for):
    client = client_for(scoped.user("employee"))
    page = client.get(reverse("assessments:index", kwargs={"org": scoped.slug})).content.decode()
    link = _links(mail.outbox)[scoped.user("employee").email]
    assert "Surveys waiting for your answer" in page
    assert f'href="{link}"' in page
    Participation.objects.filter(user=scoped.user("employee")).update(has_answered=True)
    page = client.get(reverse("assessments:index", kwargs={"org": scoped.slug})).content.decode()
    assert "Surveys waiting for your answer" not in page
