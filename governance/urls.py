from django.urls import path

from governance.views import approvals, audit, guidelines, literacy, roles, usecases

app_name = "governance"

urlpatterns = [
    path("", usecases.usecases, name="usecases"),
    path("use-cases/new/", usecases.usecase_create, name="usecase_create"),
    path("use-cases/<int:pk>/", usecases.usecase, name="usecase"),
    path("use-cases/<int:pk>/edit/", usecases.usecase_edit, name="usecase_edit"),
    path("use-cases/<int:pk>/classify/", usecases.usecase_classify, name="usecase_classify"),
    path(
        "use-cases/<int:pk>/classifications/<int:classification>/",
        usecases.classification,
        name="classification",
    ),
    path("use-cases/<int:pk>/move/", usecases.usecase_move, name="usecase_move"),
    path("use-cases/<int:pk>/approval/", usecases.approval_request, name="approval_request"),
    path("use-cases/<int:pk>/raci/", usecases.raci_add, name="raci_add"),
    path("use-cases/<int:pk>/raci/<int:entry>/remove/", usecases.raci_remove, name="raci_remove"),
    path("use-cases/<int:pk>/dpia/", usecases.dpia, name="dpia"),
    path("use-cases/<int:pk>/fria/", usecases.fria, name="fria"),
    path("obligations/<int:pk>/", usecases.obligation_edit, name="obligation_edit"),
    path(
        "obligations/<int:pk>/evidence/",
        usecases.obligation_evidence,
        name="obligation_evidence",
    ),
    path("portfolio/", usecases.portfolio, name="portfolio"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("approvals/<int:pk>/", approvals.approval, name="approval"),
    path("approvals/<int:pk>/decide/", approvals.approval_decide, name="approval_decide"),
    path("roles/", roles.roles, name="roles"),
    path("roles/new/", roles.role_assignment_create, name="role_assignment_create"),
    path("roles/<int:pk>/", roles.role_assignment_edit, name="role_assignment_edit"),
    path("roles/custom/", roles.custom_role_create, name="custom_role_create"),
    path("guidelines/", guidelines.guidelines, name="guidelines"),
    path("guidelines/new/", guidelines.guideline_create, name="guideline_create"),
    path("guidelines/<int:pk>/", guidelines.guideline, name="guideline"),
    path(
        "guidelines/<int:pk>/v<int:number>/",
        guidelines.guideline_version,
        name="guideline_version",
    ),
    path("guidelines/<int:pk>/draft/", guidelines.guideline_draft, name="guideline_draft"),
    path(
        "guideline-versions/<int:pk>/publish/",
        guidelines.guideline_publish,
        name="guideline_publish",
    ),
    path(
        "guideline-versions/<int:pk>/acknowledge/",
        guidelines.guideline_acknowledge,
        name="guideline_acknowledge",
    ),
    path("training/", literacy.training, name="training"),
    path("training/mine/", literacy.my_training, name="my_training"),
    path("training/export.csv", literacy.training_export, name="training_export"),
    path("training/offers/new/", literacy.training_offer_create, name="training_offer_create"),
    path("training/offers/<int:pk>/", literacy.training_offer, name="training_offer"),
    path(
        "training/offers/<int:pk>/edit/",
        literacy.training_offer_edit,
        name="training_offer_edit",
    ),
    path("training/sessions/<int:pk>/", literacy.training_session, name="training_session"),
    path(
        "training/attendances/<int:pk>/remove/",
        literacy.attendance_remove,
        name="attendance_remove",
    ),
    path("audit/", audit.audit, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
]
