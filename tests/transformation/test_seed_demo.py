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


def test_seed_demo_copies_multiply_departments_people_use_cases_and_survey_answers(db):
    """The growth benchmark's data: copy k of the demo is the demo again, not empty rows."""
    from assessments.models import Response
    from governance.models import Obligation, UseCase
    from transformation.models import StepProgress, StepStatus

    call_command("seed_demo", copies=1, slug="growth-1x")
    call_command("seed_demo", copies=2, slug="growth-2x")
    call_command("seed_demo", copies=2, slug="growth-2x")  # idempotent
    one = Organisation.objects.get(slug="growth-1x")
    two = Organisation.objects.get(slug="growth-2x")
    counts = {}
    for organisation in (one, two):
        with scope(organisation=organisation):
            counts[organisation.slug] = {
                "departments": Department.objects.count(),
                "members": Membership.objects.count(),
                "use cases": UseCase.objects.count(),
                "classified": UseCase.objects.filter(current_classification__isnull=False).count(),
                "obligations": Obligation.objects.count(),
                "blocked": StepProgress.objects.filter(status=StepStatus.BLOCKED).count(),
            }
            counts[organisation.slug]["responses"] = Response.objects.count()
    assert counts["growth-1x"]["departments"] == 10
    assert counts["growth-2x"]["departments"] == 20
    assert counts["growth-1x"]["members"] == 5
    assert counts["growth-2x"]["members"] == 5 + 4
    for key in ("use cases", "classified", "obligations", "blocked"):
        assert counts["growth-2x"][key] == 2 * counts["growth-1x"][key] > 0, key
    # Answers follow the departments' headcounts: about twice as many.
    assert 1.8 < counts["growth-2x"]["responses"] / counts["growth-1x"]["responses"] < 2.2
    with scope(organisation=two):
        copied = UseCase.objects.filter(department__name="Customer support 2")
        assert copied.exists()
        assert all(
            use_case.current_classification.use_case_id == use_case.pk for use_case in copied
        )
