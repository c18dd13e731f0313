"""No internal code in what people read: every demo page, as every role, in en, de and nl.

One seeded demo for the module; for each access role the crawl (tests/crawl.py)
opens every page reachable from the organisation's overview in each language,
and the visible text (tags, attributes, scripts and styles left out) must
hold no snake_case code ("high_risk_annex_iii") and no dotted identifier
("step_progress.changed", "transformation.stepprogress"). E-mail addresses,
web addresses and file names are text people wrote, not codes, and are taken
out first, as is text typed into the demo or stored by the trail.
"""

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from tests.crawl import crawl, demo_member, typed_or_stored_text
from transformation.models import Role

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
DOTTED = re.compile(r"\b[a-z][a-z_]*\.[a-z_]+\b")
NOT_CODES = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\b(?:https?://|www\.)\S+"),  # web addresses
    re.compile(r"\b[\w-]+\.(?:com|org|net|eu|de|nl|example)\b"),  # domain names
    re.compile(r"\b(?:e\.g|i\.e)\."),  # English abbreviations
    re.compile(r"\b[\w-]+\.(?:pdf|csv|xlsx|docx|pptx|png|jpe?g|svg|txt|json|xml|zip)\b", re.I),
]


ENGLISH_BLANKS = ["---------", "- Select an option -"]


def internal_codes(text: str) -> list[str]:
    """The snake_case and dotted identifiers in `text`, once each, in order."""
    for pattern in NOT_CODES:
        text = pattern.sub(" ", text)
    found = [m.group(0) for m in SNAKE.finditer(text)] + [m.group(0) for m in DOTTED.finditer(text)]
    return list(dict.fromkeys(found))


def test_the_finder_sees_codes_and_leaves_addresses_and_file_names():
    text = (
        "Snapshot: class high_risk_annex_iii. step_progress.changed transformation.stepprogress #63"
        " Mail anna@demo.example, see https://eur-lex.europa.eu/eli/reg/2024/1689 or report.pdf."
    )
    assert internal_codes(text) == [
        "high_risk_annex_iii",
        "step_progress",
        "step_progress.changed",
        "transformation.stepprogress",
    ]
    assert internal_codes("KI-Anwendungsfall, 4,28×, Dr. Klaus Hoffmann, e.g. example.com.") == []


def codes_or_django_blanks(text: str) -> list[str]:
    """Internal codes, and Django's English empty choices of a select."""
    return internal_codes(text) + [blank for blank in ENGLISH_BLANKS if blank in text]


@pytest.mark.parametrize(
    ("language", "blank"), [("en", "Choose…"), ("de", "Bitte wählen …"), ("nl", "Maak een keuze …")]
)
def test_a_selects_empty_choice_reads_in_the_readers_language(tenant, client, language, blank):
    client.force_login(tenant.user(Role.COORDINATOR))
    url = reverse("governance:audit", kwargs={"org": tenant.slug})
    page = client.get(url, headers={"accept-language": language}).content.decode()
    person = page[page.index('name="actor"') :]
    person = person[: person.index("</select>")]
    assert f'<option value="" selected>{blank}</option>' in person
    for english in ENGLISH_BLANKS:
        assert english not in page


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", Role.values)
def test_no_page_shows_an_internal_code(demo, db, client, role):
    organisation, member = demo_member(role)
    client.force_login(member)
    start = f"/o/{organisation.slug}/"
    ignore = typed_or_stored_text(stored=False)  # the trail's object labels are checked too
    found = {}
    for language in ("en", "de", "nl"):
        codes, read = crawl(client, start, language, codes_or_django_blanks, ignore)
        assert read >= 10, (language, read)  # the crawl got past the overview
        found.update({(language, url): hits for url, hits in codes.items()})
    assert not found, "\n".join(f"{key}: {hits}" for key, hits in sorted(found.items()))


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_the_board_report_shows_no_internal_code(demo, db, language):
    """The PDF's text (its HTML, every section) holds no code either."""
    from django_scopes import scope

    from tests.crawl import VisibleText
    from transformation.models import BoardReport
    from transformation.services import reports

    organisation, coordinator = demo_member(Role.COORDINATOR)
    with scope(organisation=organisation):
        report = BoardReport.objects.create(
            organisation=organisation,
            requested_by=coordinator,
            language=language,
            sections=[section.key for section in reports.available_sections()],
            period_start=reports.dt.date(2026, 10, 1),
            period_end=reports.dt.date(2026, 10, 31),
        )
        html = reports.render_board_report_html(report)
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for typed in typed_or_stored_text():
        text = text.replace(typed, " ")
    assert len(text) > 2000  # every section was rendered
    assert codes_or_django_blanks(text) == []
