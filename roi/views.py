from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.models import LifecycleState, UseCase
from roi import permissions, services
from roi.charts import cash_flow_figure
from roi.forms import (
    BaselineForm,
    ChooseKpiForm,
    CostForm,
    DiscountRateForm,
    KpiForm,
    MeasurementForm,
    MeasurementImportForm,
    SurveyMeasurementForm,
    UseCaseKpiForm,
    ValuePlanForm,
)
from roi.models import Baseline, CostItem, Dimension, Kpi, Measurement, UseCaseKpi, ValuePlan
from roi.surveys import survey_choices
from roi.value import organisation_discount_rate
from transformation.htmx import render_page
from transformation.lists import excerpt, matches, paginate, search, search_text
from transformation.permissions import permission_required


def _use_case(pk: int) -> UseCase:
    return get_object_or_404(UseCase.objects.select_related("department", "organisation"), pk=pk)


def _use_case_kpi(pk: int) -> UseCaseKpi:
    queryset = UseCaseKpi.objects.select_related("kpi", "use_case__organisation")
    return get_object_or_404(queryset, pk=pk)


@permission_required(permissions.view_value)
def programme(request, org):
    value = services.programme_value(request.organisation)
    chart = None
    if value.use_cases:
        chart = cash_flow_figure(
            value.cash_flow,
            months=value.chart_months(),
            measured_months=value.measured_months,
            title=_("Programme: cumulative cash flow"),
        )
    with_value = {v.use_case.pk for v in value.use_cases}
    text = search_text(request)
    others = search(
        UseCase.objects.exclude(state=LifecycleState.RETIRED)
        .exclude(pk__in=with_value)
        .order_by("title", "pk"),
        text,
        ("title",),
    )
    context = {
        "value": value,
        "chart": chart,
        # The totals above count every use case; the table shows a page of the search.
        "rows": paginate(request, [v for v in value.use_cases if matches(text, v.use_case.title)]),
        "others": excerpt(others, settings.LIST_PAGE_SIZE),
    }
    return render_page(request, "roi/programme.html", context, partial="use-cases")


def _usecase_context(request, use_case: UseCase, bound: MeasurementForm | None = None) -> dict:
    value = services.use_case_value(use_case)
    can_measure = permissions.record_measurements(request.membership, use_case)
    forms, survey_forms = {}, {}
    employee_rows = [row for row in value.kpis if row.dimension == Dimension.EMPLOYEE]
    choices = survey_choices() if can_measure and employee_rows else []
    for row in employee_rows if choices else []:
        pk = row.use_case_kpi.pk
        survey_forms[pk] = SurveyMeasurementForm(choices=choices, prefix=f"s{pk}")
    if can_measure:
        for row in value.kpis:
            ukpi = row.use_case_kpi
            if bound is not None and bound.use_case_kpi.pk == ukpi.pk:
                forms[ukpi.pk] = bound
            elif row.baseline is not None:
                forms[ukpi.pk] = MeasurementForm(use_case_kpi=ukpi, prefix=f"m{ukpi.pk}")
    chart = cash_flow_figure(
        value.cash_flow,
        months=value.chart_months(),
        measured_months=value.measured_months,
        title=_("%(use_case)s: cumulative cash flow") % {"use_case": use_case.title},
    )
    return {
        "use_case": use_case,
        "value": value,
        "chart": chart,
        "measurement_forms": forms,
        "survey_forms": survey_forms,
        "can_measure": can_measure,
    }


@permission_required(permissions.view_value)
def usecase(request, org, pk):
    use_case = _use_case(pk)
    template = "roi/usecase.html#value" if request.htmx else "roi/usecase.html"
    response = render(request, template, _usecase_context(request, use_case))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@permission_required(permissions.record_measurements)
def measurement_add(request, org, pk):
    ukpi = _use_case_kpi(pk)
    permissions.record_measurements.require(request.membership, ukpi.use_case)
    form = MeasurementForm(request.POST, use_case_kpi=ukpi, prefix=f"m{ukpi.pk}")
    if form.is_valid():
        services.record_measurement(use_case_kpi=ukpi, actor=request.user, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("Measurement of %(kpi)s recorded.") % {"kpi": ukpi.kpi})
            return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)
        context = {**_usecase_context(request, ukpi.use_case), "recorded": ukpi.kpi}
    elif request.htmx:
        context = _usecase_context(request, ukpi.use_case, bound=form)
    else:
        context = {"form": form, "use_case_kpi": ukpi, "use_case": ukpi.use_case}
        return render(request, "roi/measurement_form.html", context, status=422)
    response = render(request, "roi/usecase.html#value", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@permission_required(permissions.manage_value)
def measurement_remove(request, org, pk):
    measurement = get_object_or_404(Measurement.objects.select_related("use_case_kpi__kpi"), pk=pk)
    services.remove_measurement(measurement=measurement, actor=request.user)
    messages.success(request, _("Measurement removed."))
    return redirect("roi:usecase", org=org, pk=measurement.use_case_kpi.use_case_id)


@require_POST
@permission_required(permissions.record_measurements)
def measurement_from_survey(request, org, pk):
    ukpi = _use_case_kpi(pk)
    permissions.record_measurements.require(request.membership, ukpi.use_case)
    form = SurveyMeasurementForm(request.POST, choices=survey_choices(), prefix=f"s{ukpi.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a survey and a scale."))
        return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)
    try:
        services.record_survey_measurement(
            use_case_kpi=ukpi, actor=request.user, wave=form.wave, scale_key=form.scale_key
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Survey result of %(kpi)s recorded.") % {"kpi": ukpi.kpi})
    return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)


