"""The audit trail speaks one vocabulary, in sentences, in the reader's language.

Every action is a member of `transformation.audit.AuditAction`; every write
of the "diff, set, save, audit" kind goes through `save_audited`.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from tests.governance.factories import UseCaseFactory
from transformation import services
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Department, Role, StepProgress

ROOT = Path(__file__).resolve().parents[2]
APPS = ("transformation", "assessments", "roi", "governance", "casestudies", "adoption")
WRITERS = {"record_audit_event", "save_audited"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """Requests here ask for German and Dutch; the language must not leak into later tests."""
    yield
    translation.activate("en")


def _service_calls():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name in WRITERS:
                        yield path.relative_to(ROOT), node


def test_every_audit_write_names_a_member_of_the_vocabulary():
    loose = []
    for path, call in _service_calls():
        if path.name == "audit.py":  # the helpers pass theirs through
            continue
        action = next((k.value for k in call.keywords if k.arg == "action"), None)
        names = [n for n in ast.walk(action) if isinstance(n, ast.Attribute)] if action else []
        if not names or any(getattr(n.value, "id", "") != "AuditAction" for n in names):
            loose.append(f"{path}:{call.lineno}")
    assert not loose, f"Pass AuditAction members, not text: {loose}"


def test_diff_set_save_audit_is_written_once():
    """Services call save_audited; nobody diffs and audits by hand any more."""
    by_hand = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path.name != "audit.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "diff_fields(" in line
    ]
    assert not by_hand


def test_a_free_text_action_is_refused(tenant):
    with scope(organisation=tenant.organisation), pytest.raises(ValueError):
        services.record_audit_event(
            organisation=tenant.organisation, actor=None, action="something.happened"
        )
    with scope(organisation=tenant.organisation):
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_every_action_reads_as_a_sentence_in_each_language(language):
    with translation.override("en"):
        english = {action: str(action.label) for action in AuditAction}
    with translation.override(language):
        for action in AuditAction:
            sentence = str(action.label)
            assert set(re.findall(r"%\((\w+)\)s", sentence)) <= {"actor", "target"}
            assert sentence % {"actor": "A", "target": "T"}
            if language != "en":
                assert sentence != english[action], f"{action.value} has no {language} sentence"
    assert len(set(english.values())) == len(english), "two actions share a sentence"


def test_codes_are_entity_dot_event_and_unique():
    for action in AuditAction:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*", action.value), action.value
    assert len(set(AuditAction.values)) == len(AuditAction.values)


def _progress_changed(tenant):
    from tests.transformation.test_roadmap import _programme

    _programme(tenant)
    with scope(organisation=tenant.organisation):
        progress = StepProgress.objects.select_related("department", "step").first()
        services.update_step_progress(
            progress=progress,
            actor=tenant.user(Role.CHAMPION),
            status="in_progress",
            planned_start=progress.planned_start,
            planned_end=progress.planned_end,
            actual_start=None,
            actual_end=None,
            note="Started",
        )
        return progress


def test_audit_page_reads_as_sentences_in_the_readers_language(tenants, client):
    own, other = tenants
    _progress_changed(other)
    progress = _progress_changed(own)
    with scope(organisation=own.organisation):
        label = AuditEvent.objects.for_target(progress).get().target_label
    client.force_login(own.user(Role.STEERING))
    url = reverse("governance:audit", kwargs={"org": own.slug})
    page = client.get(url, headers={"accept-language": "de"}).content.decode()
    champion = own.user(Role.CHAMPION).get_full_name()
    assert f"{champion} hat den Fortschritt von „{label}“ aktualisiert." in page
    assert "step_progress.changed" not in page
    assert "transformation.stepprogress #" not in page
    assert str(other.user(Role.CHAMPION).get_full_name()) not in page


def test_audit_filter_offers_translated_object_types(tenant, client):
    with scope(organisation=tenant.organisation):
        services.save_audited(
            UseCaseFactory.build(organisation=tenant.organisation, title="Triage"),
            actor=None,
            action=AuditAction.USE_CASE_CREATED,
            values={},
            validate=False,
        )
    client.force_login(tenant.user(Role.COORDINATOR))
    url = reverse("governance:audit", kwargs={"org": tenant.slug})
    page = client.get(url, headers={"accept-language": "de"}).content.decode()
    assert '<option value="governance.usecase">KI-Anwendungsfall</option>' in page
    assert "Ki-anwendungsfall" not in page
    assert "Das System hat den KI-Anwendungsfall „Triage“ registriert." in page


def test_csv_export_keeps_the_code_and_adds_the_sentence(tenant, client):
    with scope(organisation=tenant.organisation):
        services.save_department(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="Logistics",
            parent=None,
            headcount=8,
        )
    client.force_login(tenant.user(Role.COORDINATOR))
    url = reverse("governance:audit_export", kwargs={"org": tenant.slug})
    response = client.get(url, headers={"accept-language": "nl"})
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[-1] == "Gebeurtenis"
    assert row[2] == "department.created"  # the machine-readable code stays in its column
    coordinator = tenant.user(Role.COORDINATOR).get_full_name()
    assert row[-1] == f"{coordinator} heeft de afdeling ‘Logistics’ aangemaakt."


def test_rows_written_before_the_vocabulary_are_renamed_and_read_as_sentences(tenant):
    """The 0005 data migration: old app-prefixed codes become the vocabulary's."""
    state = MigrationLoader(connection).project_state(
        ("transformation", "0005_audit_action_vocabulary")
    )
    migration = MigrationLoader(connection).get_migration(
        "transformation", "0005_audit_action_vocabulary"
    )
    module = __import__(migration.__module__, fromlist=["forwards"])
    with scope(organisation=tenant.organisation):
        for old in ("roi.cost_added", "usecase.moved", "training.offer_changed"):
            AuditEvent.objects.create(
                organisation=tenant.organisation,
                actor_label="system",
                action=old,
                target_label="Pilot",
            )
        AuditEvent.objects.create(
            organisation=tenant.organisation, actor_label="a@b.example", action="legacy.thing"
        )
    module.forwards(state.apps, None)
    with scope(organisation=tenant.organisation), translation.override("en"):
        events = {e.action: e.sentence for e in AuditEvent.objects.order_by("pk")}
    assert events == {
        "cost.added": "The system added the cost “Pilot”.",
        "use_case.moved": "The system moved the AI use case “Pilot” to another lifecycle stage.",
        "training_offer.changed": "The system changed the training offer “Pilot”.",
        # A code nobody knows is shown as stored rather than hidden.
        "legacy.thing": "a@b.example: legacy.thing",
    }


