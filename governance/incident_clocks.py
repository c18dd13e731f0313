"""The legal clocks of an incident, running from the moment of awareness.

AI Act (serious incidents of high-risk systems):
- a deployer informs the provider immediately (Art 26(5)), then the market
  surveillance authority; where it reports, the limits of Art 73 apply;
- a provider (or a deployer who became one, Art 25) reports to the market
  surveillance authority (Art 73(1));
- limits (Art 73(2)-(4)): 15 days; 10 days after a death; 2 days for a
  widespread infringement or a serious incident under Art 3(49)(b) (serious
  and irreversible disruption of critical infrastructure). The shortest
  applicable limit wins.
GDPR: a personal-data breach with a risk is notified to the supervisory
authority within 72 hours (Art 33(1)); with a high risk the people are also
informed without undue delay (Art 34(1)).

Periods in days end at local midnight of their last day in the organisation's
time zone (Regulation 1182/71, see transformation.clocks); 72 hours run from
the moment itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from governance.models import HIGH_RISK, BreachRisk, CompanyRole, Incident, SeriousHarm
from transformation.clocks import days_after, hours_after

RUNNING = "running"
DUE_NOW = "due_now"
OVERDUE = "overdue"
DONE = "done"


@dataclass(frozen=True)
class Clock:
    """One duty to report, when it falls due, and whether it was done (and in time)."""

    key: str
    label: str
    article: str
    due_at: datetime
    done_at: datetime | None
    field: str
    immediate: bool = False

    def state(self, now: datetime) -> str:
        if self.done_at is not None:
            return DONE
        if self.immediate:
            return DUE_NOW
        return OVERDUE if now >= self.due_at else RUNNING

    @property
    def done_in_time(self) -> bool:
        return self.done_at is not None and (self.immediate or self.done_at < self.due_at)


def authority_days(incident: Incident) -> int:
    """The Art 73 limit that applies: the shortest of those the facts engage."""
    if incident.widespread_infringement or incident.serious_harm == SeriousHarm.INFRASTRUCTURE:
        return 2
    if incident.death:
        return 10
    return 15


def ai_act_applies(incident: Incident) -> bool:
    """Serious incidents of high-risk systems; an unclassified system is treated as one."""
    classification = incident.use_case.current_classification
    high_risk = classification is None or classification.result_class in HIGH_RISK
    return incident.is_serious and high_risk


def clocks_for(incident: Incident, zone: ZoneInfo) -> list[Clock]:
    """Every reporting clock the incident's facts start, earliest first."""
    clocks: list[Clock] = []
    aware = incident.aware_at
    if ai_act_applies(incident):
        classification = incident.use_case.current_classification
        provider = classification is not None and classification.role in (
            CompanyRole.PROVIDER,
            CompanyRole.BECAME_PROVIDER,
        )
        days = authority_days(incident)
        if not provider:
            clocks.append(
                Clock(
                    "provider",
                    _("Inform the provider (immediately)"),
                    "Art 26(5) AI Act",
                    aware,
                    incident.provider_informed_at,
                    "provider_informed_at",
                    immediate=True,
                )
            )
        clocks.append(
            Clock(
                "authority",
                _("Report to the market surveillance authority (within %(days)d days)")
                % {"days": days},
                f"Art 73({_paragraph(days)}) AI Act" + ("" if provider else ", Art 26(5)"),
                days_after(aware, days, zone),
                incident.authority_informed_at,
                "authority_informed_at",
            )
        )
    if incident.breach_risk in (BreachRisk.RISK, BreachRisk.HIGH):
        clocks.append(
            Clock(
                "dpa",
                _("Notify the data protection authority (within 72 hours)"),
                "Art 33(1) GDPR",
                hours_after(aware, 72),
                incident.dpa_notified_at,
                "dpa_notified_at",
            )
        )
    if incident.breach_risk == BreachRisk.HIGH:
        clocks.append(
            Clock(
                "data_subjects",
                _("Inform the people affected (without undue delay)"),
                "Art 34(1) GDPR",
                aware,
                incident.data_subjects_informed_at,
                "data_subjects_informed_at",
                immediate=True,
            )
        )
    return sorted(clocks, key=lambda clock: (clock.due_at, clock.key))


def _paragraph(days: int) -> str:
    return {2: "3", 10: "4"}.get(days, "2")
