from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransformationConfig(AppConfig):
    name = "transformation"
    verbose_name = _("AI transformation programme")

    def ready(self) -> None:
        from transformation import registry, report_sections, roadmap_registrations
        from transformation.models import Role

        coordinator = frozenset({Role.COORDINATOR})
        roadmap_registrations.register()
        report_sections.register()
        registry.nav_entries.register(
            registry.NavEntry(
                key="overview",
                label=_("Overview"),
                url_name="overview",
                roles=frozenset(Role.values),
                order=0,
            )
        )
        registry.nav_entries.register(
            registry.NavEntry(
                key="members", label=_("People"), url_name="members", roles=coordinator, order=900
            )
        )
        registry.nav_entries.register(
            registry.NavEntry(
                key="departments",
                label=_("Departments"),
                url_name="departments",
                roles=coordinator,
                order=910,
            )
        )
        registry.nav_entries.register(
            registry.NavEntry(
                key="settings",
                label=_("Organisation"),
                url_name="organisation_settings",
                roles=coordinator,
                order=920,
            )
        )
        registry.overview_cards.register(
            registry.OverviewCard(
                key="organisation",
                template="transformation/cards/organisation.html",
                context=_organisation_card,
                roles=frozenset(Role.values),
                order=0,
            )
        )


def _organisation_card(request) -> dict:
    from django.db.models import Count, Sum

    from transformation.models import Department, Membership

    departments = Department.objects.aggregate(count=Count("pk"), headcount=Sum("headcount"))
    roles = dict(Membership.objects.values_list("role").annotate(n=Count("pk")).order_by())
    return {"departments": departments, "roles": roles}
