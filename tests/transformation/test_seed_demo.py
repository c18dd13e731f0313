from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from transformation.models import BoardReport, Department, Membership, Organisation


def test_seed_demo_is_idempotent_and_isolates_two_organisations(db):
    call_command("seed_demo")
    call_command("seed_demo")
    nordtec = Organisation.objects.get(slug="nordtec")
    assert nordtec.employee_count == 220
    with scope(organisation=nordtec):
        assert Department.objects.count() == 10
        assert sum(Department.objects.values_list("headcount", flat=True)) == 220
        roles = sorted(Membership.objects.values_list("role", flat=True))
    assert roles == ["champion", "champion", "coordinator", "coordinator", "employee", "steering"]
    with scopes_disabled():
        consultant_orgs = set(
            Membership.objects.filter(user__email="consultant@demo.example").values_list(
                "organisation__slug", flat=True
            )
        )
    assert consultant_orgs == {"nordtec", "bakkerij"}


def test_seed_demo_produces_one_board_report_for_the_demo_organisation(
    db, django_capture_on_commit_callbacks
):
    # The report is dispatched after the seeding transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    with scopes_disabled():
        reports = list(BoardReport.objects.values_list("organisation__slug", "status", "language"))
    assert reports == [("nordtec", "done", "de")]
