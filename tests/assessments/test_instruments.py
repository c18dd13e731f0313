import copy
import json

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Instrument, Item
from tests.assessments.factories import open_wave
from tests.assessments.test_scoring import ALPHA_INSTRUMENT


def test_install_standard_instruments_ships_four_in_three_languages(scoped, instruments):
    assert set(instruments) == {"readiness", "pulse", "acceptance", "competence"}
    readiness = instruments["readiness"]
    counts = {s.key: s.items.count() for s in readiness.scales.all()}
    assert counts == {"commitment": 5, "efficacy": 7, "comment": 1}
    pulse_scales = {s.key: s.kind for s in instruments["pulse"].scales.all()}
    assert pulse_scales == {
        "enps": "enps",
        "ai-sentiment": "mean",
        "culture-phase": "phase",
        "open-question": "text",
    }
    competence_scales = set(instruments["competence"].scales.values_list("key", flat=True))
    assert {"technical", "methodical", "social", "audience-group"} == competence_scales
    assert instruments["acceptance"].subject == "Microsoft 365 Copilot"
    for item in Item.objects.select_related("instrument"):
        assert item.text_en and item.text_de and item.text_nl, item.key
        for option in item.options:
            assert option["en"] and option["de"] and option["nl"]
    types = set(Item.objects.values_list("type", flat=True))
    assert types == {"agreement5", "scale10", "single", "multiple", "text"}
    assert Item.objects.filter(reverse=True).count() >= 2


def test_install_standard_instruments_is_idempotent(scoped, instruments):
    assert services.install_standard_instruments(organisation=scoped.organisation) == []
    assert Instrument.objects.count() == 4


def test_named_tool_appears_in_item_text(scoped, instruments):
    item = instruments["acceptance"].items.get(key="usefulness-1")
    assert item.text_in("de") == "Mit Microsoft 365 Copilot erledige ich Aufgaben schneller."


def test_import_with_errors_is_refused_whole_and_lists_every_error(scoped):
    broken = copy.deepcopy(ALPHA_INSTRUMENT)
    broken["scales"][0]["items"][0]["type"] = "slider"
    broken["scales"][0]["items"][1]["text"] = {"de": "Nur Deutsch"}
    broken["scales"][0]["items"][2]["key"] = "t1"
    with pytest.raises(services.InstrumentImportError) as error:
        services.import_instrument(organisation=scoped.organisation, actor=None, data=broken)
    assert error.value.messages == [
        "scales[0].items[0].type: must be one of agreement5, scale10, single, multiple, text.",
        "scales[0].items[1].text: the English text is required.",
        'scales[0].items[2].key: "t1" is used twice.',
    ]
    assert Instrument.objects.count() == 0


def test_import_view_lists_errors_and_creates_nothing(scoped, client_for):
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:instrument_import", kwargs={"org": scoped.slug})
    response = client.post(url, {"definition": '{"format": "wrong", "scales": []}'})
    assert response.status_code == 422
    page = response.content.decode()
    assert "The import was refused" in page
    assert "scales: at least one scale is required." in page
    assert "name: required, up to 200 characters." in page
    assert Instrument.objects.count() == 0


def test_export_and_import_round_trip_creates_next_version(scoped, instruments, client_for):
    client = client_for(scoped.user("coordinator"))
    pulse = instruments["pulse"]
    url = reverse("assessments:instrument_export", kwargs={"org": scoped.slug, "pk": pulse.pk})
    exported = json.loads(client.get(url).content)
    assert exported["key"] == "ai-pulse"
    imported = services.import_instrument(
        organisation=scoped.organisation, actor=None, data=exported
    )
    assert (imported.key, imported.version) == ("ai-pulse", 2)
    assert services.export_instrument(instrument=imported) == exported


def test_copy_creates_an_independent_instrument(scoped, instruments):
    copy_ = services.copy_instrument(
        instrument=instruments["acceptance"], actor=scoped.user("coordinator")
    )
    assert copy_.key == "technology-acceptance-copy"
    assert copy_.version == 1
    assert copy_.name == "Technology acceptance (copy)"
    assert copy_.items.count() == instruments["acceptance"].items.count()


def test_editing_a_used_instrument_creates_a_new_version(scoped, instruments, client_for):
    pulse = instruments["pulse"]
    open_wave(scoped.organisation, pulse)
    data = services.export_instrument(instrument=pulse)
    data["scales"][1]["items"][0]["text"]["en"] = "AI tools save me time."
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:instrument_edit", kwargs={"org": scoped.slug, "pk": pulse.pk})
    response = client.post(url, {"definition": json.dumps(data)})
    assert response.status_code == 302
    new = Instrument.objects.get(key="ai-pulse", version=2)
    assert new.items.get(key="sentiment-easier").text_en == "AI tools save me time."
    assert pulse.items.get(key="sentiment-easier").text_en == "AI tools make my work easier."


def test_editing_an_unused_instrument_keeps_its_version(scoped, instruments):
    data = services.export_instrument(instrument=instruments["competence"])
    data["name"] = "Skills check"
    updated = services.update_instrument(
        instrument=instruments["competence"], actor=scoped.user("coordinator"), data=data
    )
    assert (updated.name, updated.version) == ("Skills check", 1)
    assert Instrument.objects.filter(key="competence-self-assessment").count() == 1
