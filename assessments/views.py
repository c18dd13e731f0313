import csv
import json
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import results, services, summaries
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
from transformation.models import Role
from transformation.permissions import (
    coordinator_required,
    member_required,
    readers_required,
)


@member_required
def index(request, org):
    context = {
        "waves": Wave.objects.select_related("instrument").order_by("-opens_at")[:30],
        "readers": request.membership.role in (Role.COORDINATOR, Role.STEERING),
        "my_surveys": services.open_surveys_for(request.user),
    }
    return render(request, "assessments/index.html", context)


@coordinator_required
def instruments(request, org):
    return _instruments_page(request, InstrumentImportForm())


def _instruments_page(request, form, status=200):
    rows = Instrument.objects.order_by("name_en", "-version")
    return render(
        request, "assessments/instruments.html", {"instruments": rows, "form": form}, status=status
    )


@require_POST
@coordinator_required
def instruments_install(request, org):
    created = services.install_standard_instruments(
        organisation=request.organisation, actor=request.user
    )
    messages.success(request, _("%(n)s standard instruments added.") % {"n": len(created)})
    return redirect("assessments:instruments", org=org)


@require_POST
@coordinator_required
def instrument_import(request, org):
    form = InstrumentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _instruments_page(request, form, status=422)
    instrument = services.import_instrument(
        organisation=request.organisation, actor=request.user, data=form.cleaned_data["instrument"]
    )
    messages.success(request, _("Instrument %(name)s imported.") % {"name": instrument})
    return redirect("assessments:instrument", org=org, pk=instrument.pk)


@coordinator_required
def instrument(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    scales = instrument.scales.prefetch_related("items__instrument")
    return render(
        request, "assessments/instrument.html", {"instrument": instrument, "scales": scales}
    )


@coordinator_required
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
@coordinator_required
def instrument_copy(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    copy = services.copy_instrument(instrument=instrument, actor=request.user)
    messages.success(request, _("Copy created: %(name)s.") % {"name": copy})
    return redirect("assessments:instrument", org=org, pk=copy.pk)


@coordinator_required
def instrument_export(request, org, pk):
    instrument = get_object_or_404(Instrument, pk=pk)
    data = services.export_instrument(instrument=instrument)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"{slugify(instrument.key)}-v{instrument.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
def wave_create(request, org):
    form = WaveForm(request.POST or None, instance=Wave(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
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
            messages.success(request, _("Wave %(title)s created.") % {"title": wave.title})
            return redirect("assessments:wave", org=org, pk=wave.pk)
    status = 422 if form.errors else 200
    return render(request, "assessments/wave_form.html", {"form": form}, status=status)


@vary_on_headers("HX-Request")
@coordinator_required
def wave(request, org, pk):
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    context = {
        "wave": wave,
        "rate": results.response_rate(wave=wave),
        "minimum": min_group_size(),
        "kiosk_url": request.build_absolute_uri(
            f"/s/kiosk/{wave.kiosk_code}/" if wave.kiosk_code else "/"
        ),
    }
    template = "assessments/wave.html#rate" if request.htmx else "assessments/wave.html"
    return render(request, template, context)


@require_POST
@coordinator_required
def wave_invite(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    count = services.invite_respondents(wave=wave, actor=request.user)
    messages.success(request, _("%(n)s new people invited.") % {"n": count})
    return redirect("assessments:wave", org=org, pk=pk)


@require_POST
@coordinator_required
def wave_remind(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    count = services.send_reminders(wave=wave)
    messages.success(request, _("%(n)s reminders sent.") % {"n": count})
    return redirect("assessments:wave", org=org, pk=pk)


@require_POST
@coordinator_required
def wave_close(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    services.close_wave(wave=wave, actor=request.user)
    messages.success(request, _("The wave is closed."))
    return redirect("assessments:wave", org=org, pk=pk)


@vary_on_headers("HX-Request")
@readers_required
def wave_results(request, org, pk):
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    group_key = request.GET.get("group") or None
    context = {
        "wave": wave,
        "results": results.wave_results(wave=wave, group_key=group_key),
        "rate": results.response_rate(wave=wave),
        "trend": results.trend(wave=wave),
        "actions": list(Action.objects.filter(wave=wave).select_related("owner")),
        "action_form": ActionForm(wave=wave) if request.membership.is_coordinator else None,
        "summary": _purged_summary(wave),
    }
    template = "assessments/results.html#figures" if request.htmx else "assessments/results.html"
    return render(request, template, context)


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


@readers_required
def wave_results_csv(request, org, pk):
    wave = get_object_or_404(Wave, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{wave.pk}.csv"'
    writer = csv.writer(response)
    for row in summaries.csv_rows(wave=wave):
        writer.writerow([_csv_cell(value) for value in row])
    return response


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in text cells (a department named "=HYPERLINK(...)")."""
    if value and value[0] in "=+-@\t\r" and not NUMBER.fullmatch(value):
        return "'" + value
    return value


@require_POST
@coordinator_required
def action_create(request, org, pk):
    wave = get_object_or_404(Wave.objects.select_related("instrument"), pk=pk)
    form = ActionForm(request.POST, wave=wave)
    if form.is_valid():
        services.create_action(wave=wave, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Action added."))
    else:
        messages.error(request, _("The action was not saved: please fill in every field."))
    return redirect("assessments:results", org=org, pk=pk)


@readers_required
def actions(request, org):
    rows = list(Action.objects.select_related("owner", "wave", "follow_up_wave"))
    effects = services.action_effects(rows)
    return render(request, "assessments/actions.html", {"effects": effects})


@coordinator_required
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


@coordinator_required
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
@coordinator_required
def series_toggle(request, org, pk):
    series = get_object_or_404(PulseSeries, pk=pk)
    services.set_pulse_series_active(series=series, actor=request.user, active=not series.is_active)
    return redirect("assessments:series", org=org)


@member_required
def works_council(request, org):
    context = {
        "minimum": min_group_size(),
        "comment_minimum": min_comment_group_size(),
        "retention_months": services.retention_months(),
        "configured_minimum": settings.SURVEY_MIN_GROUP_SIZE,
        "instruments": Instrument.objects.order_by("name_en", "-version"),
        "rate_limit": settings.SURVEY_RATE_LIMIT.split("/")[0],
    }
    return render(request, "assessments/works_council.html", context)
