"""Incidents: which clocks run (Art 26(5), 73 AI Act; Art 33, 34 GDPR), reports, closure."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from governance import services
from governance.incident_clocks import clocks_for
from governance.models import ApprovalRequest, Incident
from governance.services import incidents
from tests.governance.factories import UseCaseFactory
from transformation.models import AuditEvent, Role


@pytest.fixture(autouse=True)
def english_by_default():
    """Requests in another language leave it active in the thread; services speak English here."""
    with translation.override("en"):
        yield


BERLIN = ZoneInfo("Europe/Berlin")
AWARE = datetime(2026, 3, 10, 13, 25, tzinfo=UTC)  # 14:25 in Berlin
NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)


def make_use_case(tenant, answers, department="Support", role=None):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation,
            department=tenant.departments[department],
            state="assessment",
        )
        if answers is not None:
            services.classify_use_case(use_case=use_case, actor=None, answers=answers)
        return use_case


def record(tenant, use_case, **facts):
    values = {
        "title": "Wrong decision",
        "description": "Something went wrong.",
        "occurred_at": None,
        "aware_at": AWARE,
        "affected_people": "",
        "affected_count": None,
        "severity": "high",
        "serious_harm": "",
        "death": False,
        "widespread_infringement": False,
        "breach_risk": "none",
        **facts,
    }
    with scope(organisation=tenant.organisation):
        return incidents.record_incident(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), values=values, now=NOW
        )


def clocks(incident, zone=BERLIN):
    with scope(organisation=incident.organisation):
        incident = Incident.objects.select_related("use_case__current_classification").get(
            pk=incident.pk
        )
        return {clock.key: clock for clock in clocks_for(incident, zone)}


HIGH_RISK = {"annex_iii_points": ["4b"]}


def test_deployer_informs_the_provider_now_and_the_authority_within_15_days(tenant):
    incident = record(tenant, make_use_case(tenant, HIGH_RISK), serious_harm="c")
    found = clocks(incident)
    assert list(found) == ["provider", "authority"]
    assert found["provider"].immediate is True
    assert found["provider"].article == "Art 26(5) AI Act"
    assert found["authority"].article == "Art 73(2) AI Act, Art 26(5)"
    # Aware on 10 March (Berlin): the 15 days are 11-25 March, ending at local midnight.
    assert found["authority"].due_at == datetime(2026, 3, 26, 0, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("facts", "days", "paragraph"),
    [
        ({"serious_harm": "a"}, 15, "2"),
        ({"serious_harm": "a", "death": True}, 10, "4"),
        ({"serious_harm": "b"}, 2, "3"),
        ({"serious_harm": "d", "widespread_infringement": True}, 2, "3"),
        # The shortest limit wins when several apply.
        ({"serious_harm": "a", "death": True, "widespread_infringement": True}, 2, "3"),
    ],
)
def test_art_73_limits(tenant, facts, days, paragraph):
    incident = record(tenant, make_use_case(tenant, HIGH_RISK), **facts)
    authority = clocks(incident)["authority"]
    assert authority.article.startswith(f"Art 73({paragraph})")
    expected = datetime(2026, 3, 10, tzinfo=BERLIN) + timedelta(days=days + 1)
    assert authority.due_at == expected


def test_a_provider_reports_to_the_authority_only(tenant):
    use_case = make_use_case(tenant, {**HIGH_RISK, "developed_in_house": True})
    found = clocks(record(tenant, use_case, serious_harm="a"))
    assert list(found) == ["authority"]
    assert found["authority"].article == "Art 73(2) AI Act"


def test_no_ai_act_clock_for_a_system_that_is_not_high_risk(tenant):
    use_case = make_use_case(tenant, {"talks_to_people": True})
    incident = record(tenant, use_case, serious_harm="c", breach_risk="risk")
    assert list(clocks(incident)) == ["dpa"]


def test_an_unclassified_system_is_treated_as_high_risk(tenant):
    incident = record(tenant, make_use_case(tenant, None), serious_harm="d")
    assert list(clocks(incident)) == ["provider", "authority"]


def test_gdpr_breach_clocks(tenant):
    use_case = make_use_case(tenant, {"talks_to_people": True})
    risk = clocks(record(tenant, use_case, breach_risk="risk"))
    assert list(risk) == ["dpa"]
    assert risk["dpa"].due_at == AWARE + timedelta(hours=72)
    high = clocks(record(tenant, use_case, breach_risk="high"))
    assert list(high) == ["data_subjects", "dpa"]
    assert high["data_subjects"].article == "Art 34(1) GDPR"
    assert clocks(record(tenant, use_case, breach_risk="unlikely")) == {}


def test_the_organisation_time_zone_decides_the_day(tenant):
    moment = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 11 March in Berlin, 10 March in Lisbon
    incident = record(tenant, make_use_case(tenant, HIGH_RISK), serious_harm="c", aware_at=moment)
    assert clocks(incident, BERLIN)["authority"].due_at == datetime(2026, 3, 27, tzinfo=BERLIN)
    lisbon = ZoneInfo("Europe/Lisbon")
    assert clocks(incident, lisbon)["authority"].due_at == datetime(2026, 3, 26, tzinfo=lisbon)


def test_incident_page_shows_the_clock_in_the_organisations_time_zone(tenant, client_for):
    organisation = tenant.organisation
    organisation.time_zone = "Europe/Lisbon"
    organisation.save()
    incident = record(tenant, make_use_case(tenant, HIGH_RISK), serious_harm="c")
    client = client_for(tenant.user(Role.COORDINATOR))
    url = reverse("governance:incident", kwargs={"org": tenant.slug, "pk": incident.pk})
    page = client.get(url).content.decode()
    # Aware 13:25 UTC = 13:25 in Lisbon (winter); due at Lisbon midnight after 25 March.
    assert "Running from awareness on 10/03/2026 13:25 (Europe/Lisbon)." in page
    assert "26/03/2026 00:00" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('\n    <section id="clocks"') or 'id="clocks"' in partial[:200]
    assert "<html" not in partial


def test_form_times_are_read_in_the_organisations_time_zone(tenant, client_for):
    tenant.organisation.time_zone = "Europe/Berlin"
    tenant.organisation.save()
    use_case = make_use_case(tenant, HIGH_RISK)
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        reverse("governance:incident_create", kwargs={"org": tenant.slug}),
        {
            "use_case": use_case.pk,
            "title": "Dispatch error",
            "description": "Tasks were given to the wrong team.",
            "aware_at": "2026-03-10T23:30",
            "severity": "medium",
            "serious_harm": "c",
            "breach_risk": "none",
        },
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        incident = Incident.objects.get(title="Dispatch error")
    assert incident.aware_at == datetime(2026, 3, 10, 22, 30, tzinfo=UTC)


def test_bad_times_get_a_clear_message_and_nothing_is_saved(tenant, client_for):
    use_case = make_use_case(tenant, HIGH_RISK)
    client = client_for(tenant.user(Role.COORDINATOR))
    client.cookies["django_language"] = "de"
    response = client.post(
        reverse("governance:incident_create", kwargs={"org": tenant.slug}),
        {
            "use_case": use_case.pk,
            "title": "Dispatch error",
            "description": "x",
            "occurred_at": "2026-03-11T10:00",
            "aware_at": "2026-03-10T10:00",
            "severity": "medium",
            "serious_harm": "",
            "breach_risk": "none",
        },
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert "Es kann nicht nach dem Zeitpunkt passiert sein" in response.content.decode()
    with scope(organisation=tenant.organisation):
        assert not Incident.objects.exists()


def test_reports_are_recorded_once_checked(tenant):
    incident = record(tenant, make_use_case(tenant, HIGH_RISK), serious_harm="c")
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        with pytest.raises(ValidationError):
            incidents.record_report(
                incident=incident, actor=coordinator, clock="dpa", when=AWARE, now=NOW
            )
        with pytest.raises(ValidationError):
            incidents.record_report(
                incident=incident,
                actor=coordinator,
                clock="authority",
                when=AWARE - timedelta(minutes=1),
                now=NOW,
            )
        incidents.record_report(
            incident=incident, actor=coordinator, clock="provider", when=AWARE, now=NOW
        )
        late = datetime(2026, 3, 26, 0, 0, tzinfo=BERLIN)
        incidents.record_report(
            incident=incident,
            actor=coordinator,
            clock="authority",
            when=late,
            now=late + timedelta(hours=1),
        )
    found = clocks(incident)
    assert found["provider"].done_in_time is True
    # Reported at the very moment the period expired: late.
    assert found["authority"].done_in_time is False


def test_closing_needs_every_report_and_action_then_reopens_the_approval(tenant):
    use_case = make_use_case(tenant, HIGH_RISK)
    coordinator, steering = tenant.user(Role.COORDINATOR), tenant.user(Role.STEERING)
    with scope(organisation=tenant.organisation):
        request = services.request_approval(
            use_case=use_case, actor=coordinator, target_state="pilot"
        )
        services.decide_approval(
            request=request,
            actor=steering,
            membership=tenant.members[Role.STEERING],
            outcome="approve",
            reasoning="ok",
        )
    incident = record(tenant, use_case, serious_harm="c")
    with scope(organisation=tenant.organisation):
        action = incidents.add_corrective_action(
            incident=incident, actor=coordinator, description="Retrain the dispatchers"
        )
        with pytest.raises(ValidationError, match="Record these reports before closing"):
            incidents.close_incident(
                incident=incident, actor=coordinator, note="Fixed.", follow_up="reapprove"
            )
        for clock in ("provider", "authority"):
            incidents.record_report(
                incident=incident, actor=coordinator, clock=clock, when=AWARE, now=NOW
            )
        with pytest.raises(ValidationError, match="open corrective actions"):
            incidents.close_incident(
                incident=incident, actor=coordinator, note="Fixed.", follow_up="reapprove"
            )
        incidents.complete_corrective_action(action=action, actor=coordinator)
        incidents.close_incident(
            incident=incident, actor=coordinator, note="Fixed.", follow_up="reapprove"
        )
        incident.refresh_from_db()
        assert incident.status == "closed"
        approval = ApprovalRequest.objects.get(pk=request.pk)
        assert approval.status == "pending"
        use_case.refresh_from_db()
        assert use_case.state == "assessment"
        reopened = AuditEvent.objects.get(action="approval.reopened")
        assert reopened.changes["reason"] == "incident"


def test_a_champion_of_another_department_neither_lists_nor_opens_an_incident(tenant, client_for):
    incident = record(
        tenant,
        make_use_case(tenant, HIGH_RISK, department="Sales"),
        title="Sales incident with names",
        serious_harm="c",
    )
    client = client_for(tenant.user(Role.CHAMPION))  # champion of Support
    listing = client.get(reverse("governance:incidents", kwargs={"org": tenant.slug}))
    assert "Sales incident with names" not in listing.content.decode()
    assert listing.context["rows"] == []
    detail = client.get(
        reverse("governance:incident", kwargs={"org": tenant.slug, "pk": incident.pk})
    )
    assert detail.status_code == 403
    steering = client_for(tenant.user(Role.STEERING))
    listing = steering.get(reverse("governance:incidents", kwargs={"org": tenant.slug}))
    assert "Sales incident with names" in listing.content.decode()
