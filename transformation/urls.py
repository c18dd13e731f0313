from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from transformation import views
from transformation.identity import urls as identity_urls
from transformation.views import notifications, reports, roadmap, stakeholders
from transformation.views import privacy as privacy_views

organisation_patterns = [
    path("", views.overview, name="overview"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="invitation_revoke"),
    path("departments/", views.departments, name="departments"),
    path("departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("settings/", views.organisation_settings, name="organisation_settings"),
    path("settings/delete/", views.organisation_delete, name="organisation_delete"),
    path("settings/export/", views.organisation_export, name="organisation_export"),
    *identity_urls.organisation_patterns,
    path("roadmap/", roadmap.roadmap, name="roadmap"),
    path("roadmap/timeline/", roadmap.roadmap_timeline, name="roadmap_timeline"),
    path("roadmap/progress/<int:pk>/", roadmap.roadmap_step, name="roadmap_step"),
    path(
        "roadmap/progress/<int:pk>/update/",
        roadmap.roadmap_step_update,
        name="roadmap_step_update",
    ),
    path(
        "roadmap/progress/<int:pk>/evidence/",
        roadmap.roadmap_evidence_add,
        name="roadmap_evidence_add",
    ),
    path("roadmap/evidence/<int:pk>/", roadmap.roadmap_evidence, name="roadmap_evidence"),
    path(
        "roadmap/evidence/<int:pk>/remove/",
        roadmap.roadmap_evidence_remove,
        name="roadmap_evidence_remove",
    ),
    path(
        "roadmap/departments/<int:department>/phases/<int:phase>/",
        roadmap.roadmap_cell,
        name="roadmap_cell",
    ),
    path("roadmap/steps/", roadmap.roadmap_steps, name="roadmap_steps"),
    path("roadmap/steps/<int:pk>/", roadmap.roadmap_step_rename, name="roadmap_step_rename"),
    path("programmes/", roadmap.programmes, name="programmes"),
    path("programmes/new/", roadmap.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", roadmap.programme_edit, name="programme_edit"),
    path("stakeholders/", stakeholders.stakeholders, name="stakeholders"),
    path("stakeholders/new/", stakeholders.stakeholder_new, name="stakeholder_new"),
    path("stakeholders/<int:pk>/", stakeholders.stakeholder_edit, name="stakeholder_edit"),
    path("stakeholders/import/", stakeholders.stakeholders_import, name="stakeholders_import"),
    path("stakeholders/export/", stakeholders.stakeholders_export, name="stakeholders_export"),
    path("communication/", stakeholders.communication, name="communication"),
    path("communication/new/", stakeholders.communication_new, name="communication_new"),
    path("communication/<int:pk>/", stakeholders.communication_edit, name="communication_edit"),
    path("reports/", reports.board_reports, name="board_reports"),
    path("reports/request/", reports.board_report_request, name="board_report_request"),
    path("reports/settings/", reports.board_report_settings, name="board_report_settings"),
    path("reports/<uuid:public_id>/", reports.board_report, name="board_report"),
    path(
        "reports/<uuid:public_id>/download/",
        reports.board_report_download,
        name="board_report_download",
    ),
    path("reports/<uuid:public_id>/retry/", reports.board_report_retry, name="board_report_retry"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("notifications/channel/", notifications.channel_webhook, name="channel_webhook"),
    path(
        "notifications/channel/test/",
        notifications.channel_webhook_test,
        name="channel_webhook_test",
    ),
    path("assessments/", include("assessments.urls")),
    path("roi/", include("roi.urls")),
    path("governance/", include("governance.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("change/", include("adoption.urls")),
]

account_patterns = [
    *identity_urls.login_patterns,
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my-data/", privacy_views.my_data, name="my_data"),
    path("my-data/export/", privacy_views.my_data_export, name="my_data_export"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    *identity_urls.password_reset_patterns,
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    *identity_urls.account_patterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("organisations/", views.organisations, name="organisations"),
    path("accounts/", include(account_patterns)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("o/<slug:org>/", include(organisation_patterns)),
    path("s/", include("assessments.public_urls")),
    *identity_urls.admin_patterns,
    path("admin/", admin.site.urls),
]
