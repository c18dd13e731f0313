"""Overview cards of a large organisation name the first rows and say how many more there are."""

import re

from django.urls import reverse
from django_scopes import scope

from tests.assessments.factories import answer_many, install, open_wave, publish
from tests.assessments.test_results import READINESS
from tests.factories import DepartmentFactory


def _card(body: str, label: str) -> str:
    start = body.index(f'aria-labelledby="{label}"')
    return body[start : body.index("</section>", start)]


def test_a_thousand_departments_do_not_make_a_thousand_card_rows(tenant, other_tenant, client_for):
    with scope(organisation=other_tenant.organisation):
        DepartmentFactory(organisation=other_tenant.organisation, name="Elsewhere Unit")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        branches = [
            DepartmentFactory(organisation=tenant.organisation, name=f"Branch {n:02}")
            for n in range(12)
        ]
        wave = open_wave(tenant.organisation, instruments["readiness"])
        for department in [*tenant.departments.values(), *branches]:
            answer_many(wave, 5, READINESS, department=department)
        publish(wave)
    client = client_for(tenant.user("coordinator"))
    body = client.get(reverse("overview", kwargs={"org": tenant.slug})).content.decode()

    readiness = _card(body, "card-readiness")
    names = re.findall(r'<li class="readiness-list__row">\s*<span>([^<]+)</span>', readiness)
    assert names == [f"Branch {n:02}" for n in range(10)]  # by name, the first ten
    assert "… and 4 more (14 in all)." in readiness
    assert f"/waves/{wave.pk}/results/#heatmap" in readiness

    roles = _card(body, "card-governance-roles")
    gaps = re.findall(r"<li>([^<]+)</li>", roles)
    assert gaps[:2] == ["No AI sponsor", "No AI coordinator"]
    assert len(gaps) == 8
    # 14 departments without a champion and 14 without a steward, besides the two roles.
    assert "… and 22 more (30 in all)." in roles
    assert "Elsewhere" not in body
