from datetime import timedelta

from django.utils import timezone

from assessments import services, tasks
from assessments.models import Answer, Participation, Response, Wave
from tests.assessments.factories import answer_many
from tests.assessments.test_results import PULSE


def _closed_wave(tenant, instrument, months_ago: int) -> Wave:
    closes = timezone.now() - timedelta(days=round(months_ago * 30.44))
    wave = services.create_wave(
        organisation=tenant.organisation,
        actor=None,
        instrument=instrument,
        title=f"{months_ago} months ago",
        mode="personal",
        opens_at=closes - timedelta(days=14),
        closes_at=timezone.now() + timedelta(days=1),
    )
    answer_many(wave, 6, PULSE)
    wave.closes_at = closes
    wave.save()
    return wave


def test_answers_older_than_24_months_are_deleted_and_summarised(scoped, instruments):
    old = _closed_wave(scoped, instruments["pulse"], 25)
    recent = _closed_wave(scoped, instruments["pulse"], 23)
    assert tasks.delete_expired_answers() == 1
    old.refresh_from_db()
    assert old.purged_at is not None
    assert old.summary == {"n": 6, "means": {"ai-sentiment": 4.0}, "enps": 100}
    assert not Response.objects.filter(wave=old).exists()
    assert not Answer.objects.filter(response__wave=old).exists()
    assert not Participation.objects.filter(wave=old).exists()
    assert Response.objects.filter(wave=recent).count() == 6
    assert tasks.delete_expired_answers() == 0


def test_purged_wave_results_page_shows_the_kept_summary(scoped, instruments, client_for):
    from django.urls import reverse

    old = _closed_wave(scoped, instruments["pulse"], 25)
    services.purge_expired_answers(organisation=scoped.organisation)
    client = client_for(scoped.user("steering"))
    url = reverse("assessments:results", kwargs={"org": scoped.slug, "pk": old.pk})
    page = client.get(url).content.decode()
    assert "after the retention period" in page
    assert "<dt>Sentiment about AI at work</dt><dd>4.00</dd>" in page
    assert "<dt>eNPS</dt><dd>100</dd>" in page


def test_retention_is_configurable(settings, scoped, instruments):
    settings.SURVEY_RETENTION_MONTHS = 12
    _closed_wave(scoped, instruments["pulse"], 13)
    assert services.purge_expired_answers(organisation=scoped.organisation) == 1
