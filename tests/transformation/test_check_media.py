"""check_media (run after a restore) names every file a row refers to that storage lacks."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from transformation.models import ReportSettings


def _logo(tenant, name: str) -> str:
    with scopes_disabled():
        row, _ = ReportSettings.objects.get_or_create(organisation=tenant.organisation)
        row.logo.save(name, ContentFile(b"\x89PNG\r\n\x1a\n"))
        return row.logo.name


def test_every_referenced_file_present(tenants, capsys):
    first, second = tenants
    _logo(first, "first.png")
    _logo(second, "second.png")
    call_command("check_media")
    assert capsys.readouterr().out.strip() == "Referenced files: 2, all in storage."


def test_a_missing_file_is_named_and_fails(tenants, capsys):
    first, second = tenants
    _logo(first, "first.png")
    gone = _logo(second, "second.png")
    default_storage.delete(gone)
    with pytest.raises(CommandError, match="1 of 2 referenced files are missing"):
        call_command("check_media")
    assert capsys.readouterr().err.strip() == f"missing transformation.ReportSettings.logo: {gone}"
