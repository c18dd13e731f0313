"""Works-council consultation: what the law requires, the record, agreements, go-live guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import (
    APPROVAL_TARGETS,
    HIGH_RISK,
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    RiskClass,
    UseCase,
    WorksAgreement,
)
from governance.rules import participation
from governance.rules.base import localized
from governance.services.common import new_values_shortened
from transformation.audit import AuditAction
from transformation.models import Organisation, User
from transformation.services import record_audit_event, save_audited

# WOR art. 25(6): after a decision that departs from the works council's advice,
# it may not be carried out for one month.
ADVICE_SUSPENSION = timedelta(days=31)


@dataclass
class Requirement:
    """The participation duties of one use case and whether its record concludes them."""

    duties: list[participation.Duty]
    consultation: Consultation | None
    today: date

    @property
    def level(self) -> str:
        return participation.strongest(self.duties)

    @property
    def is_required(self) -> bool:
        return bool(self.duties)

    @property
    def laws(self) -> str:
        return ", ".join(duty.law for duty in self.duties)

    @property
    def is_concluded(self) -> bool:
        return not self.is_required or self.blocking_reason() is None

    def blocking_reason(self) -> str | None:
        """Why go-live must wait, in the user's language; None when it may go ahead."""
        if not self.is_required:
            return None
        record = self.consultation
        if record is None:
            return _("Involve the works council and the workers first (%(laws)s).") % {
                "laws": self.laws
            }
        if record.status == ConsultationStatus.IN_FORCE:
            agreement = record.agreement
            if agreement is not None and not agreement.in_force(self.today):
                return _("The agreement %(reference)s is not in force today.") % {
                    "reference": agreement.reference
                }
            return None
        if record.status == ConsultationStatus.AGREED:
            return None
        if self.level == participation.CONSENT:
            if record.status == ConsultationStatus.REFUSED:
                return _(
                    "The works council refused (%(laws)s): the system may not go live without "
                    "its consent or a decision that replaces it (conciliation committee or court)."
                ) % {"laws": self.laws}
            return _(
                "The works council's consent is needed before go-live (%(laws)s); "
                "the consultation is: %(status)s."
            ) % {"laws": self.laws, "status": record.get_status_display()}
        if self.level == participation.ADVICE:
            if (
                record.status == ConsultationStatus.REFUSED
                and record.concluded_on is not None
                and record.concluded_on + ADVICE_SUSPENSION <= self.today
            ):
                return None
            return _(
                "Ask the works council for its advice and wait for it before go-live (%(laws)s); "
                "after a decision against the advice, one month must pass (art. 25(6) WOR)."
            ) % {"laws": self.laws}
        if record.informed_on is not None and record.informed_on <= self.today:
            return None
        return _("Inform the works council and the affected workers before go-live (%(laws)s).") % {
            "laws": self.laws
        }


def duties_for(use_case: UseCase) -> list[participation.Duty]:
    """The duties under the organisation's own law, from the current classification."""
    classification = use_case.current_classification
    if classification is None or classification.result_class in (
        RiskClass.OUT_OF_SCOPE,
        RiskClass.PROHIBITED,
    ):
        return []
    answers = classification.answers
    organisation = use_case.organisation
    return participation.duties(
        country=organisation.country,
        has_works_council=organisation.has_works_council,
        in_scope=True,
        high_risk=classification.result_class in HIGH_RISK,
        points=[p for p in answers.get("annex_iii_points", []) if not p.endswith("-excluded")],
        used_at_workplace=bool(answers.get("used_at_workplace")),
        monitors_employees=bool(answers.get("monitors_employees")),
        employee_data=bool(answers.get("employee_data", use_case.uses_employee_data)),
    )


def requirement_for(use_case: UseCase, today: date | None = None) -> Requirement:
    consultation = (
        Consultation.objects.select_related("agreement").filter(use_case=use_case).first()
    )
    return Requirement(duties_for(use_case), consultation, today or timezone.localdate())


def consultation_concluded(use_case: UseCase, target_state: str) -> str | None:
    """Transition guard: no pilot or production while a required consultation is open."""
    if target_state not in APPROVAL_TARGETS:
        return None
    return requirement_for(use_case).blocking_reason()