def test_save_audited_saves_and_audits_only_what_changed(tenant):
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        sales = Department.objects.get(name="Sales")
        unchanged = services.save_audited(
            sales,
            actor=coordinator,
            action=AuditAction.DEPARTMENT_CHANGED,
            values={"name": "Sales", "headcount": 40},
        )
        changed = services.save_audited(
            sales,
            actor=coordinator,
            action=AuditAction.DEPARTMENT_CHANGED,
            values={"name": "Sales", "headcount": 45},
            extra_changes={"reason": "hiring"},
        )
        events = list(AuditEvent.objects.all())
        assert Department.objects.get(pk=sales.pk).headcount == 45
    assert unchanged == {}
    assert changed == {"headcount": [40, 45], "reason": "hiring"}
    assert [(e.action, e.changes, e.target_label) for e in events] == [
        ("department.changed", {"headcount": [40, 45], "reason": "hiring"}, "Sales")
    ]


def test_save_audited_writes_nothing_when_validation_fails(tenant):
    with scope(organisation=tenant.organisation):
        sales = Department.objects.get(name="Sales")
        support = Department.objects.get(name="Support")
        support.parent = sales
        support.save()
        with pytest.raises(ValidationError):
            services.save_audited(
                sales,
                actor=None,
                action=AuditAction.DEPARTMENT_CHANGED,
                values={"parent": support},
            )
        assert Department.objects.get(pk=sales.pk).parent is None
        assert not AuditEvent.objects.exists()
