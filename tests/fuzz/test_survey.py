"""The public survey pages survive generated answers, like every member's form.

Their routes in tests/assessments/urlcases.py carry made-up tokens (404), so
here a real wave is opened and its personal link and kiosk page are fuzzed
anonymously, as a respondent would send them.
"""

from django.core import mail

from assessments.models import Wave
from tests.assessments.conftest import instruments, scoped  # noqa: F401 (fixtures)
from tests.assessments.factories import open_wave
from tests.assessments.test_distribution import _links
from tests.fuzz.forms import page_forms
from tests.fuzz.test_forms import fuzz


def _unthrottled():
    """Each example starts with fresh rate limits: the answers reach the form, not the limiter."""
    from django.core.cache import cache

    from transformation.identity import counters

    cache.clear()
    counters.clear_fallback()


def _fuzz_page(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200
    forms = [form for form in page_forms(page.content.decode(), url) if form.method == "post"]
    for form in forms:
        form.action = form.action if form.action.startswith("/") else url
        fuzz(client, None, form, page=url, before_each=_unthrottled, examples=30)
    return len(forms)


def test_the_personal_survey_link_survives_bad_answers(
    scoped,  # noqa: F811
    instruments,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    link = _links(mail.outbox)[scoped.user("employee").email]
    assert _fuzz_page(client, link) >= 1


def test_the_kiosk_survey_survives_bad_answers(scoped, instruments, client):  # noqa: F811
    wave = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.KIOSK)
    assert _fuzz_page(client, f"/s/kiosk/{wave.kiosk_code}/") >= 1
