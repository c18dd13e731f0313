"""Other apps add lines to a case-study draft through casestudies' registry."""

import pytest
from django.utils import translation
from django_scopes import scope

from casestudies.drafting import draft_content
from casestudies.registry import DraftAddition, DraftSource, draft_sources
from tests.casestudies.builders import use_case


@pytest.fixture
def only_test_sources():
    saved = dict(draft_sources.items)
    draft_sources.items = {}
    yield
    draft_sources.items = saved


def test_registered_sources_add_to_change_approach_and_notes(tenant, only_test_sources):
    seen = []

    def lessons(case):
        seen.append((case.pk, translation.get_language()))
        return DraftAddition(change_approach=["Retrospective held"], notes=["We start smaller."])

    draft_sources.register(DraftSource(key="test", addition=lessons))
    organisation = tenant.organisation
    organisation.default_language = "de"
    organisation.save()
    with scope(organisation=organisation):
        pilot = use_case(organisation, title="Triage")
        content = draft_content(pilot)

    assert seen == [(pilot.pk, "de")]
    assert content.fields["change_approach_de"][-1] == "Retrospective held"
    assert content.fields["notes_de"].endswith("\n\nWe start smaller.")


def test_without_sources_the_notes_are_the_classification_note(tenant, only_test_sources):
    with scope(organisation=tenant.organisation):
        pilot = use_case(tenant.organisation, title="Triage")
        content = draft_content(pilot)
    assert content.fields["notes_en"] == "The use case has not been classified under the EU AI Act."
