"""Identity workflows: single sign-on settings, the second-factor rule, joining by SSO."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation import permissions
from transformation.audit import AuditAction
from transformation.identity import secrets
from transformation.models import (
    AccessPolicy,
    Department,
    Membership,
    Organisation,
    Role,
    SingleSignOn,
    User,
    split_domains,
)
from transformation.services import save_audited

SSO_FIELDS = (
    "provider",
    "enabled",
    "email_domains",
    "tenant_id",
    "server_url",
    "client_id",
    "idp_entity_id",
    "idp_sso_url",
    "idp_certificate",
    "auto_join",
    "join_department",
    "required",
)


def _check_domains_are_free(organisation: Organisation, domains: list[str]) -> None:
    with scopes_disabled():
        others = SingleSignOn.objects.exclude(organisation=organisation)
        taken = sorted(
            {domain for sso in others for domain in sso.domains if domain in set(domains)}
        )
    if taken:
        raise ValidationError(
            {
                "email_domains": _(
                    "Another organisation already signs in with these domains: %(domains)s."
                )
                % {"domains": ", ".join(taken)}
            }
        )


@transaction.atomic
def save_single_sign_on(
    *, organisation: Organisation, actor: User, values: dict[str, Any], client_secret: str = ""
) -> SingleSignOn:
    """Create or change the organisation's SSO connection and audit it (never the secret)."""
    sso = SingleSignOn.objects.filter(organisation=organisation).first() or SingleSignOn(
        organisation=organisation
    )
    created = sso.pk is None
    values = {**values, "email_domains": "\n".join(split_domains(values["email_domains"]))}
    _check_domains_are_free(organisation, split_domains(values["email_domains"]))
    secret_changed = {}
    if client_secret:
        sso.client_secret_encrypted = secrets.encrypt(client_secret)
        secret_changed = {"client_secret": ["…", "…"]}
    save_audited(
        sso,
        actor=actor,
        action=AuditAction.SSO_CONFIGURED if created else AuditAction.SSO_CHANGED,
        values=values,
        extra_changes=secret_changed,
    )
    return sso


def client_secret(sso: SingleSignOn) -> str:
    return secrets.decrypt(sso.client_secret_encrypted)


@transaction.atomic
def set_second_factor_rule(*, organisation: Organisation, actor: User, rule: str) -> AccessPolicy:
    """Set who in the organisation must sign in with a second factor; audited."""
    # No row means "not required": the first change is audited as one from that default.
    policy, _created = AccessPolicy.objects.get_or_create(organisation=organisation)
    save_audited(
        policy,
        actor=actor,
        action=AuditAction.ACCESS_POLICY_SECOND_FACTOR_CHANGED,
        values={"second_factor": rule},
    )
    return policy


def requires_second_factor(user: User) -> bool:
    """The strictest rule of all the user's organisations (a consultant may belong to several)."""
    with scopes_disabled():
        memberships = list(Membership.objects.filter(user=user))
        policies = {
            policy.organisation_id: policy
            for policy in AccessPolicy.objects.filter(organisation__memberships__user=user)
        }
    return any(
        permissions.must_use_second_factor(membership, policies[membership.organisation_id])
        for membership in memberships
        if membership.organisation_id in policies
    )


def sso_for_email(email: str) -> SingleSignOn | None:
    """The enabled SSO connection that covers this address's domain, if any."""
    domain = email.strip().rpartition("@")[2].lower()
    if not domain:
        return None
    with scopes_disabled():
        candidates = SingleSignOn.objects.select_related("organisation").filter(
            enabled=True, email_domains__icontains=domain
        )
        return next((sso for sso in candidates if domain in sso.domains), None)


def sso_by_connection(connection_id: str) -> SingleSignOn | None:
    with scopes_disabled():
        return (
            SingleSignOn.objects.select_related("organisation", "join_department")
            .filter(connection_id=connection_id, enabled=True)
            .first()
        )


@transaction.atomic
def join_by_single_sign_on(*, sso: SingleSignOn, user: User) -> Membership | None:
    """Give a new colleague, whose account the company sign-in just created, access as employee.

    Only when the organisation allows it and the address is in its domains;
    an existing membership is kept as it is.
    """
    organisation = sso.organisation
    with scopes_disabled():
        existing = Membership.objects.filter(organisation=organisation, user=user).first()
        if existing is not None:
            return existing
        if not sso.auto_join or not sso.covers(user.email):
            return None
        department = sso.join_department
        if department is not None and department.organisation_id != organisation.pk:
            department = None
        membership = Membership(organisation=organisation, user=user)
        save_audited(
            membership,
            actor=user,
            action=AuditAction.MEMBERSHIP_JOINED_BY_SSO,
            values={
                "role": Role.EMPLOYEE,
                "department": Department.objects.filter(pk=getattr(department, "pk", None)).first(),
            },
        )
    return membership
