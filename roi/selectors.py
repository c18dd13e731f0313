"""Public reads of the ROI app for other apps.

The change-management scorecard (`adoption`) shows how the business KPIs of
the affected departments move; it reads them here instead of roi's tables.
Call inside the organisation's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from roi.models import Measurement, UseCaseKpi


@dataclass(frozen=True)
class KpiProgress:
    """How many measured KPIs (baseline and a later value) moved the right way."""

    measured: int
    improved: int

    @property
    def share(self) -> float | None:
        """Improved KPIs in percent of the measured ones (None when nothing is measured)."""
        if not self.measured:
            return None
        return round(100 * self.improved / self.measured, 1)


def kpi_progress(
    *, department_ids: Iterable[int] | None = None, on: date | None = None
) -> KpiProgress:
    """KPIs of the use cases (of these departments) whose latest value by `on` beats the baseline.

    One query: the latest measurement per KPI is a subquery, and the
    comparison with the baseline (in the KPI's good direction) is counted
    in SQL.
    """
    on = on or timezone.localdate()
    latest = Subquery(
        Measurement.objects.filter(use_case_kpi=OuterRef("pk"), measured_on__lte=on)
        .order_by("-measured_on", "-pk")
        .values("value")[:1]
    )
    kpis = UseCaseKpi.objects.filter(baseline__isnull=False, baseline__measured_on__lte=on)
    if department_ids is not None:
        kpis = kpis.filter(use_case__department__in=list(department_ids))
    better = Q(kpi__higher_is_better=True, latest__gt=F("baseline__value")) | Q(
        kpi__higher_is_better=False, latest__lt=F("baseline__value")
    )
    counts = (
        kpis.annotate(latest=latest)
        .filter(latest__isnull=False)
        .aggregate(measured=Count("pk"), improved=Count("pk", filter=better))
    )
    return KpiProgress(measured=counts["measured"] or 0, improved=counts["improved"] or 0)
