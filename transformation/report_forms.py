import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from transformation import registry, uploads
from transformation.forms import plausible_date
from transformation.models import ReportSettings


def _last_month() -> tuple[dt.date, dt.date]:
    end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


class BoardReportForm(forms.Form):
    period_start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), validators=[plausible_date]
    )
    period_end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), validators=[plausible_date]
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    sections = forms.MultipleChoiceField(
        label=_("Sections"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    email_to_steering = forms.BooleanField(
        label=_("E-mail it to the steering committee when it is ready"), required=False
    )

    def __init__(self, *args, organisation=None, **kwargs):
        start, end = _last_month()
        initial = {
            "period_start": start,
            "period_end": end,
            "language": organisation.default_language if organisation else "en",
        }
        choices = [(section.key, section.title) for section in registry.report_sections.all()]
        initial["sections"] = [key for key, _label in choices]
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = choices

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["logo", "monthly", "monthly_language", "email_to_steering"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo
        return uploads.check_logo(logo)
