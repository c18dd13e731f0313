"""Every user-facing string exists in German and Dutch."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUES = sorted(
    path
    for locale_path in settings.LOCALE_PATHS
    for path in Path(locale_path).glob("*/LC_MESSAGES/django.po")
)


def test_each_app_ships_german_and_dutch():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"de", "nl"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:]))
def test_catalogue_is_complete(path):
    with path.open("rb") as source:
        catalog = read_po(source)
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            untranslated.append(message.id)
    assert not untranslated, f"{len(untranslated)} untranslated in {path}: {untranslated[:10]}"
