from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from transformation import csvio, uploads
from transformation.clocks import time_zone_choices
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


def parse_id(value: object) -> int | None:
    """A row id from a query parameter, or None for what no id column holds.

    `str.isdigit()` admits "²" (which `int()` refuses) and ids beyond 64 bits
    (which SQLite refuses): both were 500s where the page should ignore them.
    """
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no integer column can hold like any other unknown id.

    Django hands the ids to an `__in` query unchecked, and SQLite raises
    OverflowError (a 500) on one beyond 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, list | tuple):
            low, high = connection.ops.integer_field_range(key.get_internal_type())
            for item in value:
                try:
                    number = int(str(item).strip())
                except ValueError:
                    continue  # Django's own check refuses it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


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


def plausible_date(value) -> None:
    """Refuse dates no programme or report can mean (year 1 or 9999 break the arithmetic)."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValidationError(_("Enter a date between 2000 and 2100."), code="implausible_date")


def unique_name_in_organisation(form: forms.ModelForm, message: str) -> str:
    """The name unless another row of this organisation has it (in any letter case).

    The database constraint is per organisation, which the form does not know
    about (the organisation is no form field), so it is checked here, in the
    current organisation's scope, and answered as a form error, not a 500.
    """
    name = form.cleaned_data.get("name", "").strip()
    others = form._meta.model.objects.filter(name__iexact=name)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if name and others.exists():
        raise ValidationError(message, code="duplicate_name")
    return name


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

        def clean_name(self):
            return unique_name_in_organisation(
                self, _("A department with this name already exists.")
            )


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
            "time_zone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = _("Installation default (%(zone)s)") % {"zone": settings.TIME_ZONE}
        self.fields["time_zone"].widget = forms.Select(
            choices=[("", default), *time_zone_choices()]
        )
        self.fields["time_zone"].help_text = _(
            "Deadlines, legal clocks and the morning digests follow this time zone."
        )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "target_end"):
            self.fields[name].validators.append(plausible_date)

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
            for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
                self.fields[name].validators.append(plausible_date)

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

        def clean_name(self):
            return unique_name_in_organisation(
                self, _("A stakeholder with this name already exists.")
            )

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


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False, validators=[uploads.check_evidence])
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
    """A CSV file of stakeholders: every row valid, or nothing is imported."""

    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = csvio.limits_text(csvio.CsvLimits())
        self.rows: list[dict] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        table = csvio.read_upload(upload)
        missing = [
            column
            for column in ("name", "kind", "influence", "interest", "attitude")
            if column not in table.column_names()
        ]
        if missing:
            raise forms.ValidationError(
                csvio.line_problem(
                    1, gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
                )
            )
        departments = {d.name.casefold(): d for d in Department.objects.all()}
        owners = {m.user.email.lower(): m.user for m in Membership.objects.select_related("user")}
        problems, seen = csvio.LineProblems(), set()
        for line, record in table.dicts():
            form = StakeholderRowForm(
                {key: value.strip() for key, value in record.items()},
                departments=departments,
                owners=owners,
            )
            if not form.is_valid():
                for name, messages in form.errors.items():
                    for message in messages:
                        problems.add(line, f"{name}: {message}")
                continue
            name = form.cleaned_data["name"]
            if name.casefold() in seen:
                problems.add(line, gettext("“%(name)s” appears twice.") % {"name": name})
            seen.add(name.casefold())
            self.rows.append(form.model_values())
        problems.raise_any()
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


# The import and export columns, in this order: the row form's fields.
STAKEHOLDER_COLUMNS = list(StakeholderRowForm.base_fields)


class DeleteOrganisationForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Short name of the organisation"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
