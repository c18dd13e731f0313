"""An organisation's data, whole: export to an archive and import it elsewhere.

The demo is seeded once for the module (NordTec, plus the bakery whose data
must never travel with it). The round trip deletes NordTec after exporting
it, as a move to a fresh installation would leave it, imports the archive
and reads every page again: the visible text must be the same. The other
tests play the sceptic: a tampered archive, another organisation's export,
the files, the secrets and the survey answers' anonymity.
"""

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models, transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.crawl import demo_member, pages
from transformation.models import (
    AuditEvent,
    Organisation,
    ReportSettings,
    Role,
    StepEvidence,
    StepProgress,
    User,
)
from transformation.services import delete_organisation, owned_rows, portability

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
NUMBER = re.compile(r"/\d+(?=/)")
# A stored file's name holds its organisation's id and a random part: new on import.
STORED_NAME = re.compile(r"\b[a-z]+/\d+/[0-9a-f]{32}\b")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisations with a logo and a piece of step evidence on file, rolled back
    after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        nordtec = Organisation.objects.get(slug="nordtec")
        with scope(organisation=nordtec):
            settings_row = ReportSettings.objects.get(organisation=nordtec)
            settings_row.logo.save("logo.png", ContentFile(b"logo"), save=True)
            progress = StepProgress.objects.order_by("pk").first()
            StepEvidence.objects.create(
                organisation=nordtec,
                progress=progress,
                title="Workshop minutes.pdf",
                file=ContentFile(b"minutes", name="minutes.pdf"),
                size=7,
                content_type="application/pdf",
            )
        buffer = io.BytesIO()
        portability.export_organisation(organisation=nordtec, actor=None, out=buffer)
        yield buffer.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def archive(demo) -> bytes:
    """NordTec's archive, exported once for the module."""
    return demo


@pytest.fixture
def on_file(demo):
    """Every file the demo rows name, in the test's fresh storage, each with its own bytes."""
    with scopes_disabled():
        names = [
            name
            for organisation in Organisation.objects.all()
            for name in portability_files(organisation)
        ]
    for name in names:
        default_storage.save(name, ContentFile(b"%PDF-1.7 bytes of " + name.encode()))
    return names


def export(organisation: Organisation) -> bytes:
    buffer = io.BytesIO()
    portability.export_organisation(organisation=organisation, actor=None, out=buffer)
    return buffer.getvalue()


def archive_json(archive: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(archive)) as content:
        return json.loads(content.read(name))


def rewritten(archive: bytes, change) -> io.BytesIO:
    """The archive with `change(files)` applied to its {name: bytes}."""
    with zipfile.ZipFile(io.BytesIO(archive)) as content:
        files = {name: content.read(name) for name in content.namelist()}
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as content:
        for name, data in files.items():
            content.writestr(name, data)
    out.seek(0)
    return out


def page_texts(client, organisation: Organisation, language: str = "en") -> dict[str, str]:
    """{page address with ids taken out: visible text} of every page the crawl reaches."""
    start = f"/o/{organisation.slug}/"
    found = {}
    for url, text in pages(client, start, language):
        key = NUMBER.sub("/#", UUID.sub("#", url.removeprefix(start)))
        found[key] = STORED_NAME.sub("<file>", " ".join(text.split()))
    return found


def stored_files_by_hash(organisation: Organisation) -> dict[str, bytes]:
    files = {}
    for name in portability_files(organisation):
        with default_storage.open(name, "rb") as file:
            data = file.read()
        files[hashlib.sha256(data).hexdigest()] = data
    return files


def portability_files(organisation: Organisation) -> list[str]:
    from transformation.services import stored_files

    return stored_files(organisation)


def row_counts(organisation: Organisation) -> dict[str, int]:
    return {
        model._meta.label_lower: len(pks)
        for model, pks in owned_rows(organisation).items()
        if model is not Organisation and pks
    }


