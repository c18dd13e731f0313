"""AI guidelines: versioned documents that members read and acknowledge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import permissions, services
from governance.coverage import acknowledgement_rates
from governance.forms import GuidelineForm, GuidelineVersionForm
from governance.models import Acknowledgement, Guideline, GuidelineVersion
from transformation.htmx import render_page
from transformation.permissions import permission_required


def _visible_versions(membership):
    """Coordinators see drafts too; everyone else only published versions."""
    versions = GuidelineVersion.objects.all()
    if not permissions.write_guidelines(membership):
        versions = versions.filter(published_at__isnull=False)
    return versions


@permission_required(permissions.read_guidelines)
def guidelines(request, org):
    acknowledged = Exists(
        Acknowledgement.objects.filter(
            version=OuterRef("current_version"), member=request.membership
        )
    )
    rows = Guideline.objects.select_related("current_version").annotate(acknowledged=acknowledged)
    if not permissions.write_guidelines(request.membership):
        rows = rows.filter(current_version__isnull=False)
    return render(request, "governance/guidelines.html", {"guidelines": rows})


@permission_required(permissions.write_guidelines)
def guideline_create(request, org):
    form = GuidelineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.create_guideline(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Draft saved. Publish it when it is ready."))
        return redirect("governance:guideline_version", org=org, pk=version.guideline_id, number=1)
    status = 422 if form.errors else 200
    return render(request, "governance/guideline_form.html", {"form": form}, status=status)


@permission_required(permissions.read_guidelines)
def guideline(request, org, pk):
    item = get_object_or_404(Guideline, pk=pk)
    version = item.current_version
    if version is None:
        version = _visible_versions(request.membership).filter(guideline=item).first()
        if version is None:
            raise Http404
    return redirect("governance:guideline_version", org=org, pk=pk, number=version.number)


@permission_required(permissions.read_guidelines)
def guideline_version(request, org, pk, number):
    version = get_object_or_404(
        _visible_versions(request.membership).select_related("guideline"),
        guideline_id=pk,
        number=number,
    )
    readers = permissions.follow_acknowledgements(request.membership)
    context = {
        "version": version,
        "guideline": version.guideline,
        "versions": _visible_versions(request.membership).filter(guideline_id=pk),
        "acknowledged": version.acknowledgements.filter(member=request.membership).first(),
        "rates": acknowledgement_rates(version) if readers and version.is_published else None,
        "is_current": version.guideline.current_version_id == version.pk,
    }
    return render_page(request, "governance/guideline.html", context, partial="acknowledge")


@permission_required(permissions.write_guidelines)
def guideline_draft(request, org, pk):
    item = get_object_or_404(Guideline, pk=pk)
    latest = item.versions.first()
    initial = {"body": latest.body} if latest else {}
    form = GuidelineVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = services.add_guideline_version(
            guideline=item, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Draft saved. Publish it when it is ready."))
        return redirect("governance:guideline_version", org=org, pk=pk, number=version.number)
    status = 422 if form.errors else 200
    context = {"form": form, "guideline": item}
    return render(request, "governance/guideline_form.html", context, status=status)


@require_POST
@permission_required(permissions.write_guidelines)
def guideline_publish(request, org, pk):
    version = get_object_or_404(GuidelineVersion, pk=pk)
    try:
        services.publish_guideline_version(
            version=version, actor=request.user, url_builder=request.build_absolute_uri
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Published. Members are asked to acknowledge it."))
    return redirect(
        "governance:guideline_version", org=org, pk=version.guideline_id, number=version.number
    )


@require_POST
@permission_required(permissions.read_guidelines)
def guideline_acknowledge(request, org, pk):
    version = get_object_or_404(
        GuidelineVersion.objects.filter(published_at__isnull=False).select_related("guideline"),
        pk=pk,
    )
    services.acknowledge_guideline(version=version, member=request.membership)
    if request.htmx:
        return guideline_version(request, org, version.guideline_id, version.number)
    messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect(
        "governance:guideline_version", org=org, pk=version.guideline_id, number=version.number
    )
