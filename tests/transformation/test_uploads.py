"""One upload validator for every file field (transformation/uploads.py)."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from governance.models import Obligation
from tests.governance.test_views import make_use_cases
from tests.security.test_report_logo import PNG_1PX
from tests.transformation.test_roadmap import _programme, _row
from transformation import uploads
from transformation.models import Role, StepEvidence

# 2,047 ASCII letters then "ü" (two bytes): the first 2 KB read ends inside the "ü".
CUT_INSIDE_A_CHARACTER = b"a" * 2047 + "ü".encode()


def _refusal(upload, check=uploads.check_evidence, language="en") -> str:
    with translation.override(language), pytest.raises(forms.ValidationError) as refused:
        check(upload)
    [message] = refused.value.messages
    return message


def test_text_cut_inside_a_multibyte_character_is_accepted_as_evidence():
    assert len(CUT_INSIDE_A_CHARACTER) == uploads.HEAD_BYTES + 1
    for name in ("notes.txt", "figures.csv"):
        upload = SimpleUploadedFile(name, CUT_INSIDE_A_CHARACTER, "text/plain")
        assert uploads.check_evidence(upload) is upload
        assert upload.read() == CUT_INSIDE_A_CHARACTER  # left at the start for saving


def test_text_with_an_invalid_byte_or_a_cut_character_at_its_real_end_is_refused():
    invalid = SimpleUploadedFile("notes.txt", b"a" * 100 + b"\xff" + b"b" * 100)
    truncated = SimpleUploadedFile("notes.txt", b"a" * 10 + "ü".encode()[:1])
    with_nul = SimpleUploadedFile("notes.txt", b"a\x00b")
    for upload in (invalid, truncated, with_nul):
        assert _refusal(upload) == "The file's content does not match its type."


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file's content does not match its type."),
        ("de", "Der Inhalt der Datei passt nicht zu ihrem Typ."),
        ("nl", "De inhoud van het bestand past niet bij het type."),
    ],
)
def test_png_renamed_to_pdf_is_refused_in_the_readers_language(language, expected):
    upload = SimpleUploadedFile("minutes.pdf", PNG_1PX, "application/pdf")
    assert _refusal(upload, language=language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file is larger than 10 MB."),
        ("de", "Die Datei ist größer als 10 MB."),
        ("nl", "Het bestand is groter dan 10 MB."),
    ],
)
def test_oversized_evidence_is_refused_in_the_readers_language(language, expected):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * (10 * uploads.MB))
    assert _refusal(upload, language=language) == expected


def test_unlisted_type_is_refused_naming_the_accepted_ones():
    message = _refusal(SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), language="de")
    assert message.startswith("Laden Sie ein PDF, Bild, Office-Dokument oder eine Textdatei hoch")
    assert ".docx" in message and ".pptx" in message and ".exe" not in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", b"%PDF-1.4 minutes"),
        ("logo.png", PNG_1PX),
        ("slides.pptx", b"PK\x03\x04 rest of the zip"),
        ("table.ods", b"PK\x03\x04 rest of the zip"),
        ("notes.txt", "Schulung für alle\n".encode()),
    ],
)
def test_every_evidence_field_accepts_the_same_types(name, content):
    assert uploads.check_evidence(SimpleUploadedFile(name, content)).name == name


def test_logo_rule_comes_from_the_same_table():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert uploads.check_logo(SimpleUploadedFile("logo.svg", svg))
    assert uploads.check_logo(SimpleUploadedFile("logo.PNG", PNG_1PX))
    assert (
        _refusal(SimpleUploadedFile("logo.svg", PNG_1PX), check=uploads.check_logo, language="de")
        == "Laden Sie das Logo als PNG, JPEG oder SVG hoch."
    )
    assert (
        _refusal(SimpleUploadedFile("logo.pdf", b"%PDF-1.4"), check=uploads.check_logo)
        == "Upload the logo as PNG, JPEG or SVG."
    )


def test_roadmap_evidence_accepts_text_cut_inside_a_character(tenant, client_for):
    programme = _programme(tenant)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "1")
    client = client_for(tenant.user(Role.CHAMPION))
    url = reverse("roadmap_evidence_add", kwargs={"org": tenant.slug, "pk": row.pk})
    upload = SimpleUploadedFile("notes.txt", CUT_INSIDE_A_CHARACTER, "text/plain")

    response = client.post(url, {"file": upload, "title": "Workshop notes"})

    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        evidence = StepEvidence.objects.get()
        assert (evidence.title, evidence.size) == ("Workshop notes", 2049)
        assert evidence.file.read() == CUT_INSIDE_A_CHARACTER


def test_roadmap_and_governance_refuse_a_renamed_png_alike_in_german(tenant, client_for):
    programme = _programme(tenant)
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        row = _row(programme, "Support", "1")
        obligation = Obligation.objects.filter(use_case=use_case).first()
    client = client_for(tenant.user(Role.COORDINATOR))
    roadmap = reverse("roadmap_evidence_add", kwargs={"org": tenant.slug, "pk": row.pk})
    governance = reverse(
        "governance:obligation_edit", kwargs={"org": tenant.slug, "pk": obligation.pk}
    )
    german = {"Accept-Language": "de"}

    for url, data in ((roadmap, {}), (governance, {"status": "done"})):
        field = "file" if url == roadmap else "evidence_file"
        upload = SimpleUploadedFile("minutes.pdf", PNG_1PX, "application/pdf")
        response = client.post(url, {**data, field: upload}, headers=german)
        assert response.status_code == 422
        assert "Der Inhalt der Datei passt nicht zu ihrem Typ." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not StepEvidence.objects.exists()
        obligation.refresh_from_db()
        assert not obligation.evidence_file


def test_instrument_upload_must_be_json_text(tenant, client_for):
    url = reverse("assessments:instrument_import", kwargs={"org": tenant.slug})
    client = client_for(tenant.user(Role.COORDINATOR))

    response = client.post(url, {"file": SimpleUploadedFile("survey.pdf", b"%PDF-1.4")})

    assert response.status_code == 422
    assert "Upload the instrument as a JSON file (.json, .txt)." in response.content.decode()
