"""CSV exports of the governance app: no cell a spreadsheet would run as a formula.

An e-mail address may legally start with "=", "+", "-" or "@" (RFC 5322
local part), and it is what the audit trail and the training evidence show.
"""

import csv
import io
from datetime import date

from django.core.validators import validate_email
from django.urls import reverse
from django_scopes import scope

from governance import services
from tests.factories import MembershipFactory, UserFactory
from transformation.models import Role

FORMULA_EMAIL = "=1+2@acme.example"


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _formula_member(tenant):
    validate_email(FORMULA_EMAIL)  # a person can really be invited with it
    user = UserFactory(email=FORMULA_EMAIL, full_name="Formula Person")
    with scope(organisation=tenant.organisation):
        return MembershipFactory(organisation=tenant.organisation, user=user, role=Role.CHAMPION)


def test_audit_export_neutralises_an_actor_address_that_looks_like_a_formula(tenants, client_for):
    own, other = tenants
    with scope(organisation=other.organisation):
        services.create_guideline(
            organisation=other.organisation,
            actor=other.user("coordinator"),
            title="Other",
            body="x",
        )
    member = _formula_member(own)
    with scope(organisation=own.organisation):
        services.create_guideline(
            organisation=own.organisation, actor=member.user, title="Ours", body="x"
        )
    url = reverse("governance:audit_export", kwargs={"org": own.slug})

    rows = _rows(client_for(own.user(Role.COORDINATOR)).get(url))

    actors = [row[1] for row in rows[1:]]
    assert actors and set(actors) == {f"'{FORMULA_EMAIL}"}


def test_training_export_neutralises_an_address_that_looks_like_a_formula(tenants, client_for):
    own, other = tenants
    for tenant in (other, own):
        member = _formula_member(tenant) if tenant is own else tenant.members[Role.EMPLOYEE]
        with scope(organisation=tenant.organisation):
            offer = services.save_training_offer(
                organisation=tenant.organisation,
                actor=None,
                values={"title": "AI basics", "audience": "end_users", "validity_months": 12},
            )
            session = services.add_training_session(
                offer=offer, actor=None, held_on=date(2026, 6, 1)
            )
            services.record_attendance(session=session, actor=None, members=[member])
    url = reverse("governance:training_export", kwargs={"org": own.slug})

    rows = _rows(client_for(own.user(Role.COORDINATOR)).get(url))

    assert [row[1] for row in rows[1:]] == [f"'{FORMULA_EMAIL}"]
