"""Demo surveys: three readiness waves, six pulse waves and a competence check.

Answers are generated from a fixed seed, per respondent from one latent
attitude plus noise, so the scales are internally consistent (alpha above
0.7) and readiness improves over time. Small departments stay under the
threshold, so roll-up and suppression are visible in the demo.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from assessments import services
from assessments.models import (
    Action,
    Answer,
    Instrument,
    Item,
    Participation,
    Response,
    Scale,
    Wave,
)
from assessments.services.releases import release_due_results
from transformation.demo import demo_name
from transformation.models import Department, Membership, Organisation, Role

COMMENTS = {
    "de": [
        "Mehr Schulungen direkt am Arbeitsplatz wären hilfreich.",
        "Klare Regeln, was wir mit KI machen dürfen und was nicht.",
        "Zeit zum Ausprobieren, ohne dass das Tagesgeschäft leidet.",
        "Bessere Beispiele aus unserem eigenen Bereich.",
        "Ich wünsche mir, dass der Betriebsrat früh eingebunden wird.",
        "Ansprechpartner in jeder Abteilung.",
        "Weniger Tools, dafür richtig eingeführt.",
        "Transparenz darüber, was mit den Daten passiert.",
    ],
    "nl": [
        "Meer tijd om dingen uit te proberen.",
        "Duidelijke afspraken over wat wel en niet mag met AI.",
        "Voorbeelden uit de bakkerij zelf.",
        "Een vast aanspreekpunt voor vragen.",
    ],
    "en": [
        "More hands-on training at the workplace.",
        "Clear rules on what we may and may not do with AI.",
        "Time to experiment without falling behind on daily work.",
    ],
}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers_for(rng: random.Random, items: list[Item], level: float, language: str) -> list:
    """One respondent's answers around a latent attitude `level` (1-5)."""
    rows = []
    trait = rng.gauss(level, 0.7)
    audience_pk = next((i.pk for i in items if i.scale.kind == Scale.Kind.AUDIENCE), None)
    for item in items:
        kind = item.scale.kind
        if item.type == Item.Type.AGREEMENT:
            score = _clamp(trait + rng.gauss(0, 0.55), 1, 5)
            rows.append((item.pk, item.score(score), ""))
        elif kind == Scale.Kind.ENPS:
            rows.append((item.pk, _clamp((trait - 1) * 2.4 + rng.gauss(0.6, 1.4), 0, 10), ""))
        elif kind == Scale.Kind.PHASE:
            rows.append((item.pk, _clamp(trait - 1 + rng.gauss(0, 0.7), 1, 4), ""))
        elif kind == Scale.Kind.TEXT:
            if rng.random() < 0.3:
                rows.append((item.pk, None, rng.choice(COMMENTS.get(language, COMMENTS["en"]))))
        elif kind == Scale.Kind.AUDIENCE:
            rows.append((item.pk, rng.choices([1, 2, 3], weights=[12, 18, 70])[0], ""))
        elif kind == Scale.Kind.LEVELS:
            group = next((value for pk, value, _t in rows if pk == audience_pk), 3)
            offset = {1: 0.0, 2: 0.8, 3: -0.6}[group] if item.scale.key == "technical" else 0.0
            rows.append((item.pk, _clamp(trait - 1.8 + offset + rng.gauss(0, 0.6), 0, 3), ""))
        elif item.type == Item.Type.MULTIPLE:
            for option in item.options:
                if rng.random() < 0.4:
                    rows.append((item.pk, option["value"], ""))
    return rows


# Lower participation in a few units keeps them under the threshold in the demo.
LOW_PARTICIPATION = {"Management": 0.4, "Transport": 0.3, "Quality": 0.75, "Shops": 0.45}


def _respondents(departments: list[Department], rng: random.Random, rate: float) -> list:
    """(department, count) with realistic participation; small units stay small."""
    return [
        (
            d,
            int(
                d.headcount * LOW_PARTICIPATION.get(demo_name(d.name), rate) * rng.uniform(0.9, 1.1)
            ),
        )
        for d in departments
    ]


def _title(instrument: Instrument, language: str, number: int | None = None) -> str:
    """The instrument's name in the organisation's language, numbered like a series' waves."""
    name = instrument.in_language("name", language)
    return f"{name} #{number}" if number else name


