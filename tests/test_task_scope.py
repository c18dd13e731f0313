"""Tasks run for one organisation see that organisation's rows only (transformation.celery).

Every test creates the other organisation's row first and hands its id to a
task run for the own organisation: the task must not find it, let alone
claim, render or send it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from assessments import services as assessment_services
from assessments.models import Participation, Wave
from assessments.tasks import send_wave_invitations
from governance.models import InformationPack, PackStatus
from governance.tasks import render_information_pack
from tests.assessments.factories import install, open_wave
from tests.governance.factories import UseCaseFactory
from transformation.celery import OrganisationTask, organisation_task
from transformation.models import BoardReport, Department, Digest, Organisation, ReportStatus, Role
from transformation.models.notifications import DeliveryStatus
from transformation.tasks import render_board_report, send_digest


def _run_for(tenant, task, **row_ids):
    """Run `task` for the tenant's organisation, as a worker would, and return its result."""
    return task.apply(kwargs={"organisation_id": tenant.organisation.pk, **row_ids}).get()


def test_a_board_report_task_for_one_organisation_leaves_anothers_report_alone(tenants):
    own, other = tenants
    with scope(organisation=other.organisation):
        foreign = BoardReport.objects.create(
            organisation=other.organisation,
            language="en",
            sections=["next_steps"],
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
        )
    assert _run_for(own, render_board_report, report_id=foreign.pk) == "already done"
    foreign.refresh_from_db()
    assert (foreign.status, foreign.attempts, foreign.file.name) == (ReportStatus.QUEUED, 0, "")


def test_a_digest_task_for_one_organisation_does_not_send_anothers_digest(tenants):
    own, other = tenants
    with scope(organisation=other.organisation):
        foreign = Digest.objects.create(
            organisation=other.organisation,
            membership=other.members[Role.COORDINATOR],
            frequency="weekly",
            period_start=date(2026, 11, 30),
        )
    assert _run_for(own, send_digest, digest_id=foreign.pk) == "already handled"
    assert mail.outbox == []
    foreign.refresh_from_db()
    assert (foreign.status, foreign.attempts) == (DeliveryStatus.PLANNED, 0)


def test_an_information_pack_task_for_one_organisation_leaves_anothers_pack_alone(tenants):
    own, other = tenants
    with scope(organisation=other.organisation):
        use_case = UseCaseFactory(organisation=other.organisation)
        foreign = InformationPack.objects.create(
            organisation=other.organisation, use_case=use_case, language="de"
        )
    assert _run_for(own, render_information_pack, pack_id=foreign.pk) == "already done"
    foreign.refresh_from_db()
    assert (foreign.status, foreign.attempts, foreign.file.name) == (PackStatus.QUEUED, 0, "")


def test_a_wave_task_for_one_organisation_does_not_mail_anothers_respondents(
    tenants, django_capture_on_commit_callbacks
):
    own, other = tenants
    with scope(organisation=other.organisation):
        instruments = install(other.organisation)
        # The wave opens (its participants are recorded); the invitations would be
        # sent after commit: keep them unsent.
        with django_capture_on_commit_callbacks(execute=False):
            foreign = open_wave(other.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
            assessment_services.open_wave(wave=foreign)
        invited = Participation.objects.filter(wave=foreign).count()
    assert invited == 4
    assert _run_for(own, send_wave_invitations, wave_id=foreign.pk) == 0
    assert mail.outbox == []
    # The same task run for the wave's own organisation sends them.
    assert _run_for(other, send_wave_invitations, wave_id=foreign.pk) == invited
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        member.user.email for member in other.members.values()
    )


@organisation_task
def department_names(*, organisation: Organisation) -> list[str]:
    """A probe: what an organisation task's body sees without filtering by hand."""
    return sorted(
        f"{department.organisation.slug}/{department.name}"
        for department in Department.objects.select_related("organisation")
    )


def test_an_organisation_task_body_runs_in_the_organisations_scope(tenants):
    own, _other = tenants
    assert isinstance(department_names, OrganisationTask)
    result = department_names.apply(kwargs={"organisation_id": own.organisation.pk}).get()
    assert result == ["acme/Sales", "acme/Support"]
    # Outside the task, the scope is gone again: an unscoped query refuses.
    with pytest.raises(ScopeError):
        list(Department.objects.all())


def test_an_organisation_task_for_a_deleted_organisation_does_nothing(tenants):
    own, _other = tenants
    with scopes_disabled():
        gone = own.organisation.pk
        own.organisation.delete()
    assert render_board_report.apply(kwargs={"organisation_id": gone, "report_id": 1}).get() is None


def test_dispatching_an_organisation_task_checks_the_message_arguments(tenant):
    with pytest.raises(TypeError):
        send_digest.delay(digest_id=1)  # no organisation
    with pytest.raises(TypeError):
        send_digest.delay(organisation_id=tenant.organisation.pk, digest=1)
    # The body takes `organisation`; the message carries its id, never the row.
    with pytest.raises(TypeError):
        send_digest.delay(organisation=tenant.organisation.pk, digest_id=1)
