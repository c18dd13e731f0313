"""Summaries of survey results for other parts of the application.

ROI employee-effect KPIs, the roadmap's readiness per department, the CSV
export and the board report. They only read through `assessments.results`
(the same released tallies) and `assessments.confidentiality`, so they apply
the same thresholds as the results pages. Call them inside the organisation's scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.confidentiality import (
    Group,
    department_groups,
    min_comment_group_size,
    min_group_size,
)
from assessments.models import (
    Answer,
    Instrument,
    Response,
    ResultRelease,
    Scale,
    ScaleTally,
    ValueTally,
    Wave,
)
from assessments.results import (
    READINESS_SCALES,
    SCORED_KINDS,
    department_selection,
    scored_sum,
    trend,
    wave_results,
)
from assessments.results.sources import ensure_tallied
from transformation import formatting
from transformation.lists import DEPARTMENT_LIMIT, Appendix, attention_first
from transformation.models import Department, Organisation


@dataclass
class ScaleMean:
    """A scale's mean for some departments, or why it cannot be shown."""

    mean: float | None
    n: int | None
    wave: Wave | None
    reason: str = ""

    @property
    def visible(self) -> bool:
        return self.mean is not None


def _released_responses() -> Exists:
    """A wave with at least one released response: a subquery that stops at the first one (a
    join read every response of the organisation's waves, ten times per board report)."""
    return Exists(Response.objects.filter(wave=OuterRef("pk"), release__isnull=False))


def scale_mean_for_departments(
    *,
    organisation: Organisation,
    scale_key: str,
    departments: Iterable[Department] | None = None,
    until: datetime | None = None,
) -> ScaleMean:
    """Mean of a scale in the latest wave that measured it, for these departments.

    For other apps' KPIs (ROI employee effects). The departments' responses
    must reach the minimum group size, and so must the rest of the
    organisation, or the answer could be worked out by subtraction.
    Call inside the organisation's scope.
    """
    minimum = min_group_size()
    wave = (
        Wave.objects.filter(
            _released_responses(),
            organisation=organisation,
            instrument__scales__key=scale_key,
            opens_at__lte=until or timezone.now(),
        )
        .annotate(
            untallied=Exists(ResultRelease.objects.filter(wave=OuterRef("pk"), tallied=False))
        )
        .select_related("instrument")
        .order_by("-opens_at")
        .first()
    )
    if wave is None:
        return ScaleMean(None, None, None, _("No survey has measured this yet."))
    if wave.untallied:
        ensure_tallied([wave])
    department_ids = None if departments is None else [d.pk for d in departments]
    # Respondents of this scale, not responses: optional questions can leave fewer.
    counts: dict[int | None, int] = defaultdict(int)
    for department, n in (
        ScaleTally.objects.filter(wave=wave, scale__key=scale_key, scale__kind__in=SCORED_KINDS)
        .values_list("department", "valued")
        .order_by()
    ):
        if n:
            counts[department] += n
    total = sum(counts.values())
    n = total if department_ids is None else sum(counts.get(pk, 0) for pk in department_ids)
    rest = total - n
    if n < minimum or 0 < rest < minimum or not _whole_visible_groups(department_ids, counts):
        return ScaleMean(
            None, None, wave, _("Hidden: fewer than %(n)s responses.") % {"n": minimum}
        )
    total_score = count = 0
    for item_type, reverse, s, c in (
        ValueTally.objects.filter(
            department_selection(department_ids),
            wave=wave,
            item__scale__key=scale_key,
            item__scale__kind__in=SCORED_KINDS,
        )
        .values_list("item__type", "item__reverse")
        .annotate(total=Sum(F("value") * F("answers")), count=Sum("answers"))
        .order_by()
    ):
        total_score += scored_sum(item_type, reverse, s, c)
        count += c
    if not count:
        return ScaleMean(None, None, wave, _("No survey has measured this yet."))
    return ScaleMean(round(total_score / count, 2), n, wave)


def _whole_visible_groups(department_ids: list[int] | None, counts: dict) -> bool:
    """The departments are made of whole, visible result groups.

    Callers may ask for overlapping sets (Sales and Support, then Sales alone):
    the difference of two such sets is then itself a set of visible groups, and
    no group below the minimum can be worked out by subtraction.
    """
    if department_ids is None:
        return True
    chosen = set(department_ids)
    departments = Department.objects.only("pk", "name", "parent_id")
    for group in department_groups(counts, departments, min_group_size()):
        inside = chosen.intersection(group.department_ids)
        if inside and (not group.visible or inside != set(group.department_ids)):
            return False
    return True


@dataclass
class DepartmentReadiness:
    department: Department
    group: Group | None
    mean: float | None
    reason: str

    @property
    def visible(self) -> bool:
        return self.mean is not None


