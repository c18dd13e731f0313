"""What the case-study app plugs into the registries: navigation, the overview card,
the board report's comparison section, demo data and ROI's payback benchmarks
(layout: see transformation/plugins.py)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import peers, permissions
from casestudies.models import CaseStudy
from governance.models import LifecycleState, UseCase
from roi import registry as roi_registry
from roi.registry import PaybackBenchmark
from transformation import registry
from transformation.lists import Appendix, excerpt

REPORT_USE_CASES = 5


def overview_card(request) -> dict:
    """Library size and the organisation's own case studies, in one query."""
    counts = CaseStudy.objects.visible_to(
        request.organisation, include_drafts=permissions.write_case_studies(request.membership)
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
    """The use cases in pilot or production beside their closest case study, if one is close."""
    organisation = report.organisation
    # Title, then id: copies of a use case share a title, and the report must not depend
    # on the database's order among them.
    use_cases = excerpt(
        UseCase.objects.filter(state__in=(LifecycleState.PILOT, LifecycleState.PRODUCTION))
        .select_related("department")
        .order_by("title", "pk"),
        REPORT_USE_CASES,
    )
    appendix = None
    if use_cases.more:
        appendix = Appendix(
            filename="use-cases-in-pilot-or-production.csv",
            header=[_("Use case"), _("Status"), _("Department")],
            rows=[
                [
                    use_case.title,
                    use_case.get_state_display(),
                    use_case.department.name if use_case.department else "",
                ]
                for use_case in UseCase.objects.filter(
                    state__in=(LifecycleState.PILOT, LifecycleState.PRODUCTION)
                )
                .select_related("department")
                .order_by("title", "pk")
            ],
        )
    rows = []
    for use_case in use_cases:
        similar = list(
            peers.similar_case_studies(
                use_case, organisation=organisation, limit=1, close_only=True
            )
        )
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
        "use_cases": use_cases,
        "appendix": appendix,
        "appendices": [appendix] if appendix else [],
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


def seed_demo(organisation, **options) -> None:
    from casestudies import demo

    demo.seed_demo(organisation, **options)


def register() -> None:
    # The anonymised copy shared with peers belongs to no organisation and stays where it is;
    # the imported original is not shared (yet) in its new installation.
    registry.archive_rules.register(
        registry.ArchiveRule(key="casestudies.casestudy", leave_out=frozenset({"shared_copy"}))
    )
    registry.nav_entries.register(
        registry.NavEntry(
            key="casestudies",
            label=gettext_lazy("Case studies"),
            url_name="casestudies:library",
            order=600,
        )
    )
    registry.overview_cards.register(
        registry.OverviewCard(
            key="casestudies",
            template="casestudies/cards/library.html",
            context=overview_card,
            permission=permissions.view_library,
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
        registry.DemoSeeder(key="casestudies", seed=seed_demo, order=950)
    )
    roi_registry.payback_benchmarks.register(
        roi_registry.BenchmarkSource(key="casestudies", benchmarks=payback_benchmarks)
    )
