"""The heatmap with many departments: one pass, and the same means as the raw answers."""

import random
from collections import defaultdict

from assessments import results
from assessments.models import Answer, Scale
from tests.assessments.factories import answer, open_wave, publish
from tests.factories import DepartmentFactory


def _raw_mean(wave, scale, department_ids) -> float | None:
    """A scale's mean score straight from the released answers (reverse items scored)."""
    rows = Answer.objects.filter(
        wave=wave, item__scale=scale, value__isnull=False, release__isnull=False
    ).select_related("item")
    if department_ids is not None:
        rows = [a for a in rows if a.department_id in department_ids]
    scores = [a.item.score(a.value) for a in rows]
    return round(sum(scores) / len(scores), 2) if scores else None


def test_heatmap_with_many_departments_equals_the_means_of_the_raw_answers(scoped, instruments):
    rng = random.Random(15)
    organisation = scoped.organisation
    parents = [DepartmentFactory(organisation=organisation, name=f"Unit {n:02}") for n in range(40)]
    # Small teams below the minimum roll up into their parent: cells over several departments.
    teams = [
        DepartmentFactory(organisation=organisation, name=f"Team {n:02}", parent=parents[n])
        for n in range(0, 40, 4)
    ]
    wave = open_wave(organisation, instruments["readiness"])
    keys = [f"commitment-{n}" for n in range(1, 6)] + [f"efficacy-{n}" for n in range(1, 8)]
    for department, count in [(d, 5 + rng.randrange(3)) for d in parents] + [(t, 2) for t in teams]:
        for _ in range(count):
            answer(wave, {key: rng.randint(1, 5) for key in keys}, department=department)
    publish(wave)

    figures = results.wave_results(wave=wave)

    assert len(figures.heatmap) == 40
    assert sum(len(row.group.department_ids) == 2 for row in figures.heatmap) == 10
    scales = figures.heat_scales
    assert [s.kind for s in scales] == [Scale.Kind.MEAN, Scale.Kind.MEAN]
    assert figures.org_means == [_raw_mean(wave, scale, None) for scale in scales]
    checked = defaultdict(int)
    for row in figures.heatmap:
        for scale, cell, org_mean in zip(scales, row.cells, figures.org_means, strict=True):
            expected = _raw_mean(wave, scale, set(row.group.department_ids))
            assert cell.mean == expected, (row.group.label, scale.key)
            assert cell.delta == round(expected - org_mean, 2)
            checked[scale.key] += 1
    assert checked == {"commitment": 40, "efficacy": 40}
