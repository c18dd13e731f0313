"""The demo makes the scorecard alive: every measure of the app has data, once."""

from django.core.management import call_command
from django.db.models import Count
from django_scopes import scope

from adoption.load import change_load
from adoption.models import AiTool, Escalation, Idea, Retrospective, UsageRecord
from adoption.scorecard import scorecard
from transformation.models import AuditEvent, Organisation


def test_seed_demo_fills_the_scorecard_once(db):
    call_command("seed_demo")
    nordtec = Organisation.objects.get(slug="nordtec")
    with scope(organisation=nordtec):
        counts = (
            AiTool.objects.count(),
            UsageRecord.objects.count(),
            Idea.objects.count(),
            Escalation.objects.count(),
            Retrospective.objects.count(),
            AuditEvent.objects.count(),
        )
    call_command("seed_demo")
    with scope(organisation=nordtec):
        assert (
            AiTool.objects.count(),
            UsageRecord.objects.count(),
            Idea.objects.count(),
            Escalation.objects.count(),
            Retrospective.objects.count(),
            AuditEvent.objects.count(),
        ) == counts
        assert counts[0] == 5 and counts[1] > 30
        statuses = dict(Idea.objects.values_list("status").annotate(n=Count("pk")).order_by())
        assert statuses == {
            "use_case": 1,
            "accepted": 2,
            "under_review": 1,
            "declined": 1,
            "new": 3,
        }
        assert Idea.objects.filter(anonymous=True, author__isnull=True).count() == 4
        assert Retrospective.objects.filter(use_case__isnull=False).count() == 1
        metrics = scorecard(nordtec).metrics
        shown = [metric.key for metric in metrics if metric.shown]
        assert shown == [
            "adoption",
            "attitude",
            "competence",
            "escalations",
            "ideas",
            "kpis",
            "readiness",
            "retrospectives",
        ]
        assert [row.department.name for row in change_load(nordtec).rows if row.warning] == [
            "Warehouse"
        ]
    bakery = Organisation.objects.get(slug="bakkerij")
    with scope(organisation=bakery):
        assert AiTool.objects.get().name == "ChatGPT Team"
        assert Idea.objects.count() == 2
