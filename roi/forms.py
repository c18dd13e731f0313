from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from assessments.models import Wave
from roi.models import Baseline, CostItem, Dimension, Kpi, UseCaseKpi, ValueSource
from roi.services import MeasurementRow
from transformation import csvio


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(day: date) -> date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date lies in the future."))
    return day


class KpiForm(forms.ModelForm):
    """An organisation's own KPI; a name in at least one language."""

    class Meta:
        model = Kpi
        fields = [
            "application_area",
            "dimension",
            "higher_is_better",
            "name_en",
            "name_de",
            "name_nl",
            "unit_en",
            "unit_de",
            "unit_nl",
            "method_en",
            "method_de",
            "method_nl",
        ]
        widgets = {
            f"method_{code}": forms.Textarea(attrs={"rows": 2}) for code in ["en", "de", "nl"]
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(f"name_{code}") for code in ("en", "de", "nl")):
            self.add_error("name_en", _("Give the KPI a name in at least one language."))
        return data


class MonetisationMixin:
    """A chosen KPI either turns into money (volume and value per unit) or says why not."""

    def clean(self):
        data = super().clean()
        volume, unit_value = data.get("monthly_volume"), data.get("unit_value")
        if (volume is None) != (unit_value is None):
            self.add_error(
                "unit_value" if volume is not None else "monthly_volume",
                _("Give both the monthly volume and the value per unit, or neither."),
            )
        elif volume is None and not data.get("non_monetary_reason", "").strip():
            self.add_error(
                "non_monetary_reason",
                _("Say how a change turns into money, or why this KPI stays non-monetary."),
            )
        return data


USE_CASE_KPI_FIELDS = [
    "target",
    "target_date",
    "monthly_volume",
    "unit_value",
    "monetisation_note",
    "non_monetary_reason",
]
USE_CASE_KPI_WIDGETS = {
    "target_date": DateInput(),
    "monetisation_note": forms.Textarea(attrs={"rows": 2}),
    "non_monetary_reason": forms.Textarea(attrs={"rows": 2}),
}


# Field querysets are built at import time, outside any scope; each form
# narrows them to the current organisation in __init__, inside the scope.
with scopes_disabled():

    class ChooseKpiForm(MonetisationMixin, forms.ModelForm):
        class Meta:
            model = UseCaseKpi
            fields = ["kpi", *USE_CASE_KPI_FIELDS]
            widgets = USE_CASE_KPI_WIDGETS

        def __init__(self, *args, use_case, **kwargs):
            super().__init__(*args, **kwargs)
            chosen = UseCaseKpi.objects.filter(use_case=use_case).values("kpi")
            field = self.fields["kpi"]
            field.queryset = Kpi.objects.exclude(pk__in=chosen).order_by(
                "application_area", "dimension", "position"
            )
            field.label_from_instance = lambda kpi: (
                f"{kpi.get_application_area_display()} · {kpi.name} ({kpi.unit})"
            )


class UseCaseKpiForm(MonetisationMixin, forms.ModelForm):
    class Meta:
        model = UseCaseKpi
        fields = USE_CASE_KPI_FIELDS
        widgets = USE_CASE_KPI_WIDGETS


class BaselineForm(forms.ModelForm):
    class Meta:
        model = Baseline
        fields = ["value", "measured_on", "method", "sample_size", "source", "measured_by"]
        widgets = {"measured_on": DateInput()}

    def clean_measured_on(self):
        return _not_in_future(self.cleaned_data["measured_on"])


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=gettext_lazy("Measured on"), widget=DateInput())
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=14, decimal_places=4)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, use_case_kpi: UseCaseKpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_case_kpi = use_case_kpi
        self.fields["value"].label = f"{_('Value')} ({use_case_kpi.kpi.unit})"
        if use_case_kpi.kpi.dimension == Dimension.STRATEGIC:
            # Strategic effects are often rated (e.g. by the steering committee), not counted.
            self.fields["source"] = forms.ChoiceField(
                label=_("Source"),
                choices=[
                    (ValueSource.RATING, ValueSource.RATING.label),
                    (ValueSource.MEASURED, ValueSource.MEASURED.label),
                ],
                initial=ValueSource.RATING,
            )

    def clean_measured_on(self):
        day = _not_in_future(self.cleaned_data["measured_on"])
        baseline = Baseline.objects.filter(use_case_kpi=self.use_case_kpi).first()
        if baseline is None:
            raise forms.ValidationError(_("Record the baseline before the first measurement."))
        if day < baseline.measured_on:
            raise forms.ValidationError(_("A measurement cannot be older than the baseline."))
        return day


