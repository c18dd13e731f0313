from datetime import date

from governance import services
from governance.models import RaciEntry, RoleAssignment, TrainingOffer, TrainingSession, UseCase
from tests.urlaccess import ALL_ROLES, COORDINATOR, READERS, UrlCase
from transformation.models import Department, Membership, Role

REGISTER = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
EDITORS = frozenset({Role.COORDINATOR, Role.CHAMPION})


def _new_use_case(organisation) -> UseCase:
    # In the champion's department, so the object-level check lets the champion in.
    return UseCase.objects.create(
        organisation=organisation,
        title="Support chatbot",
        application_area="customer_service",
        department=Department.objects.get(name="Support"),
        state="assessment",
    )


def _classified(organisation) -> UseCase:
    use_case = _new_use_case(organisation)
    services.classify_use_case(use_case=use_case, actor=None, answers={"talks_to_people": True})
    return UseCase.objects.get(pk=use_case.pk)


def _use_case(organisation):
    return {"pk": _new_use_case(organisation).pk}


def _classification(organisation):
    use_case = _classified(organisation)
    return {"pk": use_case.pk, "classification": use_case.current_classification_id}


def _raci_entry(organisation):
    use_case = _new_use_case(organisation)
    entry = RaciEntry.objects.create(
        organisation=organisation,
        use_case=use_case,
        member=Membership.objects.get(role=Role.EMPLOYEE),
        letter="R",
    )
    return {"pk": use_case.pk, "entry": entry.pk}


def _obligation(organisation):
    return {"pk": _classified(organisation).checklist.first().pk}


def _evidence(organisation):
    from django.core.files.base import ContentFile

    obligation = _classified(organisation).checklist.first()
    obligation.evidence_file.save("proof.pdf", ContentFile(b"%PDF-1.7 proof"))
    return {"pk": obligation.pk}


def _approval(organisation):
    use_case = _classified(organisation)
    request = services.request_approval(use_case=use_case, actor=None, target_state="pilot")
    return {"pk": request.pk}


def _assignment(organisation):
    assignment = RoleAssignment.objects.create(
        organisation=organisation, kind="champion", external_name="Extern Person"
    )
    return {"pk": assignment.pk}


def _draft(organisation):
    return services.create_guideline(
        organisation=organisation, actor=None, title="AI use", body="# Rules"
    )


def _published(organisation):
    version = _draft(organisation)
    return services.publish_guideline_version(version=version, actor=None)


def _guideline(organisation):
    return {"pk": _published(organisation).guideline_id}


def _guideline_version(organisation):
    return {"pk": _published(organisation).guideline_id, "number": 1}


def _draft_version(organisation):
    return {"pk": _draft(organisation).pk}


def _published_version(organisation):
    return {"pk": _published(organisation).pk}


def _session(organisation) -> TrainingSession:
    offer = TrainingOffer.objects.create(
        organisation=organisation, title="AI basics", audience="end_users", validity_months=12
    )
    return TrainingSession.objects.create(
        organisation=organisation, offer=offer, held_on=date(2026, 3, 1)
    )


def _offer(organisation):
    return {"pk": _session(organisation).offer_id}


def _session_kwargs(organisation):
    return {"pk": _session(organisation).pk}


def _attendance(organisation):
    [attendance] = services.record_attendance(
        session=_session(organisation),
        actor=None,
        members=[Membership.objects.get(role=Role.EMPLOYEE)],
    )
    return {"pk": attendance.pk}


CASES = [
    UrlCase("governance:usecases", REGISTER),
    UrlCase("governance:usecases", REGISTER, headers={"HX-Request": "true"}),
    UrlCase("governance:usecase_create", EDITORS),
    UrlCase("governance:usecase", REGISTER, kwargs=_use_case),
    UrlCase("governance:usecase_edit", EDITORS, kwargs=_use_case),
    UrlCase("governance:usecase_classify", EDITORS, kwargs=_use_case),
    UrlCase("governance:classification", REGISTER, kwargs=_classification),
    UrlCase(
        "governance:usecase_move",
        EDITORS,
        kwargs=_use_case,
        method="post",
        data=lambda o: {"target_state": "idea"},
        ok=(302,),
    ),
    UrlCase(
        "governance:approval_request",
        EDITORS,
        kwargs=_use_case,
        method="post",
        data=lambda o: {"target_state": "pilot"},
        ok=(302,),
    ),
    UrlCase(
        "governance:raci_add",
        EDITORS,
        kwargs=_use_case,
        method="post",
        data=lambda o: {"member": Membership.objects.get(role=Role.EMPLOYEE).pk, "letter": "I"},
        ok=(302,),
    ),
    UrlCase("governance:raci_remove", EDITORS, kwargs=_raci_entry, method="post", ok=(302,)),
    UrlCase("governance:dpia", REGISTER, kwargs=_use_case),
    UrlCase("governance:fria", REGISTER, kwargs=_use_case),
    UrlCase("governance:obligation_edit", EDITORS, kwargs=_obligation),
    UrlCase("governance:obligation_evidence", REGISTER, kwargs=_evidence),
    UrlCase("governance:portfolio", REGISTER),
    UrlCase("governance:approvals", READERS),
    UrlCase("governance:approval", READERS, kwargs=_approval),
    UrlCase("governance:approval_decide", READERS, kwargs=_approval, method="post", ok=(422,)),
    UrlCase("governance:roles", READERS),
    UrlCase("governance:role_assignment_create", COORDINATOR),
    UrlCase("governance:role_assignment_edit", COORDINATOR, kwargs=_assignment),
    UrlCase("governance:custom_role_create", COORDINATOR, method="post", ok=(302,)),
    UrlCase("governance:guidelines", ALL_ROLES),
    UrlCase("governance:guideline_create", COORDINATOR),
    UrlCase("governance:guideline", ALL_ROLES, kwargs=_guideline, ok=(302,)),
    UrlCase("governance:guideline_version", ALL_ROLES, kwargs=_guideline_version),
    UrlCase("governance:guideline_draft", COORDINATOR, kwargs=_guideline),
    UrlCase(
        "governance:guideline_publish",
        COORDINATOR,
        kwargs=_draft_version,
        method="post",
        ok=(302,),
    ),
    UrlCase(
        "governance:guideline_acknowledge",
        ALL_ROLES,
        kwargs=_published_version,
        method="post",
        ok=(302,),
    ),
    UrlCase("governance:training", READERS),
    UrlCase("governance:my_training", ALL_ROLES),
    UrlCase("governance:training_export", READERS),
    UrlCase("governance:training_offer_create", COORDINATOR),
    UrlCase("governance:training_offer", READERS, kwargs=_offer),
    UrlCase("governance:training_offer_edit", COORDINATOR, kwargs=_offer),
    UrlCase("governance:training_session", COORDINATOR, kwargs=_session_kwargs),
    UrlCase(
        "governance:attendance_remove", COORDINATOR, kwargs=_attendance, method="post", ok=(302,)
    ),
    UrlCase("governance:audit", READERS),
    UrlCase("governance:audit", READERS, headers={"HX-Request": "true"}),
    UrlCase("governance:audit_export", READERS),
]
