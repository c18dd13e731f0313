"""One CSV module for every export and import (transformation/csvio.py)."""

import csv
import io
import time

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from adoption.imports import UsageImport
from governance import services as governance_services
from roi.models import Measurement
from tests.roi.test_import import _post as post_measurements
from tests.roi.test_import import _setup as measurement_use_case
from tests.transformation.test_stakeholders import HEADER
from transformation import csvio
from transformation.models import AuditEvent, Role, Stakeholder

FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters: 128 KB


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("-", "'-"),
        ("-12.5e3", "'-12.5e3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=1+2@acme.example", "'=1+2@acme.example"),
        ("-12.5", "-12.5"),
        ("-3,25", "-3,25"),
        ("-7", "-7"),
        (-7, "-7"),
        (12.5, "12.5"),
        ("Sales", "Sales"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_defuse_prefixes_formulas_and_keeps_plain_numbers(value, written):
    assert csvio.defuse(value) == written


def test_export_keeps_negative_numbers_and_defuses_formulas(tenants, client_for):
    own, other = tenants
    for tenant, titles in ((other, ["=other"]), (own, ["-12.5", "=SUM(A1:A2)"])):
        with scope(organisation=tenant.organisation):
            for title in titles:
                governance_services.create_guideline(
                    organisation=tenant.organisation,
                    actor=tenant.user(Role.COORDINATOR),
                    title=title,
                    body="x",
                )
    url = reverse("governance:audit_export", kwargs={"org": own.slug})

    response = client_for(own.user(Role.COORDINATOR)).get(url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="audit-{own.slug}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    objects = {row[5] for row in rows[1:] if row[2] == "guideline.created"}
    assert objects == {"-12.5", "'=SUM(A1:A2)"}


def _import_stakeholders(client, tenant, body: bytes, **headers):
    upload = SimpleUploadedFile("stakeholders.csv", body, content_type="text/csv")
    return client.post(
        reverse("stakeholders_import", kwargs={"org": tenant.slug}),
        {"file": upload},
        headers=headers,
    )


def _stakeholder_count(tenant) -> int:
    with scope(organisation=tenant.organisation):
        return Stakeholder.objects.count()


def test_stakeholder_field_over_128_kb_is_a_form_error_not_a_500(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    body = HEADER + "Works council,group,,Co-determination,5,5,sceptic,,,,,\n"
    body += "Board,person,," + "x" * (FIELD_LIMIT + 1) + ",3,3,neutral,,,,,\n"

    response = _import_stakeholders(client, tenant, body.encode())

    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert errors == ["Line 3: a value is longer than 128 KB; nothing was imported."]
    assert "Line 3: a value is longer than 128 KB" in response.content.decode()
    assert _stakeholder_count(tenant) == 0


def test_measurement_field_over_128_kb_is_a_form_error_not_a_500(tenant, client):
    use_case = measurement_use_case(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    text = "kpi,date,value,note\ndocument_processing_time,2026-02-15,18," + "x" * FIELD_LIMIT * 2

    response = post_measurements(client, tenant, use_case, text + "\n")

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Line 2: a value is longer than 128 KB; nothing was imported."
    ]
    with scope(organisation=tenant.organisation):
        assert not Measurement.objects.exists()


def test_usage_field_over_128_kb_is_a_line_error(tenant):
    text = "tool,department,month,licensed_users,active_users\nCopilot," + "x" * FIELD_LIMIT * 2
    with scope(organisation=tenant.organisation), translation.override("en"):
        parsed = UsageImport().parse(text + ",2026-01,3,2\n")
    assert parsed.errors == ["Line 2: a value is longer than 128 KB; nothing was imported."]
    assert parsed.rows == []


def test_35000_row_stakeholder_file_is_refused_quickly_and_nothing_saved(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    body = HEADER + "".join(f"P{i:05d},person,,,3,3,neutral\n" for i in range(35_000))
    assert len(body.encode()) < csvio.CsvLimits().max_bytes  # the row cap, not the size cap

    started = time.monotonic()
    response = _import_stakeholders(client, tenant, body.encode())
    elapsed = time.monotonic() - started

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "The file has more than 5,000 rows. Import at most 5,000 rows at a time; "
        "nothing was imported."
    ]
    assert "1 problem found; nothing was imported." in response.content.decode()
    assert elapsed < 10
    assert _stakeholder_count(tenant) == 0
    with scope(organisation=tenant.organisation):
        assert not AuditEvent.objects.filter(action="stakeholder.imported").exists()


def test_bad_line_7_is_named_in_german(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    good = "".join(f"Team {n},group,,,3,3,neutral,,,,,\n" for n in range(2, 7))
    body = HEADER + good + "Warehouse,group,Nowhere,,2,5,sceptic,,,,,\n"

    response = _import_stakeholders(client, tenant, body.encode(), **{"Accept-Language": "de"})

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Zeile 7: department: Unbekannte Abteilung „Nowhere“."
    ]
    page = response.content.decode()
    assert "Zeile 7: department: Unbekannte Abteilung „Nowhere“." in page
    assert "1 Problem gefunden; nichts wurde importiert." in page
    assert "UTF-8-Text, höchstens 5.000 Zeilen und 1 MB." in page  # the limits, told up front
    assert _stakeholder_count(tenant) == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Line 7: a value is longer than 128 KB; nothing was imported."),
        ("nl", "Regel 7: een waarde is langer dan 128 KB; er is niets geïmporteerd."),
    ],
)
def test_overlong_value_on_line_7_is_named_in_the_readers_language(
    tenant, client_for, language, expected
):
    client = client_for(tenant.user(Role.COORDINATOR))
    good = "".join(f"Team {n},group,,,3,3,neutral,,,,,\n" for n in range(2, 7))
    body = HEADER + good + "Board,person,,," + "x" * FIELD_LIMIT * 2 + ",neutral,,,,,\n"

    response = _import_stakeholders(client, tenant, body.encode(), **{"Accept-Language": language})

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [expected]
    assert _stakeholder_count(tenant) == 0


def test_nul_byte_after_the_first_2_kb_is_refused(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    padding = "".join(
        f"Team {n},group,,{'r' * 190},3,3,neutral,,,,{'n' * 290},\n" for n in range(5)
    )
    body = HEADER + padding + "Board,person,,a\x00b,3,3,neutral,,,,,\n"
    assert body.index("\x00") > 2048

    response = _import_stakeholders(client, tenant, body.encode())

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == ["Save the file as UTF-8 text (CSV)."]
    assert _stakeholder_count(tenant) == 0


def test_byte_order_mark_and_semicolons_are_read(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    body = HEADER.replace(",", ";") + "Works council;group;;;5;5;sceptic;;;;;\n"

    response = _import_stakeholders(client, tenant, body.encode("utf-8-sig"))

    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        assert list(Stakeholder.objects.values_list("name", "influence")) == [("Works council", 5)]


def test_latin1_file_is_refused_with_the_utf8_message_in_german(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    body = HEADER + "Geschäftsführung,group,,,5,5,sceptic,,,,,\n"

    response = _import_stakeholders(
        client, tenant, body.encode("latin-1"), **{"Accept-Language": "de"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Speichern Sie die Datei als UTF-8-Text (CSV)."
    ]
    assert _stakeholder_count(tenant) == 0


def test_read_text_caps_rows_skips_blank_lines_and_keeps_line_numbers():
    text = '\ufeffname;note\nA;"two\nlines"\n;\n\nB;x\n'
    table = csvio.read_text(text, limits=csvio.CsvLimits(max_rows=2))
    assert table.header == ["name", "note"]
    assert list(table.dicts()) == [
        (3, {"name": "A", "note": "two\nlines"}),
        (6, {"name": "B", "note": "x"}),
    ]
    with translation.override("en"), pytest.raises(forms.ValidationError) as refused:
        csvio.read_text(text + "C;y\n", limits=csvio.CsvLimits(max_rows=2))
    assert refused.value.messages == [
        "The file has more than 2 rows. Import at most 2 rows at a time; nothing was imported."
    ]
