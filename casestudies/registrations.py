"""What the case-study app plugs into the core: navigation, overview card, report section."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import peers
from casestudies.models import CaseStudy
from governance.models import LifecycleState, UseCase
from roi import registry as roi_registry
from roi.registry import PaybackBenchmark
from transformation import registry
from transformation.models import Role

REPORT_USE_CASES = 5


def overview_card(request) -> dict:
    """Library size and the organisation's own case studies, in one query."""
    counts = CaseStudy.objects.visible_to(
        request.organisation, include_drafts=request.membership.is_coordinator
    ).aggregate(
        total=Count("pk"),
        own_published=Count(
            "pk",
            filter=Q(organisation=request.organisation, status=CaseStudy.Status.PUBLISHED),
        ),
        own_drafts=Count(
            "pk", filter=Q(organisation=request.organisation, status=CaseStudy.Status.DRAFT)
        ),
    )
    return {"counts": counts}


def report_section(report) -> dict:
    """The use cases in pilot or production beside their most similar case study."""
    organisation = report.organisation
    use_cases = UseCase.objects.filter(
        state__in=(LifecycleState.PILOT, LifecycleState.PRODUCTION)
    ).order_by("title")[:REPORT_USE_CASES]
    rows = []
    for use_case in use_cases:
        similar = list(peers.similar_case_studies(use_case, organisation=organisation, limit=1))
        rows.append(
            {
                "use_case": use_case,
                "peer": similar[0] if similar else None,
                "roi": peers.roi_figures(use_case),
            }
        )
    own = CaseStudy.objects.visible_to(organisation).filter(organisation=organisation)
    published = own.count()
    return {
        "rows": rows,
        "published": published,
        "shared": own.filter(shared_copy__isnull=False).count(),
        "highlights": [{"value": published, "label": _("internal case studies published")}]
        if published
        else [],
    }


def payback_benchmarks(organisation) -> list[PaybackBenchmark]:
    """The library's published paybacks, for ROI's programme comparison (one query)."""
    studies = (
        CaseStudy.objects.visible_to(organisation)
        .filter(payback_months__isnull=False)
        .exclude(organisation=organisation)
        .order_by("payback_months", "pk")
    )
    return [
        PaybackBenchmark(
            label=study.title,
            payback_months=study.payback_months,
            investment=study.investment,
            url=reverse("casestudies:detail", kwargs={"org": organisation.slug, "pk": study.pk}),
        )
        for study in studies
    ]


def register() -> None:
    everyone = frozenset(Role.values)
    roi_registry.payback_benchmarks.register(
        roi_registry.BenchmarkSource(key="casestudies", benchmarks=payback_benchmarks)
    )
    registry.nav_entries.register(
        registry.NavEntry(
            key="casestudies",
            label=gettext_lazy("Case studies"),
            url_name="casestudies:library",
            roles=everyone,
            order=600,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="casestudies",
            template="casestudies/cards/library.html",
            context=overview_card,
            roles=everyone,
            order=600,
        )
    )
    registry.report_sections.register(
        registry.ReportSection(
            key="casestudies",
            title=gettext_lazy("Case-study comparison"),
            template="casestudies/report/comparison.html",
            context=report_section,
            order=600,
        )
    )
    registry.demo_seeders.register(
        registry.DemoSeeder(key="casestudies", seed=_seed_demo, order=950)
    )


def _seed_demo(organisation, **options) -> None:
    from casestudies.demo import seed_demo

    seed_demo(organisation, **options)
