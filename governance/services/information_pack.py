"""The works council's one-page information pack: HTML on request, PDF from a worker."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from governance.models import InformationPack, PackStatus, UseCase
from governance.models.consultation import pack_path
from governance.rules import localized, rule_set
from governance.services.consultations import duty_rows, requirement_for
from transformation.audit import AuditAction
from transformation.models import User
from transformation.services import record_audit_event

logger = logging.getLogger(__name__)


def pack_context(use_case: UseCase, language: str) -> dict[str, Any]:
    """What the works council needs on one page, in `language` (call inside the scope)."""
    with translation.override(language):
        classification = use_case.current_classification
        answers = classification.answers if classification else {}
        rules = rule_set(classification.rule_set_version) if classification else None
        criteria = []
        if rules is not None:
            question = rules.question("wp248_criteria")
            criteria = [
                localized(question.option(value).text)
                for value in answers.get("wp248_criteria", [])
                if question.option(value)
            ]
        requirement = requirement_for(use_case)
        flags = classification.flags if classification else {}
        department = use_case.department
        return {
            "use_case": use_case,
            "organisation": use_case.organisation,
            "classification": classification,
            "language": language,
            "personal_data": bool(answers.get("personal_data")) or use_case.uses_personal_data,
            "employee_data": bool(answers.get("employee_data")) or use_case.uses_employee_data,
            "special_categories": use_case.uses_special_categories,
            "criteria": criteria,
            "department": department,
            "workplace": bool(answers.get("used_at_workplace")),
            "monitoring": bool(answers.get("monitors_employees")),
            "human_oversight": flags.get("human_oversight", ""),
            "dpia": flags.get("dpia", ""),
            "obligations": [
                {"article": item["article"], "text": localized(item["text"])}
                for item in (classification.obligations if classification else [])
            ],
            "duties": duty_rows(requirement),
            "consultation": requirement.consultation,
            "generated_on": timezone.localdate(),
        }


def render_pack_html(use_case: UseCase, language: str, *, standalone: bool) -> str:
    context = pack_context(use_case, language)
    with translation.override(language):
        return render_to_string(
            "governance/information_pack_pdf.html" if standalone else "governance/_pack.html",
            context,
        )


@transaction.atomic
def request_information_pack(*, use_case: UseCase, actor: User, language: str) -> InformationPack:
    """Queue the PDF of the pack; a worker renders it after this transaction commits."""
    from governance.tasks import render_information_pack

    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose English, German or Dutch."))
    pack = InformationPack.objects.create(
        organisation=use_case.organisation,
        use_case=use_case,
        language=language,
        requested_by=actor,
    )
    record_audit_event(
        organisation=use_case.organisation,
        actor=actor,
        action=AuditAction.INFORMATION_PACK_REQUESTED,
        target=use_case,
        changes={"language": language},
    )
    render_information_pack.delay_on_commit(organisation_id=pack.organisation_id, pack_id=pack.pk)
    return pack


def claim_information_pack(pack_id: int) -> InformationPack | None:
    """Queued (or left running by a dead worker) → running; None when done or failed.

    Call inside the organisation's scope: another organisation's pack is not found.
    """
    claimed = InformationPack.objects.filter(
        pk=pack_id, status__in=[PackStatus.QUEUED, PackStatus.RUNNING]
    ).update(
        status=PackStatus.RUNNING,
        attempts=F("attempts") + 1,
        error="",
        started_at=timezone.now(),
    )
    if not claimed:
        return None
    return InformationPack.objects.select_related(
        "organisation", "use_case__department", "use_case__current_classification"
    ).get(pk=pack_id)


def produce_information_pack(*, pack: InformationPack) -> InformationPack:
    """Render and store the PDF under the pack's fixed name; a rerun overwrites it."""
    from transformation.pdf import render_pdf

    rendered = render_pdf(render_pack_html(pack.use_case, pack.language, standalone=True))
    name = pack_path(pack, "pack.pdf")
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(rendered.content))
    InformationPack.objects.filter(pk=pack.pk, status=PackStatus.RUNNING).update(
        status=PackStatus.DONE, file=stored, finished_at=timezone.now()
    )
    pack.refresh_from_db()
    return pack


def resend_stalled_information_packs(*, now) -> dict[str, int]:
    """Beat: send again the packs a broker outage or a dead worker left behind.

    The same rule and the same settings as board reports
    (`transformation.services.reports.resend_stalled_reports`): queued past
    the grace period, or running past the lease, is sent again (the claim
    keeps it once); a pack whose worker died REPORT_MAX_ATTEMPTS times fails
    with a message, so it can be requested again.
    """
    from governance.tasks import render_information_pack
    from transformation.services.reports import REPORT_MAX_ATTEMPTS, stalled_rows

    counts = {"resent": 0, "failed": 0}
    for pack in stalled_rows(InformationPack, now=now):
        if pack.status == PackStatus.RUNNING and pack.attempts >= REPORT_MAX_ATTEMPTS:
            fail_information_pack(
                pack_id=pack.pk,
                error=_("The worker stopped while producing the pack. Try again."),
            )
            counts["failed"] += 1
        else:
            render_information_pack.delay_on_commit(
                organisation_id=pack.organisation_id, pack_id=pack.pk
            )
            counts["resent"] += 1
    return counts


def fail_information_pack(*, pack_id: int, error: str) -> None:
    with scopes_disabled():
        InformationPack.objects.filter(pk=pack_id).exclude(status=PackStatus.DONE).update(
            status=PackStatus.FAILED, error=error[:2000], finished_at=timezone.now()
        )
