"""CSV import of measurements: all rows or none, every bad line named."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from roi.models import Measurement
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi
from transformation.models import AuditEvent, Role

D = Decimal


def _setup(tenant):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Support"]
        )
        timed = chosen_kpi(use_case, monthly_volume=D("100"), unit_value=D("1"))
        baseline(timed, "20", measured_on=date(2026, 1, 10))
        chosen_kpi(use_case, "document_error_rate", non_monetary_reason="Quality.")
    return use_case


def _post(client, tenant, use_case, text: str):
    upload = SimpleUploadedFile("m.csv", text.encode("utf-8"), content_type="text/csv")
    url = reverse("roi:measurement_import", kwargs={"org": tenant.slug, "pk": use_case.pk})
    return client.post(url, {"file": upload})


def test_valid_file_saves_every_row(tenant, client):
    use_case = _setup(tenant)
    client.force_login(tenant.user(Role.CHAMPION))
    response = _post(
        client,
        tenant,
        use_case,
        "kpi,date,value,note\n"
        "document_processing_time,2026-02-15,18.5,February\n"
        'document_processing_time,15.03.2026,"16,25",\n',
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        rows = list(Measurement.objects.values_list("measured_on", "value", "note", "source"))
        assert rows == [
            (date(2026, 2, 15), D("18.5"), "February", "import"),
            (date(2026, 3, 15), D("16.25"), "", "import"),
        ]
        assert AuditEvent.objects.get(action="measurement.imported").changes == {"rows": 2}


def test_semicolon_file_with_german_header_order(tenant, client):
    use_case = _setup(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = _post(
        client, tenant, use_case, "Date;KPI;Value\n2026-02-01;document_processing_time;17,5\n"
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        assert Measurement.objects.get().value == D("17.5")


def test_any_bad_row_saves_nothing_and_every_bad_line_is_reported(tenant, client):
    use_case = _setup(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    future = (date.today() + timedelta(days=3)).isoformat()
    response = _post(
        client,
        tenant,
        use_case,
        "kpi,date,value\n"
        "document_processing_time,2026-02-15,18\n"  # line 2: fine
        "unknown_kpi,2026-02-15,18\n"  # line 3
        "document_processing_time,31/02/2026,18\n"  # line 4
        "document_processing_time,2026-02-16,eighteen\n"  # line 5
        "\n"  # line 6: blank, skipped
        f"document_processing_time,{future},18\n"  # line 7
        "document_error_rate,2026-02-15,3\n"  # line 8: no baseline
        "document_processing_time,2025-12-01,18\n",  # line 9: before the baseline
    )
    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert errors == [
        "Line 3: “unknown_kpi” is not a KPI of this use case.",
        "Line 4: “31/02/2026” is not a date (use 2026-03-31).",
        "Line 5: “eighteen” is not a number.",
        "Line 7: the date lies in the future.",
        "Line 8: record the baseline of this KPI first.",
        "Line 9: the measurement is older than the baseline.",
    ]
    html = response.content.decode()
    assert "Line 9: the measurement is older than the baseline." in html
    with scope(organisation=tenant.organisation):
        assert not Measurement.objects.exists()
        assert not AuditEvent.objects.filter(action="measurement.imported").exists()


def test_missing_columns_and_empty_files_are_refused(tenant, client):
    use_case = _setup(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = _post(client, tenant, use_case, "kpi,value\nx,1\n")
    assert response.context["form"].errors["file"] == [
        "Line 1: the header needs the columns kpi, date and value; missing: date."
    ]
    response = _post(client, tenant, use_case, "kpi,date,value\n")
    assert response.context["form"].errors["file"] == ["The file has no measurements."]


def test_quoted_line_breaks_keep_line_numbers_honest(tenant, client):
    use_case = _setup(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    response = _post(
        client,
        tenant,
        use_case,
        'kpi,date,value,note\ndocument_processing_time,2026-02-15,18,"two\nlines"\nbad,2026-02-15,1\n',
    )
    assert response.context["form"].errors["file"] == [
        "Line 4: “bad” is not a KPI of this use case."
    ]
