from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from casestudies import selectors, services
from casestudies.anonymise import anonymised_copy
from casestudies.forms import CaseStudyForm, ConfirmForm, LibraryFilterForm, MetricFormSet
from casestudies.models import LANGUAGE_CODES, CaseStudy
from transformation.models import Role
from transformation.permissions import coordinator_required, member_required, role_required

comparison_required = role_required(Role.COORDINATOR, Role.STEERING, Role.CHAMPION)


def _case_study(request, pk: int, **filters) -> CaseStudy:
    """A case study the member may see; another organisation's is a 404 like a missing one."""
    visible = CaseStudy.objects.visible_to(
        request.organisation, include_drafts=request.membership.is_coordinator
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


@member_required
@vary_on_headers("HX-Request")
def library(request, org):
    form = LibraryFilterForm(request.GET or None)
    case_studies = selectors.library(
        request.organisation, request.membership, **(form.filters() if form.is_bound else {})
    )
    template = "casestudies/library.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "case_studies": case_studies})


@member_required
def detail(request, org, pk):
    case_study = _case_study(request, pk)
    context = {
        "case_study": case_study,
        "metrics": case_study.metrics.all(),
        "area_labels": case_study.area_labels,
    }
    return render(request, "casestudies/detail.html", context)


@coordinator_required
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


@coordinator_required
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
@coordinator_required
def publish(request, org, pk):
    case_study = _own_case_study(request, pk)
    try:
        services.publish_case_study(case_study=case_study, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Published inside the organisation."))
    return redirect(case_study.url_in(request.organisation))


@coordinator_required
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
@coordinator_required
def withdraw(request, org, pk):
    case_study = _own_case_study(request, pk)
    try:
        services.withdraw_shared_case_study(case_study=case_study, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The shared copy was withdrawn from every library."))
    return redirect(case_study.url_in(request.organisation))


@comparison_required
def use_cases(request, org):
    rows = selectors.use_cases_for_comparison(request.organisation)
    return render(request, "casestudies/use_cases.html", {"rows": rows})


@comparison_required
def compare(request, org, use_case):
    use_case = get_object_or_404(selectors.use_cases(), pk=use_case)
    context = selectors.comparison(use_case, organisation=request.organisation)
    return render(request, "casestudies/compare.html", context)


@require_POST
@coordinator_required
def create_draft(request, org, use_case):
    use_case = get_object_or_404(selectors.use_cases(), pk=use_case)
    try:
        case_study = services.create_draft_from_use_case(use_case=use_case, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("casestudies:compare", org=org, use_case=use_case.pk)
    messages.success(request, _("Draft created from what the programme knows. Check and edit it."))
    return redirect(case_study.url_in(request.organisation))
