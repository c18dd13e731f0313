"""Waves invite when they open (beat), say when they open and close, and the new-wave form
counts its audience before anything is sent."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scope, scopes_disabled

from assessments import services, tasks
from assessments.models import Participation, Wave
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from transformation.models import Role


def _wave(organisation, instrument, *, opens_in: timedelta, mode=Wave.Mode.PERSONAL, **kwargs):
    opens_at = timezone.now() + opens_in
    return services.create_wave(
        organisation=organisation,
        actor=None,
        instrument=instrument,
        title="Spring pulse",
        mode=mode,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=14),
        link_base="http://testserver/",
        **kwargs,
    )


def test_a_scheduled_wave_invites_nobody_until_beat_finds_it_open(
    scoped, instruments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wave = _wave(scoped.organisation, instruments["pulse"], opens_in=timedelta(days=2))
        assert tasks.open_due_waves() == 0
    assert Participation.objects.filter(wave=wave).count() == 0
    assert mail.outbox == []

    with scopes_disabled():
        Wave.objects.filter(pk=wave.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_due_waves() == 1
    assert Participation.objects.filter(wave=wave).count() == 4
    assert len(mail.outbox) == 4
    # Idempotent: the next beat run, and the single-wave task, find nothing to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_due_waves() == 0
        assert tasks.open_wave(organisation_id=wave.organisation_id, wave_id=wave.pk) == 0
    assert len(mail.outbox) == 4
    wave.refresh_from_db()
    assert wave.opened_at is not None


def test_a_wave_opening_at_creation_invites_after_commit_and_not_before(
    scoped, instruments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        wave = _wave(scoped.organisation, instruments["pulse"], opens_in=-timedelta(minutes=1))
        assert Participation.objects.filter(wave=wave).count() == 0
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    assert Participation.objects.filter(wave=wave).count() == 4
    assert len(mail.outbox) == 4


def test_a_closed_wave_is_never_opened_by_beat(
    scoped, instruments, django_capture_on_commit_callbacks
):
    wave = _wave(scoped.organisation, instruments["pulse"], opens_in=timedelta(days=1))
    with scopes_disabled():
        Wave.objects.filter(pk=wave.pk).update(
            opens_at=timezone.now() - timedelta(days=3),
            closed_early_at=timezone.now() - timedelta(days=1),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_due_waves() == 0
    assert mail.outbox == []


def test_the_invitation_states_when_the_survey_opens_and_closes_in_each_language(
    scoped, instruments, django_capture_on_commit_callbacks
):
    for language in ("de", "nl"):
        user = UserFactory(email=f"{language}@acme.example", language=language)
        MembershipFactory(organisation=scoped.organisation, user=user, role=Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        wave = _wave(scoped.organisation, instruments["pulse"], opens_in=-timedelta(minutes=1))
    wave.refresh_from_db()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    expected = {
        "en": "The survey opens on {opens} and closes on {closes}.",
        "de": "Die Umfrage beginnt am {opens} und endet am {closes}.",
        "nl": "De enquête opent op {opens} en sluit op {closes}.",
    }
    emails = {"en": scoped.user("employee").email, "de": "de@acme.example", "nl": "nl@acme.example"}
    for language, sentence in expected.items():
        with translation.override(language):
            opens = date_format(timezone.localtime(wave.opens_at), "SHORT_DATETIME_FORMAT")
            closes = date_format(timezone.localtime(wave.ends_at), "SHORT_DATETIME_FORMAT")
        assert sentence.format(opens=opens, closes=closes) in bodies[emails[language]]


def test_a_not_yet_open_link_says_when_it_opens(
    scoped, instruments, client, django_capture_on_commit_callbacks
):
    kiosk = _wave(
        scoped.organisation, instruments["pulse"], opens_in=timedelta(days=3), mode=Wave.Mode.KIOSK
    )
    page = client.get(f"/s/kiosk/{kiosk.kiosk_code}/?lang=de")
    text = page.content.decode()
    assert 'data-reason="not_open"' in text
    with translation.override("de"):
        opens = date_format(timezone.localtime(kiosk.opens_at), "DATETIME_FORMAT")
    assert f"Sie beginnt am {opens}." in text

    with django_capture_on_commit_callbacks(execute=True):
        personal = _wave(scoped.organisation, instruments["pulse"], opens_in=-timedelta(hours=1))
    link = next(m for m in mail.outbox if m.to == [scoped.user("employee").email])
    path = link.body.split("http://testserver", 1)[1].split()[0]
    later = timezone.now() + timedelta(days=1)
    with scopes_disabled():
        Wave.objects.filter(pk=personal.pk).update(opens_at=later)
    with translation.override("en"):
        opens = date_format(timezone.localtime(later), "DATETIME_FORMAT")
    page = client.get(path)
    assert f"It opens on {opens}." in page.content.decode()


def test_inviting_by_hand_before_the_wave_opens_is_refused(scoped, instruments, client_for):
    wave = _wave(scoped.organisation, instruments["pulse"], opens_in=timedelta(days=2))
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:wave_invite", kwargs={"org": scoped.slug, "pk": wave.pk})
    page = client.post(url, follow=True)
    assert "Invitations go out when the wave opens" in page.content.decode()
    assert Participation.objects.filter(wave=wave).count() == 0


@pytest.fixture
def sales_team(scoped):
    """Six members in Sales, one in its sub-department Inside sales."""
    sales = scoped.departments["Sales"]
    inside = DepartmentFactory(organisation=scoped.organisation, name="Inside sales", parent=sales)
    for _ in range(5):
        MembershipFactory(organisation=scoped.organisation, department=sales, role=Role.EMPLOYEE)
    MembershipFactory(organisation=scoped.organisation, department=inside, role=Role.EMPLOYEE)
    inactive = UserFactory(is_active=False)
    MembershipFactory(organisation=scoped.organisation, user=inactive, department=sales)
    return sales, inside


def test_new_wave_form_defaults_to_today_and_fourteen_days(scoped, client_for):
    client = client_for(scoped.user("coordinator"))
    page = client.get(reverse("assessments:wave_create", kwargs={"org": scoped.slug}))
    form = page.context["form"]
    opens, closes = form.initial["opens_at"], form.initial["closes_at"]
    assert opens.date() == timezone.localdate()
    assert closes - opens == timedelta(days=14)
    # The whole organisation by default: its four active members.
    assert page.context["audience"].size == 4
    assert 'id="audience-size">4<' in page.content.decode()


def test_the_audience_preview_counts_and_lists_exactly_the_chosen_departments(
    scoped, instruments, sales_team, client_for
):
    sales, _inside = sales_team
    client = client_for(scoped.user("coordinator"))
    url = reverse("assessments:wave_create", kwargs={"org": scoped.slug})
    data = {
        "instrument": instruments["pulse"].pk,
        "mode": "personal",
        "departments": [sales.pk],
        "preview": "1",
    }
    # htmx, on change: only the audience region comes back.
    partial = client.post(url, data, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert text.lstrip().startswith('<section class="card section-gap" id="audience"')
    assert 'id="audience-size">6<' in text
    assert '<ul id="audience-departments"><li>Sales</li></ul>' in text
    assert "Including their sub-departments: Inside sales." in text
    assert "audience-too-small" not in text
    # Without JavaScript the button does the same on the whole page, creating nothing.
    page = client.post(url, {**data, "departments": [scoped.departments["Support"].pk]})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="audience-size">2<' in text
    assert '<ul id="audience-departments"><li>Support</li></ul>' in text
    assert 'id="audience-too-small"' in text
    assert "can never see any result" in text
    # A submit the form refuses shows the count too, for the departments as chosen.
    refused = client.post(url, {"mode": "personal", "departments": [sales.pk]})
    assert refused.status_code == 422
    assert 'id="audience-size">6<' in refused.content.decode()
    assert Wave.objects.count() == 0


def test_a_kiosk_audience_counts_heads(scoped, sales_team):
    sales, _inside = sales_team
    audience = services.wave_audience(
        organisation=scoped.organisation, departments=[sales], mode=Wave.Mode.KIOSK
    )
    assert audience.size == 40 + 10  # Sales and Inside sales (factory headcount 10)
    assert audience.by_headcount


def test_the_wave_page_shows_the_audience_and_the_number_invited(
    scoped, instruments, sales_team, client_for, django_capture_on_commit_callbacks
):
    sales, _inside = sales_team
    with django_capture_on_commit_callbacks(execute=True):
        wave = _wave(
            scoped.organisation,
            instruments["pulse"],
            opens_in=-timedelta(minutes=5),
            departments=[sales],
        )
        scheduled = _wave(
            scoped.organisation,
            instruments["pulse"],
            opens_in=timedelta(days=1),
            departments=[sales],
        )
    client = client_for(scoped.user("coordinator"))
    page = client.get(reverse("assessments:wave", kwargs={"org": scoped.slug, "pk": wave.pk}))
    text = page.content.decode()
    assert '<dd id="wave-invited">6</dd>' in text
    assert '<dd id="wave-departments">Sales</dd>' in text
    page = client.get(reverse("assessments:wave", kwargs={"org": scoped.slug, "pk": scheduled.pk}))
    assert '<dd id="wave-invited">6 people when the wave opens</dd>' in page.content.decode()
    with scope(organisation=scoped.organisation):
        assert Participation.objects.filter(wave=scheduled).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking")
def test_concurrent_beat_runs_open_a_wave_once(transactional_db):
    from tests.assessments.factories import install
    from tests.conftest import make_tenant

    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        wave = _wave(tenant.organisation, instruments["pulse"], opens_in=timedelta(days=1))
    with scopes_disabled():
        Wave.objects.filter(pk=wave.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    runs = 4
    barrier = threading.Barrier(runs)
    opened = []

    def beat():
        try:
            barrier.wait()
            opened.append(tasks.open_due_waves())
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(opened) == [0] * (runs - 1) + [1]
    with scope(organisation=tenant.organisation):
        assert Participation.objects.filter(wave=wave).count() == 4
    assert len(mail.outbox) == 4


def test_invitations_the_broker_could_not_take_go_out_once_from_the_beat(
    scoped, instruments, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(tasks.send_wave_invitations, "delay", broker_down)
        wave = _wave(scoped.organisation, instruments["pulse"], opens_in=-timedelta(minutes=1))
    # The wave is saved and its audience recorded, but no mail went out.
    assert Participation.objects.filter(wave=wave).count() == 4
    assert mail.outbox == []

    with scopes_disabled():
        assert tasks.send_pending_invitations() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Participation.objects.filter(wave=wave).values_list("email", flat=True)
    )
    # The next beat run and a late original message send nothing again.
    with scopes_disabled():
        assert tasks.send_pending_invitations() == 0
    assert tasks.send_wave_invitations(organisation_id=scoped.organisation.pk, wave_id=wave.pk) == 0
    assert len(mail.outbox) == 4
