"""Generated bad input: text, numbers, dates and files a person could send.

Each field keeps the value the page offers most of the time and gets a
nasty one now and then, so the other fields stay valid and the request
reaches the code behind the form instead of stopping at the first error.
"""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests.fuzz.forms import Field, Form

# Text the test client can encode (no lone surrogates), with control characters and NUL.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NASTY_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\x01\x02\x1b[31m\x7f",
            "\u202eevil\u202c",
            "\ufeff",
            "💥" * 50,
            "Ä" * 300,
            "x" * 70_000,
            "<script>alert(1)</script>",
            "=cmd|' /C calc'!A0",
            "'; DROP TABLE users; --",
            "%s %(name)s {0} {{ x }}",
            "../../etc/passwd",
            "\r\n\r\n",
            "null",
        ]
    ),
)
NASTY_NUMBER = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "-1",
            "0",
            "NaN",
            "nan",
            "inf",
            "-Infinity",
            "1e309",
            "1e-400",
            "9" * 30,
            "2147483648",
            "-9223372036854775809",
            "0.000000000000000000001",
            "3.14159265358979323846264338327950288",
            "1,5",
            "1_000",
            "١٢٣",
            "²",
            "0x1F",
        ]
    ),
)
NASTY_DATE = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "0000-00-00",
            "2026-02-30",
            "2026-13-01",
            "-0001-01-01",
            "2026-06",
            "2026-W01",
            "31.12.2026",
            "2026-06-01T25:61",
            "1970-01-01",
        ]
    ),
)


def _nested_json(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


CSV_HEADERS = [
    "name,kind,department,role,influence,interest,attitude,concerns,engagement_override,"
    "owner_email,next_action",
    "kpi,date,value",
    "tool;department;month;licensed_users;active_users;actions",
    "Report Refresh Date,User Principal Name,Display Name,Department,Last Activity Date,Prompts",
]


@st.composite
def csv_bytes(draw) -> bytes:
    header = draw(st.sampled_from(CSV_HEADERS) | ANY_TEXT)
    separator = "," if "," in header else ";"
    width = header.count(separator) + 1
    cell = st.one_of(NASTY_TEXT, NASTY_NUMBER, NASTY_DATE)
    rows = draw(st.lists(st.lists(cell, min_size=1, max_size=width + 1), max_size=4))
    text = "\n".join([header, *(separator.join(row) for row in rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


FILE_CONTENT = st.one_of(
    csv_bytes(),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"\x00" * 1000,
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            b"<svg onload=alert(1)></svg>",
            b'{"name": "x", "items": [' + b"1," * 10 + b"1]}",
            _nested_json(100_000),
            b"name\n" + b"a" * 200_000,
            b"a,b\n" * 40_000,
        ]
    ),
    st.dictionaries(ANY_TEXT, st.recursive(ANY_TEXT, st.lists, max_leaves=5), max_size=4).map(
        lambda d: json.dumps(d).encode()
    ),
)
FILE_NAME = st.one_of(
    st.sampled_from(["data.csv", "evidence.pdf", "logo.png", "instrument.json", "noextension"]),
    st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters='\x00/\\\r\n"'),
        min_size=1,
        max_size=30,
    ).map(lambda s: s + ".csv"),
)


@st.composite
def upload(draw) -> SimpleUploadedFile:
    return SimpleUploadedFile(draw(FILE_NAME), draw(FILE_CONTENT))


def _nasty(field: Field) -> st.SearchStrategy:
    if field.kind == "file":
        return upload()
    if field.kind == "number":
        return NASTY_NUMBER | NASTY_TEXT
    if field.kind in ("date", "datetime-local", "month", "week", "time"):
        return NASTY_DATE | NASTY_TEXT
    return st.one_of(NASTY_TEXT, NASTY_NUMBER, NASTY_DATE)


def _valid(field: Field) -> str | list[str] | None:
    """What a person would send without touching the field (None: nothing)."""
    if field.kind == "file":
        return None
    if field.kind in ("checkbox", "radio"):
        if field.multiple:
            return [field.value] if field.checked else []
        return field.value or (field.options[0] if field.options else None)
    if field.value:
        return field.value
    return {
        "number": "3",
        "date": "2026-06-01",
        "month": "2026-06",
        "email": "fuzz@example.com",
        "url": "https://example.com/",
        "datetime-local": "2026-06-01T10:00",
    }.get(field.kind, "Fuzz" if field.kind in ("text", "textarea", "search") else "")


def _offered(field: Field) -> st.SearchStrategy:
    """What the page fills in, or another of the choices it offers."""
    valid = st.just(_valid(field))
    choices = [option for option in field.options if option]
    if choices and field.multiple:
        return valid | st.lists(st.sampled_from(choices), unique=True)
    if choices:
        return valid | st.sampled_from(choices)
    return valid


def _bad(field: Field) -> st.SearchStrategy:
    """Something nasty, several values where one is expected, or nothing at all."""
    nasty = _nasty(field)
    return st.one_of(nasty, st.lists(nasty, min_size=2, max_size=3), st.none())


@st.composite
def form_data(draw, form: Form) -> dict:
    """A body for the form: one or two fields bad, the others as a person would send them.

    Keeping the others valid lets the request pass the form and reach the
    services behind it; sometimes every field is bad, and a stranger field is added.
    """
    names = sorted(form.fields)
    if names and draw(st.booleans()):
        bad = draw(st.sets(st.sampled_from(names), min_size=1, max_size=2))
    else:
        bad = set(names) if draw(st.booleans()) else set()
    data = {}
    for name in names:
        field = form.fields[name]
        data[name] = draw(_bad(field) if name in bad else _offered(field))
    if draw(st.integers(0, 3)) == 0:
        data["unexpected"] = draw(NASTY_TEXT)
    return {key: value for key, value in data.items() if value is not None}


# The sharpest value per kind of field, each sent once with the others valid.
EDGES = {
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "month": ["9999-12", "0001-01"],
    "number": ["9" * 25, "NaN", "-1"],
    "file": [SimpleUploadedFile("deep.json", _nested_json(100_000))],
    "text": ["x" * 70_000],
    "textarea": ["x" * 70_000],
    "select": ["9" * 25],
    "hidden": ["9" * 25],
}


def edge_examples(form: Form) -> list[dict]:
    """Bodies that change one field to an edge value each, and one with NUL in every text."""
    valid = {name: _valid(field) for name, field in form.fields.items()}
    examples = []
    for name, field in sorted(form.fields.items()):
        for edge in EDGES.get(field.kind, []):
            examples.append({**valid, name: edge})
    texts = [name for name, f in form.fields.items() if f.kind in ("text", "textarea", "search")]
    if texts:
        examples.append({**valid, **dict.fromkeys(texts, "a\x00b\x1b")})
    return [{k: v for k, v in body.items() if v is not None} for body in examples]
