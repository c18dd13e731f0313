"""Survey figures for other apps, under the confidentiality rules.

Public, read-only functions for other apps (the change-management scorecard
in `adoption` uses them): a department's or the organisation's survey figures
over the latest waves, and which waves ran when. Every figure comes from
`assessments.summaries.scale_mean_for_departments`, which applies
`assessments.confidentiality`, so no caller applies a threshold of its own.
Call inside the organisation's scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Wave
from assessments.summaries import (
    DepartmentReadiness,
    readiness_by_department,
    scale_mean_for_departments,
)
from transformation.models import Department, Organisation

# The scales behind the scorecard's survey figures, by the shipped instruments' keys.
READINESS = ("commitment", "efficacy")
ATTITUDE = ("ai-sentiment",)
COMPETENCE = ("technical", "methodical", "social")


@dataclass(frozen=True)
class SurveyFigure:
    """The mean of one or more scales in one wave, or why it cannot be shown."""

    mean: float | None
    n: int | None
    wave: Wave | None
    reason: str = ""

    @property
    def visible(self) -> bool:
        return self.mean is not None


def survey_history(
    *,
    organisation: Organisation,
    scale_keys: Sequence[str],
    departments: Iterable[Department] | None = None,
    until: datetime | None = None,
    waves: int = 2,
) -> list[SurveyFigure]:
    """The figure of `scale_keys` in the latest `waves` waves that measured them, newest first.

    The figure is the unweighted mean of the scales' means (as the readiness
    per department is); it is hidden when any of its scales is hidden in
    that wave, with that scale's reason. `departments=None` means the whole
    organisation. A fixed number of queries per wave, whatever the number of
    departments or responses.
    """
    departments = None if departments is None else list(departments)
    history: list[SurveyFigure] = []
    cursor = until
    first, *others = scale_keys
    for _index in range(waves):
        lead = scale_mean_for_departments(
            organisation=organisation, scale_key=first, departments=departments, until=cursor
        )
        if lead.wave is None:
            break
        wave = lead.wave
        parts = [lead]
        for key in others:
            part = scale_mean_for_departments(
                organisation=organisation,
                scale_key=key,
                departments=departments,
                until=wave.opens_at,
            )
            if part.wave is not None and part.wave.pk == wave.pk:
                parts.append(part)
        hidden = next((part for part in parts if not part.visible), None)
        if hidden is not None:
            history.append(SurveyFigure(None, None, wave, hidden.reason))
        else:
            mean = round(sum(part.mean for part in parts) / len(parts), 2)
            history.append(SurveyFigure(mean, min(part.n for part in parts), wave))
        cursor = wave.opens_at - timedelta(microseconds=1)
    return history


def department_readiness(*, organisation: Organisation) -> list[DepartmentReadiness]:
    """Change readiness per department in the latest readiness wave, as the roadmap shows it.

    Rolled-up departments carry their group's value, hidden groups the reason.
    """
    return readiness_by_department(organisation=organisation)


def no_survey_reason() -> str:
    return _("No survey has measured this yet.")


@dataclass(frozen=True)
class WaveSpan:
    """When a wave ran and whom it asked (`department_ids` None: the whole organisation)."""

    title: str
    starts: date
    ends: date
    department_ids: frozenset[int] | None


def waves_between(*, start: date, end: date) -> list[WaveSpan]:
    """Survey waves open at some time from `start` up to (not including) `end`: 2 queries."""
    waves = (
        Wave.objects.filter(opens_at__date__lt=end, closes_at__date__gte=start)
        .select_related("instrument")
        .prefetch_related("departments")
        .order_by("opens_at", "pk")
    )
    spans = []
    for wave in waves:
        ids = frozenset(department.pk for department in wave.departments.all())
        spans.append(
            WaveSpan(
                title=wave.display_title,
                starts=timezone.localdate(wave.opens_at),
                ends=timezone.localdate(wave.ends_at),
                department_ids=ids or None,
            )
        )
    return spans
