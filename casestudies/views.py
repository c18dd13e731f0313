from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from casestudies import permissions, selectors, services
from casestudies.anonymise import anonymised_copy
from casestudies.forms import CaseStudyForm, ConfirmForm, LibraryFilterForm, MetricFormSet
from casestudies.models import LANGUAGE_CODES, CaseStudy
from transformation.lists import paginate, search_text
from transformation.permissions import permission_required


def _case_study(request, pk: int, **filters) -> CaseStudy:
    """A case study the member may see; another organisation's is a 404 like a missing one."""
    visible = CaseStudy.objects.visible_to(
        request.organisation, include_drafts=permissions.write_case_studies(request.membership)
    )
    return get_object_or_404(visible.filter(**filters), pk=pk)


def _own_case_study(request, pk: int) -> CaseStudy:
    return _case_study(request, pk, organisation=request.organisation)


def _posted(request):
    """The POST data, even when empty, so that an empty submission is validated."""
    return request.POST if request.method == "POST" else None


def _language(request, case_study: CaseStudy) -> str:
    language = request.GET.get("language") or case_study.original_language
    if language not in LANGUAGE_CODES:
        raise Http404
    return language


@permission_required(permissions.view_library)
@vary_on_headers("HX-Request")
def library(request, org):
    query = request.GET.copy()
    if "q" in query:
        query["q"] = search_text(request)  # as every list's search: no control characters
    form = LibraryFilterForm(query or None)
    case_studies = selectors.library(
        request.organisation, request.membership, **(form.filters() if form.is_bound else {})
    )
    template = "casestudies/library.html"
    if request.htmx:
        template += "#results"
    context = {"form": form, "case_studies": paginate(request, case_studies)}
    return render(request, template, context)


@permission_required(permissions.view_library)
def detail(request, org, pk):
    case_study = _case_study(request, pk)
    context = {
        "case_study": case_study,
        "metrics": case_study.metrics.all(),
        "area_labels": case_study.area_labels,
    }
    return render(request, "casestudies/detail.html", context)


@permission_required(permissions.write_case_studies)
def edit(request, org, pk):
    case_study = _own_case_study(request, pk)
    language = _language(request, case_study)
    initial = CaseStudyForm.initial_for(case_study, language)
    form = CaseStudyForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        services.update_case_study(
            case_study=case_study,
            actor=request.user,
            language=language,
            values=values,
            areas=values["areas"],
        )
        messages.success(request, _("Case study saved."))
        return redirect(case_study.url_in(request.organisation))
    context = {"form": form, "case_study": case_study, "language": language}
    return render(request, "casestudies/edit.html", context, status=422 if form.errors else 200)


@permission_required(permissions.write_case_studies)
def results(request, org, pk):
    case_study = _own_case_study(request, pk)
    language = _language(request, case_study)
    initial = selectors.metric_initial(case_study, language)
    formset = MetricFormSet(_posted(request), initial=initial, prefix="results")
    if request.method == "POST" and formset.is_valid():
        rows = selectors.metric_rows(case_study, formset)
        services.update_case_study_results(
            case_study=case_study, actor=request.user, language=language, rows=rows
        )
        messages.success(request, _("Results saved."))
        return redirect(case_study.url_in(request.organisation))
    context = {"formset": formset, "case_study": case_study, "language": language}
    status = 422 if request.method == "POST" else 200
    return render(request, "casestudies/results.html", context, status=status)


@require_POST
@permission_required(permissions.write_case_studies)
def publish(request, org, pk):
    case_study = _own_case_study(request, pk)
    try:
        services.publish_case_study(case_study=case_study, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Published inside the organisation."))
    return redirect(case_study.url_in(request.organisation))


@permission_required(permissions.write_case_studies)
def share(request, org, pk):
    case_study = _own_case_study(request, pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.share_case_study(case_study=case_study, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Shared anonymously with other organisations."))
        return redirect(case_study.url_in(request.organisation))
    context = {
        "case_study": case_study,
        "form": form,
        **selectors.preview(anonymised_copy(case_study)),
    }
    return render(request, "casestudies/share.html", context, status=422 if form.errors else 200)


@require_POST
@permission_required(permissions.write_case_studies)
def withdraw(request, org, pk):
    case_study = _own_case_study(request, pk)
    try:
        services.withdraw_shared_case_study(case_study=case_study, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The shared copy was withdrawn from every library."))
    return redirect(case_study.url_in(request.organisation))


@permission_required(permissions.compare_use_cases)
def use_cases(request, org):
    rows = selectors.use_cases_for_comparison(request.organisation)
    return render(request, "casestudies/use_cases.html", {"rows": rows})


@permission_required(permissions.compare_use_cases)
def compare(request, org, use_case):
    use_case = get_object_or_404(selectors.use_cases(), pk=use_case)
    context = selectors.comparison(use_case, organisation=request.organisation)
    return render(request, "casestudies/compare.html", context)


@require_POST
@permission_required(permissions.write_case_studies)
def create_draft(request, org, use_case):
    use_case = get_object_or_404(selectors.use_cases(), pk=use_case)
    try:
        case_study = services.create_draft_from_use_case(use_case=use_case, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("casestudies:compare", org=org, use_case=use_case.pk)
    messages.success(request, _("Draft created from what the programme knows. Check and edit it."))
    return redirect(case_study.url_in(request.organisation))
