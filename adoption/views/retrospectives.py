"""After-action reviews of roadmap steps and pilots."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from adoption import permissions, services
from adoption.forms import RetrospectiveForm
from adoption.models import Retrospective
from adoption.views.common import editable
from transformation.forms import parse_id
from transformation.htmx import render_page
from transformation.models import Programme
from transformation.permissions import permission_required


def _retrospectives():
    return Retrospective.objects.select_related(
        "organisation",
        "department",
        "step__department",
        "step__step__template",
        "use_case",
        "recorded_by",
    )


@permission_required(permissions.view_scorecard)
def retrospectives(request, org):
    return render_page(
        request, "adoption/retrospectives.html", {"retrospectives": _retrospectives()}
    )


@permission_required(permissions.view_scorecard)
def retrospective(request, org, pk):
    item = get_object_or_404(_retrospectives(), pk=pk)
    context = {
        "retrospective": item,
        "can_edit": permissions.edit_retrospective(request.membership, item),
    }
    return render_page(request, "adoption/retrospective.html", context)


def _form_page(request, form, item=None):
    if request.method == "POST" and form.is_valid():
        try:
            item = services.save_retrospective(
                organisation=request.organisation,
                actor=request.user,
                retrospective=item,
                values=form.values(),
                **form.subject,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Retrospective saved."))
            return redirect(item)
    status = 422 if form.errors else 200
    context = {"form": form, "retrospective": item}
    return render_page(request, "adoption/retrospective_form.html", context, status=status)


@permission_required(permissions.record_retrospectives)
def retrospective_create(request, org):
    initial = {
        key: parse_id(request.GET[key])
        for key in ("use_case",)
        if parse_id(request.GET.get(key)) is not None
    }
    form = RetrospectiveForm(
        request.POST or None,
        initial=initial,
        membership=request.membership,
        programme=Programme.objects.current(),
    )
    return _form_page(request, form)


@permission_required(permissions.edit_retrospective)
def retrospective_edit(request, org, pk):
    item = editable(request, _retrospectives(), pk, permissions.edit_retrospective)
    form = RetrospectiveForm(
        request.POST or None,
        instance=Retrospective.objects.get(pk=pk),
        membership=request.membership,
        programme=None,
    )
    return _form_page(request, form, item)
