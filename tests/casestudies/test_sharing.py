"""An anonymised share carries nothing that names or leads back to the source organisation."""

from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from casestudies import services
from casestudies.anonymise import anonymised_copy
from casestudies.models import CaseStudy, CaseStudyArea, CaseStudyMetric
from tests.casestudies.builders import use_case
from tests.factories import MembershipFactory, UserFactory
from transformation.models import AuditEvent, Role, Stakeholder

PERSON = "Jana Novakova"
STAKEHOLDER = "Pieter Hoogendijk"


def _planted(tenant) -> str:
    """A sentence naming the organisation, its people and a stakeholder."""
    return (
        f"Acme Wholesale ({tenant.slug}) ran it; {PERSON} and {STAKEHOLDER} led it, "
        f"Coordinator Acme Wholesale wrote to jana@acme.example and ACME staff."
    )


@pytest.fixture
def planted(tenants):
    own, other = tenants
    with scope(organisation=own.organisation):
        user = UserFactory(full_name=PERSON, email="jana@acme.example")
        MembershipFactory(organisation=own.organisation, user=user, role=Role.CHAMPION)
        Stakeholder.objects.create(
            organisation=own.organisation,
            name=STAKEHOLDER,
            kind=Stakeholder.Kind.PERSON,
            influence=4,
            interest=4,
            attitude="supporter",
        )
        text = _planted(own)
        values = {}
        for language in ("en", "de", "nl"):
            values |= {
                f"title_{language}": text,
                f"situation_{language}": text,
                f"components_{language}": [text, "Ticket classifier"],
                f"change_approach_{language}": [text],
                f"success_factor_{language}": text,
                f"notes_{language}": text,
            }
        case_study = CaseStudy(
            organisation=own.organisation,
            source=CaseStudy.Source.INTERNAL,
            status=CaseStudy.Status.PUBLISHED,
            sector="wholesale_retail",
            employee_count=220,
            investment=Decimal("60000"),
            payback_months=9,
            use_case=use_case(own.organisation),
            created_by=own.user(Role.COORDINATOR),
            source_label=text,
            **values,
        )
        case_study.save()
        CaseStudyArea.objects.create(case_study=case_study, area="customer_service")
        CaseStudyMetric.objects.create(
            case_study=case_study,
            before=Decimal("12"),
            after=Decimal("9"),
            **{f"name_{lang}": text for lang in ("en", "de", "nl")},
            **{f"unit_{lang}": f"min ({PERSON})" for lang in ("en", "de", "nl")},
        )
    return own, other, case_study


def _identifying(tenant) -> list[str]:
    with scopes_disabled():
        names = [m.user.full_name for m in tenant.organisation.memberships.all()]
        emails = [m.user.email for m in tenant.organisation.memberships.all()]
    words = {part for name in names for part in name.split()}
    return [
        "acme",
        "wholesale",
        tenant.organisation.name,
        PERSON,
        "Novakova",
        "Jana",
        STAKEHOLDER,
        "Hoogendijk",
        *names,
        *emails,
        *words,
    ]


def _all_text(case_study: CaseStudy) -> list[str]:
    values = []
    rows = [case_study, *case_study.metrics.all(), *case_study.areas.all()]
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) or field.choices:
                continue  # links are checked separately; choice codes are not free text
            values.append(str(getattr(row, field.attname)))
    return values


def test_share_contains_no_identifying_field_of_the_source(planted):
    own, _other, case_study = planted
    with scope(organisation=own.organisation):
        shared = services.share_case_study(case_study=case_study, actor=own.user(Role.COORDINATOR))
    with scopes_disabled():
        shared = CaseStudy.objects.get(pk=shared.pk)
        texts = _all_text(shared)
    for text in texts:
        for term in _identifying(own):
            assert term.lower() not in text.lower(), (term, text)
    assert shared.organisation_id is None
    assert shared.created_by_id is None
    assert shared.use_case_id is None
    assert shared.shared_copy_id is None
    assert shared.key is None
    assert shared.source == CaseStudy.Source.SHARED
    assert shared.title_en.startswith("[organisation] ([organisation]) ran it; [name] and [name]")
    assert shared.title_de.startswith("[Organisation]")
    assert shared.components_nl == [shared.components_nl[0], "Ticket classifier"]
    # The facts survive: sector, size, figures, results, areas.
    assert (shared.sector, shared.employee_count, shared.payback_months) == (
        "wholesale_retail",
        220,
        9,
    )
    assert shared.investment == Decimal("60000.00")
    metric = shared.metrics.get()
    assert metric.relative_change == Decimal("-25.0")
    assert metric.unit_en == "min ([name])"
    assert [area.area for area in shared.areas.all()] == ["customer_service"]


