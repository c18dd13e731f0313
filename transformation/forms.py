from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from transformation.models import Department, Membership, Organisation, Role


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
