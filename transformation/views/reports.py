"""Board reports: request, watch progress (htmx polling), download, retry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from transformation import permissions
from transformation.models import BoardReport, ReportSettings, ReportStatus
from transformation.permissions import permission_required
from transformation.report_forms import BoardReportForm, ReportSettingsForm
from transformation.services import reports as report_services


def _page(request, form=None, settings_form=None, status=200):
    report_settings = ReportSettings.objects.filter(organisation=request.organisation).first()
    context = {
        "reports": BoardReport.objects.select_related("requested_by", "organisation")[:25],
        "form": form or BoardReportForm(organisation=request.organisation),
        "settings_form": settings_form or ReportSettingsForm(instance=report_settings),
    }
    return render(request, "transformation/reports.html", context, status=status)


@permission_required(permissions.view_board_reports)
def board_reports(request, org):
    return _page(request)


@require_POST
@permission_required(permissions.request_board_reports)
def board_report_request(request, org):
    form = BoardReportForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        try:
            report = report_services.request_board_report(
                organisation=request.organisation, requested_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report has been requested."))
            return redirect(report)
    return _page(request, form=form, status=422)


@permission_required(permissions.view_board_reports)
def board_report(request, org, public_id):
    report = get_object_or_404(
        BoardReport.objects.select_related("requested_by"), public_id=public_id
    )
    template = "transformation/report_status.html"
    if request.htmx:
        template += "#status"
    response = render(request, template, {"report": report})
    patch_vary_headers(response, ["HX-Request"])
    return response


@permission_required(permissions.view_board_reports)
def board_report_download(request, org, public_id):
    report = get_object_or_404(BoardReport, public_id=public_id, status=ReportStatus.DONE)
    if not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.download_name)


@require_POST
@permission_required(permissions.request_board_reports)
def board_report_retry(request, org, public_id):
    report = get_object_or_404(BoardReport, public_id=public_id)
    try:
        report_services.retry_board_report(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The report has been requested again."))
    return redirect(report)


@require_POST
@permission_required(permissions.request_board_reports)
def board_report_settings(request, org):
    instance = ReportSettings.objects.filter(organisation=request.organisation).first()
    form = ReportSettingsForm(request.POST, request.FILES, instance=instance)
    if form.is_valid():
        report_services.save_report_settings(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Report settings saved."))
        return redirect("board_reports", org=org)
    return _page(request, settings_form=form, status=422)
