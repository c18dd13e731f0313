"""Deleting an organisation takes everything it owns, files included, and nothing of another's."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from transformation.models import (
    DeletedOrganisation,
    Membership,
    Organisation,
    ReportSettings,
    Role,
    User,
)
from transformation.services import stored_files

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _owned_rows(organisation) -> dict[str, int]:
    """Rows per model that belong to the organisation (every model with an organisation)."""
    counts = {}
    with scopes_disabled():
        for model in apps.get_models():
            if any(f.name == "organisation" for f in model._meta.fields):
                counts[model._meta.label] = model.objects.filter(organisation=organisation).count()
    return counts


def _logo(organisation, name):
    with scope(organisation=organisation):
        settings_row, _ = ReportSettings.objects.get_or_create(organisation=organisation)
        settings_row.logo.save(name, ContentFile(PNG))


def test_deleting_the_demo_organisation_leaves_the_other_untouched(
    reference_data, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    nordtec = Organisation.objects.get(slug="nordtec")
    bakkerij = Organisation.objects.get(slug="bakkerij")
    _logo(bakkerij, "bakkerij.png")  # the other organisation's file must survive
    _logo(nordtec, "nordtec.png")
    nordtec_files = stored_files(nordtec)
    bakkerij_files = stored_files(bakkerij)
    assert len(nordtec_files) >= 2  # the logo and the demo's board report
    assert bakkerij_files
    nordtec_rows = _owned_rows(nordtec)
    bakkerij_before = _owned_rows(bakkerij)
    coordinator = User.objects.get(email="coordinator@demo.example")
    client.force_login(coordinator)
    url = reverse("organisation_delete", kwargs={"org": "nordtec"})

    page = client.get(url)
    assert page.status_code == 200
    assert "Type <strong>nordtec</strong> to confirm." in page.content.decode()
    wrong = client.post(url, {"confirmation": "NordTec"})
    assert wrong.status_code == 422
    assert "Type the short name “nordtec” exactly to confirm." in wrong.content.decode()
    assert Organisation.objects.filter(slug="nordtec").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirmation": "nordtec"})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not Organisation.objects.filter(slug="nordtec").exists()
    assert all(count == 0 for count in _owned_rows(nordtec).values())
    assert _owned_rows(bakkerij) == bakkerij_before
    assert not any(default_storage.exists(name) for name in nordtec_files)
    assert all(default_storage.exists(name) for name in bakkerij_files)
    # Accounts stay (people may belong elsewhere); the consultant keeps the other client.
    consultant = User.objects.get(email="consultant@demo.example")
    with scopes_disabled():
        assert list(
            Membership.objects.filter(user=consultant).values_list("organisation__slug", flat=True)
        ) == ["bakkerij"]
    record = DeletedOrganisation.objects.get()
    assert (record.slug, record.name, record.deleted_by_label) == (
        "nordtec",
        nordtec.name,
        "coordinator@demo.example",
    )
    assert record.files == len(nordtec_files)
    assert record.rows["transformation.Organisation"] == 1
    assert record.rows["transformation.AuditEvent"] == nordtec_rows["transformation.AuditEvent"]
    assert record.rows["transformation.Department"] == nordtec_rows["transformation.Department"]


def test_only_the_coordinator_deletes_and_one_department_with_children_still_cannot_go(
    tenant, client_for
):
    from django.db.models import RestrictedError

    from transformation.models import Department

    for role in (Role.STEERING, Role.CHAMPION, Role.EMPLOYEE):
        client = client_for(tenant.user(role))
        url = reverse("organisation_delete", kwargs={"org": tenant.slug})
        assert client.post(url, {"confirmation": tenant.slug}).status_code == 403
    assert Organisation.objects.filter(pk=tenant.organisation.pk).exists()
    with scope(organisation=tenant.organisation):
        sales = tenant.departments["Sales"]
        Department.objects.create(organisation=tenant.organisation, name="Field", parent=sales)
        with pytest.raises(RestrictedError):
            sales.delete()


def test_a_replaced_logo_and_replaced_evidence_leave_storage(
    tenant, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.models import Obligation
    from governance.services.usecases import update_obligation
    from tests.governance.factories import UseCaseFactory
    from transformation.services.reports import save_report_settings

    organisation, coordinator = tenant.organisation, tenant.user(Role.COORDINATOR)
    with scope(organisation=organisation):
        with django_capture_on_commit_callbacks(execute=True):
            first = save_report_settings(
                organisation=organisation,
                actor=coordinator,
                values={"logo": SimpleUploadedFile("first.png", PNG, "image/png")},
            ).logo.name
        with django_capture_on_commit_callbacks(execute=True):
            second = save_report_settings(
                organisation=organisation,
                actor=coordinator,
                values={"logo": SimpleUploadedFile("second.png", PNG, "image/png")},
            ).logo.name
        assert not default_storage.exists(first)
        assert default_storage.exists(second)

        use_case = UseCaseFactory(organisation=organisation)
        obligation = Obligation.objects.create(
            organisation=organisation, use_case=use_case, key="k", article="Art 4", text={}
        )
        names = []
        for filename in ("old.txt", "new.txt"):
            with django_capture_on_commit_callbacks(execute=True):
                update_obligation(
                    obligation=obligation,
                    actor=coordinator,
                    owner=None,
                    due_on=None,
                    status=obligation.status,
                    evidence_file=SimpleUploadedFile(filename, b"evidence", "text/plain"),
                )
            names.append(obligation.evidence_file.name)
        assert not default_storage.exists(names[0])
        assert default_storage.exists(names[1])
