import uuid

from tests.urlaccess import ALL_ROLES, COORDINATOR, LOGIN, PUBLIC, UrlCase
from transformation.models import Department, Invitation, Membership, Role


def _department(organisation):
    return {"pk": Department.objects.get(name="Support").pk}


def _employee_membership(organisation):
    return {"pk": Membership.objects.get(role=Role.EMPLOYEE).pk}


def _invitation(organisation):
    from django.utils import timezone

    invitation = Invitation.objects.create(
        organisation=organisation,
        email=f"new@{organisation.slug}.example",
        role=Role.EMPLOYEE,
        token_hash=uuid.uuid4().hex,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )
    return {"pk": invitation.pk}


def _token(organisation):
    return {"token": "not-a-real-token"}


CASES = [
    UrlCase("home", LOGIN, ok=(302,)),
    UrlCase("organisations", LOGIN),
    UrlCase("login", PUBLIC),
    UrlCase("logout", LOGIN, method="post", ok=(302,)),
    UrlCase("password_change", LOGIN),
    UrlCase("my_data", LOGIN),
    UrlCase("my_data_export", LOGIN),
    UrlCase("password_change_done", LOGIN),
    UrlCase("password_reset", PUBLIC),
    UrlCase("password_reset_done", PUBLIC),
    UrlCase("password_reset_confirm", PUBLIC, kwargs=lambda o: {"uidb64": "MQ", "token": "x-y"}),
    UrlCase("password_reset_complete", PUBLIC),
    UrlCase("invitation_accept", PUBLIC, kwargs=_token, ok=(410,)),
    UrlCase("healthz", PUBLIC),
    UrlCase("set_language", PUBLIC, method="post", data=lambda o: {"language": "de"}, ok=(302,)),
    UrlCase("overview", ALL_ROLES),
    UrlCase("members", COORDINATOR),
    UrlCase("invite", COORDINATOR, method="post", data=lambda o: {}, ok=(422,)),
    UrlCase("member_edit", COORDINATOR, kwargs=_employee_membership),
    UrlCase("member_remove", COORDINATOR, kwargs=_employee_membership, method="post", ok=(302,)),
    UrlCase("invitation_revoke", COORDINATOR, kwargs=_invitation, method="post", ok=(302,)),
    UrlCase("departments", COORDINATOR),
    UrlCase("department_edit", COORDINATOR, kwargs=_department),
    UrlCase("organisation_settings", COORDINATOR),
    UrlCase("organisation_delete", COORDINATOR),
    UrlCase("organisation_export", COORDINATOR, method="post", data=lambda organisation: {}),
]


# -- Roadmap, stakeholders, communication (issue 3) ------------------------------------------

ROADMAP_READERS = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
ROADMAP_EDITORS = frozenset({Role.COORDINATOR, Role.CHAMPION})
READERS = frozenset({Role.COORDINATOR, Role.STEERING})


def _programme(organisation):
    import datetime as dt

    from transformation.models import Programme
    from transformation.services import create_programme

    programme = Programme.objects.filter(organisation=organisation).first()
    if programme is None:
        programme = create_programme(
            organisation=organisation, actor=None, name="Wave 1", start_date=dt.date(2026, 6, 1)
        )
    return programme


def _support_progress(organisation):
    programme = _programme(organisation)
    row = programme.progress.get(department__name="Support", step__code="1")
    return {"pk": row.pk}


def _progress_update_data(organisation):
    return {"status": "in_progress", "planned_start": "2026-06-01", "planned_end": "2026-06-29"}


def _evidence(organisation):
    from django.core.files.base import ContentFile

    from transformation.models import StepEvidence

    programme = _programme(organisation)
    row = programme.progress.get(department__name="Support", step__code="1")
    evidence = StepEvidence(organisation=organisation, progress=row, title="Minutes")
    evidence.file.save("minutes.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
    evidence.save()
    return {"pk": evidence.pk}


def _support_phase_cell(organisation):
    _programme(organisation)
    return {"department": Department.objects.get(name="Support").pk, "phase": 1}


def _programme_pk(organisation):
    return {"pk": _programme(organisation).pk}


def _organisation_step(organisation):
    _programme(organisation)
    from transformation.models import OrganisationStep

    return {"pk": OrganisationStep.objects.get(code="2").pk}


def _stakeholder(organisation):
    from transformation.models import Stakeholder

    stakeholder, _ = Stakeholder.objects.get_or_create(
        organisation=organisation,
        name="Works council",
        defaults={"kind": "group", "influence": 5, "interest": 5, "attitude": "sceptic"},
    )
    return {"pk": stakeholder.pk}


def _communication_item(organisation):
    import datetime as dt

    from transformation.models import CommunicationItem

    item = CommunicationItem.objects.create(
        organisation=organisation,
        audience="All staff",
        message="Why we start",
        channel="email",
        planned_on=dt.date(2026, 12, 1),
    )
    return {"pk": item.pk}


CASES += [
    UrlCase("roadmap", ROADMAP_READERS),
    UrlCase("roadmap_timeline", ROADMAP_READERS),
    UrlCase("roadmap_step", ROADMAP_READERS, kwargs=_support_progress),
    UrlCase(
        "roadmap_step_update",
        ROADMAP_EDITORS,
        kwargs=_support_progress,
        method="post",
        data=_progress_update_data,
        ok=(302,),
    ),
    UrlCase(
        "roadmap_evidence_add", ROADMAP_EDITORS, kwargs=_support_progress, method="post", ok=(422,)
    ),
    UrlCase("roadmap_evidence", ROADMAP_READERS, kwargs=_evidence),
    UrlCase("roadmap_evidence_remove", ROADMAP_EDITORS, kwargs=_evidence, method="post", ok=(302,)),
    UrlCase("roadmap_cell", ROADMAP_READERS, kwargs=_support_phase_cell),
    UrlCase("roadmap_steps", COORDINATOR),
    UrlCase("roadmap_step_rename", COORDINATOR, kwargs=_organisation_step),
    UrlCase("programmes", READERS),
    UrlCase("programme_new", COORDINATOR),
    UrlCase("programme_edit", COORDINATOR, kwargs=_programme_pk),
    UrlCase("stakeholders", ROADMAP_READERS),
    UrlCase("stakeholder_new", COORDINATOR),
    UrlCase("stakeholder_edit", COORDINATOR, kwargs=_stakeholder),
    UrlCase("stakeholders_import", COORDINATOR),
    UrlCase("stakeholders_export", READERS),
    UrlCase("communication", ROADMAP_READERS),
    UrlCase("communication_new", COORDINATOR),
    UrlCase("communication_edit", COORDINATOR, kwargs=_communication_item),
]
