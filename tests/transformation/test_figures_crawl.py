"""Every page of the demo, read in German and Dutch, writes its figures with the language's marks.

One crawl over the demo organisation as its coordinator: from the overview,
every link inside the organisation is opened once per route (the first
object of each detail page stands for the others), and the visible text
(SVG chart labels included) must hold no English decimal point or English
thousands separator.

Text that was typed or stored rather than formatted is taken out first: the
demo's own English notes on how a KPI is worth money, the object labels the
audit trail stored when the event happened, and the standard "SAML 2.0".
"""

from django.core.management import call_command

from tests.crawl import crawl, demo_member, typed_or_stored_text
from tests.transformation.test_formatting import english_numbers
from transformation.models import Role


def test_every_demo_page_in_german_and_dutch_has_no_english_number(db, client, tmp_path):
    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    organisation, coordinator = demo_member(Role.COORDINATOR)
    client.force_login(coordinator)
    start = f"/o/{organisation.slug}/"
    ignore = [*typed_or_stored_text(), "SAML-2.0", "SAML 2.0"]
    for language in ("de", "nl"):
        found, read = crawl(client, start, language, english_numbers, ignore)
        print(language, read)
        assert read >= 60, read  # the crawl reached the app's pages, not just the overview
        assert found == {}, language
