"""The audit trail of issue 17's workflows speaks main's vocabulary: one row per real change,
a sentence in the reader's language, and no long texts that may name people."""

from datetime import date

import pytest
from django.utils import translation
from django_scopes import scope

from governance import services
from governance.duty_forms import IncidentForm
from governance.models import WorksAgreement
from governance.services import consultations, incidents, information_pack
from tests.governance.factories import UseCaseFactory
from tests.governance.test_consultation import save
from tests.governance.test_incidents import AWARE, NOW, make_use_case, record
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Role

AGREEMENT = {
    "kind": "framework",
    "reference": "RBV-7",
    "title": "KI-Assistenten",
    "categories": ["assistant"],
    "concluded_on": date(2026, 3, 1),
    "valid_until": None,
    "document": None,
}


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def _sentences(organisation, language):
    with scope(organisation=organisation), translation.override(language):
        return [(e.action, e.sentence) for e in AuditEvent.objects.order_by("pk")]


def test_consultation_agreement_and_pack_are_audited_once_per_change_in_sentences(tenant):
    coordinator = tenant.user(Role.COORDINATOR)
    name = coordinator.get_full_name()
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation,
            department=tenant.departments["Support"],
            title="Pick routes",
        )
        services.classify_use_case(
            use_case=use_case, actor=None, answers={"used_at_workplace": True}
        )
        before = AuditEvent.objects.count()
    for _ in range(2):  # the second save changes nothing and writes nothing
        save(tenant, use_case, participants="Betriebsrat: J. Hoffmann")
        with scope(organisation=tenant.organisation):
            consultations.save_works_agreement(
                organisation=tenant.organisation,
                actor=coordinator,
                agreement=WorksAgreement.objects.filter(reference="RBV-7").first(),
                values=dict(AGREEMENT),
            )
    with scope(organisation=tenant.organisation):
        information_pack.request_information_pack(
            use_case=use_case, actor=coordinator, language="nl"
        )
        written = AuditEvent.objects.count() - before
    events = _sentences(tenant.organisation, "de")[-written:]
    assert events == [
        (
            "consultation.saved",
            f"{name} hat die Beteiligung des Betriebsrats zu „Pick routes“ aktualisiert.",
        ),
        (
            "works_agreement.created",
            f"{name} hat die Betriebsvereinbarung „RBV-7 · KI-Assistenten“ erfasst.",
        ),
        (
            "information_pack.requested",
            f"{name} hat das Informationspaket für den Betriebsrat zu „Pick routes“ als PDF "
            "angefordert.",
        ),
    ]


def test_an_incident_is_audited_in_sentences_without_its_long_texts(tenant):
    coordinator = tenant.user(Role.COORDINATOR)
    name = coordinator.get_full_name()
    story = "Customer names were shown to other customers. " * 10  # may name people
    with scope(organisation=tenant.organisation):
        before = AuditEvent.objects.count()
    incident = record(tenant, make_use_case(tenant, None), title="Leaked names", breach_risk="risk")
    with scope(organisation=tenant.organisation):
        values = {name: getattr(incident, name) for name in IncidentForm._meta.fields}
        del values["use_case"]
        incidents.update_incident(
            incident=incident, actor=coordinator, values=dict(values), now=NOW
        )  # nothing changed: no row
        incidents.update_incident(
            incident=incident,
            actor=coordinator,
            values={**values, "description": story, "affected_count": 3},
            now=NOW,
        )
        incidents.record_report(
            incident=incident, actor=coordinator, clock="dpa", when=AWARE, now=NOW
        )
        action = incidents.add_corrective_action(
            incident=incident, actor=coordinator, description="Purge the cache"
        )
        incidents.complete_corrective_action(action=action, actor=coordinator)
        incidents.close_incident(
            incident=incident, actor=coordinator, note="Cache purged.", follow_up="none"
        )
        written = list(AuditEvent.objects.order_by("pk"))[before:]
    changed = next(event for event in written if event.action == AuditAction.INCIDENT_CHANGED)
    assert changed.changes == {"description": "…", "affected_count": 3}
    assert all("Customer names" not in str(event.changes) for event in written)
    assert _sentences(tenant.organisation, "nl")[-len(written) :] == [
        ("incident.recorded", f"{name} heeft het incident ‘Leaked names’ vastgelegd."),
        ("incident.changed", f"{name} heeft het incident ‘Leaked names’ gewijzigd."),
        (
            "incident.reported",
            f"{name} heeft een melding over het incident ‘Leaked names’ vastgelegd.",
        ),
        (
            "incident.action_added",
            f"{name} heeft een corrigerende maatregel toegevoegd aan het incident ‘Leaked names’.",
        ),
        (
            "incident.action_done",
            f"{name} heeft een corrigerende maatregel van het incident ‘Leaked names’ afgerond.",
        ),
        ("incident.closed", f"{name} heeft het incident ‘Leaked names’ afgesloten."),
    ]
