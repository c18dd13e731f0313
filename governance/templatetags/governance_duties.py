"""Template filters for the duties pages: classification changes, clocks, participation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from governance import permissions
from governance.models import CompanyRole, Incident, RiskClass

register = template.Library()

FLAG_LABELS = {
    "dpia": gettext_lazy("DPIA (Art 35 GDPR)"),
    "fria": gettext_lazy("Fundamental-rights impact assessment (Art 27)"),
    "human_oversight": gettext_lazy("Human oversight"),
    "two_person_verification": gettext_lazy("Two-person verification (Art 14(5))"),
    "registration": gettext_lazy("Registration of the use in the EU database (Art 49(3))"),
    "art22": gettext_lazy("Solely automated decision (Art 22 GDPR)"),
    "works_council": gettext_lazy("Works council"),
    "legacy": gettext_lazy("Legacy system (Art 111(2))"),
    "derogation": gettext_lazy("Art 6(3) derogation applied"),
}
FLAG_VALUES = {
    "required": gettext_lazy("required"),
    "recommended": gettext_lazy("recommended"),
    "check": gettext_lazy("document the check"),
    "no": gettext_lazy("no"),
}


@register.filter
def flag_label(key: str) -> str:
    return str(FLAG_LABELS.get(key, key))


@register.filter
def flag_value(value) -> str:
    if value is True:
        return _("yes")
    if value is False or value in ("", None, []):
        return _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(FLAG_VALUES.get(value, value))


@register.filter
def risk_label(value: str) -> str:
    return str(dict(RiskClass.choices).get(value, value or "–"))


@register.filter
def role_label(value: str) -> str:
    return str(dict(CompanyRole.choices).get(value, value or "–"))


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


@register.filter
def time_left(due: datetime | None, now: datetime | None = None) -> str:
    """“2 days 3 hours left” or “overdue by 5 hours” (rounded down to the minute)."""
    if due is None:
        return "–"
    # In UTC: two times in the same zone would subtract as wall-clock times.
    now, due = (now or timezone.now()).astimezone(UTC), due.astimezone(UTC)
    if now >= due:
        return _("overdue by %(span)s") % {"span": _span(now - due)}
    return _("%(span)s left") % {"span": _span(due - now)}


@register.simple_tag
def current_rule_set_version() -> str:
    from governance.rules import CURRENT_VERSION

    return CURRENT_VERSION


@register.inclusion_tag("governance/_usecase_duties.html", takes_context=True)
def usecase_duties(context, use_case):
    """The use case page's works-council and incident summary (2 queries)."""
    from governance.services.consultations import requirement_for

    membership = context["membership"]
    requirement = requirement_for(use_case)
    return {
        "organisation": context["organisation"],
        "use_case": use_case,
        "can_edit": context.get("can_edit"),
        "duties_summary": {
            "required": requirement.is_required,
            "laws": requirement.laws,
            "reason": requirement.blocking_reason(),
            "open_incidents": permissions.incidents_visible_to(
                membership, Incident.objects.filter(use_case=use_case, status="open")
            ).count(),
        },
    }
