"""The change-management scorecard: the playbook's eight measures, with trends.

Section 8 of the playbook: adoption rate and usage intensity; attitude
change through pulses; competence growth against defined skill levels;
fewer escalations; number and quality of ideas from staff; the business
KPIs of the affected departments; change readiness over time; after-action
reviews and retrospectives. Own figures are aggregated in SQL; survey
figures come from `assessments.selectors` (its confidentiality rules),
KPIs from `roi.selectors`. A fixed number of queries whatever the number of
departments, for the organisation and for one department alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from adoption.load import add_months, last_day
from adoption.models import (
    GOOD_IDEA_STATUSES,
    Escalation,
    Idea,
    IdeaStatus,
    Retrospective,
    Severity,
    UsageRecord,
    first_of_month,
)
from assessments import permissions as survey_permissions
from assessments.selectors import ATTITUDE, COMPETENCE, READINESS, SurveyFigure, survey_history
from roi import permissions as value_permissions
from roi.selectors import kpi_progress
from transformation import formatting
from transformation.models import (
    Department,
    Membership,
    Organisation,
    Programme,
    StepProgress,
    StepStatus,
)

WINDOW_MONTHS = 3
KPI_LOOKBACK_DAYS = 90


@dataclass(frozen=True)
class Trend:
    """Where a figure went since the previous period, and whether that is good."""

    direction: str  # "up", "down", "flat" or "" (nothing to compare with)
    good: bool | None = None

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "flat": "→"}.get(self.direction, "")

    @property
    def label(self) -> str:
        return {
            "up": _("rising"),
            "down": _("falling"),
            "flat": _("unchanged"),
        }.get(self.direction, _("no earlier figure to compare"))

    @property
    def tone(self) -> str:
        if self.good is None:
            return "idle"
        return "ok" if self.good else "bad"


def trend(current: float | None, previous: float | None, *, higher_is_better: bool) -> Trend:
    if current is None or previous is None:
        return Trend("")
    if abs(current - previous) < 1e-9:
        return Trend("flat")
    direction = "up" if current > previous else "down"
    return Trend(direction, (direction == "up") == higher_is_better)


@dataclass
class Metric:
    key: str
    title: Any
    value: str = ""
    detail: str = ""
    previous: str = ""
    trend: Trend = field(default_factory=lambda: Trend(""))
    url: str = ""
    reason: str = ""
    source: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.value)


@dataclass
class Scorecard:
    organisation: Organisation
    department: Department | None
    on: date
    window: tuple[date, date]
    metrics: list[Metric]

    @property
    def window_label(self) -> str:
        start, end = self.window
        return _("%(start)s to %(end)s") % {
            "start": start.strftime("%m/%Y"),
            "end": end.strftime("%m/%Y"),
        }


def _fmt(value: float, digits: int = 1) -> str:
    return formatting.number(round(value, digits), digits)


def _percent(value: float | None) -> str:
    return "" if value is None else formatting.percent(value)


def windows(on: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last three months (this one included) and the three before, as first days."""
    current_start = add_months(first_of_month(on), 1 - WINDOW_MONTHS)
    previous_start = add_months(current_start, -WINDOW_MONTHS)
    return (current_start, first_of_month(on)), (previous_start, add_months(current_start, -1))


def last_complete_month(on: date) -> date:
    """The latest month that is over by `on`: usage of a running month is still partial."""
    return add_months(first_of_month(date.fromordinal(on.toordinal() + 1)), -1)


def _url(name: str, organisation: Organisation, query: dict | None = None) -> str:
    return reverse(name, kwargs={"org": organisation.slug}, query=query or None)


# Own figures -----------------------------------------------------------------


def adoption_metric(organisation, department, on: date) -> Metric:
    """Active in percent of licensed users in the latest finished month with figures."""
    metric = Metric(
        "adoption",
        gettext_lazy("Adoption and usage intensity"),
        url=_url("adoption:tools", organisation),
        source=_("Usage per AI tool, latest finished month against the month before"),
    )
    records = UsageRecord.objects.filter(month__lte=last_complete_month(on))
    if department is not None:
        records = records.filter(department=department)
    months = list(
        records.values("month")
        .annotate(
            licensed=Sum("licensed_users"), active=Sum("active_users"), actions=Sum("actions")
        )
        .order_by("-month")[:2]
    )
    if not months or not months[0]["licensed"]:
        metric.reason = _("No usage figures yet.")
        return metric
    latest = months[0]
    rate = 100 * latest["active"] / latest["licensed"]
    metric.value = _percent(rate)
    intensity = latest["actions"] / latest["active"] if latest["active"] else 0
    metric.detail = _(
        "%(active)s of %(licensed)s licensed users active in %(month)s; "
        "%(intensity)s sessions or actions per active user"
    ) % {
        "active": latest["active"],
        "licensed": latest["licensed"],
        "month": latest["month"].strftime("%m/%Y"),
        "intensity": _fmt(intensity),
    }
    if len(months) > 1 and months[1]["licensed"]:
        previous = 100 * months[1]["active"] / months[1]["licensed"]
        metric.previous = _percent(previous)
        metric.trend = trend(round(rate, 1), round(previous, 1), higher_is_better=True)
    return metric


