"""Re-classifying a use case under the current rule set, with the difference shown first."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from governance import permissions, services
from governance.forms import ClassificationForm, initial_answers
from governance.rules import current_rule_set, evaluate, rule_set
from governance.rules.diff import compare
from governance.views.common import use_case_for_editing
from transformation.permissions import permission_required


def questions_to_review(old_version: str, new_rules) -> set[str]:
    """Questions that are new in `new_rules` or whose wording or options changed."""
    if old_version == new_rules.version:
        return set()
    old = {question.key: question for question in rule_set(old_version).questions}
    return {
        question.key
        for question in new_rules.questions
        if question.key not in old
        or old[question.key].text != question.text
        or old[question.key].options != question.options
    }


@permission_required(permissions.edit_use_case)
def usecase_reclassify(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    previous = use_case.current_classification
    if previous is None:
        return redirect("governance:usecase_classify", org=org, pk=pk)
    rules = current_rule_set()
    initial = initial_answers(use_case)
    form = ClassificationForm(request.POST or None, rule_set=rules, initial=initial)
    if request.method == "POST" and form.is_valid():
        classification = services.classify_use_case(
            use_case=use_case, actor=request.user, answers=form.cleaned_data
        )
        messages.success(request, _("Classification saved."))
        return redirect(
            "governance:classification", org=org, pk=use_case.pk, classification=classification.pk
        )
    organisation = use_case.organisation
    preview = evaluate(
        rules,
        initial,
        has_works_council=organisation.has_works_council,
        country=organisation.country,
    )
    context = {
        "form": form,
        "use_case": use_case,
        "rule_set": rules,
        "previous": previous,
        "changes": compare(previous, preview),
        "preview": preview,
        "review": questions_to_review(previous.rule_set_version, rules),
    }
    status = 422 if form.errors else 200
    return render(request, "governance/classify.html", context, status=status)
