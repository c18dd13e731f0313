"""The role registry and its coverage map."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import permissions, services
from governance.coverage import role_coverage
from governance.forms import CustomRoleForm, RoleAssignmentForm
from governance.models import RESPONSIBILITIES, CustomRole, RoleAssignment, RoleKind
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


@permission_required(permissions.view_roles)
def roles(request, org):
    assignments = search(
        RoleAssignment.objects.active().select_related("member__user", "department", "custom_role"),
        search_text(request),
        (
            "member__user__full_name",
            "member__user__email",
            "external_name",
            "department__name",
            "custom_role__name",
        ),
    )
    if request.htmx:
        return render_page(
            request,
            "governance/roles.html",
            {"assignments": paginate(request, assignments)},
            partial="assignments",
        )
    context = {
        "coverage": role_coverage(),
        "assignments": paginate(request, assignments),
        "responsibilities": [(RoleKind(k).label, v) for k, v in RESPONSIBILITIES.items()],
        "custom_roles": CustomRole.objects.all(),
        "custom_form": CustomRoleForm(),
        "can_edit": permissions.manage_roles(request.membership),
    }
    return render_page(request, "governance/roles.html", context, partial="assignments")


@permission_required(permissions.manage_roles)
def role_assignment_create(request, org):
    form = RoleAssignmentForm(
        request.POST or None, instance=RoleAssignment(organisation=request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        services.save_role_assignment(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Role assigned."))
        return redirect("governance:roles", org=org)
    status = 422 if form.errors else 200
    return render(request, "governance/role_form.html", {"form": form}, status=status)


@permission_required(permissions.manage_roles)
def role_assignment_edit(request, org, pk):
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    form = RoleAssignmentForm(request.POST or None, instance=RoleAssignment.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.save_role_assignment(
            organisation=request.organisation,
            actor=request.user,
            assignment=assignment,
            values=form.cleaned_data,
        )
        messages.success(request, _("Role assignment saved."))
        return redirect("governance:roles", org=org)
    context = {"form": form, "assignment": assignment}
    return render(request, "governance/role_form.html", context, status=422 if form.errors else 200)


@require_POST
@permission_required(permissions.manage_roles)
def custom_role_create(request, org):
    form = CustomRoleForm(request.POST, instance=CustomRole(organisation=request.organisation))
    if form.is_valid():
        services.create_custom_role(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Custom role added."))
    else:
        messages.error(request, _("The custom role needs a unique name."))
    return redirect("governance:roles", org=org)
