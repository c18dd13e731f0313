"""Forms of the change-management app: they validate; the services act."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from adoption import permissions
from adoption.imports import LIMITS, ParsedImport, UsageImport, parse_month
from adoption.models import (
    AiTool,
    ChangeLoadSettings,
    Escalation,
    EscalationStatus,
    IdeaStatus,
    Retrospective,
    first_of_month,
)
from adoption.services import TRIAGE_STATUSES, anonymity_errors
from governance.selectors import application_area_choices, use_cases_for_linking
from transformation import csvio
from transformation.forms import ModelMultipleChoiceField
from transformation.models import (
    Department,
    Membership,
    OrganisationStep,
    Programme,
    StepProgress,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthField(forms.CharField):
    """A month as 2026-03 (also 03/2026 or 03.2026); the browser offers a month picker."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if isinstance(value, date):
            return first_of_month(value)
        try:
            return parse_month(value)
        except ValueError as error:
            raise forms.ValidationError(_("Enter a month as 2026-03.")) from error

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


def _not_future_month(month: date) -> date:
    if month > first_of_month(timezone.localdate()):
        raise forms.ValidationError(_("The month lies in the future."))
    return month


def departments_for(membership: Membership):
    """Champions record for their own department only."""
    if not permissions.record_for_any_department(membership):
        return Department.objects.filter(pk=membership.department_id)
    return Department.objects.order_by("name")


