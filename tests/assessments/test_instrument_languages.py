"""Instrument name, description and construct source in English, German and Dutch."""

import copy
import importlib
import json
import re

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Instrument, Wave
from tests.assessments.factories import open_wave
from tests.assessments.test_scoring import ALPHA_INSTRUMENT
from tests.factories import MembershipFactory, UserFactory
from transformation.models import Role

MULTILINGUAL = {
    **copy.deepcopy(ALPHA_INSTRUMENT),
    "name": {"en": "Warehouse check", "de": "Lager-Stimmungsbild", "nl": "Magazijnpeiling"},
    "description": {"en": "How the warehouse feels.", "de": "Wie es dem Lager geht."},
    "source": {"en": "Own items.", "de": "Eigene Fragen.", "nl": "Eigen vragen."},
}
PULSE_NAMES = {"en": "AI pulse", "de": "KI-Puls", "nl": "AI-pulse"}
LINK = re.compile(r"http://testserver(/s/[\w-]+/)")


def test_import_of_plain_strings_is_the_text_for_every_language(scoped):
    data = {**copy.deepcopy(ALPHA_INSTRUMENT), "description": "Old file.", "source": "Own."}
    instrument = services.import_instrument(organisation=scoped.organisation, actor=None, data=data)
    assert instrument.texts("name") == {
        "en": "Alpha example",
        "de": "Alpha example",
        "nl": "Alpha example",
    }
    assert instrument.texts("description") == {
        "en": "Old file.",
        "de": "Old file.",
        "nl": "Old file.",
    }
    with translation.override("de"):
        assert (instrument.name, instrument.source) == ("Alpha example", "Own.")


def test_import_of_language_dicts_keeps_each_language_with_english_fallback(scoped):
    instrument = services.import_instrument(
        organisation=scoped.organisation, actor=None, data=copy.deepcopy(MULTILINGUAL)
    )
    assert instrument.texts("name") == MULTILINGUAL["name"]
    assert instrument.texts("description") == {
        "en": "How the warehouse feels.",
        "de": "Wie es dem Lager geht.",
        "nl": "",
    }
    with translation.override("de"):
        assert (instrument.name, instrument.description, instrument.source) == (
            "Lager-Stimmungsbild",
            "Wie es dem Lager geht.",
            "Eigene Fragen.",
        )
        assert str(instrument) == "Lager-Stimmungsbild (v1)"
    with translation.override("nl"):
        assert (instrument.name, instrument.description) == (
            "Magazijnpeiling",
            "How the warehouse feels.",
        )
    assert instrument.in_language("name", "fr") == "Warehouse check"


def test_import_refuses_instrument_texts_without_english_or_too_long(scoped):
    data = copy.deepcopy(MULTILINGUAL)
    data["name"] = {"de": "Nur Deutsch"}
    data["description"] = ["not", "text"]
    data["source"] = {"en": "x" * 301, "de": 7}
    with pytest.raises(services.InstrumentImportError) as error:
        services.import_instrument(organisation=scoped.organisation, actor=None, data=data)
    assert error.value.messages == [
        "name: the English text is required.",
        'description: give the text as {"en": ..., "de": ..., "nl": ...} or as one text.',
        "source.de: must be text.",
        "source: up to 300 characters in each language.",
    ]
    assert Instrument.objects.count() == 0


def test_export_writes_the_language_dicts_and_round_trips(scoped, instruments):
    exported = services.export_instrument(instrument=instruments["pulse"])
    assert exported["name"] == PULSE_NAMES
    assert exported["source"]["de"] == (
        "eNPS (Promotoren 9–10 minus Kritiker 0–6); Kulturphasen aus dem Playbook des "
        "Programms (Skepsis, punktuelles Ausprobieren, aktive Nutzung, Integration)."
    )
    imported = services.import_instrument(
        organisation=scoped.organisation, actor=None, data=exported
    )
    assert imported.version == 2
    assert services.export_instrument(instrument=imported) == exported


def test_every_shipped_instrument_has_german_and_dutch_texts(scoped, instruments):
    for instrument in instruments.values():
        for field in ("name", "description", "source"):
            texts = instrument.texts(field)
            assert texts["en"] and texts["de"] and texts["nl"], (instrument.key, field)
            assert texts["de"] != texts["en"] and texts["nl"] != texts["en"], (
                instrument.key,
                field,
            )


def test_copy_names_the_copy_in_every_language(scoped, instruments):
    copy_ = services.copy_instrument(instrument=instruments["pulse"], actor=None)
    assert copy_.texts("name") == {
        "en": "AI pulse (copy)",
        "de": "KI-Puls (Kopie)",
        "nl": "AI-pulse (kopie)",
    }
    assert copy_.texts("source") == instruments["pulse"].texts("source")


def test_edit_form_shows_and_saves_the_language_dicts(scoped, client_for):
    instrument = services.import_instrument(
        organisation=scoped.organisation, actor=None, data=copy.deepcopy(MULTILINGUAL)
    )
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:instrument_edit", kwargs={"org": scoped.slug, "pk": instrument.pk})
    page = client.get(url).content.decode()
    assert "&quot;de&quot;: &quot;Lager-Stimmungsbild&quot;" in page
    data = services.export_instrument(instrument=instrument)
    data["name"]["nl"] = "Peiling magazijn"
    assert client.post(url, {"definition": json.dumps(data)}).status_code == 302
    assert Instrument.objects.get(key=instrument.key).texts("name") == {
        "en": "Warehouse check",
        "de": "Lager-Stimmungsbild",
        "nl": "Peiling magazijn",
    }


