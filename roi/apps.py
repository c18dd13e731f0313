from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoiConfig(AppConfig):
    name = "roi"
    verbose_name = _("Value and ROI")

    def ready(self) -> None:
        from governance.registry import transition_guards
        from roi import demo, report, services
        from transformation import registry
        from transformation.models import Role

        readers = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
        registry.nav_entries.register(
            registry.NavEntry(
                key="roi",
                label=_("Value and ROI"),
                url_name="roi:programme",
                roles=readers,
                order=50,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="roi",
                template="roi/cards/value.html",
                context=report.value_card_context,
                roles=frozenset({Role.COORDINATOR, Role.STEERING}),
                order=50,
            )
        )
        registry.report_sections.register(
            registry.ReportSection(
                key="value",
                title=_("Value: ROI per use case and programme"),
                template="roi/report/value.html",
                context=report.value_report_context,
                # After governance (400), as the board report's outline orders them.
                order=500,
            )
        )
        registry.demo_seeders.register(
            registry.DemoSeeder(key="roi", seed=demo.seed_value, order=450)
        )
        transition_guards.register("roi.baselines", services.baselines_recorded)
