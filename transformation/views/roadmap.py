"""The steering dashboard, step details, the timeline and the programme's set-up."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from transformation import charts, permissions, services
from transformation.dashboard import MatrixSource, build_matrix, timeline_rows
from transformation.forms import (
    AddStepForm,
    EvidenceForm,
    MatrixFilterForm,
    ProgrammeForm,
    StepProgressForm,
    StepRenameForm,
    parse_id,
)
from transformation.lists import matches, paginate, search_text
from transformation.models import (
    Department,
    OrganisationStep,
    Phase,
    Programme,
    StepEvidence,
    StepProgress,
    StepStatus,
)
from transformation.permissions import permission_required

PAGE = "transformation/roadmap.html"
STEP_PAGE = "transformation/roadmap_step.html"


def _programme(request: HttpRequest, source: QueryDict | None = None) -> Programme | None:
    pk = parse_id((source or request.GET).get("programme"))
    if pk is not None:
        return get_object_or_404(Programme, pk=pk)
    return Programme.objects.current()


def _matrix_context(request: HttpRequest, programme: Programme, query: QueryDict) -> dict:
    """The matrix, built only when its cached fragment is missing (see roadmap.html).

    The fragment's key holds everything the matrix shows: a digest of its rows
    (so an edit shows at once), the day (overdue marks), the language, the
    organisation and the filters. Each department's row is a fragment of its
    own, keyed the same way on a digest of that department's steps, so after
    an edit the page draws one row again and takes the others from the cache.
    Nothing in them depends on the reader's role: every reader of the roadmap
    sees the same matrix with the same links.
    """
    form = MatrixFilterForm(query)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    keep = query.copy()
    keep["programme"] = str(programme.pk)
    # A page of departments: with all steps shown, a thousand rows are megabytes of HTML.
    text = search_text(request, query)
    path = reverse("roadmap", kwargs={"org": request.organisation.slug})
    source = MatrixSource(programme)  # the rows: read once for the keys and the matrix
    built: dict[str, Any] = {}

    def build() -> dict[str, Any]:
        if not built:
            matrix = build_matrix(
                programme,
                today=today,
                phase=filters.get("phase"),
                status=filters.get("status", ""),
                expanded=filters.get("steps", False),
                source=source,
            )
            found = [row for row in matrix.rows if matches(text, row.department.name)]
            departments = paginate(request, found, path=path, query=keep)
            matrix.rows = list(departments)
            _link_cells(matrix, request.organisation.slug, keep)
            built.update(matrix=matrix, departments=departments)
        return built

    version = "|".join(
        [
            str(request.organisation.pk),
            request.organisation.slug,
            today.isoformat(),
            get_language(),
            keep.urlencode(),  # with the page and the search (the cells' links keep them)
        ]
    )
    return {
        "programme": programme,
        # Built only when the cached fragment (which holds the pager too) is missing.
        "matrix": SimpleLazyObject(lambda: build()["matrix"]),
        "departments": SimpleLazyObject(lambda: build()["departments"]),
        "search": SimpleNamespace(search=text),
        "matrix_version": f"{version}|{source.digest}",
        "row_version": version,  # beside each row's own digest
        "filter_form": form,
        "query": keep.urlencode(),
    }


def _link_cells(matrix, org: str, query: QueryDict) -> None:
    """Each cell's link to its side panel, reversed once rather than once per cell."""
    marker = matrix.links.MARKER
    matrix.links.tail = urlencode({"programme": matrix.programme.pk, "matrix": query.urlencode()})
    matrix.links.step = reverse("roadmap_step", kwargs={"org": org, "pk": marker})
    matrix.links.phase = reverse(
        "roadmap_cell", kwargs={"org": org, "department": marker, "phase": 1}
    )


