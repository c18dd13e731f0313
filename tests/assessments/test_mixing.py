"""Mixing a wave's answer rows loses nothing, doubles nothing and runs on every database.

What the mix hides from an attacker is tested against PostgreSQL in
test_unlinkable_rows.py; these tests hold on SQLite (the embedded default)
as on PostgreSQL.
"""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from assessments import services
from assessments.models import Answer, Participation, Response, SubmissionToken, Wave
from assessments.services.mixing import MIX_GROWTH, mix_is_due
from assessments.tasks import mix_waiting_answers
from tests.assessments.factories import answer_many, install, items_by_key, open_wave, publish
from tests.conftest import make_tenant

PULSE = {"enps": 9, "sentiment-easier": 4, "culture-phase": 2, "open-question": "More time"}


def _rows(wave: Wave) -> dict[str, dict]:
    """Every stored row of the wave's answering, by table and key, with all its values."""
    return {
        model.__name__: {row["id"]: row for row in model.objects.filter(wave=wave).values()}
        for model in (Participation, Response, Answer, SubmissionToken)
    }


def _answer_personally(wave: Wave, participation: Participation, index: int) -> str:
    items = items_by_key(wave.instrument)
    token = services.issue_form_token(wave=wave)
    services.submit_response(
        wave=wave,
        answers={items["enps"].pk: index % 11, items["open-question"].pk: f"comment {index}"},
        language="en",
        participation=participation,
        form_token=token,
    )
    return token


@pytest.fixture
def personal_wave(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    # Opened here; its on-commit mail task never runs: participations exist, no mail went out.
    services.open_wave(wave=wave)
    return wave


def test_mixing_keeps_every_row_and_value_and_marks_the_responses_mixed(scoped, personal_wave):
    participations = list(Participation.objects.filter(wave=personal_wave).order_by("pk"))
    tokens = [_answer_personally(personal_wave, p, i) for i, p in enumerate(participations[:3])]
    answer_many(personal_wave, 2, PULSE)
    before = _rows(personal_wave)
    assert len(before["Response"]) == 5
    assert len(before["Answer"]) == 2 * 3 + 4 * 2

    assert services.mix_answers(wave=personal_wave) == 5

    after = _rows(personal_wave)
    for response in before["Response"].values():
        response["is_mixed"] = True
    assert after == before
    # Nothing is waiting any more: a second mix writes nothing.
    assert services.mix_answers(wave=personal_wave) == 0
    # The used link and the used forms stay used: no second response.
    with pytest.raises(services.FormAlreadySubmitted):
        _answer_with_token(personal_wave, tokens[0])
    with pytest.raises(services.LinkAlreadyUsed):
        _answer_personally(personal_wave, participations[0], 9)
    assert Response.objects.filter(wave=personal_wave).count() == 5


def _answer_with_token(wave: Wave, token: str) -> None:
    enps = items_by_key(wave.instrument)["enps"]
    services.submit_response(wave=wave, answers={enps.pk: 1}, language="en", form_token=token)


def test_an_answer_is_mixed_right_after_it_commits(
    scoped, personal_wave, django_capture_on_commit_callbacks
):
    participation = Participation.objects.filter(wave=personal_wave).first()
    with django_capture_on_commit_callbacks(execute=True):
        _answer_personally(personal_wave, participation, 1)
    assert list(Response.objects.filter(wave=personal_wave).values_list("is_mixed", flat=True)) == [
        True
    ]


def test_a_large_wave_is_mixed_after_answers_in_steps_of_its_growth(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 2 * MIX_GROWTH, PULSE)
    services.mix_answers(wave=wave)
    answer_many(wave, 2, PULSE)
    # 2 of 42 waiting: the next answer's mix waits for the third (or the beat's minute).
    assert not mix_is_due(wave=wave)
    answer_many(wave, 1, PULSE)
    assert mix_is_due(wave=wave)


def test_beat_mixes_every_waiting_wave_of_every_organisation(
    db, django_capture_on_commit_callbacks
):
    waves = []
    for name, slug in (("Acme Wholesale", "acme"), ("Globex Logistics", "globex")):
        tenant = make_tenant(name, slug)
        with scope(organisation=tenant.organisation):
            wave = open_wave(tenant.organisation, install(tenant.organisation)["pulse"])
            answer_many(wave, 3, PULSE)
            waves.append(wave)
    assert mix_waiting_answers() == 6
    for wave in waves:
        with scope(organisation=wave.organisation):
            assert not Response.objects.filter(wave=wave, is_mixed=False).exists()
            assert Answer.objects.filter(wave=wave).count() == 3 * 4
    assert mix_waiting_answers() == 0


def test_released_results_contain_only_mixed_responses(scoped, instruments):
    wave = open_wave(scoped.organisation, instruments["pulse"])
    answer_many(wave, 6, PULSE)
    publish(wave)
    released = Response.objects.filter(wave=wave, release__isnull=False)
    assert released.count() == 6
    assert not released.filter(is_mixed=False).exists()
    assert Answer.objects.filter(wave=wave, release__isnull=False).count() == 6 * 4


def test_someone_who_answered_before_the_invitation_went_out_gets_none(scoped, personal_wave):
    employee = Participation.objects.get(wave=personal_wave, user=scoped.user("employee"))
    _answer_personally(personal_wave, employee, 1)
    invited = services.send_invitations(wave=personal_wave)
    assert employee.email not in [message.to[0] for message in mail.outbox]
    assert (
        invited == len(mail.outbox) == Participation.objects.filter(wave=personal_wave).count() - 1
    )
    # No time was written on the answered participation.
    employee.refresh_from_db()
    assert employee.invited_at is None


RESIDUAL_RISK = {
    "en": ("Unlinkable in the database itself", "transaction log (WAL)", "statement logging"),
    "de": ("Auch in der Datenbank nicht zuzuordnen", "Transaktionsprotokoll (WAL)", "Sicherungen"),
    "nl": ("Ook in de database niet te koppelen", "transactielogboek (WAL)", "back-ups"),
}


def test_works_council_page_states_the_rewrite_and_its_residual_risk_in_three_languages(
    scoped, client_for
):
    client = client_for(scoped.user("employee"))
    page = client.get(reverse("assessments:works_council", kwargs={"org": scoped.slug}))
    assert 'id="database"' in page.content.decode()
    for language, phrases in RESIDUAL_RISK.items():
        with translation.override(language):
            html = render_to_string(
                "assessments/works_council_document.html",
                {"organisation": scoped.organisation, "minimum": 5, "comment_minimum": 10},
            )
        assert all(phrase in html for phrase in phrases), language
