from __future__ import annotations

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

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
from governance.rules import RuleSet, localized
from transformation.models import Department, Membership

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Extension and the file's first bytes must agree, so a renamed executable
# does not pass as a PDF.
EVIDENCE_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".txt": (),
    ".csv": (),
}


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The 2 KB cut may split a multi-byte character at the very end.
        if error.start < len(head) - 3:
            return False
    return b"\x00" not in head


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def audit_target_choices() -> list[tuple[str, str]]:
    from django.apps import apps

    models = [
        *apps.get_app_config("governance").get_models(),
        *apps.get_app_config("transformation").get_models(),
    ]
    return sorted(
        ((m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models),
        key=lambda choice: choice[1],
    )


def _members():
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
            self.fields["owner"].queryset = _members()
            for name in (
                "efficiency_potential",
                "complexity_reduction",
                "strategic_relevance",
                "data_readiness",
                "implementation_risk",
            ):
                self.fields[name].widget.attrs.update({"min": 1, "max": 5})
            if membership is not None and membership.role == "champion":
                # Champions register use cases of their own department only.
                self.fields["department"].queryset = Department.objects.filter(
                    pk=membership.department_id
                )
                self.fields["department"].required = True
                self.fields["department"].empty_label = None

    class ObligationForm(forms.ModelForm):
        class Meta:
            model = Obligation
            fields = ["owner", "due_on", "status", "evidence_file", "evidence_link"]
            widgets = {"due_on": DateInput()}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["owner"].queryset = _members()
            self.fields["evidence_file"].help_text = _(
                "PDF, PNG, JPEG, DOCX, XLSX, ODT, TXT or CSV, at most %(size)s."
            ) % {"size": filesizeformat(EVIDENCE_MAX_BYTES)}

        def clean_evidence_file(self):
            upload = self.cleaned_data.get("evidence_file")
            if not upload or not hasattr(upload, "content_type"):
                return upload
            suffix = Path(upload.name).suffix.lower()
            if suffix not in EVIDENCE_SIGNATURES:
                raise forms.ValidationError(_("This file type is not accepted as evidence."))
            if upload.size > EVIDENCE_MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)s.")
                    % {"size": filesizeformat(EVIDENCE_MAX_BYTES)}
                )
            signatures = EVIDENCE_SIGNATURES[suffix]
            upload.seek(0)
            head = upload.read(2048)
            upload.seek(0)
            if signatures and not head.startswith(signatures):
                raise forms.ValidationError(_("The file's content does not match its type."))
            if not signatures and not _is_text(head):
                # TXT and CSV have no signature: a renamed binary must still not pass.
                raise forms.ValidationError(_("The file's content does not match its type."))
            return upload

    class RaciForm(forms.ModelForm):
        class Meta:
            model = RaciEntry
            fields = ["member", "letter"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["member"].queryset = _members()

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
            self.fields["member"].queryset = _members()
            self.fields["department"].queryset = Department.objects.all()
            self.fields["responsibilities"].help_text = _(
                "Leave empty to use the role's standard responsibilities."
            )

    class AttendanceForm(forms.Form):
        members = forms.ModelMultipleChoiceField(
            label=_("Attended"),
            queryset=Membership.objects.none(),
            widget=forms.CheckboxSelectMultiple,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["members"].queryset = _members()

    class AuditFilterForm(forms.Form):
        target_type = forms.ChoiceField(label=_("Object type"), required=False)
        target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
        actor = forms.ModelChoiceField(
            label=_("Person"), queryset=Membership.objects.none(), required=False
        )
        since = forms.DateField(label=_("From"), required=False, widget=DateInput())
        until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["actor"].queryset = _members()
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
        ]
        widgets = {"completed_on": DateInput()}


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
        ]
        widgets = {"completed_on": DateInput()}


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
    """The last answers, or a first guess from what the register knows."""
    if use_case.current_classification is not None:
        return use_case.current_classification.answers
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
        "wp248_criteria": criteria,
    }
