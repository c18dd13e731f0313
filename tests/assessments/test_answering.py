"""Answering exactly once and without losing an answer: form tokens, language, lost cookies."""

import re

import pytest
from django.core import mail
from django.db import models
from django.test import Client

from assessments import services
from assessments.models import Answer, Participation, Response, SubmissionToken, Wave
from tests.assessments.factories import form_token, open_wave
from tests.assessments.test_distribution import _answers, _links
from transformation.models import User

FIRST_PAGE = ["enps", "sentiment-easier", "sentiment-monitoring", "sentiment-help"]


@pytest.fixture
def personal_wave(scoped, instruments, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)


@pytest.fixture
def link(scoped, personal_wave) -> str:
    return _links(mail.outbox)[scoped.user("employee").email]


def _items(wave) -> dict[str, str]:
    return {item.key: f"item_{item.pk}" for item in wave.instrument.items.all()}


def _checked(body: str, name: str, value: str) -> bool:
    return bool(re.search(rf'name="{name}" value="{value}"[^>]*checked', body))


def _stored(wave) -> dict[str, object]:
    return {
        answer.item.key: answer.text or answer.value
        for answer in Answer.objects.filter(wave=wave).select_related("item")
    }


def test_form_token_belongs_to_its_wave_and_cannot_be_forged(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    other = open_wave(scoped.organisation, instruments["pulse"], title="Other")
    token = services.issue_form_token(wave=wave)
    assert token != services.issue_form_token(wave=wave)
    assert services.form_token_is_valid(wave=wave, token=token)
    assert not services.form_token_is_valid(wave=other, token=token)
    forged = token.replace(token.split(":")[0], f"{wave.pk}.guessed")
    assert not services.form_token_is_valid(wave=wave, token=forged)
    assert not services.form_token_is_valid(wave=wave, token="")
    assert not services.form_token_is_valid(wave=wave, token=None)


def test_form_token_is_used_up_with_the_response(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    token = services.issue_form_token(wave=wave)
    answers = {wave.instrument.items.get(key="enps").pk: 9}
    assert not services.form_token_is_used(wave=wave, token=token)
    services.submit_response(wave=wave, answers=answers, language="en", form_token=token)
    assert services.form_token_is_used(wave=wave, token=token)
    with pytest.raises(services.FormAlreadySubmitted):
        services.submit_response(wave=wave, answers=answers, language="en", form_token=token)
    assert Response.objects.filter(wave=wave).count() == 1
    stored = SubmissionToken.objects.get(wave=wave)
    nonce = token.split(":")[0].split(".", 1)[1]
    assert stored.token_hash == services.hash_token(nonce)
    assert nonce not in stored.token_hash


def test_used_token_rows_name_nobody_and_no_time():
    for field in SubmissionToken._meta.get_fields():
        if not field.concrete:
            continue
        assert field.related_model not in {User, Participation, Response}, field.name
        assert not isinstance(field, (models.DateTimeField, models.DateField)), field.name
    assert isinstance(SubmissionToken._meta.pk, models.UUIDField)
    # Nor does a response point at its token.
    assert not any(field.related_model is SubmissionToken for field in Response._meta.get_fields())


def test_second_tap_on_a_personal_link_is_thanked_and_stores_nothing(scoped, link, client):
    answers = _answers(Participation.objects.get(user=scoped.user("employee")).wave)
    token = form_token(client.get(link))
    data = {"page": "1", "lang": "nl", "form_token": token, **answers}
    first = client.post(link, data)
    second = client.post(link, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == "/s/thanks/?lang=nl"
    assert "Bedankt!" in client.get(second["Location"]).content.decode()
    assert Response.objects.count() == 1


def test_kiosk_double_tap_stores_one_response(scoped, instruments, client):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    url = f"/s/kiosk/{wave.kiosk_code}/"
    data = {"page": "1", "lang": "de", "form_token": form_token(client.get(url)), **_answers(wave)}
    taps = [client.post(url, data) for _ in range(2)]
    assert [tap["Location"] for tap in taps] == [f"/s/thanks/?lang=de&kiosk={wave.kiosk_code}"] * 2
    assert Response.objects.filter(wave=wave).count() == 1


def test_logged_in_member_answers_once_through_the_link_on_their_overview(
    scoped, personal_wave, client
):
    employee = scoped.user("employee")
    [(wave, path)] = services.open_surveys_for(employee)
    client.force_login(employee)
    data = {"page": "1", "lang": "en", "form_token": form_token(client.get(path)), **_answers(wave)}
    assert client.post(path, data).status_code == 302
    assert client.post(path, data)["Location"] == "/s/thanks/?lang=en"
    assert Response.objects.filter(wave=wave).count() == 1
    assert services.open_surveys_for(employee) == []


def test_submit_without_a_valid_token_keeps_the_answers_in_the_respondents_language(
    scoped, personal_wave, link, client
):
    answers = _answers(personal_wave)
    items = _items(personal_wave)
    page = client.post(link, {"page": "1", "lang": "nl", "form_token": "old:page", **answers})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Deze pagina was verlopen" in body
    assert 'lang="nl"' in body
    assert Response.objects.count() == 0
    assert _checked(body, items["culture-phase"], "3")
    assert "More examples please</textarea>" in body
    assert f'name="{items["enps"]}" value="9"' in body  # page 1, carried along
    # The page carries a fresh token: sending again stores the answers.
    done = client.post(link, {"page": "1", "lang": "nl", "form_token": form_token(page), **answers})
    assert done["Location"] == "/s/thanks/?lang=nl"
    assert _stored(personal_wave)["culture-phase"] == 3


def test_lost_csrf_cookie_never_gives_the_english_403(scoped, personal_wave, link):
    # A browser that enforces CSRF, whose cookie was lost (or expired) after loading the page.
    browser = Client(enforce_csrf_checks=True)
    token = form_token(browser.get(link))
    browser.cookies.clear()
    answers = _answers(personal_wave)
    done = browser.post(link, {"page": "1", "lang": "de", "form_token": token, **answers})
    assert done.status_code == 302
    assert done["Location"] == "/s/thanks/?lang=de"
    assert Response.objects.count() == 1


def test_lost_cookie_and_old_page_keep_the_answers_in_german(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    url = f"/s/kiosk/{wave.kiosk_code}/"
    browser = Client(enforce_csrf_checks=True)
    answers = _answers(wave)
    page = browser.post(url, {"page": "1", "lang": "de", **answers})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Diese Seite war abgelaufen" in body
    assert "CSRF verification failed" not in body
    assert _checked(body, _items(wave)["culture-phase"], "3")
    assert Response.objects.count() == 0


def test_switching_language_on_page_two_keeps_every_answer(scoped, personal_wave, link, client):
    items = _items(personal_wave)
    answers = _answers(personal_wave)
    token = form_token(client.get(link))
    page_one = {k: v for k, v in answers.items() if k in [items[key] for key in FIRST_PAGE]}
    page_one[items["sentiment-informed"]] = answers[items["sentiment-informed"]]
    second = client.post(link, {"page": "0", "lang": "nl", "form_token": token, **page_one})
    assert "Pagina 2 van 2" in second.content.decode()
    # On page 2 one answer is given, then the header's language select is switched.
    partial = {**page_one, items["culture-phase"]: "2"}
    switched = client.post(
        link,
        {"page": "1", "lang": "de", "switch_language": "1", "form_token": token, **partial},
    )
    body = switched.content.decode()
    assert switched.status_code == 200
    assert 'lang="de"' in body
    assert "Seite 2 von 2" in body
    assert "Bitte beantworten" not in body  # a switch is not a submission: no errors
    assert _checked(body, items["culture-phase"], "2")
    for name, value in page_one.items():
        assert f'name="{name}" value="{value}"' in body
    assert form_token(switched) == token
    assert Response.objects.count() == 0
    done = client.post(
        link,
        {"page": "1", "lang": "de", "form_token": token, **partial, items["open-question"]: "Gut"},
    )
    assert done["Location"] == "/s/thanks/?lang=de"
    assert _stored(personal_wave) == {
        "enps": 9,
        "sentiment-easier": 4,
        "sentiment-monitoring": 2,
        "sentiment-help": 5,
        "sentiment-informed": 3,
        "culture-phase": 2,
        "open-question": "Gut",
    }
    assert Response.objects.get().language == "de"


def test_switching_language_on_the_kiosk_first_page_keeps_answers_and_department(
    scoped, instruments, client
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    url = f"/s/kiosk/{wave.kiosk_code}/"
    items = _items(wave)
    sales = str(scoped.departments["Sales"].pk)
    switched = client.post(
        url,
        {
            "page": "0",
            "lang": "nl",
            "switch_language": "1",
            "department": sales,
            items["enps"]: "7",
        },
    )
    body = switched.content.decode()
    assert "Pagina 1 van 2" in body
    assert _checked(body, items["enps"], "7")
    assert re.search(rf'<option value="{sales}" selected>Sales</option>', body)


def test_survey_page_header_language_select_belongs_to_the_survey_form(scoped, link, client):
    body = client.get(link).content.decode()
    select = re.search(r"<select id=\"language-select\"[^>]*>", body).group(0)
    assert 'name="lang"' in select and 'form="survey-form"' in select
    assert 'data-autosubmit-flag="switch_language"' in select
    assert '<form method="post" novalidate class="survey__form" id="survey-form"' in body
    # Without JavaScript a button sends the switch; with it, nothing appears and disappears.
    assert re.search(r'<noscript><button [^>]*form="survey-form" name="switch_language"', body)
    assert "set_language" not in body and "/i18n/setlang/" not in body


def test_language_chosen_on_the_kiosk_code_page_carries_into_the_survey(
    scoped, instruments, client, settings
):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    client.post("/i18n/setlang/", {"language": "nl", "next": "/s/kiosk/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    start = client.get("/s/kiosk/", {"code": wave.kiosk_code})
    assert start["Location"] == f"/s/kiosk/{wave.kiosk_code}/?lang=nl"
    assert "Pagina 1 van 2" in client.get(start["Location"]).content.decode()


def test_expired_language_form_on_a_public_survey_page_answers_in_the_readers_language(db):
    # The header's language form on the kiosk code page, sent after the cookie was lost.
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="nl")
    page = browser.post("/i18n/setlang/", {"language": "de", "next": "/s/kiosk/"})
    body = page.content.decode()
    assert page.status_code == 403
    assert "De pagina was verlopen" in body
    assert 'href="/s/kiosk/"' in body
    assert "CSRF verification failed" not in body
    # A foreign address to go back to is not offered.
    away = browser.post("/i18n/setlang/", {"language": "de", "next": "https://evil.example/"})
    assert 'href="https://evil.example/"' not in away.content.decode()