def readiness_by_department(*, organisation: Organisation) -> list[DepartmentReadiness]:
    """Change readiness (mean of commitment and efficacy) per department, latest wave.

    A department rolled up into its parent carries the parent group's value,
    and hidden groups carry the reason instead. For the roadmap matrix.
    """
    wave = (
        Wave.objects.filter(
            _released_responses(),
            organisation=organisation,
            instrument__kind=Instrument.Kind.READINESS,
            opens_at__lte=timezone.now(),
        )
        .select_related("instrument")
        .order_by("-opens_at")
        .first()
    )
    departments = list(Department.objects.order_by("name"))
    if wave is None:
        return [
            DepartmentReadiness(d, None, None, _("No readiness survey yet.")) for d in departments
        ]
    results = wave_results(wave=wave)
    columns = [
        index for index, scale in enumerate(results.heat_scales) if scale.key in READINESS_SCALES
    ]
    by_department: dict[int | None, tuple[Group, float | None]] = {}
    for row in results.heatmap:
        values = [row.cells[i].mean for i in columns if row.cells[i].mean is not None]
        value = round(sum(values) / len(values), 2) if values and row.group.visible else None
        for pk in row.group.department_ids:
            by_department[pk] = (row.group, value)
    rows = []
    for department in departments:
        group, value = by_department.get(department.pk, (None, None))
        if group is None:
            reason = results.reason or _("No responses from this department.")
        elif not group.visible:
            reason = group.reason
        elif group.key != str(department.pk):
            reason = _("Shown with %(group)s: too few responses on its own.") % {
                "group": group.label
            }
        else:
            reason = ""
        rows.append(DepartmentReadiness(department, group, value, reason))
    return rows


def csv_rows(*, wave: Wave) -> list[list[str]]:
    """The CSV export: the same visible figures as the results page, hidden ones marked."""
    results = wave_results(wave=wave)
    rows = [[_("group"), _("scale"), _("responses"), _("mean"), _("note")]]
    if not results.visible:
        rows.append([_("Whole organisation"), "", "", "", results.reason])
        return rows
    for scale in results.scales:
        rows.append(
            [
                _("Whole organisation"),
                scale.scale.text,
                str(scale.n) if scale.visible else "",
                "" if scale.mean is None else f"{scale.mean:.2f}",
                scale.reason,
            ]
        )
    if results.enps is not None:
        rows.append([_("Whole organisation"), "eNPS", str(results.enps_n), str(results.enps), ""])
    for row in results.heatmap:
        for scale, cell in zip(results.heat_scales, row.cells, strict=True):
            rows.append(
                [
                    row.group.label,
                    scale.text,
                    str(row.group.n) if row.group.visible else "",
                    "" if cell.mean is None else f"{cell.mean:.2f}",
                    row.group.reason or row.group.note,
                ]
            )
    return rows


def latest_wave(
    *, organisation: Organisation, kind: str, until: datetime | None = None
) -> Wave | None:
    """The most recent wave of an instrument kind that has responses."""
    return (
        Wave.objects.filter(
            _released_responses(),
            organisation=organisation,
            instrument__kind=kind,
            opens_at__lte=until or timezone.now(),
        )
        .select_related("instrument")
        .order_by("-opens_at")
        .first()
    )


@dataclass
class EnpsFigure:
    """The eNPS to show on a card: the latest wave whose eNPS may be shown, and why not newer."""

    value: int | None
    n: int
    wave: Wave | None
    reason: str = ""


def latest_enps(
    *, organisation: Organisation, until: datetime | None = None, look_back: int = 12
) -> EnpsFigure:
    """The eNPS of the most recent wave (of any instrument with the eNPS question) that may
    show it; `reason` says why the newest such wave is not the one shown, or why none is.

    Whether a wave's eNPS may be shown is decided by `wave_results`, like on the
    results page; answer counts only pick the waves worth asking (two queries
    plus one `wave_results` for each wave that has enough answers).
    """
    minimum = min_group_size()
    waves = list(
        Wave.objects.filter(
            Exists(Scale.objects.filter(instrument=OuterRef("instrument"), kind=Scale.Kind.ENPS)),
            Exists(Response.objects.filter(wave=OuterRef("pk"))),
            organisation=organisation,
            opens_at__lte=until or timezone.now(),
        )
        .select_related("instrument")
        .order_by("-opens_at", "-pk")[:look_back]
    )
    if not waves:
        return EnpsFigure(None, 0, None, _("No survey with the eNPS question has answers yet."))
    answered = dict(
        Answer.objects.filter(
            wave__in=waves, item__scale__kind=Scale.Kind.ENPS, value__isnull=False
        )
        .values_list("wave")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    )
    newest, why_not_newest = waves[0], ""
    for wave in waves:
        if answered.get(wave.pk, 0) >= minimum:
            results = wave_results(wave=wave)
            if results.enps is not None:
                return EnpsFigure(results.enps, results.enps_n, wave, why_not_newest)
            why = results.reason or _("its eNPS may not be shown yet.")
        else:
            why = _("fewer than %(n)s people answered the eNPS question.") % {"n": minimum}
        if wave is newest:
            why_not_newest = _("%(wave)s is not used: %(why)s") % {
                "wave": wave.display_title,
                "why": why,
            }
    return EnpsFigure(
        None,
        0,
        None,
        _("No wave's eNPS may be shown yet: each needs at least %(n)s answers to the question.")
        % {"n": minimum},
    )