@permission_required(permissions.record_measurements)
def measurement_import(request, org, pk):
    use_case = _use_case(pk)
    permissions.record_measurements.require(request.membership, use_case)
    form = MeasurementImportForm(request.POST or None, request.FILES or None, use_case=use_case)
    if request.method == "POST" and form.is_valid():
        services.import_measurements(use_case=use_case, actor=request.user, rows=form.rows)
        messages.success(request, _("%(count)s measurements imported.") % {"count": len(form.rows)})
        return redirect("roi:usecase", org=org, pk=pk)
    kpis = UseCaseKpi.objects.filter(use_case=use_case).with_details()
    context = {"form": form, "use_case": use_case, "kpis": kpis}
    status = 422 if form.errors else 200
    return render(request, "roi/import.html", context, status=status)


@permission_required(permissions.manage_value)
def kpi_add(request, org, pk):
    use_case = _use_case(pk)
    form = ChooseKpiForm(request.POST or None, use_case=use_case)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        ukpi = services.choose_kpi(
            use_case=use_case, actor=request.user, kpi=values.pop("kpi"), values=values
        )
        messages.success(request, _("KPI added. Now record its baseline."))
        return redirect("roi:baseline", org=org, pk=ukpi.pk)
    context = {"form": form, "use_case": use_case}
    return render(request, "roi/kpi_form.html", context, status=422 if form.errors else 200)


@permission_required(permissions.manage_value)
def kpi_edit(request, org, pk):
    ukpi = _use_case_kpi(pk)
    form = UseCaseKpiForm(request.POST or None, instance=UseCaseKpi.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.update_use_case_kpi(
            use_case_kpi=ukpi, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("KPI saved."))
        return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)
    context = {"form": form, "use_case": ukpi.use_case, "use_case_kpi": ukpi}
    return render(request, "roi/kpi_form.html", context, status=422 if form.errors else 200)


@require_POST
@permission_required(permissions.manage_value)
def kpi_remove(request, org, pk):
    ukpi = _use_case_kpi(pk)
    services.remove_use_case_kpi(use_case_kpi=ukpi, actor=request.user)
    messages.success(request, _("KPI %(kpi)s removed.") % {"kpi": ukpi.kpi})
    return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)


@permission_required(permissions.manage_value)
def baseline(request, org, pk):
    ukpi = _use_case_kpi(pk)
    existing = Baseline.objects.filter(use_case_kpi=ukpi).first()
    initial = {"measured_by": request.user.get_full_name()} if existing is None else None
    form = BaselineForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_baseline(use_case_kpi=ukpi, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Baseline of %(kpi)s recorded.") % {"kpi": ukpi.kpi})
        return redirect("roi:usecase", org=org, pk=ukpi.use_case_id)
    context = {"form": form, "use_case_kpi": ukpi, "use_case": ukpi.use_case}
    return render(request, "roi/baseline_form.html", context, status=422 if form.errors else 200)


@permission_required(permissions.manage_value)
def costs(request, org, pk):
    use_case = _use_case(pk)
    form = CostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_cost(use_case=use_case, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Cost added."))
        return redirect("roi:costs", org=org, pk=pk)
    context = {
        "form": form,
        "use_case": use_case,
        "items": CostItem.objects.filter(use_case=use_case),
        "value": services.use_case_value(use_case),
    }
    return render(request, "roi/costs.html", context, status=422 if form.errors else 200)


@require_POST
@permission_required(permissions.manage_value)
def cost_remove(request, org, pk):
    cost = get_object_or_404(CostItem, pk=pk)
    services.remove_cost(cost=cost, actor=request.user)
    messages.success(request, _("Cost removed."))
    return redirect("roi:costs", org=org, pk=cost.use_case_id)


@permission_required(permissions.manage_value)
def plan(request, org, pk):
    use_case = _use_case(pk)
    current = ValuePlan.objects.filter(use_case=use_case).first()
    initial = {}
    if current is not None:
        rate = current.discount_rate
        initial = {"go_live_on": current.go_live_on, "discount_rate": rate and rate * 100}
    form = ValuePlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_value_plan(use_case=use_case, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Value settings saved."))
        return redirect("roi:usecase", org=org, pk=pk)
    context = {"form": form, "use_case": use_case}
    return render(request, "roi/plan_form.html", context, status=422 if form.errors else 200)


@permission_required(permissions.manage_value)
def catalogue(request, org):
    form = KpiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_kpi(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("KPI added to the catalogue."))
        return redirect("roi:catalogue", org=org)
    context = {"form": form, "kpis": Kpi.objects.order_by("application_area", "position", "pk")}
    return render(request, "roi/catalogue.html", context, status=422 if form.errors else 200)


@permission_required(permissions.manage_value)
def catalogue_kpi_edit(request, org, pk):
    kpi = get_object_or_404(Kpi, pk=pk, organisation=request.organisation)
    form = KpiForm(request.POST or None, instance=Kpi.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.update_kpi(kpi=kpi, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("KPI saved."))
        return redirect("roi:catalogue", org=org)
    context = {"form": form, "kpi": kpi}
    return render(request, "roi/kpi_own_form.html", context, status=422 if form.errors else 200)


@permission_required(permissions.manage_value)
def rate(request, org):
    current = organisation_discount_rate(request.organisation)
    form = DiscountRateForm(request.POST or None, initial={"discount_rate": current * 100})
    if request.method == "POST" and form.is_valid():
        services.update_discount_rate(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Discount rate saved."))
        return redirect("roi:programme", org=org)
    return render(request, "roi/rate_form.html", {"form": form}, status=422 if form.errors else 200)
