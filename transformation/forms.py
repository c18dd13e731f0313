from pathlib import PurePath

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from transformation.models import (
    Attitude,
    CommunicationItem,
    Concern,
    Department,
    Engagement,
    Membership,
    Organisation,
    OrganisationStep,
    Phase,
    Programme,
    Role,
    Stakeholder,
    StepProgress,
    StepStatus,
    User,
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Access role"), choices=Role.choices, initial=Role.EMPLOYEE)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.with_scopes_disabled().none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()


# Field querysets are built at import time, outside any scope; each form
# narrows them to the current organisation in __init__, inside the scope.
with scopes_disabled():

    class MembershipForm(forms.ModelForm):
        class Meta:
            model = Membership
            fields = ["role", "department"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["department"].queryset = Department.objects.all()

    class DepartmentForm(forms.ModelForm):
        class Meta:
            model = Department
            fields = ["name", "parent", "headcount"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            parents = Department.objects.all()
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents
            self.fields["parent"].required = False


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "employee_count",
            "country",
            "default_language",
            "has_works_council",
            "organisation_model",
            "has_ai_experience",
        ]


class AcceptInvitationForm(forms.Form):
    """Creates the account of an invited person who has none yet."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


# -- Programme and roadmap --------------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def member_users():
    """The organisation's members as a User queryset (inside the request's scope)."""
    return User.objects.filter(pk__in=Membership.objects.values("user_id")).order_by(
        "full_name", "email"
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "vision",
            "goals",
            "start_date",
            "target_end",
            "organisation_model",
            "status",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "target_end": DATE_WIDGET,
            "vision": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("target_end")
        if start and end and end <= start:
            self.add_error("target_end", _("The target end must come after the start."))
        return data


class MatrixFilterForm(forms.Form):
    """The dashboard's filters, read from the query string."""

    phase = forms.TypedChoiceField(
        label=_("Phase"),
        choices=[("", _("All phases")), *Phase.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Step status"),
        choices=[("", _("Any status")), *StepStatus.choices, ("overdue", _("overdue"))],
        required=False,
    )
    steps = forms.BooleanField(label=_("Show the steps"), required=False)


with scopes_disabled():

    class StepProgressForm(forms.ModelForm):
        class Meta:
            model = StepProgress
            fields = [
                "status",
                "owner",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "note",
                "blocked_reason",
            ]
            widgets = {
                "planned_start": DATE_WIDGET,
                "planned_end": DATE_WIDGET,
                "actual_start": DATE_WIDGET,
                "actual_end": DATE_WIDGET,
                "note": forms.Textarea(attrs={"rows": 3}),
                "blocked_reason": forms.Textarea(attrs={"rows": 2}),
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["owner"].queryset = member_users()
            self.fields["owner"].empty_label = "–"

        def clean(self):
            data = super().clean()
            if data.get("status") == StepStatus.BLOCKED and not data.get("blocked_reason"):
                self.add_error("blocked_reason", _("Say what blocks the step."))
            for first, last in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
                if data.get(first) and data.get(last) and data[last] < data[first]:
                    self.add_error(last, _("The end cannot come before the start."))
            return data

    class StepRenameForm(forms.ModelForm):
        class Meta:
            model = OrganisationStep
            fields = ["custom_name", "custom_focus"]
            widgets = {"custom_focus": forms.Textarea(attrs={"rows": 3})}

        def clean_custom_name(self):
            name = self.cleaned_data["custom_name"].strip()
            if not name and not self.instance.template_id:
                raise forms.ValidationError(_("An own step needs a name."))
            return name

    class StakeholderForm(forms.ModelForm):
        concerns = forms.MultipleChoiceField(
            label=_("Concerns"),
            choices=Concern.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

        class Meta:
            model = Stakeholder
            fields = [
                "name",
                "kind",
                "department",
                "role",
                "influence",
                "interest",
                "attitude",
                "concerns",
                "engagement_override",
                "owner",
                "next_action",
                "next_action_due",
            ]
            widgets = {
                "influence": forms.Select(choices=[(n, n) for n in range(1, 6)]),
                "interest": forms.Select(choices=[(n, n) for n in range(1, 6)]),
                "next_action_due": DATE_WIDGET,
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["department"].queryset = Department.objects.all()
            self.fields["department"].empty_label = "–"
            self.fields["owner"].queryset = member_users()
            self.fields["owner"].empty_label = "–"

    class CommunicationItemForm(forms.ModelForm):
        class Meta:
            model = CommunicationItem
            fields = ["planned_on", "audience", "channel", "message", "status", "owner"]
            widgets = {"planned_on": DATE_WIDGET, "message": forms.Textarea(attrs={"rows": 3})}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["owner"].queryset = member_users()
            self.fields["owner"].empty_label = "–"


class AddStepForm(forms.Form):
    after = forms.ModelChoiceField(
        label=_("After step"), queryset=OrganisationStep.objects.with_scopes_disabled().none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    phase = forms.TypedChoiceField(label=_("Phase"), choices=Phase.choices, coerce=int)
    weeks = forms.IntegerField(label=_("Duration in weeks"), min_value=1, max_value=104)
    focus = forms.CharField(
        label=_("Change-management focus"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = OrganisationStep.objects.select_related("template")


# Evidence files: the extension must be on the list and the first bytes must
# match it, so a renamed executable is refused.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
EVIDENCE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".odp": (ZIP,),
    ".txt": (),
    ".csv": (),
}


def check_evidence_file(upload) -> None:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in EVIDENCE_SIGNATURES:
        raise forms.ValidationError(
            _("Upload a PDF, image, office document or text file (%(types)s).")
            % {"types": ", ".join(sorted(EVIDENCE_SIGNATURES))}
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = EVIDENCE_SIGNATURES[suffix]
    if signatures:
        valid = any(head.startswith(signature) for signature in signatures)
    else:
        try:
            head.decode("utf-8")
            valid = b"\x00" not in head
        except UnicodeDecodeError:
            valid = False
    if not valid:
        raise forms.ValidationError(_("The file's content does not match its type."))


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False, validators=[check_evidence_file])
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")) and not self.errors:
            raise forms.ValidationError(_("Add either a file or a link."))
        return data


# -- Stakeholders -----------------------------------------------------------------------------


class StakeholderFilterForm(forms.Form):
    attitude = forms.ChoiceField(
        label=_("Attitude"), choices=[("", _("All")), *Attitude.choices], required=False
    )
    engagement = forms.ChoiceField(
        label=_("Engagement"), choices=[("", _("All")), *Engagement.choices], required=False
    )
    concern = forms.ChoiceField(
        label=_("Concern"), choices=[("", _("All")), *Concern.choices], required=False
    )
    since = forms.DateField(label=_("Changes since"), required=False, widget=DATE_WIDGET)
    moved = forms.ChoiceField(
        label=_("Moved since then"),
        choices=[
            ("", _("All")),
            ("improved", _("became more supportive")),
            ("worsened", _("became less supportive")),
        ],
        required=False,
    )


class StakeholderImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class StakeholderRowForm(forms.Form):
    """One CSV row; departments and owners are given by name and e-mail."""

    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Stakeholder.Kind.choices)
    department = forms.CharField(required=False)
    role = forms.CharField(max_length=200, required=False)
    influence = forms.IntegerField(min_value=1, max_value=5)
    interest = forms.IntegerField(min_value=1, max_value=5)
    attitude = forms.ChoiceField(choices=Attitude.choices)
    concerns = forms.CharField(required=False)
    engagement_override = forms.ChoiceField(
        choices=[("", "-"), *Engagement.choices], required=False
    )
    owner_email = forms.EmailField(required=False)
    next_action = forms.CharField(max_length=300, required=False)
    next_action_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, departments: dict, owners: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = departments
        self.owners = owners

    def clean_department(self):
        name = self.cleaned_data["department"].strip()
        if name and name.casefold() not in self.departments:
            raise forms.ValidationError(_("Unknown department “%(name)s”.") % {"name": name})
        return self.departments.get(name.casefold())

    def clean_owner_email(self):
        email = self.cleaned_data["owner_email"].strip().lower()
        if email and email not in self.owners:
            raise forms.ValidationError(
                _("No member has the e-mail “%(email)s”.") % {"email": email}
            )
        return self.owners.get(email)

    def clean_concerns(self):
        codes = [c.strip() for c in self.cleaned_data["concerns"].split(";") if c.strip()]
        unknown = [code for code in codes if code not in Concern.values]
        if unknown:
            raise forms.ValidationError(
                _("Unknown concerns: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes

    def model_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["owner"] = data.pop("owner_email")
        return data
