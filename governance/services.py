"""Workflows of the governance app. Every state change writes an audit event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from governance.models import (
    APPROVAL_TARGETS,
    Acknowledgement,
    ApprovalDecision,
    ApprovalRequest,
    ApprovalStatus,
    Attendance,
    Classification,
    CustomRole,
    DataProtectionImpactAssessment,
    FundamentalRightsImpactAssessment,
    Guideline,
    GuidelineVersion,
    LifecycleState,
    Obligation,
    RaciEntry,
    RoleAssignment,
    RoleKind,
    TrainingOffer,
    TrainingSession,
    UseCase,
)
from governance.models.approvals import GRANTED, OUTCOME_STATUS, Outcome
from governance.registry import transition_guards
from governance.rules import current_rule_set, evaluate, normalise
from transformation.models import Membership, Organisation, Role, User
from transformation.services import diff_fields, record_audit_event


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class TransitionBlocked(ValidationError):
    """A lifecycle move that a guard refused; `messages` says why."""


# Role registry ---------------------------------------------------------------


@transaction.atomic
def create_custom_role(
    *, organisation: Organisation, actor: User, name: str, responsibilities: str = ""
) -> CustomRole:
    """Define a governance role beyond the shipped ones."""
    role = CustomRole.objects.create(
        organisation=organisation, name=name, responsibilities=responsibilities
    )
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="custom_role.created",
        target=role,
        changes={"name": name},
    )
    return role


@transaction.atomic
def save_role_assignment(
    *,
    organisation: Organisation,
    actor: User | None,
    assignment: RoleAssignment | None = None,
    values: dict[str, Any],
) -> RoleAssignment:
    """Create or change a role assignment and audit what changed."""
    if assignment is None:
        assignment = RoleAssignment(organisation=organisation, **values)
        assignment.full_clean()
        assignment.save()
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="role.assigned",
            target=assignment,
            changes=values,
        )
        return assignment
    changes = diff_fields(assignment, values)
    for key, value in values.items():
        setattr(assignment, key, value)
    assignment.full_clean()
    assignment.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="role.changed",
            target=assignment,
            changes=changes,
        )
    return assignment


def can_decide_approvals(membership: Membership) -> bool:
    """Steering members and the active AI sponsor decide approvals."""
    if membership.role == Role.STEERING:
        return True
    return RoleAssignment.objects.active().filter(kind=RoleKind.SPONSOR, member=membership).exists()


# Use cases -----------------------------------------------------------------------


@transaction.atomic
def save_use_case(
    *,
    organisation: Organisation,
    actor: User | None,
    use_case: UseCase | None = None,
    values: dict[str, Any],
) -> UseCase:
    """Register a use case or change its description and scores."""
    if use_case is None:
        use_case = UseCase(organisation=organisation, created_by=actor, **values)
        use_case.full_clean()
        use_case.save()
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="usecase.created",
            target=use_case,
            changes=values,
        )
        return use_case
    changes = diff_fields(use_case, values)
    for key, value in values.items():
        setattr(use_case, key, value)
    use_case.full_clean()
    use_case.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="usecase.changed",
            target=use_case,
            changes=changes,
        )
    return use_case


@transaction.atomic
def classify_use_case(
    *, use_case: UseCase, actor: User | None, answers: dict[str, Any]
) -> Classification:
    """Classify under the current rule set; new answers make a new classification.

    Creates the checklist items of new obligations, marks those no longer
    required, and reopens a granted approval when the result changed materially.
    """
    use_case = (
        UseCase.objects.select_for_update(of=("self",))
        .select_related("organisation", "current_classification")
        .get(pk=use_case.pk)
    )
    rules = current_rule_set()
    answers = normalise(rules, answers)
    previous = use_case.current_classification
    if (
        previous is not None
        and previous.rule_set_version == rules.version
        and previous.answers == answers
    ):
        return previous
    outcome = evaluate(rules, answers, has_works_council=use_case.organisation.has_works_council)
    classification = Classification.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        rule_set_version=rules.version,
        rule_set_as_of=rules.as_of,
        answers=answers,
        result_class=outcome.result_class,
        role=outcome.role,
        annex_iii_point=outcome.annex_iii_point,
        obligations=outcome.obligations,
        flags=outcome.flags,
        classified_by=actor,
        classified_by_label=actor.email if actor is not None else "system",
    )
    use_case.current_classification = classification
    use_case.save(update_fields=["current_classification", "updated_at"])
    _sync_checklist(use_case, classification)
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action="usecase.classified",
        target=use_case,
        changes={
            "classification": classification.pk,
            "rule_set_version": rules.version,
            "result_class": outcome.result_class,
            "previous_class": previous.result_class if previous else None,
        },
    )
    if previous is not None and classification.differs_materially_from(previous):
        _reopen_granted_approval(use_case, classification, actor)
    return classification


def _sync_checklist(use_case: UseCase, classification: Classification) -> None:
    keys = set(classification.obligation_keys)
    existing = {item.key: item for item in Obligation.objects.filter(use_case=use_case)}
    for data in classification.obligations:
        item = existing.get(data["key"])
        applies_from = date.fromisoformat(data["applies_from"]) if data["applies_from"] else None
        if item is None:
            Obligation.objects.create(
                organisation=use_case.organisation,
                use_case=use_case,
                key=data["key"],
                article=data["article"],
                text=data["text"],
                applies_from=applies_from,
                due_on=applies_from
                if applies_from and applies_from > timezone.localdate()
                else None,
            )
        else:
            item.article, item.text, item.applies_from = data["article"], data["text"], applies_from
            item.still_required = True
            item.save(update_fields=["article", "text", "applies_from", "still_required"])
    Obligation.objects.filter(use_case=use_case, still_required=True).exclude(key__in=keys).update(
        still_required=False
    )


def _reopen_granted_approval(
    use_case: UseCase, classification: Classification, actor: User | None
) -> None:
    granted = (
        ApprovalRequest.objects.filter(use_case=use_case, status__in=GRANTED)
        .order_by("-requested_at", "-pk")
        .first()
    )
    if granted is None:
        return
    previous_status = granted.status
    granted.status = ApprovalStatus.PENDING
    granted.reopened_at = timezone.now()
    granted.classification = classification
    granted.save(update_fields=["status", "reopened_at", "classification"])
    if use_case.state == LifecycleState.APPROVED_FOR_PILOT:
        use_case.state = LifecycleState.ASSESSMENT
        use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action="approval.reopened",
        target=granted,
        changes={"status": [previous_status, ApprovalStatus.PENDING], "reason": "classification"},
    )


def transition_errors(use_case: UseCase, target_state: str) -> list[str]:
    """Why the use case cannot move to `target_state` now (empty when it can)."""
    if target_state not in use_case.next_states:
        return [
            _("A use case cannot move from %(from)s to %(to)s.")
            % {
                "from": LifecycleState(use_case.state).label,
                "to": LifecycleState(target_state).label,
            }
        ]
    errors = transition_guards.errors(use_case, target_state)
    if target_state in APPROVAL_TARGETS and not _has_granted_approval(use_case, target_state):
        errors.append(_("This move needs an approval first."))
    return errors


def _has_granted_approval(use_case: UseCase, target_state: str) -> bool:
    return ApprovalRequest.objects.filter(
        use_case=use_case, target_state=target_state, status__in=GRANTED
    ).exists()


@transaction.atomic
def move_use_case(*, use_case: UseCase, actor: User | None, target_state: str) -> UseCase:
    """Move a use case along its lifecycle if every guard agrees; raises TransitionBlocked."""
    use_case = UseCase.objects.select_for_update().get(pk=use_case.pk)
    errors = transition_errors(use_case, target_state)
    if errors:
        raise TransitionBlocked(errors)
    previous = use_case.state
    use_case.state = target_state
    use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action="usecase.moved",
        target=use_case,
        changes={"state": [previous, target_state]},
    )
    return use_case


def approval_request_errors(use_case: UseCase, target_state: str) -> list[str]:
    from governance.guards import classified, no_open_approval, not_prohibited

    errors = [
        message
        for message in (
            check(use_case, target_state)
            for check in (classified, not_prohibited, no_open_approval)
        )
        if message
    ]
    allowed_from = {
        LifecycleState.PILOT: (LifecycleState.IDEA, LifecycleState.ASSESSMENT),
        LifecycleState.PRODUCTION: (LifecycleState.PILOT,),
    }
    if target_state not in allowed_from or use_case.state not in allowed_from[target_state]:
        errors.append(_("Approval for this move cannot be requested in the current state."))
    return errors


@transaction.atomic
def request_approval(
    *, use_case: UseCase, actor: User, target_state: str, note: str = ""
) -> ApprovalRequest:
    """Ask the steering committee or the sponsor to approve a move to pilot or production."""
    use_case = UseCase.objects.select_for_update().get(pk=use_case.pk)
    errors = approval_request_errors(use_case, target_state)
    if errors:
        raise TransitionBlocked(errors)
    request = ApprovalRequest.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        target_state=target_state,
        classification=use_case.current_classification,
        requested_by=actor,
        note=note,
    )
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action="approval.requested",
        target=request,
        changes={"target_state": target_state, "use_case": use_case.pk},
    )
    return request


def use_case_snapshot(use_case: UseCase) -> dict[str, Any]:
    fields = [
        "title",
        "description",
        "department",
        "owner",
        "vendor",
        "system",
        "application_area",
        "uses_personal_data",
        "uses_special_categories",
        "uses_employee_data",
        "state",
        "efficiency_potential",
        "complexity_reduction",
        "strategic_relevance",
        "data_readiness",
        "implementation_risk",
    ]
    return {
        "use_case": {"id": use_case.pk, **{f: _plain(getattr(use_case, f)) for f in fields}},
        "classification": (
            use_case.current_classification.snapshot() if use_case.current_classification else None
        ),
    }


@transaction.atomic
def decide_approval(
    *,
    request: ApprovalRequest,
    actor: User,
    membership: Membership,
    outcome: str,
    reasoning: str,
    conditions: str = "",
) -> ApprovalDecision:
    """Record a decision with a snapshot; an approval for pilot makes it approved for pilot."""
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request has already been decided."))
    if request.requested_by_id == actor.pk:
        raise ValidationError(_("Nobody may decide on their own request."))
    if not can_decide_approvals(membership):
        raise ValidationError(_("Only steering members and the AI sponsor decide approvals."))
    if outcome == Outcome.APPROVE_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError(_("Name the conditions of the approval."))
    use_case = UseCase.objects.select_related(
        "current_classification", "department", "owner__user"
    ).get(pk=request.use_case_id)
    decision = ApprovalDecision.objects.create(
        organisation=request.organisation,
        request=request,
        decided_by=actor,
        decided_by_label=actor.email,
        outcome=outcome,
        conditions=conditions,
        reasoning=reasoning,
        snapshot=use_case_snapshot(use_case),
    )
    request.status = OUTCOME_STATUS[Outcome(outcome)]
    request.save(update_fields=["status"])
    if (
        request.is_granted
        and request.target_state == LifecycleState.PILOT
        and use_case.state in (LifecycleState.IDEA, LifecycleState.ASSESSMENT)
    ):
        use_case.state = LifecycleState.APPROVED_FOR_PILOT
        use_case.save(update_fields=["state", "updated_at"])
    record_audit_event(
        organisation=request.organisation,
        actor=actor,
        action="approval.decided",
        target=request,
        changes={"outcome": outcome, "status": request.status, "use_case": use_case.pk},
    )
    return decision


@transaction.atomic
def update_obligation(
    *,
    obligation: Obligation,
    actor: User,
    owner: Membership | None,
    due_on: date | None,
    status: str,
    evidence_link: str = "",
    evidence_file: UploadedFile | None = None,
) -> Obligation:
    """Change an obligation's owner, due date, status or evidence."""
    values = {"owner": owner, "due_on": due_on, "status": status, "evidence_link": evidence_link}
    changes = diff_fields(obligation, values)
    for key, value in values.items():
        setattr(obligation, key, value)
    if evidence_file is not None:
        obligation.evidence_file.save(evidence_file.name, evidence_file, save=False)
        changes["evidence_file"] = evidence_file.name
    obligation.save()
    if changes:
        record_audit_event(
            organisation=obligation.organisation,
            actor=actor,
            action="obligation.changed",
            target=obligation,
            changes=changes,
        )
    return obligation


