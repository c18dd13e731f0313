"""The use-case register: list, detail, editing, classification, checklist, RACI."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import permissions, services
from governance.forms import (
    ApprovalRequestForm,
    ClassificationForm,
    DpiaForm,
    FriaForm,
    MoveForm,
    ObligationForm,
    RaciForm,
    UseCaseForm,
    initial_answers,
)
from governance.models import (
    Classification,
    DataProtectionImpactAssessment,
    FundamentalRightsImpactAssessment,
    LifecycleState,
    Obligation,
    RaciEntry,
    RiskClass,
    UseCase,
)
from governance.portfolio import portfolio_chart
from governance.rules import current_rule_set, localized, rule_set
from governance.rules.diff import compare
from governance.views.common import use_case_for_editing, use_case_for_reading
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


@permission_required(permissions.view_register)
def usecases(request, org):
    use_cases = UseCase.objects.for_register().order_by("title", "pk")
    state, risk = request.GET.get("state", ""), request.GET.get("risk", "")
    if state in LifecycleState.values:
        use_cases = use_cases.filter(state=state)
    if risk == "unclassified":
        use_cases = use_cases.filter(current_classification__isnull=True)
    elif risk in RiskClass.values:
        use_cases = use_cases.filter(current_classification__result_class=risk)
    use_cases = search(
        use_cases,
        search_text(request),
        (
            "title",
            "vendor",
            "system",
            "department__name",
            "owner__user__full_name",
            "owner__user__email",
        ),
    )
    context = {
        "use_cases": paginate(request, use_cases),
        "states": LifecycleState.choices,
        "risks": RiskClass.choices,
        "state": state,
        "risk": risk,
    }
    return render_page(request, "governance/usecases.html", context, partial="register")


@permission_required(permissions.register_use_case)
def usecase_create(request, org):
    form = UseCaseForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        use_case = services.save_use_case(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Use case registered. Classify it next."))
        return redirect("governance:usecase_classify", org=org, pk=use_case.pk)
    status = 422 if form.errors else 200
    return render(request, "governance/usecase_form.html", {"form": form}, status=status)


@permission_required(permissions.view_register)
def usecase(request, org, pk):
    use_case = use_case_for_reading(pk)
    context = {
        "use_case": use_case,
        "classification": use_case.current_classification,
        "history": use_case.classifications.order_by("-created_at", "-pk"),
        "checklist": use_case.checklist.select_related("owner__user"),
        "approvals": use_case.approvals.prefetch_related("decisions").select_related(
            "requested_by"
        ),
        "raci": use_case.raci.select_related("member__user"),
        "can_edit": permissions.edit_use_case(request.membership, use_case),
        "raci_form": RaciForm(),
        "request_form": ApprovalRequestForm(),
        "next_states": [LifecycleState(s) for s in use_case.next_states],
    }
    return render(request, "governance/usecase.html", context)


@permission_required(permissions.edit_use_case)
def usecase_edit(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    form = UseCaseForm(
        request.POST or None, instance=UseCase.objects.get(pk=pk), membership=request.membership
    )
    if request.method == "POST" and form.is_valid():
        services.save_use_case(
            organisation=request.organisation,
            actor=request.user,
            use_case=use_case,
            values=form.cleaned_data,
        )
        messages.success(request, _("Use case saved."))
        return redirect(use_case)
    status = 422 if form.errors else 200
    context = {"form": form, "use_case": use_case}
    return render(request, "governance/usecase_form.html", context, status=status)


@permission_required(permissions.edit_use_case)
def usecase_classify(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    rules = current_rule_set()
    form = ClassificationForm(
        request.POST or None, rule_set=rules, initial=initial_answers(use_case)
    )
    if request.method == "POST" and form.is_valid():
        classification = services.classify_use_case(
            use_case=use_case, actor=request.user, answers=form.cleaned_data
        )
        messages.success(request, _("Classification saved."))
        return redirect(
            "governance:classification", org=org, pk=use_case.pk, classification=classification.pk
        )
    context = {"form": form, "use_case": use_case, "rule_set": rules}
    status = 422 if form.errors else 200
    return render(request, "governance/classify.html", context, status=status)


@permission_required(permissions.view_register)
def classification(request, org, pk, classification):
    use_case = use_case_for_reading(pk)
    item = get_object_or_404(
        Classification.objects.select_related("classified_by"), pk=classification, use_case=use_case
    )
    rules = rule_set(item.rule_set_version)
    answers = [(q, _answer_text(q, item.answers.get(q.key))) for q in rules.questions]
    earlier = (
        use_case.classifications.filter(created_at__lte=item.created_at, pk__lt=item.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    context = {
        "use_case": use_case,
        "classification": item,
        "earlier": earlier,
        "changes": compare(earlier, item) if earlier else None,
        "rules": rules,
        "answers": answers,
        "dpia_criteria": _answer_text(
            rules.question("wp248_criteria"), item.flags.get("dpia_criteria", [])
        ),
        "dpia_mandatory": _answer_text(
            rules.question("dpia_mandatory"), item.flags.get("dpia_mandatory", [])
        ),
    }
    return render(request, "governance/classification.html", context)


def _answer_text(question, value):
    """Booleans stay booleans; choices become their wording in the active language."""
    if question.kind == "bool":
        return bool(value)
    values = value if isinstance(value, list) else [value]
    return [localized(question.option(v).text) for v in values if question.option(v)]


@require_POST
@permission_required(permissions.edit_use_case)
def usecase_move(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where the use case should move."))
        return redirect(use_case)
    try:
        services.move_use_case(
            use_case=use_case, actor=request.user, target_state=form.cleaned_data["target_state"]
        )
    except services.TransitionBlocked as blocked:
        for message in blocked.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Lifecycle updated."))
    return redirect(use_case)


@require_POST
@permission_required(permissions.edit_use_case)
def approval_request(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    form = ApprovalRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose pilot or production."))
        return redirect(use_case)
    try:
        services.request_approval(use_case=use_case, actor=request.user, **form.cleaned_data)
    except services.TransitionBlocked as blocked:
        for message in blocked.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Approval requested from the steering committee."))
    return redirect(use_case)


@require_POST
@permission_required(permissions.edit_use_case)
def raci_add(request, org, pk):
    use_case = use_case_for_editing(request, pk)
    form = RaciForm(request.POST)
    if form.is_valid():
        services.add_raci_entry(use_case=use_case, actor=request.user, **form.cleaned_data)
        messages.success(request, _("RACI updated."))
    else:
        messages.error(request, _("Choose a member and a part."))
    return redirect(use_case)


@require_POST
@permission_required(permissions.edit_use_case)
def raci_remove(request, org, pk, entry):
    use_case = use_case_for_editing(request, pk)
    item = get_object_or_404(RaciEntry, pk=entry, use_case=use_case)
    services.remove_raci_entry(entry=item, actor=request.user)
    messages.success(request, _("RACI updated."))
    return redirect(use_case)


@permission_required(permissions.edit_use_case)
def obligation_edit(request, org, pk):
    obligation = get_object_or_404(Obligation.objects.select_related("use_case"), pk=pk)
    permissions.edit_use_case.require(request.membership, obligation.use_case)
    form = ObligationForm(
        request.POST or None, request.FILES or None, instance=Obligation.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("evidence_file", None)
        services.update_obligation(
            obligation=obligation,
            actor=request.user,
            evidence_file=upload if hasattr(upload, "content_type") else None,
            **data,
        )
        messages.success(request, _("Obligation saved."))
        return redirect(obligation.use_case)
    status = 422 if form.errors else 200
    context = {"form": form, "obligation": obligation, "use_case": obligation.use_case}
    return render(request, "governance/obligation_form.html", context, status=status)


@permission_required(permissions.view_register)
def obligation_evidence(request, org, pk):
    """The evidence file, served only to members who may read the register."""
    obligation = get_object_or_404(Obligation.objects.exclude(evidence_file=""), pk=pk)
    name = obligation.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(obligation.evidence_file.open("rb"), as_attachment=True, filename=name)


def _impact_assessment(request, pk, model, form_class, template):
    use_case = use_case_for_reading(pk)
    can_edit = permissions.edit_use_case(request.membership, use_case)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    instance = model.objects.filter(use_case=use_case).first()
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_impact_assessment(
            use_case=use_case, actor=request.user, model=model, values=form.cleaned_data
        )
        messages.success(request, _("Assessment saved."))
        return redirect(use_case)
    context = {"form": form, "use_case": use_case, "can_edit": can_edit}
    return render(request, template, context, status=422 if form.errors else 200)


@permission_required(permissions.view_register)
def dpia(request, org, pk):
    return _impact_assessment(
        request, pk, DataProtectionImpactAssessment, DpiaForm, "governance/dpia.html"
    )


@permission_required(permissions.view_register)
def fria(request, org, pk):
    return _impact_assessment(
        request, pk, FundamentalRightsImpactAssessment, FriaForm, "governance/fria.html"
    )


@permission_required(permissions.view_register)
def portfolio(request, org):
    ideas = list(UseCase.objects.ideas().select_related("department"))
    ranked = sorted(
        (uc for uc in ideas if uc.priority is not None),
        key=lambda uc: (-uc.priority, -uc.value_score, uc.title),
    )
    unscored = [uc for uc in ideas if uc.priority is None]
    context = {"ranked": ranked, "unscored": unscored, "chart": portfolio_chart(ranked)}
    return render(request, "governance/portfolio.html", context)
