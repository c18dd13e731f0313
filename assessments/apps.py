from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Surveys and assessments")

    def ready(self) -> None:
        from assessments import demo, summaries
        from transformation import registry
        from transformation.models import Role

        registry.nav_entries.register(
            registry.NavEntry(
                key="assessments",
                label=_("Surveys"),
                url_name="assessments:index",
                roles=frozenset(Role.values),
                order=30,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="assessments",
                template="assessments/cards/surveys.html",
                context=_surveys_card,
                roles=frozenset(Role.values),
                order=30,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="assessments-readiness",
                template="assessments/cards/readiness.html",
                context=_readiness_card,
                roles=frozenset({Role.COORDINATOR, Role.STEERING}),
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


def _surveys_card(request) -> dict:
    """Open waves for everyone; organisation-wide figures for coordinator and steering."""
    from django.utils import timezone

    from assessments import results, summaries
    from assessments.models import Instrument, Wave
    from transformation.models import Role

    now = timezone.now()
    open_waves = Wave.objects.filter(opens_at__lte=now, closes_at__gt=now, closed_early_at=None)
    context = {"open_count": open_waves.count(), "readers": False}
    if request.membership.role not in (Role.COORDINATOR, Role.STEERING):
        return context
    latest = {
        kind: summaries.latest_wave(organisation=request.organisation, kind=kind)
        for kind in (Instrument.Kind.READINESS, Instrument.Kind.PULSE)
    }
    latest = {kind: results.wave_results(wave=w) if w else None for kind, w in latest.items()}
    context.update(
        readers=True,
        readiness=latest[Instrument.Kind.READINESS],
        pulse=latest[Instrument.Kind.PULSE],
    )
    return context


def _readiness_card(request) -> dict:
    """Readiness per department (the roadmap's people dimension), within the thresholds."""
    from assessments import summaries

    return {"rows": summaries.readiness_by_department(organisation=request.organisation)}