def _wave(
    organisation: Organisation,
    instrument: Instrument,
    title: str,
    opens_at,
    days: int,
    *,
    departments: list[Department],
    rng: random.Random,
    level: float,
    rate: float,
    language: str,
    department_levels: dict[str, float],
) -> Wave:
    wave = Wave.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=title,
        mode=Wave.Mode.PERSONAL,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=days),
        reminder_days=[3, 5],
        opened_at=opens_at,  # invited below, so the opening task leaves it alone
    )
    items = list(instrument.items.select_related("scale", "instrument"))
    participations, responses, answers = [], [], []
    for department, count in _respondents(departments, rng, rate):
        invited = department.headcount
        for index in range(invited):
            nonce = uuid.uuid4().hex
            participations.append(
                Participation(
                    organisation=organisation,
                    wave=wave,
                    department=department,
                    email=f"staff-{department.pk}-{index}@{organisation.slug}.invalid",
                    language=language,
                    nonce=nonce,
                    token_hash=services.hash_token(nonce + wave.title),
                    invited_at=opens_at,
                    has_answered=index < count,
                )
            )
        for _ in range(min(count, invited)):
            response = Response(
                organisation=organisation, wave=wave, department=department, language=language
            )
            responses.append(response)
            shift = department_levels.get(demo_name(department.name), 0.0)
            for item_id, value, text in _answers_for(rng, items, level + shift, language):
                answers.append(
                    Answer(
                        organisation=organisation,
                        response=response,
                        wave=wave,
                        department=department,
                        item_id=item_id,
                        value=value,
                        text=text,
                    )
                )
    Participation.objects.bulk_create(participations, batch_size=500)
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(answers, batch_size=1000)
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load (it cannot see this transaction's rows):
        # without fresh statistics the release's UPDATE of 300,000 answers of a
        # 100-copy demo (seed_demo --copies) picks a plan that runs for minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_answer, assessments_response")
    # Publish the demo's results as the release task would (closed waves in full): the rows
    # were bulk-created, so no answer queued that task, and readers never release.
    release_due_results(wave=wave)
    return wave


def seed_surveys(organisation: Organisation, size: str = "full", **options) -> None:
    """Idempotent: an organisation that already has waves is left alone."""
    services.install_standard_instruments(organisation=organisation)
    if Wave.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(f"surveys-{organisation.slug}")
    instruments = {i.kind: i for i in Instrument.objects.filter(organisation=organisation)}
    departments = list(Department.objects.filter(organisation=organisation))
    language = organisation.default_language
    now = timezone.now()
    if size != "full":
        _wave(
            organisation,
            instruments[Instrument.Kind.PULSE],
            _title(instruments[Instrument.Kind.PULSE], language),
            now - timedelta(days=20),
            7,
            departments=departments,
            rng=rng,
            level=3.4,
            rate=0.5,
            language=language,
            department_levels={},
        )
        return
    # Warehouse starts sceptical and catches up; support leads.
    levels = {"Warehouse": -0.6, "Customer support": 0.35, "IT": 0.5, "Transport": -0.3}
    readiness = []
    for number, (days_ago, level) in enumerate([(300, 2.9), (180, 3.25), (45, 3.6)], start=1):
        readiness.append(
            _wave(
                organisation,
                instruments[Instrument.Kind.READINESS],
                _title(instruments[Instrument.Kind.READINESS], language, number),
                now - timedelta(days=days_ago),
                14,
                departments=departments,
                rng=rng,
                level=level,
                rate=0.62,
                language=language,
                department_levels=levels,
            )
        )
    for number in range(1, 7):
        days_ago = 30 * (6 - number) + 5
        _wave(
            organisation,
            instruments[Instrument.Kind.PULSE],
            _title(instruments[Instrument.Kind.PULSE], language, number),
            now - timedelta(days=days_ago),
            10 if number < 6 else 14,
            departments=departments,
            rng=rng,
            level=3.0 + 0.12 * number,
            rate=0.55,
            language=language,
            department_levels=levels,
        )
    _wave(
        organisation,
        instruments[Instrument.Kind.COMPETENCE],
        _title(instruments[Instrument.Kind.COMPETENCE], language),
        now - timedelta(days=70),
        21,
        departments=departments,
        rng=rng,
        level=3.3,
        rate=0.5,
        language=language,
        department_levels=levels,
    )
    owner = (
        Membership.objects.filter(organisation=organisation, role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    Action.objects.create(
        organisation=organisation,
        wave=readiness[0],
        scale_key="efficacy",
        finding="Change efficacy is lowest in the warehouse.",
        title="Hands-on AI clinics in the warehouse, run by the AI champions",
        owner=owner.user if owner else None,
        due_date=(now - timedelta(days=200)).date(),
        status=Action.Status.DONE,
        follow_up_wave=readiness[1],
    )
    Action.objects.create(
        organisation=organisation,
        wave=readiness[2],
        scale_key="commitment",
        finding="Commitment in transport lags behind the organisation.",
        title="Ride-along sessions showing route planning with AI",
        owner=owner.user if owner else None,
        due_date=(now + timedelta(days=30)).date(),
    )
