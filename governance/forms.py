from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from governance import permissions
from governance.models import (
    ApprovalRequest,
    CustomRole,
    DataProtectionImpactAssessment,
    FundamentalRightsImpactAssessment,
    LifecycleState,
    Obligation,
    Outcome,
    RaciEntry,
    RoleAssignment,
    TrainingOffer,
    TrainingSession,
    UseCase,
)
from governance.rules import RuleSet, localized, upgrade_answers
from transformation import uploads
from transformation.forms import ModelMultipleChoiceField, plausible_date
from transformation.models import AuditEvent, Department, Membership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def audit_target_choices() -> list[tuple[str, str]]:
    """The kinds of object in the organisation's audit trail, by their translated names."""
    from django.apps import apps

    choices = []
    for label in (
        AuditEvent.objects.exclude(target_type="")
        .values_list("target_type", flat=True)
        .distinct()
        .order_by()
    ):
        try:
            name = capfirst(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            name = label
        choices.append((label, str(name)))
    return sorted(choices, key=lambda choice: choice[1])


def member_choices():
    """The organisation's members, by name, for a choice of person (their labels take the
    organisation from the scope, see `Membership.__str__`)."""
    return Membership.objects.select_related("user").order_by("user__full_name", "user__email")


with scopes_disabled():

    class UseCaseForm(forms.ModelForm):
        class Meta:
            model = UseCase
            fields = [
                "title",
                "description",
                "department",
                "owner",
                "vendor",
                "system",
                "application_area",
                "uses_personal_data",
                "uses_special_categories",
                "uses_employee_data",
                "efficiency_potential",
                "complexity_reduction",
                "strategic_relevance",
                "data_readiness",
                "implementation_risk",
            ]
            widgets = {"description": forms.Textarea(attrs={"rows": 4})}

        def __init__(self, *args, membership: Membership | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["department"].queryset = Department.objects.all()
            self.fields["owner"].queryset = member_choices()
            for name in (
                "efficiency_potential",
                "complexity_reduction",
                "strategic_relevance",
                "data_readiness",
                "implementation_risk",
            ):
                self.fields[name].widget.attrs.update({"min": 1, "max": 5})
            if membership is not None and not permissions.register_for_any_department(membership):
                # Champions register use cases of their own department only.
                self.fields["department"].queryset = Department.objects.filter(
                    pk=membership.department_id
                )
                self.fields["department"].required = True
                self.fields["department"].empty_label = None

    class ObligationForm(forms.ModelForm):
        class Meta:
            model = Obligation
            fields = [
                "owner",
                "due_on",
                "status",
                "evidence_file",
                "evidence_link",
                "evidence_expires_on",
            ]
            widgets = {"due_on": DateInput(), "evidence_expires_on": DateInput()}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["owner"].queryset = member_choices()
            self.fields["evidence_file"].help_text = uploads.describe(uploads.EVIDENCE)

        def clean_evidence_file(self):
            upload = self.cleaned_data.get("evidence_file")
            if not upload or not hasattr(upload, "content_type"):
                return upload
            return uploads.check_evidence(upload)

    class RaciForm(forms.ModelForm):
        class Meta:
            model = RaciEntry
            fields = ["member", "letter"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["member"].queryset = member_choices()

    class RoleAssignmentForm(forms.ModelForm):
        class Meta:
            model = RoleAssignment
            fields = [
                "kind",
                "custom_role",
                "member",
                "external_name",
                "department",
                "share_percent",
                "starts_on",
                "ends_on",
                "responsibilities",
            ]
            widgets = {
                "starts_on": DateInput(),
                "ends_on": DateInput(),
                "responsibilities": forms.Textarea(attrs={"rows": 3}),
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["custom_role"].queryset = CustomRole.objects.all()
            self.fields["member"].queryset = member_choices()
            self.fields["department"].queryset = Department.objects.all()
            self.fields["responsibilities"].help_text = _(
                "Leave empty to use the role's standard responsibilities."
            )

    class AttendanceForm(forms.Form):
        members = ModelMultipleChoiceField(
            label=_("Attended"),
            queryset=Membership.objects.none(),
            widget=forms.CheckboxSelectMultiple,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["members"].queryset = member_choices()

    class AuditFilterForm(forms.Form):
        target_type = forms.ChoiceField(label=_("Object type"), required=False)
        target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
        actor = forms.ModelChoiceField(
            label=_("Person"), queryset=Membership.objects.none(), required=False
        )
        since = forms.DateField(
            label=_("From"), required=False, widget=DateInput(), validators=[plausible_date]
        )
        until = forms.DateField(
            label=_("Until"), required=False, widget=DateInput(), validators=[plausible_date]
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["actor"].queryset = member_choices()
            self.fields["target_type"].choices = [("", _("All")), *audit_target_choices()]


class DpiaForm(forms.ModelForm):
    class Meta:
        model = DataProtectionImpactAssessment
        fields = [
            "processing_description",
            "necessity_proportionality",
            "risks",
            "measures",
            "dpo_advice",
            "data_subject_views",
            "residual_risk_high",
            "completed_on",
            "next_review_on",
        ]
        widgets = {"completed_on": DateInput(), "next_review_on": DateInput()}


class FriaForm(forms.ModelForm):
    class Meta:
        model = FundamentalRightsImpactAssessment
        fields = [
            "processes",
            "period_and_frequency",
            "affected_groups",
            "risks_of_harm",
            "human_oversight",
            "mitigation",
            "authority_notified",
            "completed_on",
            "next_review_on",
        ]
        widgets = {"completed_on": DateInput(), "next_review_on": DateInput()}


class CustomRoleForm(forms.ModelForm):
    class Meta:
        model = CustomRole
        fields = ["name", "responsibilities"]
        widgets = {"responsibilities": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if CustomRole.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("The custom role needs a unique name."))
        return name


class MoveForm(forms.Form):
    target_state = forms.ChoiceField(label=_("Move to"), choices=LifecycleState.choices)


class ApprovalRequestForm(forms.ModelForm):
    class Meta:
        model = ApprovalRequest
        fields = ["target_state", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Outcome.APPROVE_WITH_CONDITIONS
            and not data.get("conditions", "").strip()
        ):
            self.add_error("conditions", _("Name the conditions of the approval."))
        return data


class GuidelineForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label=_("What changed"), max_length=255, required=False)


class GuidelineVersionForm(forms.Form):
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label=_("What changed"), max_length=255, required=False)


class TrainingOfferForm(forms.ModelForm):
    class Meta:
        model = TrainingOffer
        fields = ["title", "audience", "format", "content", "validity_months"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "trainer", "location"]
        widgets = {"held_on": DateInput()}


class ClassificationForm(forms.Form):
    """The questionnaire of a rule set, one field per question, grouped by step."""

    def __init__(self, *args, rule_set: RuleSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set
        for question in rule_set.questions:
            label = localized(question.text)
            help_text = localized(question.help) if question.help else ""
            if question.kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            else:
                choices = [
                    (
                        o.value,
                        f"{localized(o.text)} ({o.article})" if o.article else localized(o.text),
                    )
                    for o in question.options
                ]
                if question.kind == "multi":
                    field = forms.MultipleChoiceField(
                        label=label,
                        choices=choices,
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
                else:
                    field = forms.ChoiceField(
                        label=label,
                        choices=choices,
                        widget=forms.RadioSelect,
                        initial=question.default,
                    )
            field.help_text = help_text
            field.article = question.article
            field.step = question.step
            self.fields[question.key] = field

    def steps(self):
        for step in self.rule_set.steps:
            yield (
                localized(step.title),
                [self[question.key] for question in self.rule_set.questions_for(step.key)],
            )


def initial_answers(use_case: UseCase) -> dict:
    """The last answers (carried over to the current rule set), or a first guess."""
    if use_case.current_classification is not None:
        previous = use_case.current_classification
        return upgrade_answers(previous.rule_set_version, previous.answers)
    criteria = []
    if use_case.uses_special_categories:
        criteria.append("sensitive")
    if use_case.uses_employee_data:
        criteria.append("vulnerable")
    return {
        "is_ai_system": "yes",
        "scope_exclusion": "none",
        "derogation_condition": "none",
        "personal_data": use_case.uses_personal_data or use_case.uses_special_categories,
        "used_at_workplace": use_case.uses_employee_data,
        "employee_data": use_case.uses_employee_data,
        "wp248_criteria": criteria,
    }