def _in_window(field_name: str, window: tuple[date, date]) -> Q:
    start, end = window
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": last_day(end)})


def escalation_metric(organisation, department, on: date) -> Metric:
    current, previous = windows(on)
    metric = Metric(
        "escalations",
        gettext_lazy("Escalations and resistance"),
        url=_url("adoption:escalations", organisation),
        source=_("Escalations raised in the last three months against the three before"),
    )
    escalations = Escalation.objects.all()
    if department is not None:
        escalations = escalations.filter(department=department)
    counts = escalations.aggregate(
        now=Count("pk", filter=_in_window("raised_on", current)),
        before=Count("pk", filter=_in_window("raised_on", previous)),
        unresolved=Count("pk", filter=~Q(status="resolved") & Q(raised_on__lte=on)),
        serious=Count(
            "pk", filter=~Q(status="resolved") & Q(severity__gte=Severity.HIGH, raised_on__lte=on)
        ),
    )
    metric.value = str(counts["now"])
    metric.previous = str(counts["before"])
    metric.trend = trend(counts["now"], counts["before"], higher_is_better=False)
    metric.detail = _("%(open)s unresolved, %(serious)s of them high or critical") % {
        "open": counts["unresolved"],
        "serious": counts["serious"],
    }
    return metric


def idea_metric(organisation, department, on: date) -> Metric:
    current, previous = windows(on)
    metric = Metric(
        "ideas",
        gettext_lazy("Improvement ideas from staff"),
        url=_url("adoption:ideas", organisation),
        source=_("Ideas submitted in the last three months against the three before"),
    )
    ideas = Idea.objects.all()
    if department is not None:
        ideas = ideas.filter(department=department)
    decided = Q(status__in=(*GOOD_IDEA_STATUSES, IdeaStatus.DECLINED))
    counts = ideas.aggregate(
        now=Count("pk", filter=_in_window("submitted_in", current)),
        before=Count("pk", filter=_in_window("submitted_in", previous)),
        decided=Count("pk", filter=decided & Q(submitted_in__lte=on)),
        good=Count("pk", filter=Q(status__in=GOOD_IDEA_STATUSES, submitted_in__lte=on)),
        use_cases=Count("pk", filter=Q(status=IdeaStatus.USE_CASE, submitted_in__lte=on)),
    )
    metric.value = str(counts["now"])
    metric.previous = str(counts["before"])
    metric.trend = trend(counts["now"], counts["before"], higher_is_better=True)
    if counts["decided"]:
        metric.detail = ngettext(
            "Quality: %(share)s of decided ideas accepted or turned into use cases; "
            "%(use_cases)s became a use case",
            "Quality: %(share)s of decided ideas accepted or turned into use cases; "
            "%(use_cases)s became use cases",
            counts["use_cases"],
        ) % {
            "share": _percent(100 * counts["good"] / counts["decided"]),
            "use_cases": counts["use_cases"],
        }
    else:
        metric.detail = _("No idea has been decided yet.")
    return metric


def retrospective_metric(organisation, department, on: date) -> Metric:
    current, previous = windows(on)
    metric = Metric(
        "retrospectives",
        gettext_lazy("After-action reviews and retrospectives"),
        url=_url("adoption:retrospectives", organisation),
        source=_("Retrospectives held in the last three months against the three before"),
    )
    retrospectives = Retrospective.objects.all()
    if department is not None:
        retrospectives = retrospectives.filter(department=department)
    counts = retrospectives.aggregate(
        now=Count("pk", filter=_in_window("held_on", current)),
        before=Count("pk", filter=_in_window("held_on", previous)),
    )
    metric.value = str(counts["now"])
    metric.previous = str(counts["before"])
    metric.trend = trend(counts["now"], counts["before"], higher_is_better=True)
    programme = Programme.objects.current()
    if programme is not None:
        done = StepProgress.objects.filter(programme=programme, status=StepStatus.DONE)
        if department is not None:
            done = done.filter(department=department)
        coverage = done.aggregate(
            done=Count("pk"),
            reviewed=Count(
                "pk", filter=Q(Exists(Retrospective.objects.filter(step=OuterRef("pk"))))
            ),
        )
        if coverage["done"]:
            metric.detail = _("%(reviewed)s of %(done)s finished roadmap steps reviewed") % coverage
    return metric


# Other apps' figures ---------------------------------------------------------


def _until(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, datetime.max.time()))


