"""The board report's change-management section and the overview cards, in three languages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from adoption.load import add_months
from adoption.models import first_of_month
from tests.adoption import builders
from transformation.models import BoardReport, Role
from transformation.services.reports import board_report_context, render_board_report_html

HEADINGS = {
    "en": ("Change management", "Adoption and usage intensity", "Escalations and resistance"),
    "de": ("Change-Management", "Nutzung und Nutzungsintensität", "Eskalationen und Widerstand"),
    "nl": ("Verandermanagement", "Gebruik en gebruiksintensiteit", "Escalaties en weerstand"),
}


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        month = add_months(first_of_month(timezone.localdate()), -1)
        tool = builders.tool(tenant.organisation)
        builders.usage(tool, tenant.departments["Support"], month, 10, 8, 80)
        builders.escalation(tenant.organisation, severity=4)
        builders.idea(tenant.organisation, title="Shorter forms")
        yield tenant


def _report(org, language: str) -> BoardReport:
    today = timezone.localdate()
    return BoardReport.objects.create(
        organisation=org.organisation,
        period_start=today - timedelta(days=30),
        period_end=today,
        language=language,
        sections=["adoption"],
    )


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_the_section_is_in_the_reports_language(org, language):
    html = render_board_report_html(_report(org, language))
    for heading in HEADINGS[language]:
        assert heading in html, heading
    assert "80.0" in html or "80,0" in html


def test_the_summary_gets_highlights_and_risks(org):
    context = board_report_context(_report(org, "en"))
    assert {"value": "80.0%", "label": "AI tool adoption"} in context["highlights"]
    assert "1 escalations of high or critical severity are unresolved." in context["risks"]


def test_cards_on_the_overview(org, client):
    client.force_login(org.user(Role.EMPLOYEE))
    page = client.get(reverse("overview", kwargs={"org": org.slug})).content.decode()
    assert 'id="card-ideas"' in page and 'id="card-adoption"' not in page
    assert reverse("adoption:idea_create", kwargs={"org": org.slug}) in page
    client.force_login(org.user(Role.STEERING))
    page = client.get(reverse("overview", kwargs={"org": org.slug})).content.decode()
    card = page[page.index('id="card-adoption"') :].split("</section>")[0]
    assert "80.0%" in card and "<dd>1</dd>" in card