def everything() -> dict[str, int]:
    """How many rows each table of the installation holds."""
    from django.apps import apps

    with scopes_disabled():
        return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_round_trip_shows_every_page_the_same(on_file, db, client):
    nordtec, coordinator = demo_member(Role.COORDINATOR)
    _, employee = demo_member(Role.EMPLOYEE)
    # The coordinator reads in German too: dates, numbers and sentences of the other language.
    readers = {("coordinator", "en"): coordinator, ("coordinator", "de"): coordinator}
    readers[("employee", "en")] = employee
    before = {}
    for (role, language), user in readers.items():
        client.force_login(user)
        before[role, language] = page_texts(client, nordtec, language)
    counts_before = row_counts(nordtec)
    files_before = stored_files_by_hash(nordtec)
    archive = export(nordtec)
    # A fresh installation: the organisation is gone, the accounts are matched by e-mail.
    delete_organisation(organisation=nordtec, actor=coordinator, confirmation="nordtec")
    assert not Organisation.objects.filter(slug="nordtec").exists()

    imported = portability.import_organisation(archive=io.BytesIO(archive))

    assert imported.slug == "nordtec" and imported.pk != nordtec.pk
    with scopes_disabled():
        event = AuditEvent.objects.get(organisation=imported, action="organisation.imported")
        # The one row the import adds; the original's trail did not have it.
        models.QuerySet(AuditEvent).filter(pk=event.pk).delete()
    # Not carried: the channel's credential and used form tokens; notifications are rebuilt.
    skipped = {"transformation.channelwebhook", "assessments.submissiontoken"}
    assert row_counts(imported) == {
        label: count for label, count in counts_before.items() if label not in skipped
    }
    assert stored_files_by_hash(imported) == files_before
    assert len(before["coordinator", "de"]) >= 60, sorted(before["coordinator", "de"])
    assert len(before["employee", "en"]) >= 10, sorted(before["employee", "en"])
    for reader, user in readers.items():
        client.force_login(user)
        after = page_texts(client, imported, reader[1])
        assert sorted(after) == sorted(before[reader]), reader
        differing = [url for url in after if after[url] != before[reader][url]]
        assert not differing, "\n\n".join(
            f"{reader} {url}\n- {before[reader][url]}\n+ {after[url]}" for url in differing[:3]
        )


def test_files_travel_byte_identical_under_new_names(on_file, db):
    nordtec = Organisation.objects.get(slug="nordtec")
    archive = export(nordtec)
    manifest = archive_json(archive, "manifest.json")
    assert len(manifest["files"]) == len(portability_files(nordtec)) >= 2
    with zipfile.ZipFile(io.BytesIO(archive)) as content:
        for name, facts in manifest["files"].items():
            data = content.read(f"files/{name}")
            assert hashlib.sha256(data).hexdigest() == facts["sha256"]
            with default_storage.open(name, "rb") as file:
                assert file.read() == data

    copy = portability.import_organisation(archive=io.BytesIO(archive), slug="nordtec-copy")

    new_names = portability_files(copy)
    assert not set(new_names) & set(portability_files(nordtec))
    assert all(f"/{copy.pk}/" in name for name in new_names)
    assert stored_files_by_hash(copy) == stored_files_by_hash(nordtec)


def test_an_export_holds_only_its_own_organisations_rows(on_file, db):
    nordtec = Organisation.objects.get(slug="nordtec")
    bakkerij = Organisation.objects.get(slug="bakkerij")
    nordtec_rows = {
        (model._meta.label_lower, str(pk))
        for model, pks in owned_rows(nordtec).items()
        for pk in pks
    }
    archive = export(bakkerij)

    rows = archive_json(archive, "data/rows.json")
    assert rows, "the bakery has data of its own"
    assert not {(row["model"], str(row["pk"])) for row in rows} & nordtec_rows
    assert {row["fields"]["organisation"] for row in rows if "organisation" in row["fields"]} == {
        bakkerij.pk
    }
    emails = {user["email"] for user in archive_json(archive, "data/users.json")}
    assert "coordinator@demo.example" not in emails
    assert {"coordinator@bakkerij.example", "consultant@demo.example"} <= emails
    with zipfile.ZipFile(io.BytesIO(archive)) as content:
        text = b"".join(content.read(name) for name in content.namelist())
    assert b"NordTec" not in text and b"nordtec" not in text