def test_instruments_page_reads_in_german_and_dutch(scoped, instruments, client_for):
    services.import_instrument(
        organisation=scoped.organisation, actor=None, data=copy.deepcopy(MULTILINGUAL)
    )
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:instruments", kwargs={"org": scoped.slug})
    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert "Lager-Stimmungsbild" in german and "Warehouse check" not in german
    assert "Eine kurze, regelmäßige Abfrage: Würden die Mitarbeitenden" in german
    assert "A short, regular check" not in german
    client.cookies["django_language"] = "nl"
    dutch = client.get(url).content.decode()
    assert "Magazijnpeiling" in dutch and "Lager-Stimmungsbild" not in dutch
    assert "Een korte, regelmatige peiling" in dutch
    # No Dutch description: the English one stands in.
    assert "How the warehouse feels." in dutch


def test_instrument_page_reads_in_german(scoped, instruments, client_for):
    client = client_for(scoped.user("coordinator"))
    client.cookies["django_language"] = "de"
    pk = instruments["acceptance"].pk
    page = client.get(reverse("assessments:instrument", kwargs={"org": scoped.slug, "pk": pk}))
    body = page.content.decode()
    assert "<h1>Technologieakzeptanz" in body
    assert "Konstrukt: Technologieakzeptanz (Davis 1989)" in body


def test_works_council_page_shows_construct_sources_in_the_readers_language(
    scoped, instruments, client_for
):
    services.import_instrument(
        organisation=scoped.organisation, actor=None, data=copy.deepcopy(MULTILINGUAL)
    )
    client = client_for(scoped.user("employee"))
    url = reverse("assessments:works_council", kwargs={"org": scoped.slug})
    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert "Lager-Stimmungsbild (v1)" in german
    assert "Eigene Fragen." in german
    assert (
        "Konstrukt: organisationale Veränderungsbereitschaft (Shea et al. 2014, "
        "Implementation Science 9:7)"
    ) in german
    assert "Construct: organisational readiness for change" not in german
    client.cookies["django_language"] = "nl"
    dutch = client.get(url).content.decode()
    assert "Magazijnpeiling (v1)" in dutch and "Eigen vragen." in dutch
    assert "Construct: technologieacceptatie (Davis 1989)" in dutch


def test_default_wave_title_is_the_name_in_the_organisations_language(scoped, instruments):
    scoped.organisation.default_language = "de"
    scoped.organisation.save(update_fields=["default_language"])
    wave = open_wave(scoped.organisation, instruments["pulse"], title="")
    assert wave.title == "KI-Puls"
    with translation.override("nl"):
        assert wave.display_title == "AI-pulse"
    series = services.create_pulse_series(
        organisation=scoped.organisation,
        actor=scoped.user("coordinator"),
        instrument=instruments["pulse"],
        cadence="monthly",
        starts_at=wave.opens_at,
    )
    assert series.title == "KI-Puls"
    started = services.start_due_series_wave(series=series)
    assert started.title == "KI-Puls #1"
    with translation.override("en"):
        assert started.display_title == "AI pulse #1"
    # A title of the coordinator's own is never translated.
    named = open_wave(scoped.organisation, instruments["pulse"], title="KI-Puls Lager")
    with translation.override("nl"):
        assert named.display_title == "KI-Puls Lager"


def test_wave_form_without_title_uses_the_instrument_name(scoped, instruments, client_for):
    client = client_for(scoped.user("coordinator"))
    client.cookies["django_language"] = "de"
    response = client.post(
        reverse("assessments:wave_create", kwargs={"org": scoped.slug}),
        {
            "instrument": instruments["readiness"].pk,
            "title": "",
            "mode": Wave.Mode.KIOSK,
            "opens_at": "2026-01-05T09:00",
            "closes_at": "2026-01-19T09:00",
            "reminder_days": "3, 5",
        },
    )
    assert response.status_code == 302
    # The organisation's language (English here), not the coordinator's.
    assert Wave.objects.get().title == "Change readiness"
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Veränderungsbereitschaft</h1>" in page


def test_invitation_and_answering_page_use_the_respondents_language(
    scoped, instruments, client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="nl@acme.example", language="nl")
    MembershipFactory(organisation=scoped.organisation, user=user, role=Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL, title="")
    dutch = next(m for m in mail.outbox if m.to == ["nl@acme.example"])
    assert "een korte enquête: AI-pulse." in dutch.body
    english = next(m for m in mail.outbox if m.to == [scoped.user("employee").email])
    assert "a short survey: AI pulse." in english.body
    page = client.get(LINK.search(dutch.body).group(1)).content.decode()
    assert "<h1>AI-pulse</h1>" in page


def test_migration_fills_german_and_dutch_from_the_shipped_texts(scoped):
    migration = importlib.import_module(
        "assessments.migrations.0003_instrument_texts_in_three_languages"
    )
    shipped = Instrument.objects.create(
        organisation=scoped.organisation,
        key="ai-pulse",
        name_en="AI pulse",
        description_en="Our own description.",
        source_en=(
            "eNPS (promoters 9-10 minus detractors 0-6); culture phases from the programme "
            "playbook (scepticism, selective trying, active use, integration)."
        ),
    )
    own = Instrument.objects.create(
        organisation=scoped.organisation, key="own", name_en="Hausumfrage", source_en=""
    )
    with scopes_disabled():
        migration.fill_german_and_dutch(apps, None)
    shipped.refresh_from_db()
    own.refresh_from_db()
    assert shipped.texts("name") == PULSE_NAMES
    assert shipped.texts("description") == {
        "en": "Our own description.",
        "de": "Our own description.",
        "nl": "Our own description.",
    }
    assert shipped.source_nl.startswith("eNPS (promotors 9–10 min criticasters 0–6)")
    assert own.texts("name") == {"en": "Hausumfrage", "de": "Hausumfrage", "nl": "Hausumfrage"}
    assert own.texts("source") == {"en": "", "de": "", "nl": ""}
