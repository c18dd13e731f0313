"""The roadmap's entries in the core registries: navigation, overview cards, demo data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from transformation import registry
from transformation.models import Role

READERS = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})


def _current_programme(request):
    # Three cards ask for the same programme; look it up once per request.
    if not hasattr(request, "_current_programme"):
        from transformation.models import Programme

        request._current_programme = Programme.objects.current()
    return request._current_programme


def phase_progress_card(request) -> dict:
    from transformation.dashboard import overall_progress, phase_completion

    programme = _current_programme(request)
    if programme is None:
        return {"programme": None}
    return {
        "programme": programme,
        "phases": phase_completion(programme),
        "overall": overall_progress(programme),
        "can_open": request.membership.role in READERS,
    }


def _step_list_card(request, status: str | None) -> dict:
    from transformation.models import StepProgress

    programme = _current_programme(request)
    if programme is None:
        return {"programme": None}
    rows = StepProgress.objects.filter(programme=programme)
    rows = rows.overdue() if status is None else rows.filter(status=status)
    return {
        "programme": programme,
        "count": rows.count(),
        "rows": list(
            rows.select_related("department", "step__template").order_by(
                "planned_end", "department__name"
            )[:5]
        ),
        "status": status or "overdue",
    }


def overdue_card(request) -> dict:
    return _step_list_card(request, None)


def blocked_card(request) -> dict:
    return _step_list_card(request, "blocked")


def seed(organisation, **options) -> None:
    from transformation.demo import seed_roadmap

    seed_roadmap(organisation, **options)


def register() -> None:
    for key, label, url_name, order in (
        ("roadmap", _("Roadmap"), "roadmap", 10),
        ("stakeholders", _("Stakeholders"), "stakeholders", 20),
        ("communication", _("Communication"), "communication", 30),
    ):
        registry.nav_entries.register(
            registry.NavEntry(key=key, label=label, url_name=url_name, roles=READERS, order=order)
        )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="roadmap_progress",
            template="transformation/cards/roadmap_progress.html",
            context=phase_progress_card,
            roles=frozenset(Role.values),
            order=10,
        )
    )
    for key, context, order in (
        ("roadmap_overdue", overdue_card, 11),
        ("roadmap_blocked", blocked_card, 12),
    ):
        registry.overview_cards.register(
            registry.OverviewCard(
                key=key,
                template="transformation/cards/roadmap_steps.html",
                context=context,
                roles=READERS,
                order=order,
            )
        )
    registry.demo_seeders.register(registry.DemoSeeder(key="roadmap", seed=seed, order=10))
