import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Action, Instrument, Item, PulseSeries, Wave
from assessments.results import AGREEMENT_LABELS
from transformation import uploads
from transformation.forms import ModelMultipleChoiceField, parse_id
from transformation.models import Department, User

PAGE_SIZE = 5


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DefinitionField(forms.CharField):
    """A JSON instrument definition, validated completely (every error listed)."""

    widget = forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "class": "code"})

    def clean(self, value):
        value = super().clean(value)
        try:
            return services.parse_instrument_json(value)
        except services.InstrumentImportError as error:
            raise ValidationError(error.messages) from None


class InstrumentImportForm(forms.Form):
    file = forms.FileField(label=_("Instrument file (JSON)"), required=False)
    definition = forms.CharField(
        label=_("…or paste the JSON"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self):
        data = super().clean()
        upload, pasted = data.get("file"), data.get("definition")
        if not upload and not pasted:
            raise ValidationError(_("Choose a file or paste a definition."))
        if upload:
            # The file is read whole and parsed as JSON: bound its size first.
            uploads.check_upload(upload, uploads.INSTRUMENT)
        raw = upload.read() if upload else pasted
        try:
            data["instrument"] = services.parse_instrument_json(raw)
        except services.InstrumentImportError as error:
            raise ValidationError(error.messages) from None
        return data


class InstrumentEditForm(forms.Form):
    definition = DefinitionField(
        label=_("Definition"),
        help_text=_(
            "Scales, questions and their texts in English, German and Dutch. "
            "If a wave has used this version, saving creates the next version."
        ),
    )

    @classmethod
    def for_instrument(cls, instrument: Instrument, data=None):
        initial = json.dumps(
            services.export_instrument(instrument=instrument), indent=2, ensure_ascii=False
        )
        return cls(data, initial={"definition": initial})


def _reminder_days(value: str) -> list[int]:
    try:
        days = sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise ValidationError(_("List whole days, separated by commas (e.g. 3, 5).")) from None
    if any(day < 1 or day > 60 for day in days):
        raise ValidationError(_("Reminder days run from 1 to 60."))
    return days


def _title_defaults_to_instrument(field: forms.Field) -> None:
    field.required = False
    field.help_text = _("Leave empty to use the instrument's name.")


_AUDIENCE_HELP = _(
    "The group the action addresses; its before and after figures are this group's, "
    "shown only where the group is large enough. Empty: the wave's whole audience."
)


def _departments_of_the_audience(field: forms.ModelChoiceField, wave: Wave) -> None:
    """An action can address the wave's departments (and their sub-departments) only."""
    chosen = list(wave.departments.all())
    departments = Department.objects.order_by("name")
    if chosen:
        departments = departments.filter(pk__in=services.waves.with_descendants(chosen))
    field.queryset = departments
    field.required = False
    field.empty_label = _("The whole audience of the wave")


with scopes_disabled():

    class WaveForm(forms.ModelForm):
        reminder_days = forms.CharField(
            label=_("Reminder days"),
            initial="3, 5",
            required=False,
            help_text=_("Days after opening on which those who have not answered are reminded."),
        )

        class Meta:
            model = Wave
            fields = ["instrument", "title", "mode", "departments", "opens_at", "closes_at"]
            field_classes = {"departments": ModelMultipleChoiceField}
            widgets = {
                "departments": forms.CheckboxSelectMultiple,
                "opens_at": _datetime_input(),
                "closes_at": _datetime_input(),
            }
            help_texts = {"departments": _("None chosen: the whole organisation.")}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["instrument"].queryset = Instrument.objects.all()
            _title_defaults_to_instrument(self.fields["title"])
            self.fields["departments"].queryset = Department.objects.all()
            self.fields["departments"].required = False
            # The unsaved instance puts None into `initial`, so setdefault would keep None.
            now = timezone.localtime().replace(second=0, microsecond=0)
            if self.initial.get("opens_at") is None:
                self.initial["opens_at"] = now
            if self.initial.get("closes_at") is None:
                self.initial["closes_at"] = now + timezone.timedelta(days=14)

        def clean_reminder_days(self):
            return _reminder_days(self.cleaned_data["reminder_days"])

        def audience_choice(self) -> tuple[list[Department], str]:
            """The departments and mode as currently chosen, read leniently for the preview."""
            raw = self["departments"].value() or []
            ids = [parse_id(value) for value in raw if parse_id(value) is not None]
            departments = list(self.fields["departments"].queryset.filter(pk__in=ids))
            mode = self["mode"].value()
            return departments, mode if mode in Wave.Mode.values else Wave.Mode.PERSONAL

        def clean(self):
            data = super().clean()
            if (
                data.get("opens_at")
                and data.get("closes_at")
                and data["closes_at"] <= data["opens_at"]
            ):
                self.add_error("closes_at", _("The wave must close after it opens."))
            return data

    class PulseSeriesForm(forms.ModelForm):
        class Meta:
            model = PulseSeries
            fields = ["instrument", "title", "cadence", "departments", "open_days", "next_run_at"]
            field_classes = {"departments": ModelMultipleChoiceField}
            widgets = {
                "departments": forms.CheckboxSelectMultiple,
                "next_run_at": _datetime_input(),
            }
            labels = {"next_run_at": _("First wave opens")}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["instrument"].queryset = Instrument.objects.all()
            _title_defaults_to_instrument(self.fields["title"])
            self.fields["departments"].queryset = Department.objects.all()
            self.fields["departments"].required = False
            self.fields["open_days"].min_value = 1
            if self.initial.get("next_run_at") is None:
                self.initial["next_run_at"] = timezone.localtime().replace(second=0, microsecond=0)

    class ActionForm(forms.ModelForm):
        class Meta:
            model = Action
            fields = ["scale_key", "department", "finding", "title", "owner", "due_date"]
            widgets = {
                "due_date": forms.DateInput(attrs={"type": "date"}),
                "finding": forms.Textarea(attrs={"rows": 3}),
            }
            help_texts = {"department": _AUDIENCE_HELP}

        def __init__(self, *args, wave: Wave, **kwargs):
            super().__init__(*args, **kwargs)
            _departments_of_the_audience(self.fields["department"], wave)
            scales = wave.instrument.scales.filter(kind__in=["mean", "levels"])
            self.fields["scale_key"] = forms.ChoiceField(
                label=_("Scale"), choices=[(s.key, s.text) for s in scales]
            )
            self.fields["owner"].queryset = User.objects.filter(
                memberships__organisation=wave.organisation
            ).order_by("full_name")
            self.fields["owner"].required = True

    class ActionUpdateForm(forms.ModelForm):
        class Meta:
            model = Action
            fields = ["title", "department", "owner", "due_date", "status", "follow_up_wave"]
            widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
            help_texts = {"department": _AUDIENCE_HELP}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _departments_of_the_audience(self.fields["department"], self.instance.wave)
            organisation = self.instance.organisation
            self.fields["owner"].queryset = User.objects.filter(
                memberships__organisation=organisation
            ).order_by("full_name")
            # A wave's label names its instrument: load it with the wave.
            self.fields["follow_up_wave"].queryset = (
                Wave.objects.exclude(pk=self.instance.wave_id)
                .filter(opens_at__gte=self.instance.wave.opens_at)
                .select_related("instrument")
            )


def pages(items: list[Item]) -> list[list[Item]]:
    """Questions in pages of at most PAGE_SIZE, so a phone shows a short page."""
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


def field_name(item: Item) -> str:
    return f"item_{item.pk}"


class AnswerForm(forms.Form):
    """The questions of one page, labelled in the respondent's language."""

    def __init__(self, *args, items: list[Item], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        required = {"required": _("Please answer this question.")}
        for item in items:
            label = item.text_in(language)
            name = field_name(item)
            if item.type == Item.Type.AGREEMENT:
                choices = [(str(v), label_) for v, label_ in AGREEMENT_LABELS.items()]
                field = forms.TypedChoiceField(
                    choices=choices, coerce=int, widget=forms.RadioSelect
                )
            elif item.type == Item.Type.SCALE_0_10:
                field = forms.TypedChoiceField(
                    choices=[(str(v), str(v)) for v in range(11)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "scale10"}),
                    help_text=_("0 = not at all likely, 10 = extremely likely"),
                )
            elif item.type == Item.Type.SINGLE:
                field = forms.TypedChoiceField(
                    choices=[
                        (str(o["value"]), item.option_label(o["value"], language))
                        for o in item.options
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            elif item.type == Item.Type.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=[
                        (str(o["value"]), item.option_label(o["value"], language))
                        for o in item.options
                    ],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=2000,
                    help_text=_("Please do not write names or anything that identifies you."),
                )
            field.label = label
            field.required = item.required
            field.error_messages.update(required)
            self.fields[name] = field

    def answers(self) -> dict[int, object]:
        return {item.pk: self.cleaned_data.get(field_name(item)) for item in self.items}


def answers_as_initial(data, items: list[Item]) -> dict[str, object]:
    """Posted answers of these items as a form's initial values: shown again, not validated."""
    initial: dict[str, object] = {}
    for item in items:
        name = field_name(item)
        if name in data:
            many = item.type == Item.Type.MULTIPLE
            initial[name] = data.getlist(name) if many else data.get(name)
    return initial


class KioskDepartmentForm(forms.Form):
    department = forms.TypedChoiceField(
        label=_("Your department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("I prefer not to say"))] + [
            (str(d.pk), d.name) for d in departments
        ]


class KioskCodeForm(forms.Form):
    code = forms.CharField(label=_("Survey code"), max_length=12)
