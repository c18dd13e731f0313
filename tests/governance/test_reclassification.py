"""A use case classified under 2026.07 stays readable and can be re-classified under 2026.11."""

import pytest
from django.urls import reverse
from django_scopes import scope

from governance import services
from governance.models import Classification, Obligation
from governance.rules import rule_set
from tests.governance.factories import UseCaseFactory
from transformation.models import Role

OLD_ANSWERS = {
    "annex_iii_points": ["2"],
    "public_body": True,
    "talks_to_people": True,
    "generates_content": True,
}


@pytest.fixture
def old_classification(tenant, monkeypatch):
    """A use case classified while 2026.07 was the current rule set."""
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Support"]
        )
        monkeypatch.setattr(
            "governance.services.usecases.current_rule_set", lambda: rule_set("2026.07")
        )
        classification = services.classify_use_case(
            use_case=use_case, actor=tenant.user(Role.COORDINATOR), answers=OLD_ANSWERS
        )
        monkeypatch.undo()
        return classification


def _url(tenant, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"org": tenant.slug, **kwargs})


def test_old_classification_keeps_its_version_and_wording(tenant, client_for, old_classification):
    assert old_classification.rule_set_version == "2026.07"
    # 2026.07 still gives Art 86 for critical infrastructure: the old result is kept as made.
    assert "hr-86" in old_classification.obligation_keys
    client = client_for(tenant.user(Role.STEERING))
    page = client.get(
        _url(
            tenant,
            "classification",
            pk=old_classification.use_case_id,
            classification=old_classification.pk,
        )
    ).content.decode()
    assert "2026.07" in page
    assert "Are you a body governed by public law, or a private entity providing public" in page


def test_use_case_page_points_to_the_new_rule_set(tenant, client_for, old_classification):
    client = client_for(tenant.user(Role.COORDINATOR))
    page = client.get(_url(tenant, "usecase", pk=old_classification.use_case_id))
    content = page.content.decode()
    assert "Classified under rule set 2026.07; rule set 2026.11 is current." in content
    assert _url(tenant, "usecase_reclassify", pk=old_classification.use_case_id) in content


def test_preview_shows_the_difference_before_anything_is_saved(
    tenant, client_for, old_classification
):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.get(_url(tenant, "usecase_reclassify", pk=old_classification.use_case_id))
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [item["key"] for item in changes.removed] == ["hr-86"]
    # The split question is carried over cautiously (public services: FRIA, no registration),
    # and flagged for review.
    assert response.context["form"].initial["public_sector"] == "public_service"
    assert {"public_sector", "generative_exception", "employee_data"} <= response.context["review"]
    content = response.content.decode()
    assert "What changes from rule set 2026.07 to 2026.11" in content
    assert "no longer required" in content
    with scope(organisation=tenant.organisation):
        assert Classification.objects.count() == 1


def test_reclassifying_saves_under_the_new_version_and_shows_the_changes(
    tenant, client_for, old_classification
):
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.post(
        _url(tenant, "usecase_reclassify", pk=old_classification.use_case_id),
        {
            "is_ai_system": "yes",
            "scope_exclusion": "none",
            "derogation_condition": "none",
            "public_sector": "acting_for_authority",
            "generative_exception": "assistive_editing",
            "annex_iii_points": ["2"],
            "talks_to_people": "on",
            "generates_content": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    with scope(organisation=tenant.organisation):
        new = Classification.objects.exclude(pk=old_classification.pk).get()
        assert new.rule_set_version == "2026.11"
        assert "hr-86" not in new.obligation_keys
        # Point 2 owes neither registration nor FRIA, and the editing exception removes Art 50(2).
        assert "hr-49-3" not in new.obligation_keys
        assert "tr-50-2-check" not in new.obligation_keys
        use_case = new.use_case
        assert use_case.current_classification_id == new.pk
        item = Obligation.objects.get(use_case=use_case, key="hr-86")
        assert item.still_required is False
    content = response.content.decode()
    assert "Changes from the previous classification" in content
    assert response.context["changes"].removed[0]["key"] in ("hr-86", "tr-50-2-check")
    assert {item["key"] for item in response.context["changes"].removed} == {
        "hr-86",
        "tr-50-2-check",
    }


def test_reclassify_without_a_classification_goes_to_the_questionnaire(tenant, client_for):
    with scope(organisation=tenant.organisation):
        use_case = UseCaseFactory(
            organisation=tenant.organisation, department=tenant.departments["Support"]
        )
    client = client_for(tenant.user(Role.COORDINATOR))
    response = client.get(_url(tenant, "usecase_reclassify", pk=use_case.pk))
    assert response.status_code == 302
    assert response["Location"] == _url(tenant, "usecase_classify", pk=use_case.pk)