def _validate(use_case: UseCase, values: dict[str, Any], today: date) -> None:
    errors: dict[str, str] = {}
    status = values.get("status")
    duties = duties_for(use_case)
    if status == ConsultationStatus.NOT_NEEDED and duties:
        errors["status"] = _(
            "The rules require the works council or the workers to be involved: %(laws)s."
        ) % {"laws": ", ".join(duty.law for duty in duties)}
    for field in ("informed_on", "started_on", "concluded_on"):
        day = values.get(field)
        if day is not None and day > today:
            errors[field] = _("This date cannot be in the future.")
    if status in (ConsultationStatus.AGREED, ConsultationStatus.REFUSED) and not values.get(
        "concluded_on"
    ):
        errors["concluded_on"] = _("Enter the date the consultation was concluded.")
    agreement: WorksAgreement | None = values.get("agreement")
    if status == ConsultationStatus.IN_FORCE:
        if agreement is None and not values.get("agreement_reference"):
            errors["agreement"] = _("Choose the agreement in force, or enter its reference.")
        if agreement is not None and not agreement.in_force(today):
            errors["agreement"] = _("This agreement is not in force today.")
    category = values.get("category")
    if agreement is not None and category and not agreement.covers(category):
        errors["agreement"] = _("The agreement %(reference)s does not cover this category.") % {
            "reference": agreement.reference
        }
    if agreement is not None and not category:
        errors["category"] = _("Choose the category the agreement must cover.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_consultation(*, use_case: UseCase, actor: User, values: dict[str, Any]) -> Consultation:
    """Record where the consultation stands; refuses a record that contradicts the rules."""
    _validate(use_case, values, timezone.localdate())
    consultation = Consultation.objects.filter(use_case=use_case).first() or Consultation(
        organisation=use_case.organisation, use_case=use_case
    )
    save_audited(
        consultation,
        actor=actor,
        action=AuditAction.CONSULTATION_SAVED,
        values=values,
        target=use_case,
        summarise=new_values_shortened,
    )
    return consultation


@transaction.atomic
def add_consultation_document(
    *, consultation: Consultation, actor: User, title: str, upload: UploadedFile
) -> ConsultationDocument:
    """Attach a document (checked like every evidence file) to the consultation."""
    document = ConsultationDocument(
        organisation=consultation.organisation,
        consultation=consultation,
        title=title,
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    record_audit_event(
        organisation=consultation.organisation,
        actor=actor,
        action=AuditAction.CONSULTATION_DOCUMENT_ADDED,
        target=consultation.use_case,
        changes={"title": title},
    )
    return document


@transaction.atomic
def save_works_agreement(
    *,
    organisation: Organisation,
    actor: User,
    agreement: WorksAgreement | None = None,
    values: dict[str, Any],
) -> WorksAgreement:
    """Register or change a works or framework agreement and the categories it covers."""
    created = agreement is None
    if created:
        agreement = WorksAgreement(organisation=organisation)
    values = dict(values)
    document = values.pop("document", None)
    valid_until, concluded_on = values.get("valid_until"), values.get("concluded_on")
    if valid_until and concluded_on and valid_until < concluded_on:
        raise ValidationError({"valid_until": _("The end cannot be before the conclusion.")})
    uploaded = {}
    if document is not None and hasattr(document, "content_type"):
        agreement.document.save(document.name, document, save=False)
        uploaded["document"] = document.name
    save_audited(
        agreement,
        actor=actor,
        action=(
            AuditAction.WORKS_AGREEMENT_CREATED if created else AuditAction.WORKS_AGREEMENT_CHANGED
        ),
        values=values,
        extra_changes=uploaded,
    )
    return agreement


def duty_rows(requirement: Requirement) -> list[dict[str, str]]:
    """The duties as the pages show them, in the active language."""
    levels = {
        participation.CONSENT: _("consent / co-determination"),
        participation.ADVICE: _("advice"),
        participation.INFORMATION: _("information"),
    }
    return [
        {"law": duty.law, "level": levels[duty.level], "reason": localized(duty.reason)}
        for duty in requirement.duties
    ]