@transaction.atomic
def save_impact_assessment(
    *,
    use_case: UseCase,
    actor: User,
    model: type[DataProtectionImpactAssessment] | type[FundamentalRightsImpactAssessment],
    values: dict[str, Any],
) -> DataProtectionImpactAssessment | FundamentalRightsImpactAssessment:
    """Create or update the use case's DPIA or FRIA record."""
    record = model.objects.filter(use_case=use_case).first()
    if record is None:
        record = model(organisation=use_case.organisation, use_case=use_case)
    changes = diff_fields(record, values)
    for key, value in values.items():
        setattr(record, key, value)
    record.save()
    kind = "dpia" if model is DataProtectionImpactAssessment else "fria"
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=f"{kind}.saved",
        target=record,
        changes={key: "…" if len(str(new)) > 200 else new for key, (_o, new) in changes.items()},
    )
    return record


@transaction.atomic
def add_raci_entry(*, use_case: UseCase, actor: User, member: Membership, letter: str) -> RaciEntry:
    """Give a member a part (R, A, C or I) in a use case."""
    entry, created = RaciEntry.objects.get_or_create(
        organisation=use_case.organisation, use_case=use_case, member=member, letter=letter
    )
    if created:
        record_audit_event(
            organisation=use_case.organisation,
            actor=actor,
            action="raci.added",
            target=use_case,
            changes={"member": member, "letter": letter},
        )
    return entry