def _answer_both_ways(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


@permission_required(permissions.view_roadmap)
def roadmap(request, org):
    """The steering matrix; htmx asks for the `matrix` partial (filters, refresh)."""
    programme = _programme(request)
    if programme is None:
        return render(request, PAGE, {"programme": None})
    context = _matrix_context(request, programme, request.GET)
    if not request.htmx:  # the filters are outside the partial
        programmes = list(Programme.objects.only("pk", "name", "start_date"))
        context["programmes"] = programmes
        context["programmes_version"] = repr([(p.pk, p.name) for p in programmes])
    template = f"{PAGE}#matrix" if request.htmx else PAGE
    return _answer_both_ways(render(request, template, context))


def _progress(pk: int) -> StepProgress:
    queryset = StepProgress.objects.select_related("department", "step__template", "owner")
    return get_object_or_404(queryset, pk=pk)


def _step_context(request, progress: StepProgress, form=None, evidence_form=None) -> dict:
    editable = permissions.edit_step(request.membership, progress)
    if editable and form is None:
        form = StepProgressForm(instance=progress)
    return {
        "progress": progress,
        "form": form if editable else None,
        "evidence_form": evidence_form or (EvidenceForm() if editable else None),
        "evidence": progress.evidence.all(),
        "matrix_query": request.GET.get("matrix") or request.POST.get("matrix", ""),
    }


@permission_required(permissions.view_roadmap)
def roadmap_step(request, org, pk):
    """A step's detail: a side panel for htmx, a page without JavaScript."""
    progress = _progress(pk)
    template = f"{STEP_PAGE}#panel" if request.htmx else STEP_PAGE
    return _answer_both_ways(render(request, template, _step_context(request, progress)))


@require_POST
@permission_required(permissions.edit_step)
def roadmap_step_update(request, org, pk):
    """Change a step in place; htmx gets the panel plus the matrix out of band."""
    progress = _progress(pk)
    permissions.edit_step.require(request.membership, progress)
    form = StepProgressForm(request.POST, instance=StepProgress.objects.get(pk=pk))
    if not form.is_valid():
        template = f"{STEP_PAGE}#panel" if request.htmx else STEP_PAGE
        context = _step_context(request, progress, form=form)
        return render(request, template, context, status=200 if request.htmx else 422)
    services.update_step_progress(progress=progress, actor=request.user, **form.cleaned_data)
    matrix_query = QueryDict(request.POST.get("matrix", ""))
    if not request.htmx:
        messages.success(request, _("%(step)s saved.") % {"step": progress})
        return redirect(f"{reverse('roadmap', kwargs={'org': org})}?{matrix_query.urlencode()}")
    context = _step_context(request, progress)
    context.update(_matrix_context(request, progress.programme, matrix_query), saved=True)
    return _answer_both_ways(render(request, "transformation/roadmap_saved.html", context))


@permission_required(permissions.view_roadmap)
def roadmap_cell(request, org, department, phase):
    """A department's steps in one phase (a phase cell of the matrix)."""
    if phase not in Phase.values:
        raise Http404
    programme = _programme(request)
    if programme is None:
        raise Http404
    department = get_object_or_404(Department, pk=department)
    steps = StepProgress.objects.filter(
        programme=programme, department=department, step__phase=phase
    ).select_related("step__template")
    context = {
        "department": department,
        "phase": Phase(phase),
        "steps": steps,
        "programme": programme,
        "matrix_query": request.GET.get("matrix", ""),
    }
    template = "transformation/roadmap_cell.html#panel" if request.htmx else None
    response = render(request, template or "transformation/roadmap_cell.html", context)
    return _answer_both_ways(response)


@require_POST
@permission_required(permissions.edit_step)
def roadmap_evidence_add(request, org, pk):
    progress = _progress(pk)
    permissions.edit_step.require(request.membership, progress)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _step_context(request, progress, evidence_form=form)
        return render(request, STEP_PAGE, context, status=422)
    services.add_step_evidence(progress=progress, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Evidence added."))
    return redirect("roadmap_step", org=org, pk=pk)


@require_POST
@permission_required(permissions.edit_step)
def roadmap_evidence_remove(request, org, pk):
    evidence = get_object_or_404(StepEvidence.objects.select_related("progress"), pk=pk)
    permissions.edit_step.require(request.membership, evidence.progress)
    services.remove_step_evidence(evidence=evidence, actor=request.user)
    messages.success(request, _("Evidence removed."))
    return redirect("roadmap_step", org=org, pk=evidence.progress_id)


@permission_required(permissions.view_roadmap)
def roadmap_evidence(request, org, pk):
    """Download an evidence file (only through this check, never from a public URL)."""
    evidence = get_object_or_404(StepEvidence.objects.exclude(file=""), pk=pk)
    name = f"{evidence.title}{evidence.file.name[evidence.file.name.rfind('.') :]}"
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


@permission_required(permissions.view_roadmap)
def roadmap_timeline(request, org):
    """Planned against actual per step, for one department or all, with a today line."""
    programme = _programme(request)
    departments = Department.objects.order_by("name")
    pk = parse_id(request.GET.get("department"))
    department = get_object_or_404(Department, pk=pk) if pk is not None else None
    chart = None
    if programme is not None:
        arguments = {
            "rows": timeline_rows(programme, department),
            "title": _("Timeline of %(programme)s") % {"programme": programme},
            "today": timezone.localdate(),
            "start": programme.start_date,
            "planned_label": _("planned"),
            "actual_label": _("actual"),
            "today_label": _("today"),
        }
        # A wide drawing and one for a phone's width: the stylesheet shows one.
        chart = charts.for_screens(
            charts.timeline(**arguments),
            charts.timeline(**arguments, width=360, label_width=176, label_lines=4),
        )
    context = {
        "programme": programme,
        "departments": departments,
        "department": department,
        "chart": chart,
    }
    return render(request, "transformation/roadmap_timeline.html", context)


@permission_required(permissions.view_programmes)
def programmes(request, org):
    listed = Programme.objects.annotate(
        done=Count("progress", filter=Q(progress__status=StepStatus.DONE)),
        applicable=Count("progress", filter=~Q(progress__status=StepStatus.NOT_APPLICABLE)),
    )
    return render(request, "transformation/programmes.html", {"programmes": listed})


@permission_required(permissions.plan_roadmap)
def programme_new(request, org):
    initial = {"organisation_model": request.organisation.organisation_model}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme = services.create_programme(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Programme created with its roadmap."))
        return redirect(programme)
    status = 422 if form.errors else 200
    return render(request, "transformation/programme_form.html", {"form": form}, status=status)


@permission_required(permissions.plan_roadmap)
def programme_edit(request, org, pk):
    programme = get_object_or_404(Programme, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.update_programme(programme=programme, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Programme saved."))
        return redirect("programmes", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "programme": programme}
    return render(request, "transformation/programme_form.html", context, status=status)


@permission_required(permissions.plan_roadmap)
def roadmap_steps(request, org):
    """The organisation's roadmap: the template's steps, renamed or extended."""
    services.ensure_organisation_steps(organisation=request.organisation)
    form = AddStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_roadmap_step(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Step added."))
        return redirect("roadmap_steps", org=org)
    steps = OrganisationStep.objects.select_related("template", "anchor")
    status = 422 if form.errors else 200
    context = {"steps": steps, "form": form}
    return render(request, "transformation/roadmap_steps.html", context, status=status)


@permission_required(permissions.plan_roadmap)
def roadmap_step_rename(request, org, pk):
    step = get_object_or_404(OrganisationStep.objects.select_related("template"), pk=pk)
    form = StepRenameForm(request.POST or None, instance=OrganisationStep.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.rename_roadmap_step(step=step, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Step saved."))
        return redirect("roadmap_steps", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "step": step}
    return render(request, "transformation/roadmap_step_rename.html", context, status=status)
