"""The incident register: record, follow the legal clocks, report, correct, close."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import permissions
from governance.duty_forms import CloseIncidentForm, CorrectiveActionForm, IncidentForm, ReportForm
from governance.incident_clocks import ai_act_applies, clocks_for
from governance.models import CorrectiveAction, Incident
from governance.services import incidents as services
from governance.views.common import attach_service_error
from transformation.clocks import organisation_zone
from transformation.forms import parse_id
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


def incident_for_reading(request, pk: int) -> Incident:
    """The incident if the member may see it: 404 elsewhere, 403 for other departments."""
    incident = get_object_or_404(
        Incident.objects.select_related(
            "use_case__department", "use_case__current_classification", "reported_by"
        ),
        pk=pk,
    )
    permissions.view_incident.require(request.membership, incident)
    return incident


def incident_for_editing(request, pk: int) -> Incident:
    incident = incident_for_reading(request, pk)
    permissions.edit_incident.require(request.membership, incident)
    return incident


@permission_required(permissions.view_incidents)
def incidents(request, org):
    rows = search(
        permissions.incidents_visible_to(request.membership, Incident.objects.all())
        .select_related("organisation", "use_case__current_classification", "use_case__department")
        .order_by("status", "-aware_at", "-pk"),
        search_text(request),
        ("title", "use_case__title"),
    )
    listing = paginate(request, rows)
    zone = organisation_zone(request.organisation)
    now = timezone.now()
    context = {
        "listing": listing,
        "rows": [(incident, clocks_for(incident, zone)) for incident in listing],
        "now": now,
        "can_record": permissions.record_incident(request.membership),
    }
    return render_page(request, "governance/incidents.html", context, partial="incident-list")


@permission_required(permissions.record_incident)
def incident_create(request, org):
    initial = {"aware_at": timezone.localtime().replace(second=0, microsecond=0)}
    if (use_case := parse_id(request.GET.get("use_case"))) is not None:
        initial["use_case"] = use_case
    form = IncidentForm(request.POST or None, membership=request.membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        use_case = values.pop("use_case")
        try:
            incident = services.record_incident(
                use_case=use_case, actor=request.user, values=values
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("Incident recorded. The clocks below run from now on."))
            return redirect(incident)
    status = 422 if form.errors else 200
    return render(request, "governance/incident_form.html", {"form": form}, status=status)


def _page(request, incident, *, report_form=None, action_form=None, close_form=None, status=200):
    zone = organisation_zone(request.organisation)
    context = {
        "incident": incident,
        "clocks": clocks_for(incident, zone),
        "ai_act_applies": ai_act_applies(incident),
        "now": timezone.now(),
        "actions": incident.corrective_actions.select_related("owner__user"),
        "can_edit": permissions.edit_incident(request.membership, incident) and incident.is_open,
        "report_form": report_form or ReportForm(),
        "action_form": action_form or CorrectiveActionForm(),
        "close_form": close_form or CloseIncidentForm(),
        "zone": zone,
    }
    return render_page(
        request, "governance/incident.html", context, partial="clocks", status=status
    )


@permission_required(permissions.view_incident)
def incident(request, org, pk):
    return _page(request, incident_for_reading(request, pk))


@permission_required(permissions.edit_incident)
def incident_edit(request, org, pk):
    incident = incident_for_editing(request, pk)
    form = IncidentForm(
        request.POST or None, instance=Incident.objects.get(pk=pk), membership=request.membership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_incident(
                incident=incident, actor=request.user, values=form.cleaned_data
            )
        except ValidationError as error:
            attach_service_error(form, error)
        else:
            messages.success(request, _("Incident saved."))
            return redirect(incident)
    status = 422 if form.errors else 200
    context = {"form": form, "incident": incident}
    return render(request, "governance/incident_form.html", context, status=status)


@require_POST
@permission_required(permissions.edit_incident)
def incident_report(request, org, pk):
    incident = incident_for_editing(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.record_report(
                incident=incident,
                actor=request.user,
                clock=form.cleaned_data["clock"],
                when=form.cleaned_data["when"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report recorded."))
            return redirect(incident)
    return _page(request, incident, report_form=form, status=422)


@require_POST
@permission_required(permissions.edit_incident)
def corrective_action_add(request, org, pk):
    incident = incident_for_editing(request, pk)
    form = CorrectiveActionForm(request.POST)
    if not form.is_valid():
        return _page(request, incident, action_form=form, status=422)
    services.add_corrective_action(incident=incident, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Corrective action added."))
    return redirect(incident)


@require_POST
@permission_required(permissions.edit_incident)
def corrective_action_done(request, org, pk):
    action = get_object_or_404(CorrectiveAction.objects.select_related("incident"), pk=pk)
    incident = incident_for_editing(request, action.incident_id)
    services.complete_corrective_action(action=action, actor=request.user)
    messages.success(request, _("Corrective action done."))
    return redirect(incident)


@require_POST
@permission_required(permissions.edit_incident)
def incident_close(request, org, pk):
    incident = incident_for_editing(request, pk)
    form = CloseIncidentForm(request.POST)
    if form.is_valid():
        try:
            services.close_incident(
                incident=incident,
                actor=request.user,
                note=form.cleaned_data["closure_note"],
                follow_up=form.cleaned_data["follow_up"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Incident closed."))
            if form.cleaned_data["follow_up"] == "reclassify":
                return redirect("governance:usecase_reclassify", org=org, pk=incident.use_case_id)
            return redirect(incident)
    return _page(request, incident, close_form=form, status=422)