def _trend_chart(pulse_trend):
    """The pulse waves' scale means: the results page's chart, on the same 1 to 5 axis."""
    if pulse_trend is None:
        return None
    return pulse_trend.chart(title=_("Pulse trend: scale means per wave (1 to 5)"))


def people_report_context(
    report=None, *, organisation: Organisation | None = None, until: datetime | None = None
) -> dict:
    """Board-report section "people": latest readiness, pulse trend and actions, all suppressed.

    Called by the report service with the BoardReport (its organisation and
    period end are used), or with `organisation=` directly. Adds
    "highlights" and "risks" for the report's summary.
    """
    from assessments.models import Action

    organisation = organisation or report.organisation
    if until is None and getattr(report, "period_end", None):
        until = timezone.make_aware(datetime.combine(report.period_end, datetime.max.time()))
    readiness_wave = latest_wave(
        organisation=organisation, kind=Instrument.Kind.READINESS, until=until
    )
    pulse_wave = latest_wave(organisation=organisation, kind=Instrument.Kind.PULSE, until=until)
    readiness = wave_results(wave=readiness_wave) if readiness_wave else None
    pulse = wave_results(wave=pulse_wave) if pulse_wave else None
    highlights, risks = [], []
    for result in (readiness, pulse):
        if result is None or not result.visible:
            continue
        for scale in result.scales:
            if scale.visible and scale.mean is not None:
                highlights.append(
                    _("%(scale)s: %(mean)s of 5 (n = %(n)s, %(wave)s)")
                    % {
                        "scale": scale.scale.text,
                        "mean": formatting.decimal(scale.mean),
                        "n": formatting.number(scale.n),
                        "wave": result.wave.display_title,
                    }
                )
            if scale.alpha_is_low:
                risks.append(
                    _("%(scale)s does not measure reliably yet (alpha %(alpha)s).")
                    % {"scale": scale.scale.text, "alpha": formatting.decimal(scale.alpha)}
                )
        for row in result.heatmap:
            for scale, cell, org_mean in zip(
                result.heat_scales, row.cells, result.org_means, strict=True
            ):
                if cell.delta is not None and cell.delta <= -0.5:
                    risks.append(
                        _("%(group)s: %(scale)s %(mean)s, well below the average of %(avg)s.")
                        % {
                            "group": row.group.label,
                            "scale": scale.text,
                            "mean": formatting.decimal(cell.mean),
                            "avg": formatting.decimal(org_mean),
                        }
                    )
    if pulse is not None and pulse.enps is not None:
        highlights.append(_("eNPS %(enps)s (n = %(n)s)") % {"enps": pulse.enps, "n": pulse.enps_n})
    actions = Action.objects.filter(organisation=organisation).select_related("owner", "wave")
    pulse_trend = trend(wave=pulse_wave) if pulse_wave else None
    heatmap, heatmap_csv = _report_heatmap(readiness)
    return {
        "organisation": organisation,
        "readiness": readiness,
        "heatmap": heatmap,
        "heatmap_csv": heatmap_csv,
        "appendices": [heatmap_csv] if heatmap_csv else [],
        "pulse": pulse,
        "pulse_trend": pulse_trend,
        "trend_chart": _trend_chart(pulse_trend),
        "actions": list(actions),
        "minimum": min_group_size(),
        "comment_minimum": min_comment_group_size(),
        "highlights": highlights,
        "risks": risks,
    }


def _report_heatmap(readiness):
    """The heatmap's groups furthest below the average first, and the whole heatmap as CSV.

    Only the figures the report would show: a hidden group keeps its reason.
    """
    if readiness is None or not readiness.visible:
        return None, None

    def furthest_below(row):
        deltas = [cell.delta for cell in row.cells if cell.delta is not None]
        return (not row.group.visible, min(deltas, default=0), row.group.label)

    heatmap = attention_first(readiness.heatmap, DEPARTMENT_LIMIT, key=furthest_below)
    if not heatmap.more:
        return heatmap, None
    return heatmap, Appendix(
        filename="readiness-departments.csv",
        header=[_("Department"), *(scale.text for scale in readiness.heat_scales)],
        rows=[
            [row.group.label, *(cell.mean for cell in row.cells)]
            if row.group.visible
            else [row.group.label, row.group.reason]
            for row in readiness.heatmap
        ],
    )
