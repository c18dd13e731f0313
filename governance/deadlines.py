"""Governance's deadline sources for the core's deadline engine (registered in plugins.py).

Each item carries the predicate of the page it links to (the one its view
declares, from governance/permissions.py), so the notification centre, the
digests and the steering committee's channel never show anyone an item behind
a page they cannot open. Who an item concerns is asked of predicates too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import permissions
from governance.incident_clocks import clocks_for
from governance.models import (
    Acknowledgement,
    ApprovalRequest,
    ApprovalStatus,
    Attendance,
    CorrectiveAction,
    DataProtectionImpactAssessment,
    FundamentalRightsImpactAssessment,
    Guideline,
    Incident,
    Obligation,
    ObligationStatus,
)
from transformation.clocks import end_of_day, organisation_zone
from transformation.deadlines import DATE_LEAD, Deadline, MemberRule, in_languages, is_member
from transformation.models import Membership, Organisation
from transformation.permissions import follow_overdue_items

# Guideline versions are to be acknowledged within this many days of publication.
ACKNOWLEDGE_DAYS = 14
# A steering decision on an approval is expected within this many days.
APPROVAL_DAYS = 14
# Training and evidence validity show up this long before they run out.
RENEWAL_LEAD = timedelta(days=30)


def _use_case_people(use_case, *, overdue: bool) -> MemberRule:
    """Who edits the use case (coordinators, its department's champion) and its owner;
    the steering committee too once it is overdue."""

    def relevant(membership: Membership) -> bool:
        return (
            permissions.edit_use_case(membership, use_case)
            or is_member(membership, use_case.owner_id)
            or (overdue and follow_overdue_items(membership))
        )

    return relevant


def _only(member_id: int, page: MemberRule) -> MemberRule:
    """An item for one member alone, behind a page they may open."""
    return lambda membership: is_member(membership, member_id) and page(membership)


def _url(name: str, organisation: Organisation, **kwargs) -> str:
    # Thousands of checklist items link to a few pages: each address is worked out once.
    return _reversed(get_script_prefix(), name, organisation.slug, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=8192)
def _reversed(prefix: str, name: str, slug: str, kwargs: tuple) -> str:
    return reverse(name, kwargs={"org": slug, **dict(kwargs)})


def _dated(day, zone, lead=DATE_LEAD) -> tuple[datetime, datetime]:
    due = end_of_day(day, zone)
    return due, due - lead


def _checklist_item(
    item: Obligation, organisation: Organisation, now: datetime, *, kind: str, day, lead, text
) -> Deadline:
    """A checklist item that falls due: its owner, the coordinators, the department's champion."""
    due, notify = _dated(day, organisation_zone(organisation), lead)
    return Deadline(
        key=f"governance.{kind}:{item.pk}",
        source=f"governance.{kind}s" if kind == "obligation" else f"governance.{kind}",
        title=in_languages(lambda: text() % {"article": item.article, "use_case": item.use_case}),
        url=_url("governance:usecase", organisation, pk=item.use_case_id),
        due_at=due,
        notify_from=notify,
        visible_to=permissions.view_register,
        relevant_to=_owner_or(item.owner_id, _use_case_people(item.use_case, overdue=now >= due)),
        article=item.article,
        all_day=True,
    )


def obligations(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    rows = Obligation.objects.open().filter(due_on__isnull=False).select_related("use_case")
    for item in rows:
        yield _checklist_item(
            item,
            organisation,
            now,
            kind="obligation",
            day=item.due_on,
            lead=DATE_LEAD,
            text=lambda: _("%(article)s for “%(use_case)s”"),
        )


def _owner_or(owner_id, other: MemberRule) -> MemberRule:
    return lambda membership: is_member(membership, owner_id) or other(membership)


def evidence(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    rows = Obligation.objects.filter(
        still_required=True,
        status=ObligationStatus.DONE,
        evidence_expires_on__isnull=False,
    ).select_related("use_case")
    for item in rows:
        yield _checklist_item(
            item,
            organisation,
            now,
            kind="evidence",
            day=item.evidence_expires_on,
            lead=RENEWAL_LEAD,
            text=lambda: _("Evidence for %(article)s of “%(use_case)s” runs out"),
        )


def reviews(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    zone = organisation_zone(organisation)
    kinds = (
        (DataProtectionImpactAssessment, "dpia", "governance:dpia", "Art 35(11) GDPR"),
        (FundamentalRightsImpactAssessment, "fria", "governance:fria", "Art 27(2) AI Act"),
    )
    for model, kind, url_name, article in kinds:
        for record in model.objects.filter(next_review_on__isnull=False).select_related("use_case"):
            due, notify = _dated(record.next_review_on, zone, RENEWAL_LEAD)
            labels = {
                "dpia": lambda record=record: (
                    _("Review the DPIA of “%(use_case)s”") % {"use_case": record.use_case}
                ),
                "fria": lambda record=record: (
                    _("Review the fundamental-rights impact assessment of “%(use_case)s”")
                    % {"use_case": record.use_case}
                ),
            }
            yield Deadline(
                key=f"governance.{kind}_review:{record.pk}",
                source="governance.reviews",
                title=in_languages(labels[kind]),
                url=_url(url_name, organisation, pk=record.use_case_id),
                due_at=due,
                notify_from=notify,
                visible_to=permissions.view_register,
                relevant_to=_use_case_people(record.use_case, overdue=now >= due),
                article=article,
                all_day=True,
            )


def acknowledgements(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    """Each member's own unacknowledged guideline, and the coordinator's overview of it."""
    zone = organisation_zone(organisation)
    guidelines = list(
        Guideline.objects.filter(current_version__published_at__isnull=False).select_related(
            "current_version"
        )
    )
    if not guidelines:
        return
    # Two queries for all guidelines, not one per guideline.
    active = list(Membership.objects.filter(user__is_active=True).values_list("pk", flat=True))
    acknowledged = set(
        Acknowledgement.objects.filter(
            version__in=[guideline.current_version_id for guideline in guidelines]
        ).values_list("version_id", "member_id")
    )
    for guideline in guidelines:
        version = guideline.current_version
        published = timezone.localtime(version.published_at, zone).date()
        due = end_of_day(published + timedelta(days=ACKNOWLEDGE_DAYS), zone)
        notify = version.published_at
        url = _url(
            "governance:guideline_version", organisation, pk=guideline.pk, number=version.number
        )
        missing = [member for member in active if (version.pk, member) not in acknowledged]
        for member_id in missing:
            yield Deadline(
                key=f"governance.acknowledge:{version.pk}:{member_id}",
                source="governance.guidelines",
                title=in_languages(
                    lambda guideline=guideline, version=version: (
                        _("Read and acknowledge “%(title)s” (version %(number)d)")
                        % {"title": guideline.title, "number": version.number}
                    )
                ),
                url=url,
                due_at=due,
                notify_from=notify,
                # Only the member: who has not yet read it is nobody else's business here.
                visible_to=_only(member_id, permissions.read_guidelines),
                all_day=True,
            )
        if missing:
            count = len(missing)
            yield Deadline(
                key=f"governance.acknowledgements:{version.pk}",
                source="governance.guidelines",
                title=in_languages(
                    lambda guideline=guideline, version=version, count=count: (
                        _(
                            "“%(title)s” (version %(number)d): %(count)d members have not "
                            "acknowledged it"
                        )
                        % {"title": guideline.title, "number": version.number, "count": count}
                    )
                ),
                url=_url("governance:guideline", organisation, pk=guideline.pk),
                due_at=due,
                notify_from=due,
                visible_to=permissions.follow_acknowledgements,
                relevant_to=permissions.write_guidelines,
                all_day=True,
            )


def refreshers(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    """AI-literacy training that runs out soon and has no newer session behind it."""
    zone = organisation_zone(organisation)
    today = timezone.localtime(now, zone).date()
    newer = Attendance.objects.filter(
        member=OuterRef("member"), session__offer=OuterRef("session__offer")
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    rows = (
        Attendance.objects.filter(valid_until__isnull=False, valid_until__lte=today + RENEWAL_LEAD)
        .exclude(Exists(newer))
        .select_related("session__offer", "member__user")
    )
    for attendance in rows:
        due, notify = _dated(attendance.valid_until, zone, RENEWAL_LEAD)
        offer = attendance.session.offer
        yield Deadline(
            key=f"governance.refresher:{attendance.pk}",
            source="governance.literacy",
            title=in_languages(
                lambda offer=offer: (
                    _("Your AI training “%(offer)s” needs a refresher") % {"offer": offer}
                )
            ),
            url=_url("governance:my_training", organisation),
            due_at=due,
            notify_from=notify,
            visible_to=_only(attendance.member_id, permissions.view_own_training),
            article="Art 4 AI Act",
            all_day=True,
        )
        yield Deadline(
            key=f"governance.refresher_overview:{attendance.pk}",
            source="governance.literacy",
            title=in_languages(
                lambda offer=offer, attendance=attendance: (
                    _("AI training “%(offer)s” of %(person)s needs a refresher")
                    % {"offer": offer, "person": attendance.member.user}
                )
            ),
            url=_url("governance:training_offer", organisation, pk=offer.pk),
            due_at=due,
            notify_from=notify,
            visible_to=permissions.view_training,
            relevant_to=permissions.manage_training,
            article="Art 4 AI Act",
            all_day=True,
        )


def approvals(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    zone = organisation_zone(organisation)
    rows = ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).select_related("use_case")
    for request in rows:
        since = request.reopened_at or request.requested_at
        since_day = timezone.localtime(since, zone).date()
        due, _notify = _dated(since_day + timedelta(days=APPROVAL_DAYS), zone)
        yield Deadline(
            key=f"governance.approval:{request.pk}",
            source="governance.approvals",
            title=in_languages(
                lambda request=request: (
                    _("Approval waiting: “%(use_case)s” → %(target)s")
                    % {"use_case": request.use_case, "target": request.get_target_state_display()}
                )
            ),
            url=_url("governance:approval", organisation, pk=request.pk),
            due_at=due,
            notify_from=since,
            visible_to=permissions.view_approvals,
            all_day=True,
        )


def incidents(organisation: Organisation, now: datetime) -> Iterable[Deadline]:
    """Each open incident's running clocks, and its corrective actions that fall due."""
    zone = organisation_zone(organisation)
    rows = Incident.objects.filter(status="open").select_related(
        "use_case__current_classification", "organisation"
    )
    for incident in rows:
        url = _url("governance:incident", organisation, pk=incident.pk)
        readers = _reading(incident)
        for clock in clocks_for(incident, zone):
            if clock.done_at is not None:
                continue
            yield Deadline(
                key=f"governance.incident:{incident.pk}:{clock.key}",
                source="governance.incidents",
                title=in_languages(
                    lambda clock=clock, incident=incident: (
                        _("%(duty)s: incident “%(title)s”")
                        % {"duty": _clock_label(incident, clock.key), "title": incident.title}
                    )
                ),
                url=url,
                due_at=clock.due_at,
                notify_from=incident.aware_at,
                visible_to=readers,
                article=clock.article,
            )
    actions = CorrectiveAction.objects.filter(
        done_on__isnull=True, due_on__isnull=False, incident__status="open"
    ).select_related("incident__use_case")
    for action in actions:
        due, notify = _dated(action.due_on, zone)
        incident = action.incident

        def relevant(membership, action=action, incident=incident):
            return is_member(membership, action.owner_id) or permissions.edit_incident(
                membership, incident
            )

        yield Deadline(
            key=f"governance.corrective_action:{action.pk}",
            source="governance.incidents",
            title=in_languages(
                lambda action=action, incident=incident: (
                    _("Corrective action “%(action)s” (incident “%(title)s”)")
                    % {"action": action.description, "title": incident.title}
                )
            ),
            url=_url("governance:incident", organisation, pk=incident.pk),
            due_at=due,
            notify_from=notify,
            visible_to=_reading(incident),
            relevant_to=relevant,
            all_day=True,
        )


def _reading(incident: Incident) -> MemberRule:
    return lambda membership: permissions.view_incident(membership, incident)


def _clock_label(incident: Incident, key: str) -> str:
    """The clock's label in the active language (clock labels are lazy)."""
    zone = organisation_zone(incident.organisation)
    clock = next(item for item in clocks_for(incident, zone) if item.key == key)
    return str(clock.label)