def test_no_field_of_any_table_leads_from_the_copy_back_to_the_source(planted):
    own, _other, case_study = planted
    with scope(organisation=own.organisation):
        shared = services.share_case_study(case_study=case_study, actor=own.user(Role.COORDINATOR))
    with scopes_disabled():
        shared = CaseStudy.objects.get(pk=shared.pk)
        for row in [shared, *shared.metrics.all(), *shared.areas.all()]:
            for field in row._meta.concrete_fields:
                value = getattr(row, field.attname)
                if field.is_relation and value is not None:
                    assert field.name == "case_study" and value == shared.pk, field.name
        # Only the source points to the copy, and only the source's audit trail says so.
        assert CaseStudy.objects.get(pk=case_study.pk).shared_copy_id == shared.pk
        event = AuditEvent.objects.get(action="case_study.shared")
    assert event.organisation_id == own.organisation.pk


def test_preview_shows_exactly_what_is_shared(planted, client):
    own, _other, case_study = planted
    client.force_login(own.user(Role.COORDINATOR))
    url = reverse("casestudies:share", kwargs={"org": own.slug, "pk": case_study.pk})
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    preview = response.context["preview"]
    assert "Hoogendijk" not in preview.situation_en
    assert "[name]" in page
    assert "Jana Novakova" in page  # listed as replaced, for the coordinator only
    with scope(organisation=own.organisation):
        expected = anonymised_copy(case_study)
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        shared = CaseStudy.objects.get(source=CaseStudy.Source.SHARED)
    for name, value in expected.fields.items():
        assert getattr(shared, name) == value, name


def test_share_needs_the_confirmation(planted, client):
    own, _other, case_study = planted
    client.force_login(own.user(Role.COORDINATOR))
    url = reverse("casestudies:share", kwargs={"org": own.slug, "pk": case_study.pk})
    assert client.post(url, {}).status_code == 422
    with scopes_disabled():
        assert not CaseStudy.objects.filter(source=CaseStudy.Source.SHARED).exists()


def test_sharing_again_replaces_the_copy_and_drafts_cannot_be_shared(planted):
    own, _other, case_study = planted
    actor = own.user(Role.COORDINATOR)
    with scope(organisation=own.organisation):
        first = services.share_case_study(case_study=case_study, actor=actor)
        second = services.share_case_study(case_study=case_study, actor=actor)
    with scopes_disabled():
        assert list(
            CaseStudy.objects.filter(source=CaseStudy.Source.SHARED).values_list("pk", flat=True)
        ) == [second.pk]
        assert not CaseStudy.objects.filter(pk=first.pk).exists()
    case_study.status = CaseStudy.Status.DRAFT
    case_study.save()
    from django.core.exceptions import ValidationError

    with scope(organisation=own.organisation), pytest.raises(ValidationError):
        services.share_case_study(case_study=case_study, actor=actor)


def test_other_organisations_see_the_copy_without_names(planted, client):
    own, other, case_study = planted
    with scope(organisation=own.organisation):
        shared = services.share_case_study(case_study=case_study, actor=own.user(Role.COORDINATOR))
    client.force_login(other.user(Role.EMPLOYEE))
    library = client.get(reverse("casestudies:library", kwargs={"org": other.slug}))
    detail = client.get(reverse("casestudies:detail", kwargs={"org": other.slug, "pk": shared.pk}))
    for response in (library, detail):
        page = response.content.decode().lower()
        assert "acme" not in page
        assert "novakova" not in page
    assert "[organisation] ([organisation]) ran it" in detail.content.decode()
