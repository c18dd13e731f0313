"""Demo data: one internal draft from the demo organisation's finished support pilot.

The playbook's three case studies come from a data migration, so every
installation has them; this only adds what depends on the organisation's
own use cases, and only when the governance demo data recorded one.
"""

from __future__ import annotations

from casestudies import services
from casestudies.drafting import pilot_finished
from casestudies.models import ApplicationArea, CaseStudy
from governance.models import UseCase
from transformation.models import Organisation


def finished_support_pilot(organisation: Organisation) -> UseCase | None:
    candidates = UseCase.objects.filter(application_area=ApplicationArea.CUSTOMER_SERVICE)
    return next((uc for uc in candidates.order_by("pk") if pilot_finished(uc)), None)


def seed_demo(organisation: Organisation, *, size: str = "full", **options) -> None:
    """Idempotent; runs inside the organisation's scope."""
    if size != "full":
        return
    use_case = finished_support_pilot(organisation)
    if use_case is None:
        return
    existing = CaseStudy.objects.visible_to(organisation, include_drafts=True).filter(
        organisation=organisation, use_case=use_case
    )
    if not existing.exists():
        services.create_draft_from_use_case(use_case=use_case, actor=None)
