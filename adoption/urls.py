from django.urls import path

from adoption.views import escalations, ideas, retrospectives, scorecard, tools

app_name = "adoption"

urlpatterns = [
    path("", scorecard.scorecard_page, name="scorecard"),
    path("departments/<int:pk>/", scorecard.department_page, name="department"),
    path("load/", scorecard.load_page, name="load"),
    path("load/settings/", scorecard.load_settings, name="load_settings"),
    path("tools/", tools.tools, name="tools"),
    path("tools/new/", tools.tool_create, name="tool_create"),
    path("tools/import/", tools.usage_import, name="usage_import"),
    path("tools/import/<slug:layout>.csv", tools.usage_sample, name="usage_sample"),
    path("tools/<int:pk>/", tools.tool, name="tool"),
    path("tools/<int:pk>/edit/", tools.tool_edit, name="tool_edit"),
    path("tools/<int:pk>/usage/", tools.usage_save, name="usage_save"),
    path("ideas/", ideas.ideas, name="ideas"),
    path("ideas/new/", ideas.idea_create, name="idea_create"),
    path("ideas/<uuid:pk>/", ideas.idea, name="idea"),
    path("ideas/<uuid:pk>/support/", ideas.idea_support, name="idea_support"),
    path("ideas/<uuid:pk>/triage/", ideas.idea_triage, name="idea_triage"),
    path("ideas/<uuid:pk>/use-case/", ideas.idea_use_case, name="idea_use_case"),
    path("escalations/", escalations.escalations, name="escalations"),
    path("escalations/new/", escalations.escalation_create, name="escalation_create"),
    path("escalations/<int:pk>/", escalations.escalation_edit, name="escalation_edit"),
    path("retrospectives/", retrospectives.retrospectives, name="retrospectives"),
    path("retrospectives/new/", retrospectives.retrospective_create, name="retrospective_create"),
    path("retrospectives/<int:pk>/", retrospectives.retrospective, name="retrospective"),
    path(
        "retrospectives/<int:pk>/edit/",
        retrospectives.retrospective_edit,
        name="retrospective_edit",
    ),
]
