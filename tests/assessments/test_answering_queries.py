"""The public answering pages' queries, pinned, so an answer cannot silently grow slower.

A personal link is read with its wave, instrument and organisation in one
query; the questions of the wave's (frozen) instrument version are read once
per process, which the first GET of each test settles. A kiosk page also
reads the organisation's departments for its department choice. Storing is
one transaction: the form token, the link (personal only), the response and
its answers, plus on PostgreSQL the share lock on the wave that keeps a mix
out (`assessments.services.mixing`). Neither page reads or writes a session,
also not in a browser signed in to the app.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection

from assessments.models import Answer, Response, Wave
from tests.assessments.factories import form_token, open_wave
from tests.assessments.test_distribution import _answers, _links


def _storing() -> int:
    """Savepoint, form token, response, answers, release; the wave lock on PostgreSQL."""
    return 5 + (connection.vendor == "postgresql")


@pytest.fixture
def personal_wave(scoped, instruments, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)


def _answer_by_link(client, link, wave, django_assert_num_queries):
    client.get(link)  # settles the per-process questions of this instrument version
    with django_assert_num_queries(1):  # the participation with wave, instrument, organisation
        page = client.get(link)
    assert page.status_code == 200
    data = {"page": "1", "lang": "en", "form_token": form_token(page), **_answers(wave)}
    # The participation, then storing with the link's claim.
    with django_assert_num_queries(1 + _storing() + 1):
        done = client.post(link, data)
    assert done.status_code == 302
    assert done["Location"] == "/s/thanks/?lang=en"


def test_personal_link_queries(scoped, personal_wave, client, django_assert_num_queries):
    link = _links(mail.outbox)[scoped.user("employee").email]
    _answer_by_link(client, link, personal_wave, django_assert_num_queries)
    assert Answer.objects.filter(response__wave=personal_wave).count() == 7


def test_signed_in_browser_answers_without_session_or_user_queries(
    scoped, personal_wave, client, django_assert_num_queries
):
    client.force_login(scoped.user("employee"))
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = Session.objects.get(session_key=session_key).expire_date
    link = _links(mail.outbox)[scoped.user("employee").email]
    page = client.get(link)
    assert "Log out" not in page.content.decode()  # an anonymous page, whoever opens it
    _answer_by_link(client, link, personal_wave, django_assert_num_queries)
    # The app's session is neither ended nor touched at the moment of answering.
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == session_key
    assert Session.objects.get(session_key=session_key).expire_date == before
    assert client.get(f"/o/{scoped.slug}/").status_code == 200


def test_kiosk_queries(scoped, instruments, client, django_assert_num_queries):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    url = f"/s/kiosk/{wave.kiosk_code}/"
    client.get(url)
    with django_assert_num_queries(2):  # the wave with instrument and organisation; departments
        page = client.get(url)
    assert page.status_code == 200
    department = scoped.departments["Sales"]
    data = {
        "page": "1",
        "lang": "en",
        "form_token": form_token(page),
        "department": str(department.pk),
        **_answers(wave),
    }
    with django_assert_num_queries(2 + _storing()):  # wave and departments, then storing
        done = client.post(url, data)
    assert done.status_code == 302
    assert Response.objects.get(wave=wave).department == department
