"""Forms of the works-council consultation and the incident register."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from governance import permissions
from governance.forms import DateInput, member_choices
from governance.models import (
    Consultation,
    CorrectiveAction,
    FollowUp,
    Incident,
    SystemCategory,
    UseCase,
    WorksAgreement,
)
from transformation import uploads
from transformation.models import Membership


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


with scopes_disabled():

    class ConsultationForm(forms.ModelForm):
        class Meta:
            model = Consultation
            fields = [
                "status",
                "category",
                "agreement",
                "agreement_reference",
                "informed_on",
                "started_on",
                "concluded_on",
                "participants",
                "notes",
            ]
            widgets = {
                "informed_on": DateInput(),
                "started_on": DateInput(),
                "concluded_on": DateInput(),
                "participants": forms.Textarea(attrs={"rows": 3}),
                "notes": forms.Textarea(attrs={"rows": 3}),
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["agreement"].queryset = WorksAgreement.objects.all()

    class WorksAgreementForm(forms.ModelForm):
        categories = forms.MultipleChoiceField(
            label=_("AI-system categories covered"),
            choices=SystemCategory.choices,
            widget=forms.CheckboxSelectMultiple,
        )

        class Meta:
            model = WorksAgreement
            fields = [
                "kind",
                "reference",
                "title",
                "categories",
                "concluded_on",
                "valid_until",
                "document",
                "notes",
            ]
            widgets = {
                "concluded_on": DateInput(),
                "valid_until": DateInput(),
                "notes": forms.Textarea(attrs={"rows": 3}),
            }

        def clean_reference(self):
            reference = self.cleaned_data["reference"].strip()
            taken = WorksAgreement.objects.filter(reference__iexact=reference)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Another agreement has this reference."))
            return reference

        def clean_document(self):
            upload = self.cleaned_data.get("document")
            if upload and hasattr(upload, "content_type"):
                return uploads.check_evidence(upload)
            return upload

    class IncidentForm(forms.ModelForm):
        occurred_at = _datetime_field(_("happened at"), required=False)
        aware_at = _datetime_field(_("became aware at"))

        class Meta:
            model = Incident
            fields = [
                "use_case",
                "title",
                "description",
                "occurred_at",
                "aware_at",
                "affected_people",
                "affected_count",
                "severity",
                "serious_harm",
                "death",
                "widespread_infringement",
                "breach_risk",
            ]
            widgets = {
                "description": forms.Textarea(attrs={"rows": 4}),
                "affected_people": forms.Textarea(attrs={"rows": 2}),
            }

        def __init__(self, *args, membership: Membership, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["use_case"].queryset = permissions.use_cases_for_incidents(
                membership, UseCase.objects.all()
            )
            self.fields["aware_at"].help_text = Incident._meta.get_field("aware_at").help_text
            if self.instance.pk:
                # An incident stays with its use case.
                del self.fields["use_case"]

    class CorrectiveActionForm(forms.ModelForm):
        class Meta:
            model = CorrectiveAction
            fields = ["description", "owner", "due_on"]
            widgets = {"due_on": DateInput()}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["owner"].queryset = member_choices()


class ConsultationDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return uploads.check_evidence(self.cleaned_data["file"])


class ReportForm(forms.Form):
    clock = forms.CharField(max_length=20, widget=forms.HiddenInput)
    when = _datetime_field(_("when"))


class CloseIncidentForm(forms.Form):
    closure_note = forms.CharField(
        label=_("How was it resolved?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=FollowUp.choices)


class PackLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