class SurveyMeasurementForm(forms.Form):
    """Pick a survey wave and scale whose mean becomes the KPI's next measurement."""

    survey = forms.ChoiceField(label=gettext_lazy("Survey and scale"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = choices

    def clean_survey(self):
        wave_id, _sep, scale_key = self.cleaned_data["survey"].partition(":")
        self.wave = Wave.objects.get(pk=int(wave_id))
        self.scale_key = scale_key
        return self.cleaned_data["survey"]


def _parse_value(text: str) -> Decimal:
    text = text.strip().replace("\N{NO-BREAK SPACE}", "").replace(" ", "")
    if "," in text and "." in text:
        raise ValueError
    value = Decimal(text.replace(",", "."))
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValueError
    return value.quantize(Decimal("0.0001"))


def _parse_date(text: str) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


class MeasurementImportForm(forms.Form):
    """A CSV file of measurements: all rows valid, or nothing is saved.

    Columns `kpi` (the KPI's key), `date` (2026-03-31 or 31.03.2026),
    `value` (decimal point or comma) and an optional `note`; comma or
    semicolon separated.
    """

    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, use_case, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_case = use_case
        self.rows: list[MeasurementRow] = []
        self.fields["file"].help_text = csvio.limits_text(csvio.CsvLimits())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        table = csvio.read_upload(upload)
        missing = {"kpi", "date", "value"} - table.column_names()
        if missing:
            raise forms.ValidationError(
                _("Line 1: the header needs the columns kpi, date and value; missing: %(cols)s.")
                % {"cols": ", ".join(sorted(missing))}
            )
        kpis = {
            ukpi.kpi.key: ukpi
            for ukpi in UseCaseKpi.objects.filter(use_case=self.use_case).select_related(
                "kpi", "baseline"
            )
        }
        problems = csvio.LineProblems()
        for line, record in table.dicts():
            problem, row = self._row(line, record, kpis)
            if problem:
                problems.add(line, problem)
            else:
                self.rows.append(row)
        problems.raise_any()
        if not self.rows:
            raise forms.ValidationError(_("The file has no measurements."))
        return upload

    def _row(self, line: int, record: dict, kpis: dict) -> tuple[str, MeasurementRow | None]:
        ukpi = kpis.get(record.get("kpi", "").strip())
        if ukpi is None:
            return _("“%(kpi)s” is not a KPI of this use case.") % {"kpi": record.get("kpi")}, None
        try:
            day = _parse_date(record["date"])
        except ValueError:
            return _("“%(date)s” is not a date (use 2026-03-31).") % {"date": record["date"]}, None
        try:
            value = _parse_value(record["value"])
        except (ValueError, InvalidOperation):
            return _("“%(value)s” is not a number.") % {"value": record["value"]}, None
        if day > timezone.localdate():
            return _("the date lies in the future."), None
        if not ukpi.has_baseline:
            return _("record the baseline of this KPI first."), None
        if day < ukpi.baseline.measured_on:
            return _("the measurement is older than the baseline."), None
        note = record.get("note", "").strip()[:300]
        return "", MeasurementRow(line, ukpi, day, value, note)


class CostForm(forms.ModelForm):
    class Meta:
        model = CostItem
        fields = ["category", "recurrence", "amount", "description"]


def _percent_field(required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=gettext_lazy("Discount rate (% a year)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=required,
    )


class ValuePlanForm(forms.Form):
    go_live_on = forms.DateField(
        label=gettext_lazy("Go-live"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Month 1 is the first month from this date on."),
    )
    discount_rate = _percent_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discount_rate"].help_text = _("Empty: the organisation's rate.")

    def clean_discount_rate(self):
        rate = self.cleaned_data["discount_rate"]
        return None if rate is None else rate / 100


class DiscountRateForm(forms.Form):
    discount_rate = _percent_field(required=True)

    def clean_discount_rate(self):
        return self.cleaned_data["discount_rate"] / 100
