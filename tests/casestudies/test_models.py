from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from casestudies.models import CaseStudy, CaseStudyMetric, SizeBand, sector_for, size_band_for

# (case study, result, relative change in percent, computed from before/after?)
PLAYBOOK_CHANGES = [
    ("playbook-1", 0, Decimal("-62"), False),
    ("playbook-1", 1, Decimal("-70.6"), True),  # 17 h → 5 h per project
    ("playbook-1", 2, None, True),  # 0 → 26 % of capacity: no relative change from zero
    ("playbook-2", 0, Decimal("-72"), False),
    ("playbook-2", 1, Decimal("37.7"), True),  # first-time-fix 61 % → 84 %
    ("playbook-2", 2, None, False),  # ESI +18 points, reported as an absolute change
    ("playbook-3", 0, Decimal("-58"), False),
    ("playbook-3", 1, Decimal("-70.0"), True),  # 4 days → 1.2 days
    ("playbook-3", 2, Decimal("55.6"), True),  # NPS +27 → +42
]


@pytest.mark.parametrize(("key", "position", "expected", "computed"), PLAYBOOK_CHANGES)
def test_playbook_results_relative_change_is_exact(db, key, position, expected, computed):
    with scopes_disabled():
        metric = CaseStudyMetric.objects.get(case_study__key=key, position=position)
    assert metric.relative_change == expected
    assert metric.has_before_and_after is computed


def test_playbook_absolute_changes_and_direction(db):
    with scopes_disabled():
        capacity = CaseStudyMetric.objects.get(case_study__key="playbook-1", position=2)
        satisfaction = CaseStudyMetric.objects.get(case_study__key="playbook-2", position=2)
        documentation = CaseStudyMetric.objects.get(case_study__key="playbook-1", position=1)
    assert capacity.absolute_change == Decimal("26")
    assert satisfaction.absolute_change == Decimal("18")
    assert documentation.absolute_change == Decimal("-12")
    assert capacity.is_improvement is True
    assert documentation.is_improvement is True  # less time is better


def test_playbook_case_studies_ship_every_figure_in_three_languages(db):
    with scopes_disabled():
        shipped = {cs.key: cs for cs in CaseStudy.objects.filter(key__startswith="playbook-")}
    assert {
        key: (cs.employee_count, cs.investment, cs.payback_months) for key, cs in shipped.items()
    } == {
        "playbook-1": (150, Decimal("130000.00"), 14),
        "playbook-2": (220, Decimal("95000.00"), 7),
        "playbook-3": (80, Decimal("210000.00"), 18),
    }
    for case_study in shipped.values():
        assert case_study.organisation_id is None
        assert case_study.status == CaseStudy.Status.PUBLISHED
        for language in ("en", "de", "nl"):
            assert getattr(case_study, f"title_{language}")
            assert getattr(case_study, f"situation_{language}")
            assert len(getattr(case_study, f"components_{language}")) == 3
            assert len(getattr(case_study, f"change_approach_{language}")) == 5
            assert getattr(case_study, f"success_factor_{language}")
            for metric in case_study.metrics.all():
                assert getattr(metric, f"name_{language}")
    with translation.override("de"):
        assert shipped["playbook-2"].title.startswith("Technischer Großhändler")
    with translation.override("nl"):
        assert "1,5 uur per dag" in shipped["playbook-2"].situation
    assert shipped["playbook-3"].area_labels == [
        "Document processing",
        "Decision support",
        "Customer service",
    ]


@pytest.mark.parametrize(
    ("employees", "band"),
    [
        (18, SizeBand.UNDER_50),
        (49, SizeBand.UNDER_50),
        (50, SizeBand.FROM_50),
        (80, SizeBand.FROM_50),
        (150, SizeBand.FROM_100),
        (249, SizeBand.FROM_100),
        (250, SizeBand.FROM_250),
        (2000, SizeBand.FROM_500),
    ],
)
def test_size_band_for_employee_count(employees, band):
    assert size_band_for(employees) == band


def test_sector_for_free_text_in_three_languages():
    assert sector_for("Technical wholesale") == "wholesale_retail"
    assert sector_for("Technischer Großhandel") == "wholesale_retail"
    assert sector_for("Bakkerij") == "crafts_food"
    assert sector_for("Sondermaschinenbau") == "manufacturing"
    assert sector_for("Mining") == "other"


def test_default_manager_refuses_unscoped_reads_inside_a_scope(tenant):
    with scope(organisation=tenant.organisation), pytest.raises(ScopeError):
        list(CaseStudy.objects.all())
    with pytest.raises(ScopeError):
        CaseStudy.objects.count()
    with scope(organisation=tenant.organisation):
        assert CaseStudy.objects.visible_to(tenant.organisation).filter(key="playbook-1").exists()


def test_text_falls_back_to_the_original_language(tenant):
    case_study = CaseStudy(title_de="Nur deutsch", original_language="de", title_en="")
    with translation.override("nl"):
        assert case_study.title == "Nur deutsch"
