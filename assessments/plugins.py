"""What the survey app plugs into the registries: navigation, overview cards,
the board report's people section and demo data (layout: see transformation/plugins.py)."""

from __future__ import annotations

import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from assessments import demo, permissions, results, services, summaries
from assessments.models import Instrument, Wave
from transformation import registry
from transformation.lists import excerpt


def surveys_card(request) -> dict:
    """The surveys waiting for this person; organisation-wide figures for coordinator and
    steering (the eNPS of the latest wave that may show it, and why a newer one does not)."""
    waiting = services.open_surveys_for(request.membership.user)
    context = {"open_count": len(waiting), "readers": False}
    if not permissions.view_results(request.membership):
        return context
    now = timezone.now()
    readiness = summaries.latest_wave(
        organisation=request.organisation, kind=Instrument.Kind.READINESS
    )
    context.update(
        readers=True,
        open_waves=Wave.objects.filter(
            opens_at__lte=now, closes_at__gt=now, closed_early_at=None
        ).count(),
        readiness=results.wave_results(wave=readiness) if readiness else None,
        enps=summaries.latest_enps(organisation=request.organisation),
    )
    return context


# An overview card lists this many departments; the results page's heatmap has them all.
CARD_ROWS = 10


def readiness_card(request) -> dict:
    """Readiness per department (the roadmap's people dimension), within the thresholds:
    the first departments and how many more, with a link to all of them."""
    rows = summaries.readiness_by_department(organisation=request.organisation)
    wave = summaries.latest_wave(organisation=request.organisation, kind=Instrument.Kind.READINESS)
    return {"rows": excerpt(rows, CARD_ROWS), "wave": wave}


def new_personal_link(participation) -> None:
    """An imported participation gets a new link secret: links are signed with the
    installation's key."""
    participation.nonce = secrets.token_hex(16)
    participation.token_hash = services.hash_token(services.link_token(participation.nonce))


def free_kiosk_code(wave) -> None:
    """A kiosk code is unique in the installation: keep the archive's only while it is free."""
    with scopes_disabled():
        if wave.kiosk_code and Wave.objects.filter(kiosk_code=wave.kiosk_code).exists():
            wave.kiosk_code = services.new_kiosk_code()


def register() -> None:
    # How survey rows travel in an organisation archive (transformation/services/portability.py).
    for rule in (
        registry.ArchiveRule(
            key="assessments.participation",
            leave_out=frozenset({"nonce", "token_hash"}),
            on_import=new_personal_link,
        ),
        registry.ArchiveRule(key="assessments.wave", on_import=free_kiosk_code),
        # Used one-time form tokens only guard forms this installation issued for this wave id.
        registry.ArchiveRule(key="assessments.submissiontoken", skip=True),
    ):
        registry.archive_rules.register(rule)
    registry.nav_entries.register(
        registry.NavEntry(
            key="assessments", label=_("Surveys"), url_name="assessments:index", order=30
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="assessments",
            template="assessments/cards/surveys.html",
            context=surveys_card,
            permission=permissions.take_part,
            order=30,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="assessments-readiness",
            template="assessments/cards/readiness.html",
            context=readiness_card,
            permission=permissions.view_results,
            order=31,
        )
    )
    registry.report_sections.register(
        registry.ReportSection(
            key="people",
            title=_("People: readiness and sentiment"),
            template="assessments/report/people.html",
            context=summaries.people_report_context,
            order=30,
        )
    )
    registry.demo_seeders.register(
        registry.DemoSeeder(key="assessments", seed=demo.seed_surveys, order=30)
    )
