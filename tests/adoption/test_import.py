"""Usage import: two layouts, every bad line named, all or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from adoption.load import add_months
from adoption.models import UsageRecord, first_of_month
from tests.adoption import builders
from transformation.models import AuditEvent, Role

THIS_MONTH = first_of_month(date.today())
LAST = add_months(THIS_MONTH, -1)
BEFORE = add_months(THIS_MONTH, -2)


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        builders.tool(tenant.organisation, name="Copilot")
        builders.tool(tenant.organisation, name="DeepL Pro")
        yield tenant


def _upload(client, tenant, text: str, name="usage.csv", encoding="utf-8", **fields):
    client.force_login(tenant.user(Role.COORDINATOR))
    upload = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(
        reverse("adoption:usage_import", kwargs={"org": tenant.slug}), {"file": upload, **fields}
    )


def _figures():
    return sorted(
        UsageRecord.objects.values_list(
            "tool__name", "department__name", "month", "licensed_users", "active_users", "actions"
        )
    )


def test_monthly_summary_imports_every_line(org, client):
    text = (
        "tool,department,month,licensed_users,active_users,actions\n"
        f"Copilot,Sales,{BEFORE:%Y-%m},20,12,300\n"
        f"copilot,support,{LAST:%Y-%m},10,9,180\n"
        "\n"
        f"DeepL Pro,Sales,{LAST:%m/%Y},8,4,\n"
    )
    response = _upload(client, org, text)
    assert response.status_code == 302
    assert _figures() == [
        ("Copilot", "Sales", BEFORE, 20, 12, 300),
        ("Copilot", "Support", LAST, 10, 9, 180),
        ("DeepL Pro", "Sales", LAST, 8, 4, 0),
    ]
    event = AuditEvent.objects.get(action="usage.imported")
    assert event.actor == org.user(Role.COORDINATOR)
    assert event.changes["rows"] == 3
    assert event.changes["months"] == [BEFORE.isoformat(), LAST.isoformat()]


def test_a_second_import_replaces_the_same_month(org, client):
    header = "tool;department;month;licensed_users;active_users\n"
    _upload(client, org, header + f"Copilot;Sales;{LAST:%Y-%m};20;12\n")
    _upload(client, org, header + f"Copilot;Sales;{LAST:%Y-%m};22;18\n")
    assert _figures() == [("Copilot", "Sales", LAST, 22, 18, 0)]


def test_one_bad_line_imports_nothing_and_names_the_line(org, client):
    builders.usage(
        builders.tool(org.organisation, name="Existing"), org.departments["Sales"], BEFORE, 5, 5
    )
    before = _figures()
    text = (
        "tool,department,month,licensed_users,active_users\n"
        f"Copilot,Sales,{LAST:%Y-%m},20,12\n"
        f"Copilot,Support,{LAST:%Y-%m},10,9\n"
        f"Copilot,Salse,{LAST:%Y-%m},10,9\n"
        f"DeepL Pro,Sales,{LAST:%Y-%m},8,4\n"
    )
    response = _upload(client, org, text)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 4: “Salse” is not a department of the organisation." in page
    assert _figures() == before
    assert not AuditEvent.objects.filter(action="usage.imported").exists()


def test_every_bad_line_is_listed(org, client):
    text = (
        "Tool,Department,Month,Licensed users,Active users,Actions\n"
        f"Copilot,Sales,{LAST:%Y-%m},ten,3,0\n"
        f"Copilot,Support,{LAST:%Y-%m},5,6,0\n"
        f"Copilot,Support,{add_months(THIS_MONTH, 1):%Y-%m},5,3,0\n"
        f"Gemini,Support,{LAST:%Y-%m},5,3,0\n"
        f"Copilot,Sales,March,5,3,0\n"
        f"DeepL Pro,Sales,{LAST:%Y-%m},5,3,0\n"
        f"DeepL Pro,sales,{LAST:%Y-%m},6,3,0\n"
    )
    response = _upload(client, org, text)
    assert response.status_code == 422
    page = response.content.decode()
    for message in (
        "Line 2: “ten” is not a whole number.",
        "Line 3: more active users (6) than licensed users (5).",
        "Line 4: the month lies in the future.",
        "Line 5: “Gemini” is not a tool in the inventory.",
        "Line 6: “March” is not a month (use 2026-03).",
        "Line 8: the same tool, department and month as line 7.",
    ):
        assert message in page, message
    assert UsageRecord.objects.count() == 0


def test_a_header_of_neither_layout_is_refused(org, client):
    response = _upload(client, org, "name,value\nCopilot,3\n")
    assert response.status_code == 422
    assert "Line 1: the header matches neither layout." in response.content.decode()


def test_a_missing_column_is_named(org, client):
    response = _upload(client, org, "tool,month,licensed_users,active_users\nCopilot,2026-01,3,2\n")
    assert "Line 1: the column department is missing." in response.content.decode()


def test_per_user_export_is_reduced_to_counts(org, client):
    tool = builders.tool(org.organisation, name="ChatGPT Enterprise")
    text = (
        "\ufeffUser Principal Name,Display Name,Department,Last Activity Date,Messages\n"
        f"ana@example.com,Ana Lopez,Sales,{LAST:%Y-%m}-12,40\n"
        f"ben@example.com,Ben Roth,Sales,{BEFORE:%Y-%m}-28,0\n"
        f"cem@example.com,Cem Aydin,Sales,{THIS_MONTH:%Y-%m}-01T08:00:00Z,5\n"
        "dora@example.com,Dora Kim,Support,,0\n"
    )
    response = _upload(client, org, text, tool=tool.pk, month=LAST.strftime("%Y-%m"))
    assert response.status_code == 302
    assert _figures() == [
        ("ChatGPT Enterprise", "Sales", LAST, 3, 2, 45),
        ("ChatGPT Enterprise", "Support", LAST, 1, 0, 0),
    ]
    stored = str(list(UsageRecord.objects.values())) + str(
        list(AuditEvent.objects.values("changes", "target_label"))
    )
    for person in ("ana@example.com", "Ana Lopez", "Ben Roth", "dora@example.com"):
        assert person not in stored


def test_per_user_export_needs_the_tool_and_the_month(org, client):
    text = "Department,Last Activity Date\nSales,2026-01-05\n"
    response = _upload(client, org, text)
    assert response.status_code == 422
    assert "choose the tool and the month" in response.content.decode()


def test_a_file_that_is_not_utf8_is_refused(org, client):
    text = "tool,department,month,licensed_users,active_users\nCopilot,Vertrieb ä,2026-01,3,2\n"
    response = _upload(client, org, text, encoding="utf-16")
    assert response.status_code == 422
    assert "Save the file as UTF-8 text (CSV)." in response.content.decode()
    assert UsageRecord.objects.count() == 0


def test_sample_files_import_cleanly(org, client):
    """The sample files in the repository are valid examples of both layouts."""
    from pathlib import Path

    from adoption.imports import UsageImport

    samples = Path(__file__).resolve().parents[2] / "adoption" / "samples"
    builders.tool(org.organisation, name="Microsoft 365 Copilot")
    for name in ("IT", "Customer support", "Purchasing"):
        from tests.factories import DepartmentFactory

        DepartmentFactory(organisation=org.organisation, name=name)
    monthly = UsageImport().parse((samples / "usage-monthly.csv").read_text())
    assert monthly.errors == [] and len(monthly.rows) == 4
    tool = builders.tool(org.organisation, name="Copilot Chat")
    per_user = UsageImport(tool=tool, month=date(2026, 1, 1)).parse(
        (samples / "usage-per-user.csv").read_text()
    )
    assert per_user.errors == []
    counts = {row.department.name: (row.licensed_users, row.active_users) for row in per_user.rows}
    assert counts == {"IT": (1, 1), "Sales": (2, 1), "Customer support": (1, 0)}
