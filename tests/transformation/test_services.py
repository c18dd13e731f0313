from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from transformation import services
from transformation.models import AuditEvent, Department, Invitation, Membership, Role, User


def test_invite_member_stores_only_a_hash_and_mails_the_link(
    tenant, django_capture_on_commit_callbacks
):
    coordinator = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        with django_capture_on_commit_callbacks(execute=True):
            invitation, token = services.invite_member(
                organisation=tenant.organisation,
                email=" New.Person@Example.com ",
                role=Role.CHAMPION,
                department=tenant.departments["Sales"],
                invited_by=coordinator,
            )
        assert invitation.email == "new.person@example.com"
        assert invitation.token_hash == services.hash_token(token)
        assert token not in invitation.token_hash
        event = AuditEvent.objects.get(action="invitation.created")
    assert event.actor == coordinator
    assert event.changes == {
        "email": "new.person@example.com",
        "role": "champion",
        "department": "Sales",
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert f"/accounts/invitation/{token}/" in mail.outbox[0].body


def test_invite_member_refuses_an_existing_member(tenant):
    with scope(organisation=tenant.organisation), pytest.raises(ValidationError):
        services.invite_member(
            organisation=tenant.organisation,
            email=tenant.user(Role.EMPLOYEE).email,
            role=Role.EMPLOYEE,
            department=None,
            invited_by=tenant.user(Role.COORDINATOR),
        )


def _invitation(tenant, **overrides):
    with scope(organisation=tenant.organisation):
        invitation, token = services.invite_member(
            organisation=tenant.organisation,
            email=overrides.pop("email", "joiner@example.com"),
            role=Role.STEERING,
            department=None,
            invited_by=tenant.user(Role.COORDINATOR),
        )
    return invitation, token


def test_accept_invitation_creates_account_and_membership_once(tenant):
    _invitation_row, token = _invitation(tenant)
    found = services.find_invitation(token)
    membership = services.accept_invitation(
        invitation=found, full_name="Jo Iner", password="a-long-pass-phrase"
    )
    assert membership.role == Role.STEERING
    assert membership.organisation == tenant.organisation
    assert membership.user.check_password("a-long-pass-phrase")
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=found, full_name="Again", password="x-long-pass")
    with scopes_disabled():
        assert Membership.objects.filter(user__email="joiner@example.com").count() == 1


def test_accept_invitation_attaches_an_existing_account(tenant, other_tenant):
    consultant = other_tenant.user(Role.COORDINATOR)
    invitation, _token = _invitation(tenant, email=consultant.email)
    membership = services.accept_invitation(invitation=invitation, user=consultant)
    assert membership.user == consultant
    with scopes_disabled():
        assert set(
            Membership.objects.filter(user=consultant).values_list("organisation__slug", flat=True)
        ) == {"acme", "other"}
    assert User.objects.filter(email=consultant.email).count() == 1


def test_accept_invitation_refuses_expired_and_other_address(tenant):
    invitation, _token = _invitation(tenant)
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, full_name="Late", password="late-pass-1")
    fresh, _token = _invitation(tenant, email="fresh@example.com")
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=fresh, user=tenant.user(Role.EMPLOYEE))


def test_last_coordinator_cannot_be_demoted_or_removed(tenant):
    with scope(organisation=tenant.organisation):
        coordinator = tenant.members[Role.COORDINATOR]
        with pytest.raises(ValidationError):
            services.change_membership(
                membership=coordinator, role=Role.STEERING, department=None, actor=coordinator.user
            )
        with pytest.raises(ValidationError):
            services.remove_membership(membership=coordinator, actor=coordinator.user)
        employee = tenant.members[Role.EMPLOYEE]
        services.change_membership(
            membership=employee, role=Role.COORDINATOR, department=None, actor=coordinator.user
        )
        services.change_membership(
            membership=coordinator, role=Role.STEERING, department=None, actor=coordinator.user
        )
        coordinator.refresh_from_db()
        assert coordinator.role == Role.STEERING
        event = AuditEvent.objects.filter(action="membership.changed").first()
        assert event.changes == {"role": ["coordinator", "steering"]}


def test_audit_events_cannot_be_changed_or_deleted(tenant):
    with scope(organisation=tenant.organisation):
        event = services.record_audit_event(
            organisation=tenant.organisation, actor=None, action="stakeholder.imported"
        )
        assert event.actor_label == "system"
        event.action = "test.changed"
        with pytest.raises(PermissionError):
            event.save()
        with pytest.raises(PermissionError):
            event.delete()
        with pytest.raises(PermissionError):
            AuditEvent.objects.all().update(action="x")
        with pytest.raises(PermissionError):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.get(pk=event.pk).action == "stakeholder.imported"


def test_save_department_rejects_cycles(tenant):
    actor = tenant.user(Role.COORDINATOR)
    with scope(organisation=tenant.organisation):
        sales = tenant.departments["Sales"]
        key_accounts = services.save_department(
            organisation=tenant.organisation,
            actor=actor,
            name="Key accounts",
            parent=sales,
            headcount=5,
        )
        with pytest.raises(ValidationError):
            services.save_department(
                organisation=tenant.organisation,
                actor=actor,
                department=sales,
                name="Sales",
                parent=key_accounts,
                headcount=40,
            )
        sales.refresh_from_db()
        assert sales.parent is None


def test_a_new_department_is_announced_to_registered_hooks(tenant):
    from transformation import registry

    seen = []
    hook = registry.Hook(
        key="test.department",
        event=registry.Event.DEPARTMENT_CREATED,
        handler=lambda *, department: seen.append(department.name),
    )
    registry.hooks.register(hook)
    try:
        with scope(organisation=tenant.organisation):
            services.save_department(
                organisation=tenant.organisation,
                actor=tenant.user(Role.COORDINATOR),
                name="Key accounts",
                parent=None,
                headcount=4,
            )
            services.save_department(
                organisation=tenant.organisation,
                actor=tenant.user(Role.COORDINATOR),
                department=Department.objects.get(name="Key accounts"),
                name="Key accounts",
                parent=None,
                headcount=5,
            )
    finally:
        registry.hooks.items.pop("test.department")
    assert seen == ["Key accounts"]
