"""Routes of issue 17: re-classification, consultations, information packs, incidents."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from governance.models import (
    Consultation,
    ConsultationDocument,
    CorrectiveAction,
    Incident,
    InformationPack,
    WorksAgreement,
)
from tests.governance.urlcases import EDITORS, REGISTER, _classified, _new_use_case
from tests.urlaccess import COORDINATOR, UrlCase


def _classified_use_case(organisation):
    return {"pk": _classified(organisation).pk}


def _use_case(organisation):
    return {"pk": _new_use_case(organisation).pk}


def _consultation(organisation) -> Consultation:
    return Consultation.objects.create(
        organisation=organisation, use_case=_new_use_case(organisation), status="to_inform"
    )


def _consulted_use_case(organisation):
    return {"pk": _consultation(organisation).use_case_id}


def _document(organisation):
    document = ConsultationDocument(
        organisation=organisation, consultation=_consultation(organisation), title="Letter"
    )
    document.file.save("letter.pdf", ContentFile(b"%PDF-1.7 letter"))
    return {"pk": document.pk}


def _pack(organisation, status="queued"):
    pack = InformationPack.objects.create(
        organisation=organisation,
        use_case=_new_use_case(organisation),
        language="de",
        status=status,
    )
    return pack


def _pack_kwargs(organisation):
    return {"public_id": _pack(organisation).public_id}


def _done_pack(organisation):
    pack = _pack(organisation, "done")
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.7 pack"))
    return {"public_id": pack.public_id}


def _agreement(organisation, document=False):
    agreement = WorksAgreement.objects.create(
        organisation=organisation,
        kind="framework",
        reference=f"RBV-{WorksAgreement.objects.count() + 1}",
        title="KI-Assistenten",
        categories=["assistant"],
        concluded_on=date(2026, 3, 1),
    )
    if document:
        agreement.document.save("rbv.pdf", ContentFile(b"%PDF-1.7 agreement"))
    return {"pk": agreement.pk}


def _incident(organisation) -> Incident:
    return Incident.objects.create(
        organisation=organisation,
        use_case=_new_use_case(organisation),
        title="Wrong answer",
        description="The chatbot showed another customer's address.",
        aware_at=timezone.now() - timedelta(hours=2),
        severity="high",
        breach_risk="risk",
    )


def _incident_kwargs(organisation):
    return {"pk": _incident(organisation).pk}


def _corrective_action(organisation):
    action = CorrectiveAction.objects.create(
        organisation=organisation, incident=_incident(organisation), description="Roll back"
    )
    return {"pk": action.pk}


def _closable_incident(organisation):
    incident = _incident(organisation)
    incident.breach_risk = "none"
    incident.save()
    return {"pk": incident.pk}


def _report_data(organisation):
    when = timezone.localtime() - timedelta(hours=1)
    return {"clock": "dpa", "when": when.strftime("%Y-%m-%dT%H:%M")}


CASES = [
    UrlCase("governance:usecase_reclassify", EDITORS, kwargs=_classified_use_case),
    # Reading is view_register; saving the record asks edit_use_case of the use case
    # (tests/governance/test_consultation.py plays the steering member and other champions).
    UrlCase("governance:consultation", REGISTER, kwargs=_use_case),
    UrlCase(
        "governance:consultation_document_add",
        EDITORS,
        kwargs=_consulted_use_case,
        method="post",
        data=lambda o: {
            "title": "Information letter",
            "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.7 letter"),
        },
        ok=(302,),
    ),
    UrlCase("governance:consultation_document", REGISTER, kwargs=_document),
    UrlCase("governance:information_pack", REGISTER, kwargs=_use_case),
    UrlCase(
        "governance:information_pack_request",
        EDITORS,
        kwargs=_use_case,
        method="post",
        data=lambda o: {"language": "nl"},
        ok=(302,),
    ),
    UrlCase("governance:information_pack_status", REGISTER, kwargs=_pack_kwargs),
    UrlCase(
        "governance:information_pack_status",
        REGISTER,
        kwargs=_pack_kwargs,
        headers={"HX-Request": "true"},
    ),
    UrlCase("governance:information_pack_download", REGISTER, kwargs=_done_pack),
    UrlCase("governance:agreements", REGISTER),
    UrlCase("governance:agreement_create", COORDINATOR),
    UrlCase("governance:agreement_edit", COORDINATOR, kwargs=_agreement),
    UrlCase(
        "governance:agreement_document",
        REGISTER,
        kwargs=lambda o: _agreement(o, document=True),
    ),
    UrlCase("governance:incidents", REGISTER),
    UrlCase("governance:incident_create", EDITORS),
    UrlCase("governance:incident", REGISTER, kwargs=_incident_kwargs),
    UrlCase(
        "governance:incident",
        REGISTER,
        kwargs=_incident_kwargs,
        headers={"HX-Request": "true"},
    ),
    UrlCase("governance:incident_edit", EDITORS, kwargs=_incident_kwargs),
    UrlCase(
        "governance:incident_report",
        EDITORS,
        kwargs=_incident_kwargs,
        method="post",
        data=_report_data,
        ok=(302,),
    ),
    UrlCase(
        "governance:corrective_action_add",
        EDITORS,
        kwargs=_incident_kwargs,
        method="post",
        data=lambda o: {"description": "Review the prompt template"},
        ok=(302,),
    ),
    UrlCase(
        "governance:corrective_action_done",
        EDITORS,
        kwargs=_corrective_action,
        method="post",
        ok=(302,),
    ),
    UrlCase(
        "governance:incident_close",
        EDITORS,
        kwargs=_closable_incident,
        method="post",
        data=lambda o: {"closure_note": "Template rolled back.", "follow_up": "none"},
        ok=(302,),
    ),
]
