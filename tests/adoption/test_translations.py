"""Every string of the change-management app reads in German and Dutch."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

APP = Path(__file__).resolve().parents[2] / "adoption"
KEYWORDS = ("_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy")


def _messages() -> set[str | tuple[str, str]]:
    found: set = set()
    for path in APP.rglob("*"):
        if {"migrations", "locale"} & set(path.parts):
            continue
        if path.suffix == ".py":
            source = path.read_bytes()
        elif path.suffix == ".html":
            source = templatize(path.read_text(), origin=str(path)).encode()
        else:
            continue
        for _line, _function, message, _comments in extract_python(
            io.BytesIO(source), KEYWORDS, [], {}
        ):
            if message:
                found.add(tuple(message) if isinstance(message, tuple) else message)
    return found


MESSAGES = sorted(_messages(), key=str)


def test_the_app_has_strings_to_translate():
    assert len(MESSAGES) > 250


@pytest.mark.parametrize("language", ["de", "nl"])
def test_every_string_is_translated(language):
    catalog = trans_real.translation(language)._catalog
    missing = []
    for message in MESSAGES:
        key = (message[0], 0) if isinstance(message, tuple) else message
        if not catalog.get(key):
            missing.append(message)
    assert not missing, missing
