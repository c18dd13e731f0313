from django.db.models import Count
from django_scopes import scope

from governance import demo, demo_duties
from governance.coverage import role_coverage
from governance.models import ApprovalRequest, GuidelineVersion, UseCase
from transformation.management.commands.seed_demo import (
    BAKERY_DEPARTMENTS,
    BAKERY_PEOPLE,
    WHOLESALER_DEPARTMENTS,
    WHOLESALER_PEOPLE,
    Command,
)
from transformation.models import AuditEvent, Organisation


def _organisation(slug, departments, people):
    organisation = Organisation.objects.create(name=slug, slug=slug, has_works_council=True)
    Command()._people(organisation, departments, people)
    return organisation


def test_demo_seeds_the_wholesaler_once(db):
    organisation = _organisation("nordtec", WHOLESALER_DEPARTMENTS, WHOLESALER_PEOPLE)
    with scope(organisation=organisation):
        # As seed_demo runs them: the works council's agreements are on file
        # before the lifecycle walk takes use cases to pilot and production.
        demo.seed(organisation, size="full")
        demo_duties.seed(organisation, size="full")
        demo.seed_lifecycle(organisation, size="full")
        events = AuditEvent.objects.count()
        demo.seed(organisation, size="full")
        demo_duties.seed(organisation, size="full")
        demo.seed_lifecycle(organisation, size="full")
        assert AuditEvent.objects.count() == events
        states = dict(UseCase.objects.values_list("state").annotate(n=Count("pk")).order_by())
        assert states == {
            "idea": 2,
            "assessment": 3,
            "approved_for_pilot": 1,
            "pilot": 2,
            "production": 2,
            "retired": 1,
        }
        classes = dict(
            UseCase.objects.values_list("current_classification__result_class")
            .annotate(n=Count("pk"))
            .order_by()
        )
        assert classes == {"high_risk_annex_iii": 3, "limited": 3, "minimal": 5}
        statuses = dict(
            ApprovalRequest.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        assert statuses == {
            "pending": 1,
            "approved": 5,
            "approved_with_conditions": 2,
            "rejected": 1,
        }
        coverage = role_coverage()
        assert [d.name for d in coverage.departments_without_champion] == ["Quality"]
        assert coverage.missing_sponsor is False
        assert [p["total"] for p in coverage.overcommitted] == [110]
        assert GuidelineVersion.objects.filter(published_at__isnull=False).count() == 2


def test_demo_second_pass_finishes_what_a_guard_held_back(db):
    from governance.registry import transition_guards

    organisation = _organisation("nordtec", WHOLESALER_DEPARTMENTS, WHOLESALER_PEOPLE)
    held_back = {"value": True}
    transition_guards.register(
        "test.held",
        lambda uc, target: "Not yet." if held_back["value"] and target == "pilot" else None,
    )
    with scope(organisation=organisation):
        demo.seed(organisation, size="full")
        demo_duties.seed(organisation, size="full")
        assert UseCase.objects.filter(state="production").count() == 0
        held_back["value"] = False
        demo.seed_lifecycle(organisation, size="full")
        assert sorted(
            UseCase.objects.filter(state="production").values_list("title", flat=True)
        ) == [
            "Customer support chatbot",
            "Sales e-mail drafting",
        ]


def test_demo_seeds_the_bakery_small(db):
    organisation = _organisation("bakkerij", BAKERY_DEPARTMENTS, BAKERY_PEOPLE)
    with scope(organisation=organisation):
        demo.seed(organisation, size="small")
        assert sorted(UseCase.objects.values_list("title", flat=True)) == [
            "Bestelvoorspelling brood",
            "WhatsApp-chatbot voor bestellingen",
        ]
