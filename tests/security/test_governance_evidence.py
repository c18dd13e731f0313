"""Obligation evidence: a renamed binary does not pass as a text file either."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from governance.models import Obligation
from tests.governance.test_views import make_use_cases
from transformation.models import Role

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def _obligation_url(tenant):
    [use_case] = make_use_cases(tenant, 1)
    with scope(organisation=tenant.organisation):
        obligation = Obligation.objects.filter(use_case=use_case).first()
    url = reverse("governance:obligation_edit", kwargs={"org": tenant.slug, "pk": obligation.pk})
    return obligation, url


def test_binary_renamed_to_txt_or_csv_is_refused(tenant, client_for):
    obligation, target = _obligation_url(tenant)
    client = client_for(tenant.user(Role.COORDINATOR))
    for name in ("notes.txt", "figures.csv"):
        upload = SimpleUploadedFile(name, EXECUTABLE, "text/plain")

        response = client.post(target, {"status": "done", "evidence_file": upload})

        assert response.status_code == 422
        assert "does not match its type" in response.content.decode()
    with scope(organisation=tenant.organisation):
        obligation.refresh_from_db()
        assert not obligation.evidence_file


def test_text_evidence_in_utf8_is_accepted(tenant, client_for):
    obligation, target = _obligation_url(tenant)
    client = client_for(tenant.user(Role.COORDINATOR))
    upload = SimpleUploadedFile("notes.csv", "Schulung;Datum\nKI für alle;2026-06-01\n".encode())

    response = client.post(target, {"status": "done", "evidence_file": upload})

    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        obligation.refresh_from_db()
        assert obligation.evidence_file.name.endswith(".csv")
