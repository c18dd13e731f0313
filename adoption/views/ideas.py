"""The idea box: submit (named or anonymous), support, triage, turn into a use case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adoption import permissions, services
from adoption.forms import IdeaForm, TriageForm, UseCaseFromIdeaForm
from adoption.models import Idea, IdeaStatus
from adoption.quarters import idea_quarters
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


def _ideas_page(request):
    chosen = request.GET.get("status", "")
    # Each card links to its idea, whose address names the organisation.
    ideas = Idea.objects.for_box(request.membership).select_related("organisation")
    if chosen in IdeaStatus.values:
        ideas = ideas.filter(status=chosen)
    # Never by author: an anonymous idea's author must not be found by a search.
    ideas = search(ideas, search_text(request), ("title", "description", "department__name"))
    context = {
        "ideas": paginate(request, ideas),
        "statuses": IdeaStatus.choices,
        "chosen": chosen,
        "mine": Idea.objects.filter(author=request.user)
        .select_related("organisation")
        .order_by("-submitted_in", "title"),
        "quarters": idea_quarters() if permissions.view_scorecard(request.membership) else None,
    }
    return render_page(request, "adoption/ideas.html", context, partial="list")


@permission_required(permissions.use_idea_box)
def ideas(request, org):
    return _ideas_page(request)


@permission_required(permissions.use_idea_box)
def idea_create(request, org):
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_idea(
                organisation=request.organisation,
                author=None if data["anonymous"] else request.user,
                title=data["title"],
                description=data["description"],
                department=data["department"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The message names no idea: it may sit in a cookie or the session store.
            if data["anonymous"]:
                messages.success(
                    request, _("Thank you. Your idea is in the idea box, anonymously.")
                )
            else:
                messages.success(request, _("Thank you. Your idea is in the idea box."))
            return redirect("adoption:ideas", org=org)
    if request.method == "GET":
        return render_page(request, "adoption/idea_form.html", {"form": form})
    return render_page(request, "adoption/idea_form.html", {"form": form}, status=422)


def _idea(request, pk) -> Idea:
    return get_object_or_404(Idea.objects.for_box(request.membership), pk=pk)


def _idea_page(request, idea, *, triage_form=None, status=200):
    context = {
        "idea": idea,
        "triage_form": triage_form
        or TriageForm(
            initial={
                "status": idea.status if idea.status != IdeaStatus.USE_CASE else "",
                "reason": idea.decline_reason,
            }
        ),
    }
    return render_page(request, "adoption/idea.html", context, status=status)


@permission_required(permissions.use_idea_box)
def idea(request, org, pk):
    return _idea_page(request, _idea(request, pk))


@require_POST
@permission_required(permissions.use_idea_box)
def idea_support(request, org, pk):
    idea = _idea(request, pk)
    try:
        if request.POST.get("withdraw"):
            services.withdraw_support(idea=idea, member=request.membership)
        else:
            services.support_idea(idea=idea, member=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return _support_fragment(request, _idea(request, pk))
    if request.POST.get("next") == "list":
        return redirect("adoption:ideas", org=org)
    return redirect(idea)


def _support_fragment(request, idea):
    return render_page(request, "adoption/includes/support.html", {"idea": idea})


@require_POST
@permission_required(permissions.triage_ideas)
def idea_triage(request, org, pk):
    idea = _idea(request, pk)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.triage_idea(
                idea=idea,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Idea updated."))
            return redirect(idea)
    return _idea_page(request, idea, triage_form=form, status=422)


@permission_required(permissions.triage_ideas)
def idea_use_case(request, org, pk):
    idea = _idea(request, pk)
    initial = {
        "title": idea.title,
        "description": idea.description,
        "department": idea.department,
    }
    form = UseCaseFromIdeaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            use_case = services.turn_idea_into_use_case(
                idea=idea, actor=request.user, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The idea is now a use case in the register. Classify it next.")
            )
            return redirect(use_case)
    if not idea.can_become_use_case and request.method == "GET":
        messages.warning(request, _("This idea is already a use case."))
        return redirect(idea)
    status = 422 if form.errors else 200
    return render_page(
        request, "adoption/idea_use_case.html", {"form": form, "idea": idea}, status=status
    )
