"""The change-management trail speaks the product's one audit vocabulary, in sentences."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from adoption import services
from adoption.models import UsageRecord, UsageSource, first_of_month
from tests.adoption import builders
from tests.factories import MembershipFactory
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Role


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def test_the_audit_page_tells_what_happened_in_the_readers_language(org, client):
    coordinator = org.user(Role.COORDINATOR)
    tool = builders.tool(org.organisation, name="Copilot")
    builders.usage(tool, org.departments["Support"], first_of_month(date.today()), 10, 7)
    idea = builders.idea(org.organisation, author=org.user(Role.EMPLOYEE), title="Shelf order")
    services.triage_idea(idea=idea, actor=coordinator, status="under_review")
    builders.escalation(org.organisation, title="Fear of monitoring")
    services.save_load_settings(
        organisation=org.organisation, actor=coordinator, values={"saturation": 4}
    )
    client.force_login(org.user(Role.STEERING))
    url = reverse("governance:audit", kwargs={"org": org.slug})

    page = client.get(url, headers={"accept-language": "de"}).content.decode()

    name = coordinator.get_full_name()
    employee = org.user(Role.EMPLOYEE).get_full_name()
    for sentence in (
        f"{name} hat das KI-Tool „Copilot“ in das Verzeichnis aufgenommen.",
        f"{name} hat Nutzungszahlen des KI-Tools „Copilot“ eingetragen.",
        f"{employee} hat die Idee „Shelf order“ eingereicht.",
        f"{name} hat die Idee „Shelf order“ geprüft.",
        f"{name} hat die Eskalation „Fear of monitoring“ erfasst.",
        f"{name} hat die Gewichte und Grenzen der Heatmap der Veränderungslast geändert.",
    ):
        assert sentence in page, sentence
    assert "ai_tool.created" not in page and "idea.triaged" not in page
    page = client.get(url, headers={"accept-language": "nl"}).content.decode()
    assert f"{name} heeft het idee ‘Shelf order’ beoordeeld." in page


def test_every_change_management_action_is_in_the_vocabulary(org):
    tool = builders.tool(org.organisation)
    builders.usage(tool, org.departments["Support"], first_of_month(date.today()), 10, 7)
    builders.escalation(org.organisation)
    builders.retrospective(org.organisation)
    builders.idea(org.organisation, author=org.user(Role.EMPLOYEE))
    written = set(AuditEvent.objects.values_list("action", flat=True))
    assert written == {
        AuditAction.AI_TOOL_CREATED,
        AuditAction.USAGE_RECORDED,
        AuditAction.ESCALATION_RECORDED,
        AuditAction.RETROSPECTIVE_RECORDED,
        AuditAction.IDEA_SUBMITTED,
    }


def test_the_same_figures_entered_again_change_nothing_and_write_no_row(org):
    """Nothing changed, so nothing is saved: the row keeps who entered its figures and when."""
    tool = builders.tool(org.organisation)
    support, month = org.departments["Support"], first_of_month(date.today())
    first = builders.usage(tool, support, month, 10, 7, 70)
    entered_at = first.recorded_at
    colleague = MembershipFactory(organisation=org.organisation, role=Role.COORDINATOR).user
    events = AuditEvent.objects.filter(action=AuditAction.USAGE_RECORDED)
    assert events.count() == 1

    again = services.record_usage(
        tool=tool,
        actor=colleague,
        department=support,
        month=month,
        licensed_users=10,
        active_users=7,
        actions=70,
    )

    stored = UsageRecord.objects.get()
    assert (stored.recorded_by, stored.recorded_at) == (org.user(Role.COORDINATOR), entered_at)
    assert (again.recorded_by, again.source) == (org.user(Role.COORDINATOR), UsageSource.ENTERED)
    assert events.count() == 1

    services.record_usage(
        tool=tool,
        actor=colleague,
        department=support,
        month=month,
        licensed_users=10,
        active_users=8,
        actions=70,
    )
    stored = UsageRecord.objects.get()
    assert stored.recorded_by == colleague and stored.recorded_at > entered_at
    change = events.order_by("pk").last()
    assert (change.actor, change.changes) == (
        colleague,
        {
            "month": month.isoformat(),
            "department": "Support",
            "active_users": [7, 8],
        },
    )
    assert change.created_at <= timezone.now()