def survey_metric(
    key: str,
    title,
    scale_keys,
    organisation,
    department,
    on: date,
    *,
    scale_max: int,
    source,
    membership: Membership | None,
) -> Metric:
    metric = Metric(key, title, source=str(source))
    if membership is None or survey_permissions.view_results(membership):
        metric.url = _url("assessments:index", organisation)
    history: list[SurveyFigure] = survey_history(
        organisation=organisation,
        scale_keys=scale_keys,
        departments=None if department is None else [department],
        until=_until(on),
    )
    if not history:
        metric.reason = _("No survey has measured this yet.")
        return metric
    latest = history[0]
    if not latest.visible:
        metric.reason = latest.reason
        return metric
    metric.value = _("%(mean)s of %(max)s") % {"mean": _fmt(latest.mean, 2), "max": scale_max}
    metric.detail = _("%(wave)s, n = %(n)s") % {"wave": latest.wave.title, "n": latest.n}
    if len(history) > 1 and history[1].visible:
        before = history[1]
        metric.previous = _fmt(before.mean, 2)
        metric.trend = trend(latest.mean, before.mean, higher_is_better=True)
        months = max(
            1,
            (latest.wave.opens_at.year - before.wave.opens_at.year) * 12
            + latest.wave.opens_at.month
            - before.wave.opens_at.month,
        )
        if key == "competence":
            metric.detail += " · " + _("%(speed)s levels per month since %(wave)s") % {
                "speed": _fmt((latest.mean - before.mean) / months, 2),
                "wave": before.wave.title,
            }
    elif len(history) > 1:
        metric.detail += " · " + _("The earlier wave is hidden: %(reason)s") % {
            "reason": history[1].reason
        }
    return metric


def kpi_metric(organisation, department, on: date, *, membership) -> Metric:
    metric = Metric(
        "kpis",
        gettext_lazy("Business KPIs of the affected departments"),
        source=_("KPIs of the use cases beating their baseline, now and 90 days ago"),
    )
    if membership is None or value_permissions.view_value(membership):
        metric.url = _url("roi:programme", organisation)
    ids = None if department is None else [department.pk]
    now = kpi_progress(department_ids=ids, on=on)
    if now.share is None:
        metric.reason = _("No KPI has a baseline and a later measurement yet.")
        return metric
    metric.value = _percent(now.share)
    metric.detail = _("%(improved)s of %(measured)s measured KPIs beat their baseline") % {
        "improved": now.improved,
        "measured": now.measured,
    }
    before = kpi_progress(department_ids=ids, on=date.fromordinal(on.toordinal() - 90))
    if before.share is not None:
        metric.previous = _percent(before.share)
        metric.trend = trend(now.share, before.share, higher_is_better=True)
    return metric


def scorecard(
    organisation: Organisation,
    *,
    department: Department | None = None,
    on: date | None = None,
    membership: Membership | None = None,
) -> Scorecard:
    """The eight measures for the organisation or one department, as of `on`."""
    on = on or timezone.localdate()
    args = (organisation, department, on)
    survey = {"membership": membership}
    metrics = [
        adoption_metric(*args),
        survey_metric(
            "attitude",
            gettext_lazy("Attitude towards AI (pulse)"),
            ATTITUDE,
            *args,
            scale_max=5,
            source=gettext_lazy("AI pulse, sentiment scale: latest wave against the one before"),
            **survey,
        ),
        survey_metric(
            "competence",
            gettext_lazy("Competence against the skill levels"),
            COMPETENCE,
            *args,
            scale_max=3,
            source=gettext_lazy(
                "Competence self-assessment: mean of the technical, methodical and social "
                "skill levels (0 to 3)"
            ),
            **survey,
        ),
        escalation_metric(*args),
        idea_metric(*args),
        kpi_metric(*args, membership=membership),
        survey_metric(
            "readiness",
            gettext_lazy("Change readiness over time"),
            READINESS,
            *args,
            scale_max=5,
            source=gettext_lazy("Change-readiness survey: mean of commitment and efficacy"),
            **survey,
        ),
        retrospective_metric(*args),
    ]
    return Scorecard(organisation, department, on, windows(on)[0], metrics)


@dataclass
class DepartmentRow:
    department: Department
    adoption: float | None
    ideas: int
    unresolved: int
    retrospectives: int
    load: Any = None  # this month's change-load cell, when the page adds it


def department_rows(on: date | None = None) -> list[DepartmentRow]:
    """A few own figures per department for the organisation page: four queries."""
    on = on or timezone.localdate()
    current, _previous = windows(on)
    departments = list(Department.objects.order_by("name"))
    latest = (
        UsageRecord.objects.filter(month__lte=last_complete_month(on))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    usage = {}
    if latest is not None:
        usage = {
            row["department"]: row
            for row in UsageRecord.objects.filter(month=latest)
            .values("department")
            .annotate(licensed=Sum("licensed_users"), active=Sum("active_users"))
            .order_by()
        }
    ideas = dict(
        Idea.objects.filter(_in_window("submitted_in", current))
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
    escalations = dict(
        Escalation.objects.unresolved().values_list("department").annotate(n=Count("pk")).order_by()
    )
    retrospectives = dict(
        Retrospective.objects.filter(_in_window("held_on", current))
        .values_list("department")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for department in departments:
        figures = usage.get(department.pk)
        rate = (
            round(100 * figures["active"] / figures["licensed"], 1)
            if figures and figures["licensed"]
            else None
        )
        rows.append(
            DepartmentRow(
                department,
                rate,
                ideas.get(department.pk, 0),
                escalations.get(department.pk, 0),
                retrospectives.get(department.pk, 0),
            )
        )
    return rows
