import itertools

from django.utils import timezone

from adoption.models import Idea
from tests.adoption import builders
from tests.urlaccess import ALL_ROLES, COORDINATOR, UrlCase
from transformation.models import Department, Role

_numbers = itertools.count(1)
READERS = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
RECORDERS = frozenset({Role.COORDINATOR, Role.CHAMPION})


def _department(organisation):
    return {"pk": Department.objects.get(name="Support").pk}


def _tool(organisation):
    return {"pk": builders.tool(organisation, name=f"Copilot {next(_numbers)}").pk}


def _idea(organisation):
    return {"pk": builders.idea(organisation, title=f"Idea of {organisation.slug}").pk}


def _escalation(organisation):
    # In the champion's department, so the object-level check lets the champion in.
    return {"pk": builders.escalation(organisation).pk}


def _retrospective(organisation):
    return {"pk": builders.retrospective(organisation).pk}


def _tool_data(organisation):
    return {"name": "DeepL", "provider": "DeepL", "licences": "10"}


def _usage_data(organisation):
    return {
        "department": Department.objects.get(name="Support").pk,
        "month": timezone.localdate().strftime("%Y-%m"),
        "licensed_users": "10",
        "active_users": "7",
        "actions": "120",
    }


def _import_data(organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = f"DeepL {next(_numbers)}"
    builders.tool(organisation, name=name)
    month = timezone.localdate().strftime("%Y-%m")
    text = f"tool,department,month,licensed_users,active_users\n{name},Support,{month},10,6\n"
    return {"file": SimpleUploadedFile("usage.csv", text.encode(), content_type="text/csv")}


def _escalation_data(organisation):
    return {
        "title": "Worries about monitoring",
        "department": Department.objects.get(name="Support").pk,
        "category": "surveillance",
        "severity": "2",
        "status": "open",
        "raised_on": timezone.localdate().isoformat(),
    }


def _retrospective_data(organisation):
    return {
        "use_case": builders.use_case(organisation).pk,
        "held_on": timezone.localdate().isoformat(),
        "went_well": "Good",
        "went_badly": "Slow start",
        "changes": "Train first",
    }


def _retrospective_edit_data(organisation):
    return {
        "held_on": timezone.localdate().isoformat(),
        "went_well": "Good",
        "went_badly": "Slow start",
        "changes": "Train first",
    }


CASES = [
    UrlCase("adoption:scorecard", READERS),
    UrlCase("adoption:department", READERS, kwargs=_department),
    UrlCase("adoption:load", READERS),
    UrlCase("adoption:load_settings", COORDINATOR),
    UrlCase(
        "adoption:load_settings",
        COORDINATOR,
        method="post",
        data=lambda o: {
            "step_weight": "1",
            "go_live_weight": "3",
            "survey_weight": "0.5",
            "training_weight": "2",
            "licence_weight": "2",
            "saturation": "5",
            "low_readiness": "3",
        },
        ok=(302,),
    ),
    UrlCase("adoption:tools", READERS),
    UrlCase("adoption:tool_create", COORDINATOR),
    UrlCase("adoption:tool_create", COORDINATOR, method="post", data=_tool_data, ok=(302,)),
    UrlCase("adoption:tool", READERS, kwargs=_tool),
    UrlCase("adoption:tool_edit", COORDINATOR, kwargs=_tool),
    UrlCase(
        "adoption:usage_save",
        COORDINATOR,
        kwargs=_tool,
        method="post",
        data=_usage_data,
        ok=(302,),
    ),
    UrlCase(
        "adoption:usage_save",
        COORDINATOR,
        kwargs=_tool,
        method="post",
        data=_usage_data,
        headers={"HX-Request": "true"},
    ),
    UrlCase("adoption:usage_import", COORDINATOR),
    UrlCase("adoption:usage_import", COORDINATOR, method="post", data=_import_data, ok=(302,)),
    UrlCase("adoption:usage_sample", COORDINATOR, kwargs=lambda o: {"layout": "monthly"}),
    UrlCase("adoption:ideas", ALL_ROLES),
    UrlCase("adoption:ideas", ALL_ROLES, headers={"HX-Request": "true"}),
    UrlCase("adoption:idea_create", ALL_ROLES),
    UrlCase(
        "adoption:idea_create",
        ALL_ROLES,
        method="post",
        data=lambda o: {"title": "Shorter forms", "anonymous": "on"},
        ok=(302,),
    ),
    UrlCase("adoption:idea", ALL_ROLES, kwargs=_idea),
    UrlCase("adoption:idea_support", ALL_ROLES, kwargs=_idea, method="post", ok=(302,)),
    UrlCase(
        "adoption:idea_triage",
        COORDINATOR,
        kwargs=_idea,
        method="post",
        data=lambda o: {"status": "under_review"},
        ok=(302,),
    ),
    UrlCase("adoption:idea_use_case", COORDINATOR, kwargs=_idea),
    UrlCase(
        "adoption:idea_use_case",
        COORDINATOR,
        kwargs=_idea,
        method="post",
        data=lambda o: {"title": "Shorter forms", "application_area": "document_processing"},
        ok=(302,),
    ),
    UrlCase("adoption:escalations", READERS),
    UrlCase("adoption:escalations", READERS, headers={"HX-Request": "true"}),
    UrlCase("adoption:escalation_create", RECORDERS),
    UrlCase(
        "adoption:escalation_create",
        RECORDERS,
        method="post",
        data=_escalation_data,
        ok=(302,),
    ),
    UrlCase("adoption:escalation_edit", RECORDERS, kwargs=_escalation),
    UrlCase(
        "adoption:escalation_edit",
        RECORDERS,
        kwargs=_escalation,
        method="post",
        data=_escalation_data,
        ok=(302,),
    ),
    UrlCase("adoption:retrospectives", READERS),
    UrlCase("adoption:retrospective_create", RECORDERS),
    UrlCase(
        "adoption:retrospective_create",
        RECORDERS,
        method="post",
        data=_retrospective_data,
        ok=(302,),
    ),
    UrlCase("adoption:retrospective", READERS, kwargs=_retrospective),
    UrlCase("adoption:retrospective_edit", RECORDERS, kwargs=_retrospective),
    UrlCase(
        "adoption:retrospective_edit",
        RECORDERS,
        kwargs=_retrospective,
        method="post",
        data=_retrospective_edit_data,
        ok=(302,),
    ),
]

__all__ = ["CASES", "Idea"]
