from django.urls import path

from governance.views import (
    approvals,
    audit,
    consultations,
    guidelines,
    incidents,
    literacy,
    reclassify,
    roles,
    usecases,
)

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
    path(
        "use-cases/<int:pk>/reclassify/", reclassify.usecase_reclassify, name="usecase_reclassify"
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
    # Works-council consultation and the information pack.
    path("use-cases/<int:pk>/consultation/", consultations.consultation, name="consultation"),
    path(
        "use-cases/<int:pk>/consultation/documents/",
        consultations.consultation_document_add,
        name="consultation_document_add",
    ),
    path(
        "consultation-documents/<int:pk>/",
        consultations.consultation_document,
        name="consultation_document",
    ),
    path("use-cases/<int:pk>/pack/", consultations.information_pack, name="information_pack"),
    path(
        "use-cases/<int:pk>/pack/pdf/",
        consultations.information_pack_request,
        name="information_pack_request",
    ),
    path(
        "packs/<uuid:public_id>/",
        consultations.information_pack_status,
        name="information_pack_status",
    ),
    path(
        "packs/<uuid:public_id>/download/",
        consultations.information_pack_download,
        name="information_pack_download",
    ),
    path("agreements/", consultations.agreements, name="agreements"),
    path("agreements/new/", consultations.agreement_edit, name="agreement_create"),
    path("agreements/<int:pk>/", consultations.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<int:pk>/document/",
        consultations.agreement_document,
        name="agreement_document",
    ),
    # Incidents.
    path("incidents/", incidents.incidents, name="incidents"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident, name="incident"),
    path("incidents/<int:pk>/edit/", incidents.incident_edit, name="incident_edit"),
    path("incidents/<int:pk>/report/", incidents.incident_report, name="incident_report"),
    path(
        "incidents/<int:pk>/actions/", incidents.corrective_action_add, name="corrective_action_add"
    ),
    path(
        "corrective-actions/<int:pk>/done/",
        incidents.corrective_action_done,
        name="corrective_action_done",
    ),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("audit/", audit.audit, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
]
