from django import forms
from django.utils.translation import gettext_lazy as _

from casestudies.models import (
    ApplicationArea,
    BusinessFunction,
    CaseStudy,
    PaybackBasis,
    Sector,
    SizeBand,
)


def _with_all(label, choices):
    return [("", label), *choices]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. quotations")}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=_with_all(_("All sectors"), Sector.choices)
    )
    size_band = forms.ChoiceField(
        label=_("Company size"), required=False, choices=_with_all(_("All sizes"), SizeBand.choices)
    )
    area = forms.ChoiceField(
        label=_("Application area"),
        required=False,
        choices=_with_all(_("All areas"), ApplicationArea.choices),
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ListField(forms.CharField):
    """A list edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class CaseStudyForm(forms.Form):
    """One language version of an internal case study, with the facts all versions share."""

    title = forms.CharField(label=_("Title"), max_length=200)
    situation = forms.CharField(
        label=_("Starting situation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    components = ListField(
        label=_("The AI solution's components"), required=False, help_text=_("One per line.")
    )
    change_approach = ListField(
        label=_("Change-management approach"), required=False, help_text=_("One per line.")
    )
    success_factor = forms.CharField(
        label=_("Decisive success factor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    # The world's largest employers have a few million people; beyond that is a typo.
    employee_count = forms.IntegerField(label=_("Employees"), min_value=1, max_value=10_000_000)
    business_function = forms.ChoiceField(
        label=_("Business function"),
        choices=[("", _("not known")), *BusinessFunction.choices],
        required=False,
    )
    areas = forms.MultipleChoiceField(
        label=_("Application areas"),
        choices=ApplicationArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    investment = forms.DecimalField(
        label=_("Investment (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    payback_months = forms.IntegerField(
        label=_("Payback (months)"), required=False, min_value=0, max_value=600
    )
    payback_basis = forms.ChoiceField(
        label=_("The payback is"),
        choices=PaybackBasis.choices,
        initial=PaybackBasis.REPORTED,
        required=False,
    )

    def clean_payback_basis(self) -> str:
        return self.cleaned_data["payback_basis"] or PaybackBasis.REPORTED

    @classmethod
    def initial_for(cls, case_study: CaseStudy, language: str) -> dict:
        initial = {
            name: getattr(case_study, f"{name}_{language}")
            for name in (
                "title",
                "situation",
                "components",
                "change_approach",
                "success_factor",
                "notes",
            )
        }
        initial |= {
            name: getattr(case_study, name)
            for name in (
                "sector",
                "employee_count",
                "business_function",
                "investment",
                "payback_months",
                "payback_basis",
            )
        }
        initial["areas"] = [area.area for area in case_study.areas.all()]
        return initial


class MetricForm(forms.Form):
    """One result, with its name and unit in the language being edited."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Result"), max_length=200)
    before = forms.DecimalField(label=_("Before"), required=False, max_digits=14, decimal_places=2)
    after = forms.DecimalField(label=_("After"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    stated_relative_change = forms.DecimalField(
        label=_("Reported change (%)"),
        required=False,
        max_digits=7,
        decimal_places=1,
        help_text=_("Only when before and after are not known."),
    )
    stated_absolute_change = forms.DecimalField(
        label=_("Reported change (in the unit)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Only when before and after are not known."),
    )
    higher_is_better = forms.BooleanField(label=_("Higher is better"), required=False)

    def clean(self):
        data = super().clean()
        before, after = data.get("before"), data.get("after")
        if (before is None) != (after is None):
            raise forms.ValidationError(_("Give both the value before and after, or neither."))
        stated = (data.get("stated_relative_change"), data.get("stated_absolute_change"))
        if before is not None and any(value is not None for value in stated):
            raise forms.ValidationError(
                _("With before and after known, the change is computed; leave it empty.")
            )
        if before is None and all(value is None for value in stated):
            raise forms.ValidationError(
                _("Give before and after, or the change the source reports.")
            )
        return data


MetricFormSet = forms.formset_factory(MetricForm, extra=1, can_delete=True, max_num=20)


class ConfirmForm(forms.Form):
    """An explicit confirmation for an action that other organisations will see."""

    confirm = forms.BooleanField(
        label=_("I have checked the preview: nothing in it names us or our people.")
    )