def test_no_secret_and_no_link_from_an_answer_to_a_person_travels(archive, db):
    users = archive_json(archive, "data/users.json")
    assert {key for user in users for key in user} == {"pk", "email", "full_name", "language"}
    rows = archive_json(archive, "data/rows.json")
    fields = {}
    for row in rows:
        fields.setdefault(row["model"], set()).update(row["fields"])
    assert fields["assessments.response"] == {
        "organisation",
        "wave",
        "department",
        "language",
        "release",
        "is_mixed",  # whether its rows were rewritten with the wave's (services.mixing)
    }
    assert not fields["assessments.participation"] & {"nonce", "token_hash"}
    assert "assessments.submissiontoken" not in fields
    assert "transformation.channelwebhook" not in fields
    with zipfile.ZipFile(io.BytesIO(archive)) as content:
        names = content.namelist()
    assert not [name for name in names if "session" in name or "password" in name]
    assert b"pbkdf2" not in b"".join(
        zipfile.ZipFile(io.BytesIO(archive)).read(name) for name in names if name.endswith(".json")
    )


def _tamper_organisation(files):
    bakkerij = Organisation.objects.get(slug="bakkerij")
    rows = json.loads(files["data/rows.json"])
    late = [row for row in rows if row["model"] == "governance.usecase"][-1]
    late["fields"]["organisation"] = bakkerij.pk
    files["data/rows.json"] = json.dumps(rows).encode()


def _tamper_reference(files):
    """A late row points at the bakery's department, an id the archive does not hold."""
    from transformation.models import Department

    bakkerij = Organisation.objects.get(slug="bakkerij")
    with scopes_disabled():
        foreign = Department.objects.filter(organisation=bakkerij).first()
    rows = json.loads(files["data/rows.json"])
    late = [row for row in rows if row["model"] == "adoption.usagerecord"][-1]
    late["fields"]["department"] = foreign.pk
    files["data/rows.json"] = json.dumps(rows).encode()


def _tamper_unowned(files):
    """A case study without an organisation would be in every organisation's library."""
    rows = json.loads(files["data/rows.json"])
    case = next(row for row in rows if row["model"] == "casestudies.casestudy")
    case["fields"].update(organisation=None, source="published", status="published")
    files["data/rows.json"] = json.dumps(rows).encode()


def _tamper_kind(files):
    rows = json.loads(files["data/rows.json"])
    rows.append({"model": "transformation.user", "pk": 999, "fields": {"email": "x@y.example"}})
    files["data/rows.json"] = json.dumps(rows).encode()


def _tamper_file(files):
    name = next(name for name in files if name.startswith("files/"))
    files[name] = files[name] + b"tampered"


def _newer_format(files):
    manifest = json.loads(files["manifest.json"])
    manifest["format_version"] = portability.FORMAT_VERSION + 1
    files["manifest.json"] = json.dumps(manifest).encode()


def _newer_schema(files):
    manifest = json.loads(files["manifest.json"])
    manifest["migrations"]["governance"] = "9999_from_the_future"
    files["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_tamper_organisation, "names another organisation"),
        (_tamper_reference, "refers to a row it does not hold"),
        (_tamper_unowned, "belongs to no organisation"),
        (_tamper_kind, "a kind no organisation owns"),
        (_tamper_file, "does not match its checksum"),
        (_newer_format, "made by a newer version of the application"),
        (_newer_schema, "newer database schema (governance: 9999_from_the_future)"),
    ],
)
def test_a_tampered_or_newer_archive_is_refused_and_nothing_is_saved(archive, db, tamper, message):
    tables = everything()
    storage_before = _listing()

    with pytest.raises(portability.ArchiveRefused) as refusal:
        portability.import_organisation(archive=rewritten(archive, tamper), slug="intruder")

    assert message in refusal.value.messages[0]
    assert everything() == tables
    assert _listing() == storage_before
    assert not Organisation.objects.filter(slug="intruder").exists()


