import datetime as dt
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from transformation import registry
from transformation.models import ReportSettings

LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
LOGO_MAX_BYTES = 1024 * 1024
# The browser's content type is only a claim: the stored name keeps the uploaded
# extension (and decides the MIME type on the cover), so both it and the first
# bytes must agree with an allowed type.
LOGO_EXTENSIONS = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".svg": "svg"}


def _logo_kind(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and b"<svg" in text:
        return "svg"
    return None


def _last_month() -> tuple[dt.date, dt.date]:
    end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


class BoardReportForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
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
        if logo.content_type not in LOGO_TYPES:
            raise forms.ValidationError(_("Upload the logo as PNG, JPEG or SVG."))
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 1 MB."))
        logo.seek(0)
        head = logo.read(1024)
        logo.seek(0)
        kind = LOGO_TYPES[logo.content_type]
        if LOGO_EXTENSIONS.get(PurePath(logo.name).suffix.lower()) != kind or (
            _logo_kind(head) != kind
        ):
            raise forms.ValidationError(_("Upload the logo as PNG, JPEG or SVG."))
        return logo
