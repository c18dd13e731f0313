"""Lifecycle guards, approvals, reopening and the checklist, through the services."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from governance import services
from governance.models import (
    ApprovalRequest,
    Obligation,
    RoleAssignment,
    RoleKind,
    UseCase,
)
from governance.registry import transition_guards
from tests.governance.factories import UseCaseFactory
from transformation.models import AuditEvent, Role

CHATBOT = {"talks_to_people": True, "generates_content": True}
HIGH_RISK_HR = {"annex_iii_points": ["4a"], "personal_data": True}


@pytest.fixture
def org(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


def _use_case(tenant, **kwargs):
    return UseCaseFactory(
        organisation=tenant.organisation,
        department=tenant.departments["Support"],
        state=kwargs.pop("state", "assessment"),
        **kwargs,
    )


def test_move_to_pilot_is_refused_while_unclassified(org):
    use_case = _use_case(org, state="approved_for_pilot")
    with pytest.raises(services.TransitionBlocked) as error:
        services.move_use_case(
            use_case=use_case, actor=org.user(Role.COORDINATOR), target_state="pilot"
        )
    assert error.value.messages == [
        "Classify the use case under the EU AI Act first.",
        "This move needs an approval first.",
    ]


def test_request_approval_is_refused_while_prohibited(org):
    use_case = _use_case(org)
    coordinator = org.user(Role.COORDINATOR)
    services.classify_use_case(
        use_case=use_case, actor=coordinator, answers={"prohibited_practices": ["c"]}
    )
    with pytest.raises(services.TransitionBlocked) as error:
        services.request_approval(use_case=use_case, actor=coordinator, target_state="pilot")
    assert error.value.messages == ["The use case is classified as a prohibited practice."]


def test_approval_flow_moves_use_case_to_pilot(org):
    use_case = _use_case(org)
    coordinator, steering = org.user(Role.COORDINATOR), org.members[Role.STEERING]
    services.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    request = services.request_approval(use_case=use_case, actor=coordinator, target_state="pilot")
    with pytest.raises(services.TransitionBlocked) as error:
        services.request_approval(use_case=use_case, actor=coordinator, target_state="pilot")
    assert error.value.messages == ["An approval for this use case is still open."]

    decision = services.decide_approval(
        request=request,
        actor=steering.user,
        membership=steering,
        outcome="approve_with_conditions",
        conditions="Label answers as AI.",
        reasoning="Low risk, clear benefit.",
    )
    use_case.refresh_from_db()
    assert use_case.state == "approved_for_pilot"
    assert decision.snapshot["use_case"]["title"] == use_case.title
    assert decision.snapshot["classification"]["result_class"] == "limited"
    assert decision.snapshot["classification"]["obligations"] == [
        "literacy",
        "tr-50-1-check",
        "tr-50-2-check",
    ]
    services.move_use_case(use_case=use_case, actor=coordinator, target_state="pilot")
    use_case.refresh_from_db()
    assert use_case.state == "pilot"
    actions = list(
        AuditEvent.objects.filter(target_type__startswith="governance.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "use_case.classified",
        "approval.requested",
        "approval.decided",
        "use_case.moved",
    ]


def test_nobody_approves_their_own_request(org):
    use_case = _use_case(org)
    steering = org.members[Role.STEERING]
    services.classify_use_case(use_case=use_case, actor=steering.user, answers={})
    request = services.request_approval(
        use_case=use_case, actor=steering.user, target_state="pilot"
    )
    with pytest.raises(ValidationError) as error:
        services.decide_approval(
            request=request,
            actor=steering.user,
            membership=steering,
            outcome="approve",
            reasoning="Mine.",
        )
    assert error.value.messages == ["Nobody may decide on their own request."]
    assert ApprovalRequest.objects.get(pk=request.pk).status == "pending"


def test_only_steering_or_sponsor_decides(org):
    use_case = _use_case(org)
    coordinator, champion = org.members[Role.COORDINATOR], org.members[Role.CHAMPION]
    services.classify_use_case(use_case=use_case, actor=coordinator.user, answers={})
    request = services.request_approval(
        use_case=use_case, actor=champion.user, target_state="pilot"
    )
    with pytest.raises(ValidationError):
        services.decide_approval(
            request=request,
            actor=coordinator.user,
            membership=coordinator,
            outcome="approve",
            reasoning="ok",
        )
    RoleAssignment.objects.create(
        organisation=org.organisation, kind=RoleKind.SPONSOR, member=coordinator
    )
    decision = services.decide_approval(
        request=request,
        actor=coordinator.user,
        membership=coordinator,
        outcome="reject",
        reasoning="Not yet.",
    )
    assert decision.request.status == "rejected"
    assert UseCase.objects.get(pk=use_case.pk).state == "assessment"


def test_material_classification_change_reopens_approval(org):
    use_case = _use_case(org)
    coordinator, steering = org.user(Role.COORDINATOR), org.members[Role.STEERING]
    services.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    request = services.request_approval(use_case=use_case, actor=coordinator, target_state="pilot")
    services.decide_approval(
        request=request,
        actor=steering.user,
        membership=steering,
        outcome="approve",
        reasoning="fine",
    )
    # Same result, different wording of an immaterial answer: stays approved.
    services.classify_use_case(
        use_case=use_case, actor=coordinator, answers={**CHATBOT, "used_at_workplace": True}
    )
    assert ApprovalRequest.objects.get(pk=request.pk).status == "approved"

    services.classify_use_case(use_case=use_case, actor=coordinator, answers=HIGH_RISK_HR)
    request.refresh_from_db()
    use_case.refresh_from_db()
    assert request.status == "pending"
    assert request.reopened_at is not None
    assert request.classification.result_class == "high_risk_annex_iii"
    assert use_case.state == "assessment"
    assert request.decisions.count() == 1
    assert use_case.classifications.count() == 3


def test_same_answers_do_not_make_a_new_classification(org):
    use_case = _use_case(org)
    coordinator = org.user(Role.COORDINATOR)
    first = services.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    again = services.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    assert again.pk == first.pk


def test_checklist_follows_the_classification(org):
    use_case = _use_case(org)
    coordinator = org.user(Role.COORDINATOR)
    services.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    services.classify_use_case(use_case=use_case, actor=coordinator, answers={})
    rows = list(
        Obligation.objects.filter(use_case=use_case)
        .order_by("key")
        .values_list("key", "still_required", "article")
    )
    assert rows == [
        ("literacy", True, "Art 4"),
        ("tr-50-1-check", False, "Art 50(1)"),
        ("tr-50-2-check", False, "Art 50(2)"),
    ]


def test_registered_guard_blocks_a_move(org):
    use_case = _use_case(org, state="pilot")
    coordinator, steering = org.user(Role.COORDINATOR), org.members[Role.STEERING]
    services.classify_use_case(use_case=use_case, actor=coordinator, answers={})
    request = services.request_approval(
        use_case=use_case, actor=coordinator, target_state="production"
    )
    services.decide_approval(
        request=request, actor=steering.user, membership=steering, outcome="approve", reasoning="ok"
    )
    transition_guards.register(
        "test.baselines",
        lambda uc, target: "Record the baselines first." if target == "production" else None,
    )
    try:
        with pytest.raises(services.TransitionBlocked) as error:
            services.move_use_case(use_case=use_case, actor=coordinator, target_state="production")
        assert error.value.messages == ["Record the baselines first."]
    finally:
        transition_guards.unregister("test.baselines")
    services.move_use_case(use_case=use_case, actor=coordinator, target_state="production")
    assert UseCase.objects.get(pk=use_case.pk).state == "production"


def test_attendance_validity_runs_from_the_session(org):
    from datetime import date

    coordinator = org.user(Role.COORDINATOR)
    offer = services.save_training_offer(
        organisation=org.organisation,
        actor=coordinator,
        values={"title": "AI basics", "audience": "end_users", "validity_months": 12},
    )
    session = services.add_training_session(
        offer=offer, actor=coordinator, held_on=date(2026, 2, 28)
    )
    [attendance] = services.record_attendance(
        session=session, actor=coordinator, members=[org.members[Role.EMPLOYEE]]
    )
    assert attendance.valid_until == date(2027, 2, 28)
    assert (
        services.record_attendance(
            session=session, actor=coordinator, members=[org.members[Role.EMPLOYEE]]
        )
        == []
    )


def test_guideline_versions_and_acknowledgement(org):
    coordinator = org.user(Role.COORDINATOR)
    first = services.create_guideline(
        organisation=org.organisation, actor=coordinator, title="AI use", body="# v1"
    )
    services.publish_guideline_version(version=first, actor=coordinator)
    second = services.add_guideline_version(
        guideline=first.guideline, actor=coordinator, body="# v2", change_note="Data rules"
    )
    assert second.number == 2
    services.publish_guideline_version(version=second, actor=coordinator)
    employee = org.members[Role.EMPLOYEE]
    services.acknowledge_guideline(version=second, member=employee)
    services.acknowledge_guideline(version=second, member=employee)
    assert second.acknowledgements.count() == 1
    second.guideline.refresh_from_db()
    assert second.guideline.current_version == second


def test_production_needs_its_own_approval(org):
    use_case = _use_case(org, state="assessment")
    coordinator = org.user(Role.COORDINATOR)
    services.classify_use_case(use_case=use_case, actor=coordinator, answers={})
    with pytest.raises(services.TransitionBlocked) as error:
        services.request_approval(use_case=use_case, actor=coordinator, target_state="production")
    assert error.value.messages == [
        "Approval for this move cannot be requested in the current state."
    ]
    UseCase.objects.filter(pk=use_case.pk).update(state="pilot")
    with pytest.raises(services.TransitionBlocked) as error:
        services.move_use_case(use_case=use_case, actor=coordinator, target_state="production")
    assert error.value.messages == ["This move needs an approval first."]


def test_publishing_asks_members_to_acknowledge(
    org, django_capture_on_commit_callbacks, mailoutbox
):
    version = services.create_guideline(
        organisation=org.organisation, actor=org.user(Role.COORDINATOR), title="AI use", body="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_guideline_version(
            version=version,
            actor=org.user(Role.COORDINATOR),
            url_builder=lambda path: f"https://ai.example{path}",
        )
    [message] = mailoutbox
    assert message.subject == "Please read and acknowledge: AI use"
    assert sorted(message.bcc) == sorted(m.user.email for m in org.members.values())
    assert message.body.endswith(
        f"confirm that you have: https://ai.example/o/acme/governance/guidelines/"
        f"{version.guideline_id}/v1/"
    )
