"""Instrument import: the uploaded JSON is read whole, so its size is bounded first."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from assessments.models import Instrument
from transformation.models import Role


def test_instrument_file_over_1_mb_is_refused_before_parsing(tenant, client_for):
    url = reverse("assessments:instrument_import", kwargs={"org": tenant.slug})
    big = b'{"key": "big", "padding": "' + b"x" * (1024 * 1024) + b'"}'
    client = client_for(tenant.user(Role.COORDINATOR))

    response = client.post(url, {"file": SimpleUploadedFile("big.json", big, "application/json")})

    assert response.status_code == 422
    page = response.content.decode()
    assert "The file is larger than 1 MB." in page
    assert "not valid JSON" not in page and "Choose a file" not in page
    with scope(organisation=tenant.organisation):
        assert not Instrument.objects.exists()
