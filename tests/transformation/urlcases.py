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
    UrlCase("password_change_done", LOGIN),
    UrlCase("password_reset", PUBLIC),
    UrlCase("password_reset_done", PUBLIC),
    UrlCase("password_reset_confirm", PUBLIC, kwargs=lambda o: {"uidb64": "MQ", "token": "x-y"}),
    UrlCase("password_reset_complete", PUBLIC),
    UrlCase("invitation_accept", PUBLIC, kwargs=_token, ok=(410,)),
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
]