@transaction.atomic
def remove_raci_entry(*, entry: RaciEntry, actor: User) -> None:
    record_audit_event(
        organisation=entry.organisation,
        actor=actor,
        action="raci.removed",
        target=entry.use_case,
        changes={"member": entry.member, "letter": entry.letter},
    )
    entry.delete()


# Guidelines ---------------------------------------------------------------------------


@transaction.atomic
def create_guideline(
    *, organisation: Organisation, actor: User | None, title: str, body: str, change_note: str = ""
) -> GuidelineVersion:
    """Start a guideline with a first draft version."""
    guideline = Guideline.objects.create(organisation=organisation, title=title)
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="guideline.created",
        target=guideline,
        changes={"title": title},
    )
    return add_guideline_version(
        guideline=guideline, actor=actor, body=body, change_note=change_note
    )


@transaction.atomic
def add_guideline_version(
    *, guideline: Guideline, actor: User | None, body: str, change_note: str = ""
) -> GuidelineVersion:
    """Add a draft as the next version number; a single open draft is edited in place."""
    draft = guideline.versions.filter(published_at__isnull=True).order_by("-number").first()
    if draft is not None:
        draft.body, draft.change_note = body, change_note
        draft.save(update_fields=["body", "change_note"])
        version = draft
    else:
        number = (guideline.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = GuidelineVersion.objects.create(
            organisation=guideline.organisation,
            guideline=guideline,
            number=number,
            body=body,
            change_note=change_note,
            created_by=actor,
        )
    record_audit_event(
        organisation=guideline.organisation,
        actor=actor,
        action="guideline.draft_saved",
        target=version,
        changes={"number": version.number, "change_note": change_note},
    )
    return version


@transaction.atomic
def publish_guideline_version(
    *,
    version: GuidelineVersion,
    actor: User | None,
    when: Any = None,
    url_builder: Callable[[str], str] | None = None,
    notify: bool = True,
) -> GuidelineVersion:
    """Publish a draft as the current version; e-mails members to acknowledge it after commit."""
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    version.published_at = when or timezone.now()
    version.save(update_fields=["published_at"])
    guideline = version.guideline
    guideline.current_version = version
    guideline.save(update_fields=["current_version"])
    record_audit_event(
        organisation=version.organisation,
        actor=actor,
        action="guideline.published",
        target=version,
        changes={"number": version.number},
    )
    if notify:
        transaction.on_commit(lambda: _ask_to_acknowledge(version, url_builder))
    return version


def _ask_to_acknowledge(
    version: GuidelineVersion, url_builder: Callable[[str], str] | None
) -> None:
    """One e-mail, with every member in Bcc, asking them to read the new version."""
    organisation = version.organisation
    with scope(organisation=organisation):
        recipients = list(
            Membership.objects.filter(user__is_active=True).values_list("user__email", flat=True)
        )
    if not recipients:
        return
    path = reverse(
        "governance:guideline_version",
        kwargs={"org": organisation.slug, "pk": version.guideline_id, "number": version.number},
    )
    with translation.override(organisation.default_language):
        subject = _("Please read and acknowledge: %(title)s") % {"title": version.guideline}
        body = _(
            "A new version of the AI guideline “%(title)s” has been published. "
            "Please read it and confirm that you have: %(link)s"
        ) % {"title": version.guideline, "link": url_builder(path) if url_builder else path}
    EmailMessage(subject, body, bcc=recipients).send()


@transaction.atomic
def acknowledge_guideline(*, version: GuidelineVersion, member: Membership) -> Acknowledgement:
    """Record that a member has read a published version (idempotent)."""
    if not version.is_published:
        raise ValidationError(_("Only published versions can be acknowledged."))
    try:
        with transaction.atomic():
            acknowledgement, created = Acknowledgement.objects.get_or_create(
                organisation=version.organisation, version=version, member=member
            )
    except IntegrityError:
        return Acknowledgement.objects.get(version=version, member=member)
    if created:
        record_audit_event(
            organisation=version.organisation,
            actor=member.user,
            action="guideline.acknowledged",
            target=version,
        )
    return acknowledgement


# AI literacy ----------------------------------------------------------------------------


@transaction.atomic
def save_training_offer(
    *,
    organisation: Organisation,
    actor: User | None,
    offer: TrainingOffer | None = None,
    values: dict[str, Any],
) -> TrainingOffer:
    """Create or change a training offer."""
    created = offer is None
    if created:
        offer = TrainingOffer(organisation=organisation)
        changes = values
    else:
        changes = diff_fields(offer, values)
    for key, value in values.items():
        setattr(offer, key, value)
    offer.full_clean()
    offer.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="training.offer_created" if created else "training.offer_changed",
            target=offer,
            changes=changes,
        )
    return offer


