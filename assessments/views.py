import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import permissions, results, services, summaries
from assessments.confidentiality import min_comment_group_size, min_group_size
from assessments.forms import (
    ActionForm,
    ActionUpdateForm,
    InstrumentEditForm,
    InstrumentImportForm,
    PulseSeriesForm,
    WaveForm,
)
from assessments.models import Action, Instrument, PulseSeries, Wave
from transformation import csvio
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


@permission_required(permissions.take_part)
def index(request, org):
    context = {
        "waves": Wave.objects.select_related("instrument").order_by("-opens_at")[:30],
        "my_surveys": services.open_surveys_for(request.user),
    }
    return render(request, "assessments/index.html", context)


@permission_required(permissions.run_surveys)
def instruments(request, org):
    return _instruments_page(request, InstrumentImportForm())


def _instruments_page(request, form, status=200):
    rows = Instrument.objects.order_by("name_en", "-version")
    return render(
        request, "assessments/instruments.html", {"instruments": rows, "form": form}, status=status
    )


@require_POST
@permission_required(permissions.run_surveys)
def instruments_install(request, org):
    created = services.install_standard_instruments(
        organisation=request.organisation, actor=request.user
    )
    messages.success(request, _("%(n)s standard instruments added.") % {"n": len(created)})
    return redirect("assessments:instruments", org=org)


@require_POST
@permission_required(permissions.run_surveys)
def instrument_import(request, org):
    form = InstrumentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _instruments_page(request, form, status=422)
    instrument = services.import_instrument(
        organisation=request.organisation, actor=request.user, data=form.cleaned_data["instrument"]
    )
    messages.success(request, _("Instrument %(name)s imported.") % {"name": instrument})
    return redirect("assessments:instrument", org=org, pk=instrument.pk)


