"""Workflows of the ROI app. Every state change writes an audit event.

Public read functions for other apps (the board report, case studies):
`use_case_value(use_case)` and `programme_value(organisation)`, both
re-exported here from `roi.value`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.models import Wave
from governance.models import LifecycleState, UseCase
from roi.models import (
    Baseline,
    CostItem,
    Dimension,
    Kpi,
    Measurement,
    UseCaseKpi,
    ValuePlan,
    ValueSettings,
    ValueSource,
)
from roi.surveys import survey_date, survey_scale_mean
from roi.value import (
    ProgrammeValue,
    UseCaseValue,
    organisation_discount_rate,
    programme_value,
    use_case_value,
)
from transformation.audit import AuditAction
from transformation.models import Organisation, User
from transformation.services import record_audit_event, save_audited

__all__ = [
    "ProgrammeValue",
    "UseCaseValue",
    "add_cost",
    "choose_kpi",
    "create_kpi",
    "import_measurements",
    "organisation_discount_rate",
    "programme_value",
    "record_baseline",
    "record_measurement",
    "record_survey_measurement",
    "remove_cost",
    "remove_measurement",
    "remove_use_case_kpi",
    "update_discount_rate",
    "update_use_case_kpi",
    "update_value_plan",
    "use_case_value",
]

GO_LIVE_STATES = (LifecycleState.PILOT, LifecycleState.PRODUCTION)


def baselines_recorded(use_case: UseCase, target_state: str) -> str | None:
    """Transition guard: no pilot or production without a KPI and every KPI's baseline."""
    if target_state not in GO_LIVE_STATES:
        return None
    kpis = UseCaseKpi.objects.filter(use_case=use_case).select_related("kpi")
    if not kpis.exists():
        return _("Choose at least one KPI and record its baseline before going live.")
    missing = [str(ukpi.kpi) for ukpi in kpis.without_baseline()]
    if missing:
        return _("Record the baseline of every KPI before going live; missing: %(kpis)s.") % {
            "kpis": ", ".join(missing)
        }
    return None


@transaction.atomic
def create_kpi(*, organisation: Organisation, actor: User | None, values: dict[str, Any]) -> Kpi:
    """Add an organisation's own KPI to its catalogue."""
    name = values.get("name_en") or values.get("name_de") or values.get("name_nl") or "kpi"
    base = slugify(name)[:60] or "kpi"
    key, number = base, 1
    while Kpi.objects.filter(organisation=organisation, key=key).exists():
        number += 1
        key = f"{base}-{number}"
    kpi = Kpi.objects.create(organisation=organisation, key=key, **values)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.KPI_CREATED,
        target=kpi,
        changes={"key": key, **values},
    )
    return kpi


@transaction.atomic
def update_kpi(*, kpi: Kpi, actor: User | None, values: dict[str, Any]) -> Kpi:
    """Change an organisation's own KPI (the shipped catalogue is not editable)."""
    if kpi.organisation_id is None:
        raise ValidationError(_("The shipped catalogue cannot be changed; add your own KPI."))
    save_audited(kpi, actor=actor, action=AuditAction.KPI_CHANGED, values=values, validate=False)
    return kpi


@transaction.atomic
def choose_kpi(
    *, use_case: UseCase, actor: User | None, kpi: Kpi, values: dict[str, Any] | None = None
) -> UseCaseKpi:
    """Add a KPI to a use case, with its target and monetisation."""
    values = values or {}
    use_case_kpi = UseCaseKpi(organisation=use_case.organisation, use_case=use_case, kpi=kpi)
    for key, value in values.items():
        setattr(use_case_kpi, key, value)
    use_case_kpi.full_clean()
    use_case_kpi.save()
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.USE_CASE_KPI_CHOSEN,
        target=use_case_kpi,
        changes={"use_case": use_case.pk, "kpi": kpi.key, **values},
    )
    return use_case_kpi


@transaction.atomic
def update_use_case_kpi(
    *, use_case_kpi: UseCaseKpi, actor: User | None, values: dict[str, Any]
) -> UseCaseKpi:
    """Change a chosen KPI's target or monetisation and audit what changed."""
    save_audited(use_case_kpi, actor=actor, action=AuditAction.USE_CASE_KPI_CHANGED, values=values)
    return use_case_kpi


@transaction.atomic
def remove_use_case_kpi(*, use_case_kpi: UseCaseKpi, actor: User | None) -> None:
    """Drop a KPI from a use case with its baseline and measurements."""
    record_audit_event(
        organisation=use_case_kpi.organisation,
        actor=actor,
        action=AuditAction.USE_CASE_KPI_REMOVED,
        target=use_case_kpi,
        changes={"use_case": use_case_kpi.use_case_id, "kpi": use_case_kpi.kpi.key},
    )
    use_case_kpi.delete()


@transaction.atomic
def record_baseline(
    *, use_case_kpi: UseCaseKpi, actor: User | None, values: dict[str, Any]
) -> Baseline:
    """Record or correct a KPI's baseline; a correction keeps the old values in the audit trail."""
    baseline = Baseline.objects.filter(use_case_kpi=use_case_kpi).first()
    recorded = baseline is None
    if recorded:
        baseline = Baseline(
            organisation=use_case_kpi.organisation, use_case_kpi=use_case_kpi, recorded_by=actor
        )
    save_audited(
        baseline,
        actor=actor,
        action=AuditAction.BASELINE_RECORDED if recorded else AuditAction.BASELINE_CORRECTED,
        values=values,
    )
    return baseline


