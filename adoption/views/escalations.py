"""The escalation and resistance log: record, follow up, trend per department."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from adoption import permissions, services
from adoption.forms import EscalationForm
from adoption.models import Escalation, EscalationCategory, EscalationStatus
from adoption.quarters import escalation_quarters
from adoption.views.common import editable
from transformation.forms import parse_id
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.models import Department
from transformation.permissions import permission_required


@permission_required(permissions.view_scorecard)
def escalations(request, org):
    rows = Escalation.objects.select_related("organisation", "department", "recorded_by")
    filters = {
        "status": request.GET.get("status", ""),
        "category": request.GET.get("category", ""),
        "department": request.GET.get("department", ""),
    }
    if filters["status"] in EscalationStatus.values:
        rows = rows.filter(status=filters["status"])
    if filters["category"] in EscalationCategory.values:
        rows = rows.filter(category=filters["category"])
    if (department := parse_id(filters["department"])) is not None:
        rows = rows.filter(department=department)
    rows = search(rows, search_text(request), ("title", "description", "resolution"))
    listing = paginate(request, rows)
    for row in listing:
        row.editable = permissions.edit_escalation(request.membership, row)
    context = {
        "escalations": listing,
        "filters": filters,
        "statuses": EscalationStatus.choices,
        "categories": EscalationCategory.choices,
        "departments": Department.objects.order_by("name"),
        "quarters": escalation_quarters(),
    }
    return render_page(request, "adoption/escalations.html", context, partial="log")


def _save(request, form, escalation=None):
    if request.method == "POST" and form.is_valid():
        try:
            if escalation is None:
                services.record_escalation(
                    organisation=request.organisation, actor=request.user, values=form.cleaned_data
                )
            else:
                services.update_escalation(
                    escalation=escalation, actor=request.user, values=form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Escalation saved."))
            return redirect("adoption:escalations", org=request.organisation.slug)
    status = 422 if form.errors else 200
    context = {"form": form, "escalation": escalation}
    return render_page(request, "adoption/escalation_form.html", context, status=status)


@permission_required(permissions.record_escalations)
def escalation_create(request, org):
    form = EscalationForm(request.POST or None, membership=request.membership)
    return _save(request, form)


@permission_required(permissions.edit_escalation)
def escalation_edit(request, org, pk):
    escalation = editable(request, Escalation.objects.all(), pk, permissions.edit_escalation)
    form = EscalationForm(
        request.POST or None,
        instance=Escalation.objects.get(pk=pk),
        membership=request.membership,
    )
    return _save(request, form, escalation)