with scopes_disabled():

    class ToolForm(forms.ModelForm):
        class Meta:
            model = AiTool
            fields = ["name", "provider", "licences", "departments", "use_cases", "notes"]
            field_classes = {
                "departments": ModelMultipleChoiceField,
                "use_cases": ModelMultipleChoiceField,
            }
            widgets = {
                "departments": forms.CheckboxSelectMultiple,
                "use_cases": forms.CheckboxSelectMultiple,
                "notes": forms.Textarea(attrs={"rows": 3}),
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["departments"].queryset = Department.objects.order_by("name")
            self.fields["use_cases"].queryset = use_cases_for_linking()

        def values(self) -> dict:
            data = self.cleaned_data
            return {key: data[key] for key in ("name", "provider", "licences", "notes")}


class UsageForm(forms.Form):
    """One tool's figures for one department and month, entered by hand."""

    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=None)
    month = MonthField(label=gettext_lazy("Month"))
    licensed_users = forms.IntegerField(label=gettext_lazy("Licensed users"), min_value=0)
    active_users = forms.IntegerField(label=gettext_lazy("Active users"), min_value=0)
    actions = forms.IntegerField(
        label=gettext_lazy("Sessions or actions"), min_value=0, required=False, initial=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("name")
        self.fields["month"].initial = first_of_month(timezone.localdate())

    def clean_month(self):
        return _not_future_month(self.cleaned_data["month"])

    def clean(self):
        data = super().clean()
        licensed, active = data.get("licensed_users"), data.get("active_users")
        if licensed is not None and active is not None and active > licensed:
            self.add_error(
                "active_users",
                _("More active users (%(active)s) than licensed users (%(licensed)s).")
                % {"active": active, "licensed": licensed},
            )
        data["actions"] = data.get("actions") or 0
        return data


class UsageImportForm(forms.Form):
    """A usage export: every line valid and all are saved, or nothing is."""

    file = forms.FileField(label=gettext_lazy("CSV file"))
    tool = forms.ModelChoiceField(
        label=gettext_lazy("Tool (per-user exports only)"),
        queryset=None,
        required=False,
    )
    month = MonthField(label=gettext_lazy("Month (per-user exports only)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = AiTool.objects.order_by("name")
        self.fields["file"].help_text = csvio.limits_text(LIMITS)
        self.parsed = ParsedImport()

    def clean_month(self):
        month = self.cleaned_data.get("month")
        return _not_future_month(month) if month else month

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None or self.errors:
            return data
        text = csvio.decode_upload(upload, limits=LIMITS)
        self.parsed = UsageImport(tool=data.get("tool"), month=data.get("month")).parse(text)
        if self.parsed.errors:
            raise forms.ValidationError(self.parsed.errors)
        return data


class IdeaForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Your idea"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("What would change, and why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department it concerns"),
        queryset=None,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Submit anonymously"),
        required=False,
        help_text=gettext_lazy(
            "Your name is then not stored with the idea, not even in the audit trail, "
            "and nobody can reply to you in person: the idea box shows its status and "
            "any reason to everyone."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            for message in anonymity_errors(data.get("department")):
                self.add_error("department", message)
        return data


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(status, IdeaStatus(status).label) for status in TRIAGE_STATUSES],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown with the idea when it is declined)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == IdeaStatus.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for declining the idea."))
        return data


class UseCaseFromIdeaForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=None, required=False
    )
    application_area = forms.ChoiceField(
        label=gettext_lazy("Application area"), choices=application_area_choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("name")


with scopes_disabled():

    class EscalationForm(forms.ModelForm):
        class Meta:
            model = Escalation
            fields = [
                "title",
                "department",
                "category",
                "severity",
                "status",
                "raised_on",
                "description",
                "resolution",
            ]
            widgets = {
                "raised_on": DateInput(),
                "description": forms.Textarea(attrs={"rows": 3}),
                "resolution": forms.Textarea(attrs={"rows": 3}),
            }

        def __init__(self, *args, membership: Membership, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["department"].queryset = departments_for(membership)
            if not permissions.record_for_any_department(membership):
                self.fields["department"].required = True
                self.fields["department"].empty_label = None

        def clean_raised_on(self):
            day = self.cleaned_data["raised_on"]
            if day > timezone.localdate():
                raise forms.ValidationError(_("The date lies in the future."))
            return day

        def clean(self):
            data = super().clean()
            if data.get("status") == EscalationStatus.RESOLVED and not data.get("resolution", ""):
                self.add_error("resolution", _("Say how the escalation was resolved."))
            return data


with scopes_disabled():

    class RetrospectiveForm(forms.ModelForm):
        """An after-action review; a new one names a roadmap step or a use case."""

        department = forms.ModelChoiceField(
            label=gettext_lazy("Department of the roadmap step"),
            queryset=None,
            required=False,
        )
        step = forms.ModelChoiceField(
            label=gettext_lazy("Roadmap step"), queryset=None, required=False
        )
        use_case = forms.ModelChoiceField(
            label=gettext_lazy("or a use case (after its pilot)"),
            queryset=None,
            required=False,
        )

        class Meta:
            model = Retrospective
            fields = ["held_on", "went_well", "went_badly", "changes", "decisions"]
            widgets = {
                "held_on": DateInput(),
                "went_well": forms.Textarea(attrs={"rows": 3}),
                "went_badly": forms.Textarea(attrs={"rows": 3}),
                "changes": forms.Textarea(attrs={"rows": 3}),
                "decisions": forms.Textarea(attrs={"rows": 3}),
            }

        def __init__(self, *args, membership: Membership, programme: Programme | None, **kwargs):
            super().__init__(*args, **kwargs)
            self.membership, self.programme = membership, programme
            self.subject: dict = {}
            if self.instance.pk:
                for name in ("department", "step", "use_case"):
                    del self.fields[name]
                return
            self.fields["department"].queryset = departments_for(membership)
            self.fields["step"].queryset = OrganisationStep.objects.select_related("template")
            use_cases = use_cases_for_linking()
            if not permissions.record_for_any_department(membership):
                use_cases = use_cases.filter(department=membership.department_id)
            self.fields["use_case"].queryset = use_cases
            order = ["department", "step", "use_case"]
            self.order_fields(order + [name for name in self.fields if name not in order])

        def clean_held_on(self):
            day = self.cleaned_data["held_on"]
            if day > timezone.localdate():
                raise forms.ValidationError(_("The date lies in the future."))
            return day

        def clean(self):
            data = super().clean()
            if self.instance.pk:
                return data
            department, step, use_case = (
                data.get("department"),
                data.get("step"),
                data.get("use_case"),
            )
            if use_case is not None and (department or step):
                raise forms.ValidationError(_("Choose either a roadmap step or a use case."))
            if use_case is not None:
                self.subject = {"use_case": use_case}
                return data
            if department is None or step is None:
                raise forms.ValidationError(
                    _("Choose the department and the roadmap step, or a use case.")
                )
            if self.programme is None:
                raise forms.ValidationError(_("There is no programme with a roadmap yet."))
            progress = (
                StepProgress.objects.filter(
                    programme=self.programme, department=department, step=step
                )
                .select_related("department", "step__template")
                .first()
            )
            if progress is None:
                raise forms.ValidationError(
                    _("This department has no such step in the current programme.")
                )
            self.subject = {"step": progress}
            return data

        def values(self) -> dict:
            return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LoadSettingsForm(forms.ModelForm):
    class Meta:
        model = ChangeLoadSettings
        fields = [
            "step_weight",
            "go_live_weight",
            "survey_weight",
            "training_weight",
            "licence_weight",
            "saturation",
            "low_readiness",
        ]

    def clean_low_readiness(self):
        value = self.cleaned_data["low_readiness"]
        if value > 5:
            raise forms.ValidationError(_("Readiness is measured from 1 to 5."))
        return value
