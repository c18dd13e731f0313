"""The cover logo: the claimed content type, the extension and the bytes must agree."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from transformation.models import ReportSettings, Role

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
HTML = b"<html><script>alert(1)</script></html>"


def _post(client, tenant, upload):
    return client.post(
        f"/o/{tenant.slug}/reports/settings/", {"monthly_language": "de", "logo": upload}
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.html", HTML, "image/png"),  # the browser's claim alone
        ("logo.png", HTML, "image/png"),  # not a PNG inside
        ("logo.svg", PNG_1PX, "image/png"),  # extension of another type
    ],
)
def test_logo_refused_when_name_or_bytes_do_not_match_the_type(
    tenant, client_for, name, content, content_type
):
    client = client_for(tenant.user(Role.COORDINATOR))

    response = _post(client, tenant, SimpleUploadedFile(name, content, content_type=content_type))

    assert response.status_code == 422
    assert "Upload the logo as PNG, JPEG or SVG." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not ReportSettings.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.png", PNG_1PX, "image/png"),
        (
            "logo.svg",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/svg+xml",
        ),
    ],
)
def test_logo_accepted_when_type_name_and_bytes_agree(
    tenant, client_for, name, content, content_type
):
    client = client_for(tenant.user(Role.COORDINATOR))

    response = _post(client, tenant, SimpleUploadedFile(name, content, content_type=content_type))

    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        assert ReportSettings.objects.get().logo.name.endswith(name.rsplit(".", 1)[1])
