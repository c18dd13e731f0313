"""Workflows of the use-case register: description, classification, checklist, RACI."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from governance.models import (
    Classification,
    DataProtectionImpactAssessment,
    FundamentalRightsImpactAssessment,
    Obligation,
    RaciEntry,
    UseCase,
)
from governance.rules import current_rule_set, evaluate, normalise
from governance.services.common import new_values_shortened
from governance.services.lifecycle import reopen_granted_approval
from transformation.audit import AuditAction
from transformation.models import Membership, Organisation, User
from transformation.services import record_audit_event, save_audited
from transformation.uploads import discard_after_commit


@transaction.atomic
def save_use_case(
    *,
    organisation: Organisation,
    actor: User | None,
    use_case: UseCase | None = None,
    values: dict[str, Any],
) -> UseCase:
    """Register a use case or change its description and scores."""
    created = use_case is None
    if created:
        use_case = UseCase(organisation=organisation, created_by=actor)
    save_audited(
        use_case,
        actor=actor,
        action=AuditAction.USE_CASE_CREATED if created else AuditAction.USE_CASE_CHANGED,
        values=values,
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
    outcome = evaluate(
        rules,
        answers,
        has_works_council=use_case.organisation.has_works_council,
        country=use_case.organisation.country,
    )
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
        action=AuditAction.USE_CASE_CLASSIFIED,
        target=use_case,
        changes={
            "classification": classification.pk,
            "rule_set_version": rules.version,
            "result_class": outcome.result_class,
            "previous_class": previous.result_class if previous else None,
        },
    )
    if previous is not None and classification.differs_materially_from(previous):
        reopen_granted_approval(use_case, classification, actor)
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
    evidence_expires_on: date | None = None,
) -> Obligation:
    """Change an obligation's owner, due date, status or evidence (and until when it is valid)."""
    stored = {}
    if evidence_file is not None:
        discard_after_commit(obligation.evidence_file)  # the replaced file
        obligation.evidence_file.save(evidence_file.name, evidence_file, save=False)
        stored["evidence_file"] = evidence_file.name
    save_audited(
        obligation,
        actor=actor,
        action=AuditAction.OBLIGATION_CHANGED,
        values={
            "owner": owner,
            "due_on": due_on,
            "status": status,
            "evidence_link": evidence_link,
            "evidence_expires_on": evidence_expires_on,
        },
        validate=False,
        extra_changes=stored,
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
    save_audited(
        record,
        actor=actor,
        action=(
            AuditAction.DPIA_SAVED
            if model is DataProtectionImpactAssessment
            else AuditAction.FRIA_SAVED
        ),
        values=values,
        validate=False,
        summarise=new_values_shortened,
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
            action=AuditAction.RACI_ADDED,
            target=use_case,
            changes={"member": member, "letter": letter},
        )
    return entry


@transaction.atomic
def remove_raci_entry(*, entry: RaciEntry, actor: User) -> None:
    record_audit_event(
        organisation=entry.organisation,
        actor=actor,
        action=AuditAction.RACI_REMOVED,
        target=entry.use_case,
        changes={"member": entry.member, "letter": entry.letter},
    )
    entry.delete()
