"""No pilot or production without KPIs and their baselines, through governance's service."""

import pytest

from governance import services as governance
from governance.models import UseCase
from tests.roi.factories import UseCaseFactory, baseline, chosen_kpi
from transformation.models import Role

CHATBOT = {"talks_to_people": True, "generates_content": True}
NO_KPI = "Choose at least one KPI and record its baseline before going live."


def _approved_for_pilot(org) -> UseCase:
    use_case = UseCaseFactory(organisation=org.organisation, department=org.departments["Support"])
    coordinator, steering = org.user(Role.COORDINATOR), org.members[Role.STEERING]
    governance.classify_use_case(use_case=use_case, actor=coordinator, answers=CHATBOT)
    request = governance.request_approval(
        use_case=use_case, actor=coordinator, target_state="pilot"
    )
    governance.decide_approval(
        request=request, actor=steering.user, membership=steering, outcome="approve", reasoning="ok"
    )
    use_case.refresh_from_db()
    assert use_case.state == "approved_for_pilot"
    return use_case


def test_pilot_is_refused_without_any_kpi(org):
    use_case = _approved_for_pilot(org)
    with pytest.raises(governance.TransitionBlocked) as error:
        governance.move_use_case(
            use_case=use_case, actor=org.user(Role.COORDINATOR), target_state="pilot"
        )
    assert error.value.messages == [NO_KPI]


def test_pilot_is_refused_while_a_kpi_lacks_its_baseline(org):
    use_case = _approved_for_pilot(org)
    measured = chosen_kpi(use_case, non_monetary_reason="Time only.")
    baseline(measured, "20")
    chosen_kpi(use_case, "document_error_rate", non_monetary_reason="Quality.")
    with pytest.raises(governance.TransitionBlocked) as error:
        governance.move_use_case(
            use_case=use_case, actor=org.user(Role.COORDINATOR), target_state="pilot"
        )
    assert error.value.messages == [
        "Record the baseline of every KPI before going live; missing: Error rate."
    ]


def test_pilot_goes_ahead_once_every_kpi_has_its_baseline(org):
    use_case = _approved_for_pilot(org)
    for key in ("document_processing_time", "document_error_rate"):
        baseline(chosen_kpi(use_case, key, non_monetary_reason="n/a"), "20")
    governance.move_use_case(
        use_case=use_case, actor=org.user(Role.COORDINATOR), target_state="pilot"
    )
    assert UseCase.objects.get(pk=use_case.pk).state == "pilot"


def test_guard_names_production_too_and_ignores_other_moves(org):
    use_case = UseCaseFactory(organisation=org.organisation, state="pilot")
    assert NO_KPI in governance.transition_errors(use_case, "production")
    assert NO_KPI not in governance.transition_errors(use_case, "assessment")
    assert NO_KPI not in governance.transition_errors(use_case, "retired")