@permission_required(permissions.run_surveys)
def instrument(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    scales = instrument.scales.prefetch_related("items__instrument")
    return render(
        request, "assessments/instrument.html", {"instrument": instrument, "scales": scales}
    )


@permission_required(permissions.run_surveys)
def instrument_edit(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    form = InstrumentEditForm.for_instrument(instrument, request.POST or None)
    if request.method == "POST" and form.is_valid():
        updated = services.update_instrument(
            instrument=instrument, actor=request.user, data=form.cleaned_data["definition"]
        )
        messages.success(request, _("Saved as %(name)s.") % {"name": updated})
        return redirect("assessments:instrument", org=org, pk=updated.pk)
    status = 422 if form.errors else 200
    context = {"instrument": instrument, "form": form}
    return render(request, "assessments/instrument_edit.html", context, status=status)


@require_POST
@permission_required(permissions.run_surveys)
def instrument_copy(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    copy = services.copy_instrument(instrument=instrument, actor=request.user)
    messages.success(request, _("Copy created: %(name)s.") % {"name": copy})
    return redirect("assessments:instrument", org=org, pk=copy.pk)


@permission_required(permissions.run_surveys)
def instrument_export(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    data = services.export_instrument(instrument=instrument)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"{slugify(instrument.key)}-v{instrument.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@vary_on_headers("HX-Request")
@permission_required(permissions.run_surveys)
def wave_create(request, org):
    form = WaveForm(request.POST or None, instance=Wave(organisation=request.organisation))
    # "preview" recounts the audience (htmx on change, or the button without JavaScript).
    preview = "preview" in request.POST
    if request.method == "POST" and not preview and form.is_valid():
        try:
            wave = services.create_wave(
                organisation=request.organisation,
                actor=request.user,
                link_base=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Wave %(title)s created.") % {"title": wave})
            return redirect("assessments:wave", org=org, pk=wave.pk)
    departments, mode = form.audience_choice()
    audience = services.wave_audience(
        organisation=request.organisation, departments=departments, mode=mode
    )
    context = {"form": form, "audience": audience}
    if request.htmx and preview:
        return render(request, "assessments/wave_form.html#audience", context)
    status = 422 if form.is_bound and not preview and form.errors else 200
    return render(request, "assessments/wave_form.html", context, status=status)


@vary_on_headers("HX-Request")
@permission_required(permissions.run_surveys)
def wave(request, org, pk):
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    context = {"wave": wave, "rate": results.response_rate(wave=wave), "minimum": min_group_size()}
    if request.htmx:  # the 30-second refresh of the response rate
        return render(request, "assessments/wave.html#rate", context)
    departments = sorted(wave.departments.all(), key=lambda d: d.name)
    context.update(
        departments=departments,
        invited=wave.participations.count(),
        audience=services.wave_audience(
            organisation=request.organisation, departments=departments, mode=wave.mode
        ),
        kiosk_url=request.build_absolute_uri(
            f"/s/kiosk/{wave.kiosk_code}/" if wave.kiosk_code else "/"
        ),
    )
    return render(request, "assessments/wave.html", context)


@require_POST
@permission_required(permissions.run_surveys)
def wave_invite(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    try:
        count = services.invite_respondents(wave=wave, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(n)s new people invited.") % {"n": count})
    return redirect("assessments:wave", org=org, pk=pk)


@require_POST
@permission_required(permissions.run_surveys)
def wave_remind(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    count = services.send_reminders(wave=wave)
    messages.success(request, _("%(n)s reminders sent.") % {"n": count})
    return redirect("assessments:wave", org=org, pk=pk)


@require_POST
@permission_required(permissions.run_surveys)
def wave_close(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    services.close_wave(wave=wave, actor=request.user)
    messages.success(request, _("The wave is closed."))
    return redirect("assessments:wave", org=org, pk=pk)


@vary_on_headers("HX-Request")
@permission_required(permissions.view_results)
def wave_results(request, org, pk):
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    group_key = request.GET.get("group") or None
    figures = results.wave_results(wave=wave, group_key=group_key)
    context = {"wave": wave, "results": figures}
    # The heatmap's departments and the comments are paged: a large organisation has
    # a thousand departments and thousands of comments.
    if request.htmx and request.htmx.target == "heatmap":
        context["heatmap"] = paginate(request, figures.heatmap, param="departments")
        return render(request, "assessments/results.html#heatmap", context)
    context["comments"] = paginate(request, figures.comments, param="comments")
    if request.htmx:  # the filter swaps only the figures: nothing else is computed
        return render(request, "assessments/results.html#figures", context)
    context.update(
        heatmap=paginate(request, figures.heatmap, param="departments"),
        rate=results.response_rate(wave=wave),
        trend=results.trend(wave=wave),
        actions=list(Action.objects.filter(wave=wave).select_related("owner", "department")),
        may_add_actions=permissions.run_surveys(request.membership),
        summary=_purged_summary(wave),
    )
    return render(request, "assessments/results.html", context)


def _purged_summary(wave: Wave) -> list[tuple[str, float]]:
    """The organisation-wide means kept after the raw answers were deleted."""
    if wave.purged_at is None:
        return []
    means = wave.summary.get("means", {})
    return [
        (scale.text, means[scale.key])
        for scale in wave.instrument.scales.all()
        if scale.key in means
    ]


@permission_required(permissions.view_results)
def wave_results_csv(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    header, *rows = summaries.csv_rows(wave=wave)
    return csvio.csv_response(f"results-{wave.pk}.csv", header, rows)


@permission_required(permissions.run_surveys)
def action_create(request, org, pk):
    """A follow-up action for a finding of this wave; a faulty form comes back filled in."""
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    form = ActionForm(request.POST if request.method == "POST" else None, wave=wave)
    if form.is_bound and form.is_valid():
        services.create_action(wave=wave, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Action added."))
        return redirect("assessments:results", org=org, pk=pk)
    status = 422 if form.errors else 200
    context = {"form": form, "wave": wave}
    return render(request, "assessments/action_new.html", context, status=status)


@permission_required(permissions.view_results)
def actions(request, org):
    rows = search(
        Action.objects.select_related(
            "owner", "department", "wave__instrument", "follow_up_wave__instrument"
        ).order_by("status", "due_date", "pk"),
        search_text(request),
        ("title", "finding", "owner__full_name", "owner__email", "department__name"),
    )
    listing = paginate(request, rows)
    # Figures for the rows shown only: each department's action reads its wave's results.
    context = {"listing": listing, "effects": services.action_effects(list(listing))}
    return render_page(request, "assessments/actions.html", context, partial="action-list")


@permission_required(permissions.run_surveys)
def action_edit(request, org, pk):
    action = get_object_or_404(Action.objects.select_related("wave"), pk=pk)
    form = ActionUpdateForm(request.POST or None, instance=Action.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.update_action(action=action, actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Action saved."))
        return redirect("assessments:actions", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "action": action}
    return render(request, "assessments/action_edit.html", context, status=status)


@permission_required(permissions.run_surveys)
def series(request, org):
    form = PulseSeriesForm(
        request.POST or None, instance=PulseSeries(organisation=request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        services.create_pulse_series(
            organisation=request.organisation,
            actor=request.user,
            link_base=request.build_absolute_uri("/"),
            starts_at=form.cleaned_data.pop("next_run_at"),
            **form.cleaned_data,
        )
        messages.success(request, _("Pulse series created."))
        return redirect("assessments:series", org=org)
    rows = PulseSeries.objects.select_related("instrument")
    status = 422 if form.errors else 200
    context = {"form": form, "series_list": rows}
    return render(request, "assessments/series.html", context, status=status)


@require_POST
@permission_required(permissions.run_surveys)
def series_toggle(request, org, pk):
    series = get_object_or_404(PulseSeries, pk=pk)
    services.set_pulse_series_active(series=series, actor=request.user, active=not series.is_active)
    return redirect("assessments:series", org=org)


@permission_required(permissions.take_part)
def works_council(request, org):
    context = {
        "minimum": min_group_size(),
        "comment_minimum": min_comment_group_size(),
        "retention_months": services.retention_months(),
        "configured_minimum": settings.SURVEY_MIN_GROUP_SIZE,
        "instruments": Instrument.objects.order_by("name_en", "-version"),
        "link_rate": settings.SURVEY_LINK_RATE_PER_MINUTE,
    }
    return render(request, "assessments/works_council.html", context)
