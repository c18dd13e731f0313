"""Deadlines reach only those who may see them: the centre, digests and the channel."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from governance import permissions as governance_permissions
from governance import services as governance
from governance.models import Incident, Obligation
from governance.services import incidents
from tests.factories import MembershipFactory
from tests.governance.factories import UseCaseFactory
from transformation import deadlines
from transformation.models import (
    AuditEvent,
    ChannelWebhook,
    Digest,
    Notification,
    NotificationPreference,
    Role,
    WebhookPost,
)
from transformation.services import change_membership
from transformation.services import notifications as service
from transformation.tasks import send_digest
from transformation.webhooks import WebhookRefused, check_address, post_json


@pytest.fixture(autouse=True)
def english_by_default():
    """Requests in another language leave it active in the thread; services speak English here."""
    with translation.override("en"):
        yield


# Monday 30 November 2026, 07:00 in Berlin: digests and channel posts are due.
MONDAY_7 = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def build(tenant, *, title_prefix=""):
    """A Sales incident with a breach clock, a Sales obligation due soon, a guideline."""
    organisation = tenant.organisation
    with scope(organisation=organisation):
        use_case = UseCaseFactory(
            organisation=organisation,
            title=f"{title_prefix}Sales scoring",
            department=tenant.departments["Sales"],
            state="assessment",
        )
        governance.classify_use_case(
            use_case=use_case, actor=None, answers={"talks_to_people": True}
        )
        obligation = Obligation.objects.get(use_case=use_case, key="tr-50-1-check")
        obligation.due_on = date(2026, 12, 3)
        obligation.save()
        incident = incidents.record_incident(
            use_case=use_case,
            actor=tenant.user(Role.COORDINATOR),
            values={
                "title": f"{title_prefix}Leaked customer names",
                "description": "Names of customers were shown to other customers.",
                "occurred_at": None,
                "aware_at": NOW - timedelta(hours=5),
                "affected_people": "",
                "affected_count": None,
                "severity": "high",
                "serious_harm": "",
                "death": False,
                "widespread_infringement": False,
                "breach_risk": "risk",
            },
            now=NOW,
        )
        version = governance.create_guideline(
            organisation=organisation, actor=None, title=f"{title_prefix}AI use", body="# Rules"
        )
        governance.publish_guideline_version(
            version=version, actor=None, when=NOW - timedelta(days=1), notify=False
        )
        for role in (Role.COORDINATOR, Role.STEERING, Role.CHAMPION):
            governance.acknowledge_guideline(version=version, member=tenant.members[role])
    return {"use_case": use_case, "obligation": obligation, "incident": incident}


def keys_by_role(tenant) -> dict[str, set[str]]:
    with scope(organisation=tenant.organisation):
        rows = Notification.objects.select_related("membership")
        found: dict[str, set[str]] = {role: set() for role in Role.values}
        for row in rows:
            found[row.membership.role].add(row.item_key.split(":")[0])
        return found


def test_refresh_gives_each_member_only_what_they_may_see(tenants):
    own, other = tenants
    build(other, title_prefix="Other ")
    build(own)
    service.refresh_notifications(organisation=own.organisation, now=NOW)
    found = keys_by_role(own)
    assert found[Role.COORDINATOR] == {"governance.obligation", "governance.incident"}
    # Steering may see incidents; a dated obligation concerns it once overdue.
    assert found[Role.STEERING] == {"governance.incident"}
    # The champion is in Support: neither the Sales incident nor the Sales obligation.
    assert found[Role.CHAMPION] == set()
    # The employee only learns that they have a guideline to read.
    assert found[Role.EMPLOYEE] == {"governance.acknowledge"}
    with scope(organisation=own.organisation):
        titles = {row.title["en"] for row in Notification.objects.all()}
    assert not any(title.startswith("Other") or "Other " in title for title in titles)
    with scopes_disabled():
        assert not Notification.objects.filter(organisation=other.organisation).exists()


def test_overdue_items_reach_steering_and_replace_the_unread_due_soon_row(tenant):
    made = build(tenant)
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    later = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)  # the obligation was due on 3 December
    service.refresh_notifications(organisation=tenant.organisation, now=later)
    with scope(organisation=tenant.organisation):
        key = f"governance.obligation:{made['obligation'].pk}"
        rows = Notification.objects.filter(item_key=key).select_related("membership")
        assert {(row.membership.role, row.stage) for row in rows} == {
            (Role.COORDINATOR, "overdue"),
            (Role.STEERING, "overdue"),
        }


def test_a_member_whose_access_changes_loses_what_they_may_no_longer_see(tenant):
    build(tenant)
    champion = tenant.members[Role.CHAMPION]
    with scope(organisation=tenant.organisation):
        change_membership(
            membership=champion,
            role=Role.CHAMPION,
            department=tenant.departments["Sales"],
            actor=tenant.user(Role.COORDINATOR),
        )
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    assert keys_by_role(tenant)[Role.CHAMPION] == {"governance.obligation", "governance.incident"}
    with scope(organisation=tenant.organisation):
        change_membership(
            membership=champion,
            role=Role.EMPLOYEE,
            department=tenant.departments["Sales"],
            actor=tenant.user(Role.COORDINATOR),
        )
        # Gone at once, before the next cycle.
        assert not Notification.objects.filter(membership=champion).exists()
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    assert keys_by_role(tenant)[Role.EMPLOYEE] == {"governance.acknowledge"}


def test_a_recorded_report_stops_its_notifications(tenant):
    made = build(tenant)
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    with scope(organisation=tenant.organisation):
        incidents.record_report(
            incident=made["incident"],
            actor=tenant.user(Role.COORDINATOR),
            clock="dpa",
            when=NOW - timedelta(hours=1),
            now=NOW,
        )
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    assert "governance.incident" not in keys_by_role(tenant)[Role.COORDINATOR]


def test_header_shows_the_unread_count_and_the_centre_lists_them(tenant, client_for):
    build(tenant)
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    client = client_for(tenant.user(Role.COORDINATOR))
    page = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()
    assert '<span class="notify-link__count">2</span>' in page
    centre = client.get(reverse("notifications", kwargs={"org": tenant.slug}))
    titles = [row.title["en"] for row in centre.context["notifications"]]
    assert titles == [
        "Notify the data protection authority (within 72 hours): incident “Leaked customer names”",
        "Art 50(1) for “Sales scoring”",
    ]
    first = centre.context["notifications"][0]
    opened = client.post(reverse("notification_open", kwargs={"org": tenant.slug, "pk": first.pk}))
    assert opened.status_code == 302
    assert opened["Location"] == reverse(
        "governance:incident", kwargs={"org": tenant.slug, "pk": first.item_key.split(":")[1]}
    )
    page = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()
    assert '<span class="notify-link__count">1</span>' in page
    client.post(reverse("notifications_read", kwargs={"org": tenant.slug}))
    page = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()
    assert "notify-link__count" not in page


def test_the_centre_rechecks_access_when_it_shows_a_row(tenant, client_for):
    made = build(tenant)
    service.refresh_notifications(organisation=tenant.organisation, now=NOW)
    # A row that outlived access (e.g. written before a department changed hands).
    with scope(organisation=tenant.organisation):
        Notification.objects.create(
            organisation=tenant.organisation,
            membership=tenant.members[Role.CHAMPION],
            item_key=f"governance.incident:{made['incident'].pk}:dpa",
            source="governance.incidents",
            stage="upcoming",
            title={"en": "Leaked customer names"},
            url="/",
            due_at=NOW,
        )
    client = client_for(tenant.user(Role.CHAMPION))
    page = client.get(reverse("notifications", kwargs={"org": tenant.slug}))
    assert page.context["notifications"] == []
    assert "Leaked customer names" not in page.content.decode()


def _plan_and_send(now, capture):
    # The send task reads the real clock (a digest delivered after its period is
    # skipped), so the clock is set to the planning moment, not left to the day
    # the suite happens to run.
    with time_machine.travel(now, tick=False), capture(execute=True):
        service.plan_digests(now=now)


def test_digests_go_out_at_seven_local_time_once_per_period(
    tenant, django_capture_on_commit_callbacks
):
    build(tenant)
    with scope(organisation=tenant.organisation):
        NotificationPreference.objects.create(
            organisation=tenant.organisation,
            membership=tenant.members[Role.COORDINATOR],
            digest="daily",
        )
        NotificationPreference.objects.create(
            organisation=tenant.organisation,
            membership=tenant.members[Role.STEERING],
            digest="none",
        )
    _plan_and_send(MONDAY_7 - timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    with scopes_disabled():
        assert not Digest.objects.exists()
    _plan_and_send(MONDAY_7, django_capture_on_commit_callbacks)
    # Beat fires again (a restart), and again an hour later: nobody gets a second mail.
    _plan_and_send(MONDAY_7, django_capture_on_commit_callbacks)
    _plan_and_send(MONDAY_7 + timedelta(hours=1), django_capture_on_commit_callbacks)
    recipients = sorted(message.to[0] for message in mail.outbox)
    # Champion: nothing due for them in Support, so no mail at all.
    assert recipients == ["coordinator@acme.example", "employee@acme.example"]
    with scopes_disabled():
        digests = {d.membership.role: (d.frequency, d.status) for d in Digest.objects.all()}
    assert digests == {
        Role.COORDINATOR: ("daily", "sent"),
        Role.CHAMPION: ("weekly", "skipped"),
        Role.EMPLOYEE: ("weekly", "sent"),
    }
    employee_mail = next(m for m in mail.outbox if m.to == ["employee@acme.example"])
    assert "Leaked customer names" not in employee_mail.body
    assert "Read and acknowledge “AI use” (version 1)" in employee_mail.body


def test_the_same_digest_task_delivered_twice_sends_once(
    tenant, django_capture_on_commit_callbacks
):
    build(tenant)
    _plan_and_send(MONDAY_7, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    with scopes_disabled():
        digest = Digest.objects.get(membership=tenant.members[Role.COORDINATOR])
    assert (
        send_digest.delay(organisation_id=tenant.organisation.pk, digest_id=digest.pk).get()
        == "already handled"
    )
    assert len(mail.outbox) == sent


def test_a_send_abandoned_by_a_dead_worker_is_taken_over_after_the_lease(
    tenant, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 120
    build(tenant)
    with scopes_disabled():
        digest = Digest.objects.create(
            organisation=tenant.organisation,
            membership=tenant.members[Role.COORDINATOR],
            frequency="weekly",
            period_start=date(2026, 11, 30),
            created_at=MONDAY_7,
        )
    # A worker claimed it and died before sending.
    with scope(organisation=tenant.organisation):
        assert service.claim(Digest, digest.pk, MONDAY_7) is not None
        assert service.claim(Digest, digest.pk, MONDAY_7 + timedelta(seconds=119)) is None
        taken = service.claim(Digest, digest.pk, MONDAY_7 + timedelta(seconds=121))
    assert taken is not None and taken.attempts == 2
    assert service.send_digest(digest=taken, now=MONDAY_7 + timedelta(seconds=121)) == "sent"
    assert [message.to for message in mail.outbox] == [["coordinator@acme.example"]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<digest-{digest.pk}-")


def test_digest_is_written_in_the_readers_language(tenant, django_capture_on_commit_callbacks):
    build(tenant)
    user = tenant.user(Role.EMPLOYEE)
    user.language = "nl"
    user.save()
    _plan_and_send(MONDAY_7, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [user.email])
    assert "Lees en bevestig “AI use” (versie 1)" in message.body


def test_an_organisation_in_another_time_zone_waits_for_its_own_morning(
    tenants, django_capture_on_commit_callbacks
):
    own, other = tenants
    build(own)
    build(other, title_prefix="Other ")
    other.organisation.time_zone = "America/New_York"
    other.organisation.save()
    _plan_and_send(MONDAY_7, django_capture_on_commit_callbacks)
    with scopes_disabled():
        assert not Digest.objects.filter(organisation=other.organisation).exists()
        assert Digest.objects.filter(organisation=own.organisation).exists()
    # 07:00 in New York is 12:00 UTC.
    _plan_and_send(datetime(2026, 11, 30, 12, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    with scopes_disabled():
        assert Digest.objects.filter(organisation=other.organisation).exists()


# The steering committee's channel ----------------------------------------------------------------


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def channel_server(settings):
    """A local HTTP server standing in for Teams or Slack."""
    settings.NOTIFICATION_WEBHOOK_ALLOW_PRIVATE = True
    handler = type("Hook", (_Hook,), {"received": [], "status": 200})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def _channel(tenant, url, kind="slack"):
    with scope(organisation=tenant.organisation):
        return service.save_channel_webhook(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={"kind": kind, "url": url, "frequency": "weekly", "enabled": True},
        )


def test_channel_gets_only_what_the_steering_committee_may_see_once_a_week(
    tenant, channel_server, django_capture_on_commit_callbacks
):
    handler, url = channel_server
    build(tenant)
    _channel(tenant, url)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            service.plan_channel_posts(now=MONDAY_7)
    assert len(handler.received) == 1
    text = handler.received[0]["text"]
    assert "Leaked customer names" in text
    # Not the employee's personal guideline item, not an obligation that is not overdue.
    assert "Read and acknowledge" not in text
    assert "Art 50(1)" not in text
    with scopes_disabled():
        post = WebhookPost.objects.get()
        assert (post.status, post.item_count) == ("sent", 1)
        assert ChannelWebhook.objects.get().last_result == "200 OK"


def test_teams_gets_an_adaptive_card(tenant, channel_server, django_capture_on_commit_callbacks):
    handler, url = channel_server
    build(tenant)
    _channel(tenant, url, kind="teams")
    with django_capture_on_commit_callbacks(execute=True):
        service.plan_channel_posts(now=MONDAY_7)
    [payload] = handler.received
    card = payload["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    texts = [block["text"] for block in card["content"]["body"]]
    assert texts[0] == "Acme Wholesale: 1 item due in the AI programme"
    assert "Leaked customer names" in texts[1]


def test_a_refused_post_is_recorded_as_failed(
    tenant, channel_server, django_capture_on_commit_callbacks
):
    handler, url = channel_server
    handler.status = 500
    build(tenant)
    _channel(tenant, url)
    with django_capture_on_commit_callbacks(execute=True):
        service.plan_channel_posts(now=MONDAY_7)
    with scopes_disabled():
        post = WebhookPost.objects.get()
        assert post.status == "failed"
        assert "500" in post.error
        assert ChannelWebhook.objects.get().last_result.startswith("500")


def test_the_webhook_address_is_a_secret(tenant, channel_server):
    _handler, url = channel_server
    _channel(tenant, url + "?token=T0PSECRET")
    with scope(organisation=tenant.organisation):
        event = AuditEvent.objects.get(action="channel_webhook.saved")
    assert event.changes["url"] == "changed"
    assert "T0PSECRET" not in json.dumps(event.changes)
    with scope(organisation=tenant.organisation):
        assert ChannelWebhook.objects.get().masked_url == "http://127.0.0.1/…"


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/services/x",
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://user:pass@hooks.slack.com/x",
        "ftp://hooks.slack.com/x",
    ],
)
def test_internal_or_insecure_addresses_are_refused(settings, url):
    settings.NOTIFICATION_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError):
        check_address(url)


def test_a_host_name_that_resolves_inside_is_refused_at_send_time(settings):
    settings.NOTIFICATION_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(WebhookRefused, match="non-public"):
        post_json("https://localhost/hook", {"text": "x"})


def test_channel_form_refuses_an_insecure_address_in_german(tenant, client_for, settings):
    settings.NOTIFICATION_WEBHOOK_ALLOW_PRIVATE = False
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        reverse("channel_webhook", kwargs={"org": tenant.slug}),
        {"kind": "slack", "url": "http://hooks.slack.com/x", "frequency": "weekly"},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert "Die Webhook-Adresse muss mit https:// beginnen." in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not ChannelWebhook.objects.exists()


def test_engine_items_carry_their_page_access_rule(tenant):
    """No item is shown to a member whom the predicate its page declares would refuse."""
    made = build(tenant)
    with scope(organisation=tenant.organisation):
        sales_champion = MembershipFactory(
            organisation=tenant.organisation,
            role=Role.CHAMPION,
            department=tenant.departments["Sales"],
        )
        incident = Incident.objects.select_related("use_case").get(pk=made["incident"].pk)
        items = deadlines.collect(tenant.organisation, NOW)
        committee = deadlines.steering_committee(tenant.organisation)
        members = [committee, *(tenant.members[role] for role in Role.values), sales_champion]
        for item in items:
            page = resolve(item.url).func.permission
            assert not page.per_object or page is governance_permissions.view_incident, item.key
            for member in members:
                if item.visible_to(member):
                    assert page(member, incident if page.per_object else None), (item.key, member)
        incident_item = next(i for i in items if i.source == "governance.incidents")
        # The committee, coordinator, steering; not Support's champion, not employees; Sales's
        # champion (the incident's department).
        assert [incident_item.visible_to(member) for member in members] == [
            True,
            True,
            True,
            False,
            False,
            True,
        ]
        assert {item.source for item in items} >= {
            "governance.incidents",
            "governance.obligations",
            "governance.guidelines",
        }


def test_organisation_time_zone_is_validated_and_saved(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    url = reverse("organisation_settings", kwargs={"org": tenant.slug})
    values = {
        "name": "Acme Wholesale",
        "sector": "Wholesale",
        "employee_count": 220,
        "country": "NL",
        "default_language": "nl",
        "organisation_model": "federal",
    }
    refused = client.post(url, {**values, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 422
    tenant.organisation.refresh_from_db()
    assert tenant.organisation.time_zone == ""
    assert client.post(url, {**values, "time_zone": "Europe/Amsterdam"}).status_code == 302
    tenant.organisation.refresh_from_db()
    assert tenant.organisation.time_zone == "Europe/Amsterdam"


def test_settings_changes_are_audited_once_in_sentences_without_the_address(tenant, client_for):
    coordinator = tenant.user(Role.COORDINATOR)
    name = coordinator.get_full_name()
    client = client_for(coordinator)
    settings_url = reverse("notification_settings", kwargs={"org": tenant.slug})
    channel_url = reverse("channel_webhook", kwargs={"org": tenant.slug})
    with scope(organisation=tenant.organisation):
        before = AuditEvent.objects.count()
    for _ in range(2):  # the second time nothing changes, and nothing is written
        assert client.post(settings_url, {"digest": "daily"}).status_code == 302
        channel = {"kind": "slack", "url": "https://hooks.slack.com/services/T0PSECRET"}
        response = client.post(channel_url, {**channel, "frequency": "weekly", "enabled": "on"})
        assert response.status_code == 302
    # An empty address keeps the stored one; the schedule still changes.
    client.post(channel_url, {"kind": "slack", "url": "", "frequency": "daily", "enabled": "on"})
    client.post(reverse("channel_webhook_test", kwargs={"org": tenant.slug}))
    with scope(organisation=tenant.organisation), translation.override("de"):
        written = list(AuditEvent.objects.order_by("pk"))[before:]
        seen = [(event.action, event.sentence, event.changes) for event in written]
        assert ChannelWebhook.objects.get().url.endswith("T0PSECRET")
    membership = tenant.members[Role.COORDINATOR]
    webhook = "Acme Wholesale · Slack incoming webhook"  # the label as recorded
    assert [(action, sentence) for action, sentence, _changes in seen] == [
        (
            "notifications.preference_changed",
            f"{name} hat die Einstellung der E-Mail-Zusammenfassung von {membership} geändert.",
        ),
        (
            "channel_webhook.saved",
            f"{name} hat den Kanal des Lenkungskreises geändert ({webhook}).",
        ),
        (
            "channel_webhook.saved",
            f"{name} hat den Kanal des Lenkungskreises geändert ({webhook}).",
        ),
        (
            "channel_webhook.test_requested",
            f"{name} hat eine Testnachricht an den Kanal des Lenkungskreises gesendet.",
        ),
    ]
    assert seen[1][2]["url"] == "changed"
    assert seen[2][2] == {"frequency": ["weekly", "daily"]}
    assert "T0PSECRET" not in json.dumps([changes for _a, _s, changes in seen])


def test_deadline_titles_are_rendered_per_language_when_read():
    """A title is worked out in a language when that language is read, and only then."""
    from django.utils.translation import get_language

    from transformation.deadlines import in_languages

    rendered = []

    def render():
        rendered.append(get_language())
        return f"title in {get_language()}"

    texts = in_languages(render)
    assert rendered == []
    assert texts["de"] == "title in de" and texts.get("de") == "title in de"
    assert rendered == ["de"]
    assert dict(texts) == {"en": "title in en", "de": "title in de", "nl": "title in nl"}
    assert texts == {"en": "title in en", "de": "title in de", "nl": "title in nl"}
    assert sorted(rendered) == ["de", "en", "nl"]  # each once
    assert texts.get("fr") is None
