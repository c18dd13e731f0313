"""An attacker with SQL access to the live database cannot join an answer to its respondent.

The schema has no link between a participation (who answered) and a response
(what was answered). These tests play someone with read access to the live
PostgreSQL database who tries the links the schema does not have: the
transaction id that wrote a row (`xmin`), the physical position of a row
(`ctid`, the order rows were written in), the order of transaction ids, and
timestamps. Respondents answer through the real public answering pages.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_scopes import scope

from assessments.models import Participation, Response, SubmissionToken, Wave
from assessments.services import hash_token
from tests.assessments.factories import form_token, install, open_wave
from tests.assessments.test_distribution import _links
from tests.conftest import make_tenant
from tests.factories import MembershipFactory, UserFactory
from transformation.models import AuditEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="xmin and ctid are PostgreSQL's row versions; SQLite has neither",
)

# People in the test organisation's whole-company wave (12 added to make_tenant's four).
RESPONDENTS = 16
# A join that tells nothing still pairs a few people with their own answers by chance: one
# on average, more than seven of sixteen about once in 100,000 runs. The order of answering,
# before the mix, paired all sixteen.
BY_CHANCE = 7


def _wave(mode: str, capture):
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        for index in range(RESPONDENTS - 4):
            MembershipFactory(
                organisation=tenant.organisation,
                user=UserFactory(email=f"respondent{index}@acme.example"),
                department=tenant.departments["Sales"],
            )
        instruments = install(tenant.organisation)
        with capture(execute=True):
            wave = open_wave(tenant.organisation, instruments["pulse"], mode=mode)
    return tenant, wave


def _form(wave: Wave, index: int) -> dict[str, str]:
    """A filled-in questionnaire whose comment says who gave it (the test's ground truth)."""
    with scope(organisation=wave.organisation):
        items = {item.key: f"item_{item.pk}" for item in wave.instrument.items.all()}
    return {
        "page": "1",
        "lang": "en",
        items["enps"]: str(index % 11),
        items["sentiment-easier"]: str(index % 5 + 1),
        items["sentiment-monitoring"]: "2",
        items["sentiment-help"]: "4",
        items["sentiment-informed"]: "3",
        items["culture-phase"]: "2",
        items["open-question"]: f"comment {index}",
    }


def _answer(url: str, data: dict[str, str]) -> str:
    """Answer through the public page; the hash of the used form token, as it is stored."""
    client = Client()
    token = form_token(client.get(url))
    response = client.post(url, {**data, "form_token": token})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/s/thanks/")
    return hash_token(token.split(":")[0].split(".", 1)[1])


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _comment_of_response(wave: Wave) -> dict[str, str]:
    """Ground truth: response id -> the comment it carries."""
    return {
        str(response): text
        for response, text in _rows(
            "SELECT a.response_id, a.text FROM assessments_answer a"
            " WHERE a.wave_id = %s AND a.text <> ''",
            [wave.pk],
        )
    }


def _xmin(table: str, wave: Wave, key: str = "id", where: str = "") -> dict[str, int]:
    """Each row's key with the transaction id that wrote its current version."""
    return {
        str(row_key): int(xmin)
        for row_key, xmin in _rows(
            f"SELECT {key}, xmin::text::bigint FROM {table} WHERE wave_id = %s {where}",  # noqa: S608
            [wave.pk],
        )
    }


def _physical_order(table: str, wave: Wave, key: str = "id", where: str = "") -> list[str]:
    """The rows' keys in the order they sit in the table (ctid)."""
    return [
        str(row_key)
        for (row_key,) in _rows(
            f"SELECT {key} FROM {table} WHERE wave_id = %s {where} ORDER BY ctid",  # noqa: S608
            [wave.pk],
        )
    ]


def _responses_in_physical_order_of_their_answers(wave: Wave) -> list[str]:
    """Responses ordered by where their first answer row sits."""
    return [
        str(response)
        for (response,) in _rows(
            "SELECT response_id FROM assessments_answer WHERE wave_id = %s"
            " GROUP BY response_id ORDER BY min(ctid)",
            [wave.pk],
        )
    ]


def _candidates(person_keys: dict[str, int], row_keys: dict[str, int]) -> dict[str, set[str]]:
    """Equality join: for each person, the rows that share their key."""
    return {
        person: {row for row, value in row_keys.items() if value == key}
        for person, key in person_keys.items()
    }


def _rank_match(people: list[str], rows: list[str]) -> dict[str, str]:
    """Order join: the n-th person (in some order) gave the n-th row (in some order)."""
    return dict(zip(people, rows, strict=True))


def _ranks_by_xmin(keys: dict[str, int]) -> list[str]:
    return sorted(keys, key=lambda key: (keys[key], key))


def _assert_narrows_nobody(candidates: dict[str, set[str]], everyone: set[str], technique: str):
    for person, found in candidates.items():
        assert not found or found == everyone, (
            f"{technique}: {person} narrowed to {len(found)} of {len(everyone)}"
        )


def _assert_by_chance(identified: int, technique: str):
    assert identified <= BY_CHANCE, f"{technique} pairs {identified} people with their answers"


def _assert_order_is_trivial(xmins: dict[str, int], technique: str):
    # One shared transaction id: the order of transaction ids ranks nobody.
    assert len(set(xmins.values())) <= 1, f"{technique}: {len(set(xmins.values()))} xmin values"


def test_personal_answers_cannot_be_joined_to_respondents_by_xmin_ctid_or_time(
    transactional_db, django_capture_on_commit_callbacks
):
    tenant, wave = _wave(Wave.Mode.PERSONAL, django_capture_on_commit_callbacks)
    links = _links(mail.outbox)
    emails = sorted(links)
    assert len(emails) == RESPONDENTS
    with scope(organisation=tenant.organisation):
        invited = dict(Participation.objects.filter(wave=wave).values_list("email", "invited_at"))
        audit_before = AuditEvent.objects.count()
    # They answer in an order unrelated to the invitation (the pk) order.
    answering = emails[1::2] + emails[0::2]
    token_of = {email: _answer(links[email], _form(wave, i)) for i, email in enumerate(answering)}
    truth = {email: f"comment {index}" for index, email in enumerate(answering)}
    comment_of = _comment_of_response(wave)
    everyone = set(comment_of)
    assert sorted(comment_of.values()) == sorted(truth.values())

    def identified(match: dict[str, str]) -> int:
        return sum(comment_of.get(row) == truth[person] for person, row in match.items())

    answered = " AND has_answered"
    people = _xmin("assessments_participation", wave, key="email", where=answered)
    responses = _xmin("assessments_response", wave)
    answers = {
        str(response): int(xmin)
        for response, xmin in _rows(
            "SELECT response_id, xmin::text::bigint FROM assessments_answer WHERE wave_id = %s",
            [wave.pk],
        )
    }
    tokens = _xmin("assessments_submissiontoken", wave, key="token_hash")

    # 1. Same transaction id: a participation and the rows written with it.
    _assert_narrows_nobody(_candidates(people, responses), everyone, "xmin = response.xmin")
    _assert_narrows_nobody(_candidates(people, answers), everyone, "xmin = answer.xmin")
    _assert_narrows_nobody(_candidates(people, tokens), set(tokens), "xmin = token.xmin")

    # 2. Order of transaction ids: the n-th to answer wrote the n-th response.
    for name, keys in (
        ("participation", people),
        ("response", responses),
        ("answer", answers),
        ("submission token", tokens),
    ):
        _assert_order_is_trivial(keys, f"order of {name} xmin")
    by_xmin = _rank_match(_ranks_by_xmin(people), _ranks_by_xmin(responses))
    _assert_by_chance(identified(by_xmin), "order of xmin")

    # 3. Physical order (ctid): the n-th row of one table belongs to the n-th of another,
    # or (for someone who knows the order of answering, say from a web server's log)
    # to the n-th person who answered.
    person_order = _physical_order("assessments_participation", wave, key="email", where=answered)
    response_order = _physical_order("assessments_response", wave)
    by_answers = _responses_in_physical_order_of_their_answers(wave)
    token_order = _physical_order("assessments_submissiontoken", wave, key="token_hash")
    _assert_by_chance(identified(_rank_match(person_order, response_order)), "ctid ranks")
    _assert_by_chance(identified(_rank_match(person_order, by_answers)), "ctid ranks of answers")
    _assert_by_chance(identified(_rank_match(answering, response_order)), "answering order")
    _assert_by_chance(identified(_rank_match(answering, by_answers)), "answering order of answers")
    _assert_by_chance(
        sum(a == b for a, b in zip(person_order, answering, strict=True)),
        "participations in answering order",
    )
    for order, technique in ((person_order, "ctid ranks"), (answering, "answering order")):
        pairs = zip(order, token_order, strict=True)
        _assert_by_chance(sum(token_of[p] == t for p, t in pairs), f"{technique} of tokens")

    # 4. Time: answering changed no time of the participation, wrote no audit event,
    # and no answer table has a time column.
    with scope(organisation=tenant.organisation):
        assert (
            dict(Participation.objects.filter(wave=wave).values_list("email", "invited_at"))
            == invited
        )
        assert AuditEvent.objects.count() == audit_before
    timed = _rows(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_name IN ('assessments_response', 'assessments_answer',"
        " 'assessments_submissiontoken') AND (data_type LIKE 'time%%' OR data_type = 'date')",
        [],
    )
    assert timed == []


def test_kiosk_answers_cannot_be_joined_to_their_form_tokens_by_xmin_or_ctid(
    transactional_db, django_capture_on_commit_callbacks
):
    """A kiosk has no participation, but a used form token was once in one browser."""
    tenant, wave = _wave(Wave.Mode.KIOSK, django_capture_on_commit_callbacks)
    url = f"/s/kiosk/{wave.kiosk_code}/"
    truth = {_answer(url, _form(wave, index)): f"comment {index}" for index in range(RESPONDENTS)}
    comment_of = _comment_of_response(wave)
    responses = _xmin("assessments_response", wave)
    tokens = _xmin("assessments_submissiontoken", wave, key="token_hash")
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == RESPONDENTS
        assert SubmissionToken.objects.filter(wave=wave).count() == RESPONDENTS
    _assert_narrows_nobody(_candidates(tokens, responses), set(responses), "token.xmin")
    _assert_order_is_trivial(tokens, "order of token xmin")
    _assert_order_is_trivial(responses, "order of response xmin")
    match = _rank_match(
        _physical_order("assessments_submissiontoken", wave, key="token_hash"),
        _physical_order("assessments_response", wave),
    )
    _assert_by_chance(
        sum(comment_of[row] == truth[token] for token, row in match.items()), "ctid ranks"
    )