@transaction.atomic
def add_training_session(
    *,
    offer: TrainingOffer,
    actor: User | None,
    held_on: date,
    trainer: str = "",
    location: str = "",
) -> TrainingSession:
    """Schedule or record a session of a training offer."""
    session = TrainingSession.objects.create(
        organisation=offer.organisation,
        offer=offer,
        held_on=held_on,
        trainer=trainer,
        location=location,
    )
    record_audit_event(
        organisation=offer.organisation,
        actor=actor,
        action="training.session_added",
        target=session,
        changes={"held_on": held_on, "trainer": trainer},
    )
    return session


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def record_attendance(
    *, session: TrainingSession, actor: User | None, members: list[Membership]
) -> list[Attendance]:
    """Record who attended; the validity runs from the session date."""
    months = session.offer.validity_months
    valid_until = _months_later(session.held_on, months) if months else None
    recorded = []
    for member in members:
        attendance, created = Attendance.objects.get_or_create(
            organisation=session.organisation,
            session=session,
            member=member,
            defaults={"valid_until": valid_until},
        )
        if created:
            recorded.append(attendance)
    if recorded:
        record_audit_event(
            organisation=session.organisation,
            actor=actor,
            action="training.attendance_recorded",
            target=session,
            changes={"members": [str(a.member.user) for a in recorded]},
        )
    return recorded


@transaction.atomic
def remove_attendance(*, attendance: Attendance, actor: User) -> None:
    record_audit_event(
        organisation=attendance.organisation,
        actor=actor,
        action="training.attendance_removed",
        target=attendance.session,
        changes={"member": attendance.member},
    )
    attendance.delete()
