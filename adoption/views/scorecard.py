"""The scorecard (organisation and department) and the change-load heatmap."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import permissions, services
from adoption.forms import LoadSettingsForm
from adoption.load import change_load, month_window
from adoption.scorecard import department_rows, scorecard
from transformation.forms import parse_id
from transformation.htmx import render_page
from transformation.lists import paginate
from transformation.models import Department
from transformation.permissions import permission_required


@permission_required(permissions.view_scorecard)
def scorecard_page(request, org):
    department = parse_id(request.GET.get("department"))
    if department is not None:
        return redirect("adoption:department", org=org, pk=department)
    # This month's load and the warnings need only this month and the months ahead, and
    # the readiness survey only when a department is saturated then.
    today = timezone.localdate()
    load = change_load(
        request.organisation, today=today, months=month_window(today, back=0), all_readiness=False
    )
    # A large organisation has a thousand departments: their table comes in pages.
    rows = paginate(request, department_rows(today), param="departments")
    cells = load.current_cells()
    for row in rows:
        row.load = cells.get(row.department.pk)
    context = {"rows": rows, "load": load}
    if request.htmx and request.htmx.target == "departments":
        return render_page(request, "adoption/scorecard.html", context, partial="departments")
    context.update(
        card=scorecard(request.organisation, on=today, membership=request.membership),
        departments=[row.department for row in load.rows],
    )
    return render_page(request, "adoption/scorecard.html", context)


@permission_required(permissions.view_scorecard)
def department_page(request, org, pk):
    department = get_object_or_404(Department, pk=pk)
    load = change_load(request.organisation)
    context = {
        "card": scorecard(
            request.organisation, department=department, membership=request.membership
        ),
        "department": department,
        "load": load,
        "load_row": load.row_for(department),
        "department_rows": [row for row in load.rows if row.department.pk == department.pk],
        "departments": [row.department for row in load.rows],
    }
    return render_page(request, "adoption/department.html", context)


@permission_required(permissions.view_scorecard)
def load_page(request, org):
    load = change_load(request.organisation)
    # A thousand departments are not one heatmap: they come in pages.
    context = {"load": load, "heatmap": paginate(request, load.rows, param="departments")}
    partial = "heatmap" if request.htmx and request.htmx.target == "heatmap" else None
    return render_page(request, "adoption/load.html", context, partial=partial)


@permission_required(permissions.configure_change_load)
def load_settings(request, org):
    current = services.load_settings(request.organisation)
    form = LoadSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_load_settings(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Change-load settings saved."))
        return redirect("adoption:load", org=org)
    status = 422 if form.errors else 200
    return render_page(request, "adoption/load_settings.html", {"form": form}, status=status)
