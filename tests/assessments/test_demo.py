from django_scopes import scope

from assessments.demo import seed_surveys
from assessments.models import Action, Wave
from assessments.results import wave_results
from tests.factories import DepartmentFactory, OrganisationFactory


def test_demo_seeder_creates_waves_with_small_departments_and_is_idempotent(db):
    organisation = OrganisationFactory(name="Demo", slug="demo", default_language="de")
    with scope(organisation=organisation):
        logistics = DepartmentFactory(organisation=organisation, name="Logistics", headcount=10)
        DepartmentFactory(
            organisation=organisation, name="Warehouse", headcount=42, parent=logistics
        )
        DepartmentFactory(
            organisation=organisation, name="Transport", headcount=12, parent=logistics
        )
        DepartmentFactory(organisation=organisation, name="Sales", headcount=46)
        DepartmentFactory(organisation=organisation, name="Management", headcount=9)
        seed_surveys(organisation, size="full")
        seed_surveys(organisation, size="full")
        waves = Wave.objects.select_related("instrument")
        kinds = sorted(w.instrument.kind for w in waves)
        assert kinds == ["competence"] + ["pulse"] * 6 + ["readiness"] * 3
        assert Action.objects.count() == 2
        latest = waves.filter(instrument__kind="readiness").first()
        result = wave_results(wave=latest)
        assert result.visible
        assert any(not group.visible for group in result.groups)
        assert any(group.rolled_up for group in result.groups)
        assert all(scale.alpha and scale.alpha >= 0.7 for scale in result.scales)
        competence = wave_results(wave=waves.get(instrument__kind="competence"))
        assert [row.group.key for row in competence.gaps if row.group.visible] == ["1", "2", "3"]
