from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from transformation import views

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
    path("assessments/", include("assessments.urls")),
    path("roi/", include("roi.urls")),
    path("governance/", include("governance.urls")),
    path("case-studies/", include("casestudies.urls")),
]

account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
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
]

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("accounts/", include(account_patterns)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("o/<slug:org>/", include(organisation_patterns)),
    path("admin/", admin.site.urls),
]
