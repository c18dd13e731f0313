from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_scopes import scopes_disabled

from transformation.models import (
    AuditEvent,
    CommunicationItem,
    DeletedOrganisation,
    Department,
    Invitation,
    Membership,
    Organisation,
    OrganisationStep,
    Programme,
    RoadmapStep,
    Stakeholder,
    StepProgress,
    User,
)


class UnscopedAdmin(admin.ModelAdmin):
    """The admin is for platform operators and sees every organisation."""

    def get_queryset(self, request):
        with scopes_disabled():
            return self.model.objects.with_scopes_disabled().all()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "language"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sector", "employee_count", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Department)
class DepartmentAdmin(UnscopedAdmin):
    list_display = ["name", "organisation", "parent", "headcount"]
    list_filter = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(UnscopedAdmin):
    list_display = ["user", "organisation", "role", "department"]
    list_filter = ["organisation", "role"]

    def get_queryset(self, request):
        # Every organisation's members: their labels name the organisation (see __str__).
        return super().get_queryset(request).select_related("user", "organisation", "department")


@admin.register(Invitation)
class InvitationAdmin(UnscopedAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(UnscopedAdmin):
    list_display = ["created_at", "organisation", "actor_label", "action", "target_label"]
    list_filter = ["organisation", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoadmapStep)
class RoadmapStepAdmin(admin.ModelAdmin):
    """The shipped roadmap template: reference data that platform operators may edit."""

    list_display = ["number", "name_en", "name_de", "name_nl", "phase", "duration_kind"]
    ordering = ["number"]


@admin.register(Programme)
class ProgrammeAdmin(UnscopedAdmin):
    list_display = ["name", "organisation", "start_date", "target_end", "status"]
    list_filter = ["organisation", "status"]


@admin.register(OrganisationStep)
class OrganisationStepAdmin(UnscopedAdmin):
    list_display = ["code", "organisation", "custom_name", "template", "phase"]
    list_filter = ["organisation"]


@admin.register(StepProgress)
class StepProgressAdmin(UnscopedAdmin):
    list_display = ["programme", "department", "step", "status", "planned_end", "actual_end"]
    list_filter = ["organisation", "status"]
    list_select_related = ["programme", "department", "step__template"]


@admin.register(Stakeholder)
class StakeholderAdmin(UnscopedAdmin):
    list_display = ["name", "organisation", "kind", "influence", "interest", "attitude"]
    list_filter = ["organisation", "attitude"]


@admin.register(CommunicationItem)
class CommunicationItemAdmin(UnscopedAdmin):
    list_display = ["planned_on", "organisation", "audience", "channel", "status"]
    list_filter = ["organisation", "status"]


@admin.register(DeletedOrganisation)
class DeletedOrganisationAdmin(admin.ModelAdmin):
    """What operators keep of a deleted organisation: who, when, how much; read-only."""

    list_display = ["name", "slug", "deleted_by_label", "deleted_at", "files"]
    readonly_fields = [f.name for f in DeletedOrganisation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
