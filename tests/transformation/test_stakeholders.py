"""Stakeholder map, attitude history, CSV import/export, communication plan."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from transformation import services
from transformation.models import (
    AttitudeChange,
    AuditEvent,
    CommunicationItem,
    Engagement,
    Role,
    Stakeholder,
    engagement_for,
)

HEADER = (
    "name,kind,department,role,influence,interest,attitude,concerns,"
    "engagement_override,owner_email,next_action,next_action_due\n"
)


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, Engagement.MANAGE_CLOSELY),
        (3, 3, Engagement.MANAGE_CLOSELY),
        (4, 2, Engagement.KEEP_SATISFIED),
        (2, 4, Engagement.KEEP_INFORMED),
        (2, 2, Engagement.MONITOR),
        (1, 1, Engagement.MONITOR),
    ],
)
def test_engagement_follows_the_influence_interest_quadrant(influence, interest, expected):
    assert engagement_for(influence, interest) == expected


def _stakeholder(tenant, **values) -> Stakeholder:
    defaults = {"kind": "group", "influence": 2, "interest": 5, "attitude": "sceptic"}
    with scope(organisation=tenant.organisation):
        return services.save_stakeholder(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            values={**defaults, **values},
        )


def test_engagement_override_wins_and_sql_agrees(tenant):
    plain = _stakeholder(tenant, name="Warehouse team")
    forced = _stakeholder(tenant, name="CFO", engagement_override=Engagement.MANAGE_CLOSELY)
    assert plain.engagement == Engagement.KEEP_INFORMED
    assert forced.engagement == Engagement.MANAGE_CLOSELY
    assert forced.derived_engagement == Engagement.KEEP_INFORMED
    with scope(organisation=tenant.organisation):
        values = dict(Stakeholder.objects.with_engagement().values_list("name", "engagement_value"))
    assert values == {"Warehouse team": "keep_informed", "CFO": "manage_closely"}


def test_attitude_history_shows_who_moved_since_a_date(tenant):
    coordinator = tenant.user(Role.COORDINATOR)
    team = _stakeholder(tenant, name="Warehouse team")
    council = _stakeholder(tenant, name="Works council", attitude="supporter")
    _stakeholder(tenant, name="Drivers", attitude="neutral")
    with scope(organisation=tenant.organisation):
        for attitude, day in (("neutral", dt.date(2026, 3, 1)), ("supporter", dt.date(2026, 5, 1))):
            services.save_stakeholder(
                organisation=tenant.organisation,
                actor=coordinator,
                stakeholder=team,
                values={"attitude": attitude},
                changed_on=day,
            )
        services.save_stakeholder(
            organisation=tenant.organisation,
            actor=coordinator,
            stakeholder=council,
            values={"attitude": "sceptic"},
            changed_on=dt.date(2026, 4, 1),
        )
        then = dict(
            Stakeholder.objects.with_attitude_on(dt.date(2026, 2, 1)).values_list(
                "name", "attitude_then"
            )
        )
        middle = dict(
            Stakeholder.objects.with_attitude_on(dt.date(2026, 3, 15)).values_list(
                "name", "attitude_then"
            )
        )
        since = Stakeholder.objects.with_attitude_on(dt.date(2026, 2, 1))
        improved = list(since.moved("improved").values_list("name", flat=True))
        worsened = list(since.moved("worsened").values_list("name", flat=True))
        history = list(
            AttitudeChange.objects.filter(stakeholder=team)
            .order_by("changed_on")
            .values_list("attitude_from", "attitude_to")
        )
    assert then == {"Warehouse team": "sceptic", "Works council": "supporter", "Drivers": "neutral"}
    assert middle["Warehouse team"] == "neutral"
    assert improved == ["Warehouse team"]
    assert worsened == ["Works council"]
    assert history == [("sceptic", "neutral"), ("neutral", "supporter")]


def test_stakeholder_page_places_everyone_on_the_grid(tenant, client_for):
    _stakeholder(tenant, name="Warehouse team", concerns=["job_loss"])
    _stakeholder(tenant, name="Board", influence=5, interest=2, attitude="promoter")
    client = client_for(tenant.user(Role.CHAMPION))
    url = reverse("stakeholders", kwargs={"org": tenant.slug})
    html = client.get(url).content.decode()
    wide, phone = re.findall(r"<svg .*?</svg>", html, re.S)
    assert 'class="chart chart--wide ' in wide and 'class="chart chart--narrow ' in phone
    for drawing in (wide, phone):
        assert drawing.count("<circle") == 2 + 5  # two stakeholders, five legend dots
        assert "<title>Warehouse team (sceptic)</title>" in drawing
    assert 'viewBox="0 0 340 ' in phone
    assert "<title>Warehouse team (sceptic)</title>" in html
    assert "style=" not in html
    filtered = client.get(url + "?concern=job_loss").content.decode()
    assert "Warehouse team" in filtered and "Board" not in filtered
    by_engagement = client.get(url + "?engagement=keep_satisfied").content.decode()
    assert "Board" in by_engagement and "Warehouse team</a>" not in by_engagement


def test_csv_import_reports_every_bad_row_and_imports_nothing(tenant, client_for):
    body = (
        HEADER
        + "Works council,group,,Co-determination,5,5,sceptic,surveillance;job_loss,,,,\n"
        + "Warehouse,group,Nowhere,,2,5,sceptic,,,,,\n"
        + "Board,person,Sales,,9,2,fan,,,,,2026-13-01\n"
        + "Works council,group,,,5,5,neutral,,,,,\n"
    )
    client = client_for(tenant.user(Role.COORDINATOR))
    upload = SimpleUploadedFile("s.csv", body.encode(), content_type="text/csv")
    response = client.post(
        reverse("stakeholders_import", kwargs={"org": tenant.slug}), {"file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Line 3: department: Unknown department “Nowhere”." in html
    assert "Line 4: influence:" in html
    assert "Line 4: attitude:" in html
    assert "Line 4: next_action_due:" in html
    assert "Line 5: “Works council” appears twice." in html
    assert "5 problems found; nothing was imported." in html
    with scope(organisation=tenant.organisation):
        assert Stakeholder.objects.count() == 0


def test_csv_import_creates_and_updates_then_export_round_trips(tenant, client_for):
    existing = _stakeholder(tenant, name="Works council", influence=5, interest=5)
    body = (
        HEADER
        + "Works council,group,,Co-determination,5,5,neutral,surveillance,,,Meet chair,2026-12-03\n"
        + "Support agents,group,Support,Agents,2,5,supporter,workload;algorithms,"
        + "keep_satisfied,coordinator@acme.example,,\n"
    )
    client = client_for(tenant.user(Role.COORDINATOR))
    upload = SimpleUploadedFile("s.csv", body.encode("utf-8-sig"), content_type="text/csv")
    response = client.post(
        reverse("stakeholders_import", kwargs={"org": tenant.slug}), {"file": upload}
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        council = Stakeholder.objects.get(pk=existing.pk)
        agents = Stakeholder.objects.get(name="Support agents")
        changes = AttitudeChange.objects.filter(stakeholder=council).count()
        event = AuditEvent.objects.get(action="stakeholder.imported")
    assert (council.attitude, council.next_action_due, changes) == (
        "neutral",
        dt.date(2026, 12, 3),
        1,
    )
    assert (agents.department.name, agents.concerns, agents.engagement) == (
        "Support",
        ["workload", "algorithms"],
        Engagement.KEEP_SATISFIED,
    )
    assert agents.owner == tenant.user(Role.COORDINATOR)
    assert event.changes == {"created": 1, "updated": 1}

    export = client.get(reverse("stakeholders_export", kwargs={"org": tenant.slug}))
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [(r["name"], r["department"], r["concerns"], r["engagement"]) for r in rows] == [
        ("Support agents", "Support", "workload;algorithms", "keep_satisfied"),
        ("Works council", "", "surveillance", "manage_closely"),
    ]
    assert rows[0]["owner_email"] == "coordinator@acme.example"


def test_csv_export_defuses_formulas(tenant, client_for):
    _stakeholder(tenant, name="=HYPERLINK(1)")
    export = client_for(tenant.user(Role.STEERING)).get(
        reverse("stakeholders_export", kwargs={"org": tenant.slug})
    )
    assert "'=HYPERLINK(1)" in export.content.decode()


def test_stakeholder_edit_records_attitude_change(tenant, client_for):
    stakeholder = _stakeholder(tenant, name="Warehouse team")
    client = client_for(tenant.user(Role.COORDINATOR))
    url = reverse("stakeholder_edit", kwargs={"org": tenant.slug, "pk": stakeholder.pk})
    response = client.post(
        url,
        {
            "name": "Warehouse team",
            "kind": "group",
            "influence": 2,
            "interest": 5,
            "attitude": "neutral",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "sceptic → neutral" in page


def test_communication_plan_lists_items_per_month(tenant, client_for):
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        for day, audience in (
            (dt.date(2026, 12, 9), "Works council"),
            (dt.date(2026, 11, 3), "All staff"),
            (dt.date(2026, 12, 1), "Team leads"),
        ):
            services.save_communication_item(
                organisation=tenant.organisation,
                actor=coordinator,
                values={
                    "audience": audience,
                    "message": "m",
                    "channel": "email",
                    "planned_on": day,
                },
            )
        assert AuditEvent.objects.filter(action="communication.created").count() == 3
    html = (
        client_for(tenant.user(Role.CHAMPION))
        .get(reverse("communication", kwargs={"org": tenant.slug}))
        .content.decode()
    )
    assert html.index("November 2026") < html.index("All staff") < html.index("December 2026")
    assert html.index("December 2026") < html.index("Team leads") < html.index("Works council")


def test_communication_form_saves_item(tenant, client_for):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        reverse("communication_new", kwargs={"org": tenant.slug}),
        {
            "planned_on": "2026-12-10",
            "audience": "All staff",
            "channel": "intranet",
            "message": "Pilot results",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    with scope(organisation=tenant.organisation):
        item = CommunicationItem.objects.get()
    assert (item.audience, item.planned_on, item.channel) == (
        "All staff",
        dt.date(2026, 12, 10),
        "intranet",
    )
