"""The demo organisation's programme is about five months in, as the issue describes."""

from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from transformation import registry
from transformation.dashboard import build_matrix
from transformation.models import (
    AttitudeChange,
    CommunicationItem,
    Organisation,
    Programme,
    Stakeholder,
    StepProgress,
)


def test_demo_programme_is_five_months_in_and_idempotent(db, monkeypatch):
    # Only the roadmap's seeder: the other apps test their own demo data.
    roadmap_only = {"roadmap": registry.demo_seeders.items["roadmap"]}
    monkeypatch.setattr(registry.demo_seeders, "items", roadmap_only)
    call_command("seed_demo")
    call_command("seed_demo")
    nordtec = Organisation.objects.get(slug="nordtec")
    with scope(organisation=nordtec):
        programme = Programme.objects.get()
        matrix = build_matrix(programme)
        phase1 = {row.department.name: row.cells[0].status for row in matrix.rows}
        phase2 = {row.department.name: row.cells[1].status for row in matrix.rows}
        pilots = set(
            StepProgress.objects.filter(step__code="4", status="in_progress").values_list(
                "department__name", flat=True
            )
        )
        assert StepProgress.objects.count() == 100
        assert Stakeholder.objects.count() == 15
        assert AttitudeChange.objects.count() == 5
        assert CommunicationItem.objects.count() == 8
        overdue = StepProgress.objects.overdue().count()
    assert (timezone.localdate() - programme.start_date).days == 154
    assert sorted(name for name, status in phase1.items() if status == "done") == [
        "Customer support",
        "IT",
        "Logistics",
        "Management",
        "Purchasing",
        "Sales",
    ]
    assert phase1["Warehouse"] == "blocked"
    assert phase1["Transport"] == "at_risk"
    assert pilots == {"Customer support", "Sales"}
    assert phase2["Sales"] == "in_progress"
    assert overdue == 5
    bakery = Organisation.objects.get(slug="bakkerij")
    with scope(organisation=bakery):
        assert StepProgress.objects.filter(status="done").count() == 2
        assert Stakeholder.objects.count() == 3