@transaction.atomic
def record_measurement(
    *,
    use_case_kpi: UseCaseKpi,
    actor: User | None,
    measured_on: date,
    value: Decimal,
    note: str = "",
    source: str = ValueSource.MEASURED,
) -> Measurement:
    """Add one measured value of a KPI."""
    measurement = Measurement.objects.create(
        organisation=use_case_kpi.organisation,
        use_case_kpi=use_case_kpi,
        measured_on=measured_on,
        value=value,
        note=note,
        source=source,
        recorded_by=actor,
    )
    record_audit_event(
        organisation=use_case_kpi.organisation,
        actor=actor,
        action=AuditAction.MEASUREMENT_RECORDED,
        target=measurement,
        changes={"measured_on": measured_on, "value": value, "source": source},
    )
    return measurement


@transaction.atomic
def remove_measurement(*, measurement: Measurement, actor: User | None) -> None:
    """Delete a mistaken measurement; the audit trail keeps its value."""
    record_audit_event(
        organisation=measurement.organisation,
        actor=actor,
        action=AuditAction.MEASUREMENT_REMOVED,
        target=measurement,
        changes={
            "use_case_kpi": measurement.use_case_kpi_id,
            "measured_on": measurement.measured_on,
            "value": measurement.value,
        },
    )
    measurement.delete()


@transaction.atomic
def record_survey_measurement(
    *, use_case_kpi: UseCaseKpi, actor: User | None, wave: Wave, scale_key: str
) -> Measurement:
    """Record an employee-effect KPI from a survey scale's mean for the affected departments.

    Raises ValidationError when the survey does not show that figure (too few
    answers in the group) or the KPI is not an employee effect.
    """
    if use_case_kpi.kpi.dimension != Dimension.EMPLOYEE:
        raise ValidationError(_("Only employee-effect KPIs take their values from surveys."))
    if not Baseline.objects.filter(use_case_kpi=use_case_kpi).exists():
        raise ValidationError(_("Record the baseline before the first measurement."))
    mean = survey_scale_mean(
        wave=wave, scale_key=scale_key, department=use_case_kpi.use_case.department
    )
    if mean is None:
        raise ValidationError(
            _("The survey does not show this result for the department (too few answers).")
        )
    return record_measurement(
        use_case_kpi=use_case_kpi,
        actor=actor,
        measured_on=survey_date(wave),
        value=mean,
        note=f"{wave.title} · {scale_key}"[:300],
        source=ValueSource.SURVEY,
    )


@dataclass(frozen=True)
class MeasurementRow:
    """One validated line of a CSV import."""

    line: int
    use_case_kpi: UseCaseKpi
    measured_on: date
    value: Decimal
    note: str = ""


@transaction.atomic
def import_measurements(
    *, use_case: UseCase, actor: User | None, rows: Sequence[MeasurementRow]
) -> list[Measurement]:
    """Save every validated row of an import at once, with one audit event."""
    measurements = Measurement.objects.bulk_create(
        [
            Measurement(
                organisation=use_case.organisation,
                use_case_kpi=row.use_case_kpi,
                measured_on=row.measured_on,
                value=row.value,
                note=row.note,
                source=ValueSource.IMPORT,
                recorded_by=actor,
            )
            for row in rows
        ]
    )
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.MEASUREMENT_IMPORTED,
        target=use_case,
        changes={"rows": len(rows)},
    )
    return measurements


@transaction.atomic
def add_cost(*, use_case: UseCase, actor: User | None, values: dict[str, Any]) -> CostItem:
    """Add a one-off investment or a monthly running cost to a use case."""
    cost = CostItem(organisation=use_case.organisation, use_case=use_case, **values)
    cost.full_clean()
    cost.save()
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.COST_ADDED,
        target=cost,
        changes={"use_case": use_case.pk, **values},
    )
    return cost


@transaction.atomic
def remove_cost(*, cost: CostItem, actor: User | None) -> None:
    """Delete a cost line; the audit trail keeps its amount."""
    record_audit_event(
        organisation=cost.organisation,
        actor=actor,
        action=AuditAction.COST_REMOVED,
        target=cost,
        changes={
            "use_case": cost.use_case_id,
            "category": cost.category,
            "recurrence": cost.recurrence,
            "amount": cost.amount,
        },
    )
    cost.delete()


@transaction.atomic
def update_value_plan(
    *, use_case: UseCase, actor: User | None, values: dict[str, Any]
) -> ValuePlan:
    """Set a use case's go-live date and its own discount rate (empty: the organisation's)."""
    plan, _created = ValuePlan.objects.get_or_create(
        use_case=use_case, defaults={"organisation": use_case.organisation}
    )
    save_audited(
        plan, actor=actor, action=AuditAction.VALUE_PLAN_CHANGED, values=values, target=use_case
    )
    return plan


@transaction.atomic
def update_discount_rate(
    *, organisation: Organisation, actor: User | None, discount_rate: Decimal
) -> ValueSettings:
    """Set the organisation's annual discount rate for net present values."""
    settings, _created = ValueSettings.objects.get_or_create(organisation=organisation)
    save_audited(
        settings,
        actor=actor,
        action=AuditAction.DISCOUNT_RATE_CHANGED,
        values={"discount_rate": discount_rate},
    )
    return settings
