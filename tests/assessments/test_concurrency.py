"""The same form submitted several times at the same moment stores exactly one response."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_scopes import scope

from assessments.models import Answer, Participation, Response, SubmissionToken, Wave
from assessments.tasks import mix_waiting_answers
from tests.assessments.factories import form_token, install, open_wave
from tests.conftest import make_tenant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
)

CLIENTS = 8


def _wave(mode, capture):
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        with capture(execute=True):
            wave = open_wave(tenant.organisation, instruments["pulse"], mode=mode)
        items = {item.key: item.pk for item in wave.instrument.items.all()}
    data = {
        "page": "1",
        "lang": "en",
        f"item_{items['enps']}": "8",
        f"item_{items['sentiment-easier']}": "4",
        f"item_{items['sentiment-monitoring']}": "2",
        f"item_{items['sentiment-help']}": "4",
        f"item_{items['sentiment-informed']}": "4",
        f"item_{items['culture-phase']}": "2",
    }
    return tenant, wave, data


def _personal_link(tenant) -> str:
    return next(
        m.body.split("http://testserver")[1].split()[0]
        for m in mail.outbox
        if m.to == [tenant.user("employee").email]
    )


def _post_at_once(url: str, forms: list[dict]) -> list[tuple[int, str]]:
    """Each form posted by its own client (and database connection), all released together."""
    barrier = threading.Barrier(len(forms))
    answers = []

    def submit(data):
        try:
            barrier.wait()
            response = Client().post(url, data)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_same_personal_form_tapped_concurrently_stores_one_response_and_thanks_each_tap(
    transactional_db, django_capture_on_commit_callbacks
):
    tenant, wave, data = _wave(Wave.Mode.PERSONAL, django_capture_on_commit_callbacks)
    link = _personal_link(tenant)
    token = form_token(Client().get(link))
    answers = _post_at_once(link, [{**data, "form_token": token}] * CLIENTS)
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
        assert Participation.objects.filter(wave=wave, has_answered=True).count() == 1
        assert SubmissionToken.objects.filter(wave=wave).count() == 1
    # Every tap ends on the thank-you page, none on "already answered".
    assert answers == [(302, "/s/thanks/?lang=en")] * CLIENTS


def test_same_link_from_several_forms_concurrently_stores_one_response(
    transactional_db, django_capture_on_commit_callbacks
):
    tenant, wave, data = _wave(Wave.Mode.PERSONAL, django_capture_on_commit_callbacks)
    link = _personal_link(tenant)
    tokens = [form_token(Client().get(link)) for _ in range(CLIENTS)]
    answers = _post_at_once(link, [{**data, "form_token": token} for token in tokens])
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
        assert Participation.objects.filter(wave=wave, has_answered=True).count() == 1
        # The losing forms' tokens were rolled back with their attempt.
        assert SubmissionToken.objects.filter(wave=wave).count() == 1
    assert sorted(status for status, _location in answers) == [302] + [410] * (CLIENTS - 1)


def test_kiosk_form_tapped_concurrently_stores_one_response(
    transactional_db, django_capture_on_commit_callbacks
):
    tenant, wave, data = _wave(Wave.Mode.KIOSK, django_capture_on_commit_callbacks)
    url = f"/s/kiosk/{wave.kiosk_code}/"
    token = form_token(Client().get(url))
    answers = _post_at_once(url, [{**data, "form_token": token}] * CLIENTS)
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
    assert answers == [(302, f"/s/thanks/?lang=en&kiosk={wave.kiosk_code}")] * CLIENTS
    # The next person's form is a new one and stores a second response.
    again = Client().post(url, {**data, "form_token": form_token(Client().get(url))})
    assert again.status_code == 302
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 2


def test_everyone_answering_at_once_is_stored_once_and_mixed(
    transactional_db, django_capture_on_commit_callbacks
):
    """Answers and the mixes they start run side by side: no answer is lost or doubled."""
    tenant, wave, data = _wave(Wave.Mode.PERSONAL, django_capture_on_commit_callbacks)
    links = sorted(m.body.split("http://testserver")[1].split()[0] for m in mail.outbox)
    with scope(organisation=tenant.organisation):
        comment = f"item_{wave.instrument.items.get(key='open-question').pk}"
    forms = [
        (link, {**data, comment: f"comment {index}", "form_token": form_token(Client().get(link))})
        for index, link in enumerate(links)
    ]
    barrier = threading.Barrier(len(forms))
    statuses = []

    def submit(link, form):
        try:
            barrier.wait()
            statuses.append(Client().post(link, form).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=form) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302] * len(links)
    mix_waiting_answers()  # the beat: whatever the last mixes did not catch
    with scope(organisation=tenant.organisation):
        responses = Response.objects.filter(wave=wave)
        assert responses.count() == len(links)
        assert not responses.filter(is_mixed=False).exists()
        assert Participation.objects.filter(wave=wave, has_answered=True).count() == len(links)
        assert SubmissionToken.objects.filter(wave=wave).count() == len(links)
        comments = Answer.objects.filter(wave=wave, item__key="open-question")
        assert sorted(comments.values_list("text", flat=True)) == sorted(
            f"comment {index}" for index in range(len(links))
        )
        assert Answer.objects.filter(wave=wave).count() == len(links) * (len(data) - 2 + 1)
