from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from governance import cards, demo
        from governance.guards import register_guards
        from transformation import registry
        from transformation.models import Role

        register_guards()
        everyone = frozenset(Role.values)
        readers = frozenset({Role.COORDINATOR, Role.STEERING})
        register_readers = readers | {Role.CHAMPION}
        # One entry for the people who run the register (the governance pages
        # link to each other); employees get the two pages they use.
        employees = frozenset({Role.EMPLOYEE})
        for entry in (
            registry.NavEntry(
                key="governance",
                label=_("AI governance"),
                url_name="governance:usecases",
                roles=register_readers,
                order=400,
            ),
            registry.NavEntry(
                key="governance_guidelines",
                label=_("Guidelines"),
                url_name="governance:guidelines",
                roles=employees,
                order=410,
            ),
            registry.NavEntry(
                key="governance_my_training",
                label=_("My training"),
                url_name="governance:my_training",
                roles=employees,
                order=420,
            ),
        ):
            registry.nav_entries.register(entry)
        registry.overview_cards.register(
            registry.OverviewCard(
                key="governance_use_cases",
                template="governance/cards/use_cases.html",
                context=cards.use_cases_card,
                roles=register_readers,
                order=400,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="governance_roles",
                template="governance/cards/roles.html",
                context=cards.roles_card,
                roles=readers,
                order=410,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="governance_guidelines",
                template="governance/cards/guidelines.html",
                context=cards.guidelines_card,
                roles=everyone,
                order=420,
            )
        )
        registry.report_sections.register(
            registry.ReportSection(
                key="governance",
                title=_("Governance"),
                template="governance/report_section.html",
                context=cards.report_context,
                order=400,
            )
        )
        registry.demo_seeders.register(
            registry.DemoSeeder(key="governance", seed=demo.seed, order=400)
        )
        # After the other apps' seeders: their guards (ROI baselines) may hold
        # use cases back on the first pass.
        registry.demo_seeders.register(
            registry.DemoSeeder(key="governance_lifecycle", seed=demo.seed_lifecycle, order=900)
        )
