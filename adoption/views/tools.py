"""The AI-tool inventory, usage per tool and department, and the usage import."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from adoption import permissions, services
from adoption.forms import ToolForm, UsageForm, UsageImportForm
from adoption.models import AiTool, UsageRecord
from adoption.usage import tool_rows, usage_chart, usage_table
from transformation.htmx import render_page
from transformation.permissions import permission_required

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = {"monthly": "usage-monthly.csv", "per-user": "usage-per-user.csv"}


@permission_required(permissions.view_scorecard)
def tools(request, org):
    return render_page(request, "adoption/tools.html", {"rows": tool_rows()})


def _tool_form_page(request, form, tool=None):
    if request.method == "POST" and form.is_valid():
        try:
            tool = services.save_tool(
                organisation=request.organisation,
                actor=request.user,
                tool=tool,
                values=form.values(),
                departments=form.cleaned_data["departments"],
                use_cases=form.cleaned_data["use_cases"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tool saved."))
            return redirect(tool)
    status = 422 if form.errors else 200
    context = {"form": form, "tool": tool}
    return render_page(request, "adoption/tool_form.html", context, status=status)


@permission_required(permissions.manage_tools)
def tool_create(request, org):
    return _tool_form_page(request, ToolForm(request.POST or None))


@permission_required(permissions.manage_tools)
def tool_edit(request, org, pk):
    tool = get_object_or_404(AiTool, pk=pk)
    form = ToolForm(request.POST or None, instance=AiTool.objects.get(pk=pk))
    return _tool_form_page(request, form, tool)


def _tool(pk: int) -> AiTool:
    return get_object_or_404(
        AiTool.objects.prefetch_related(Prefetch("departments"), Prefetch("use_cases")),
        pk=pk,
    )


def _tool_page(request, tool, form, status=200):
    records = list(UsageRecord.objects.filter(tool=tool).select_related("department"))
    context = {
        "tool": tool,
        "form": form,
        "table": usage_table(records),
        "chart": usage_chart(records, title=_("Adoption rate of %(tool)s") % {"tool": tool}),
    }
    return render_page(request, "adoption/tool.html", context, partial="usage", status=status)


@permission_required(permissions.view_scorecard)
def tool(request, org, pk):
    return _tool_page(request, _tool(pk), UsageForm())


@require_POST
@permission_required(permissions.manage_tools)
def usage_save(request, org, pk):
    tool = _tool(pk)
    form = UsageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_usage(
                tool=tool,
                actor=request.user,
                department=data["department"],
                month=data["month"],
                licensed_users=data["licensed_users"],
                active_users=data["active_users"],
                actions=data["actions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Usage saved."))
            if not request.htmx:
                return redirect(tool)
            return _tool_page(request, tool, UsageForm())
    return _tool_page(request, tool, form, status=200 if request.htmx else 422)


@permission_required(permissions.manage_tools)
def usage_import(request, org):
    form = UsageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        count = services.import_usage(
            organisation=request.organisation,
            actor=request.user,
            rows=form.parsed.rows,
            file_name=form.cleaned_data["file"].name,
        )
        messages.success(request, _("%(count)s usage figures imported.") % {"count": count})
        url = redirect("adoption:tools", org=org).url
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    status = 422 if form.errors else 200
    return render_page(request, "adoption/import.html", {"form": form}, status=status)


@permission_required(permissions.manage_tools)
def usage_sample(request, org, layout):
    name = SAMPLE_FILES.get(layout)
    if name is None:
        raise Http404
    return FileResponse(
        (SAMPLES / name).open("rb"), as_attachment=True, filename=name, content_type="text/csv"
    )