def _listing() -> set[str]:
    found, folders = set(), [""]
    while folders:
        folder = folders.pop()
        subfolders, files = default_storage.listdir(folder)
        found.update(f"{folder}{name}" for name in files)
        folders.extend(f"{folder}{name}/" for name in subfolders)
    return found


def test_a_short_name_in_use_is_refused_and_another_accepted(archive, db):
    nordtec = Organisation.objects.get(slug="nordtec")
    with pytest.raises(portability.ArchiveRefused) as refusal:
        portability.import_organisation(archive=io.BytesIO(archive))
    assert "short name “nordtec” exists already" in refusal.value.messages[0]

    copy = portability.import_organisation(archive=io.BytesIO(archive), slug="nordtec-2")

    assert (copy.name, copy.slug) == (nordtec.name, "nordtec-2")
    # Existing accounts are matched by e-mail, not duplicated; nobody gets a password.
    assert User.objects.filter(email="coordinator@demo.example").count() == 1
    with scopes_disabled():
        members = set(copy.memberships.values_list("user__email", flat=True))
    assert "coordinator@demo.example" in members


def test_people_new_to_the_installation_get_accounts_without_a_password(archive, db):
    renamed = rewritten(archive, _rename_people)

    copy = portability.import_organisation(archive=renamed, slug="elsewhere")

    with scopes_disabled():
        people = list(User.objects.filter(memberships__organisation=copy))
    assert people and all(user.email.endswith("@elsewhere.example") for user in people)
    assert not any(user.has_usable_password() for user in people)


def _rename_people(files):
    users = json.loads(files["data/users.json"])
    for user in users:
        user["email"] = user["email"].split("@")[0] + "@elsewhere.example"
    files["data/users.json"] = json.dumps(users).encode()


def test_the_commands_export_and_import(on_file, db, tmp_path):
    path = tmp_path / "nordtec.zip"
    out = io.StringIO()
    call_command("export_organisation", "nordtec", str(path), stdout=out)
    assert "Wrote nordtec to" in out.getvalue()
    assert archive_json(path.read_bytes(), "manifest.json")["organisation"]["slug"] == "nordtec"

    with pytest.raises(CommandError, match="exists already"):
        call_command("import_organisation", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_organisation", str(path), "--slug", "nordtec-moved", stdout=out)
    assert "as /o/nordtec-moved/" in out.getvalue()
    with pytest.raises(CommandError, match="No organisation"):
        call_command("export_organisation", "nowhere", str(tmp_path / "x.zip"))


def test_the_coordinator_downloads_the_archive_and_the_trail_records_it(on_file, db, client):
    nordtec, coordinator = demo_member(Role.COORDINATOR)
    _, steering = demo_member(Role.STEERING)
    url = reverse("organisation_export", kwargs={"org": "nordtec"})
    client.force_login(steering)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    settings_page = client.get(reverse("organisation_settings", kwargs={"org": "nordtec"}))
    assert "Export all data of this organisation" in settings_page.content.decode()

    response = client.post(url)

    archive = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith('attachment; filename="nordtec-')
    manifest = archive_json(archive, "manifest.json")
    assert manifest["organisation"] == {"slug": "nordtec", "name": nordtec.name}
    assert manifest["format_version"] == portability.FORMAT_VERSION
    assert manifest["counts"]["transformation.membership"] == 6
    with scope(organisation=nordtec):
        event = AuditEvent.objects.filter(action="organisation.exported", actor=coordinator).get()
    assert (
        event.sentence
        == f"{coordinator.full_name} exported all data of the organisation “{nordtec.name}”."
    )
