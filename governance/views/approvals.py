"""Approvals: the steering committee or the sponsor decides; nobody decides their own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from governance import permissions, services
from governance.forms import DecisionForm
from governance.models import ApprovalRequest, ApprovalStatus
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.permissions import permission_required


@permission_required(permissions.view_approvals)
def approvals(request, org):
    rows = search(
        ApprovalRequest.objects.select_related(
            "use_case", "requested_by", "classification"
        ).order_by("-requested_at", "-pk"),
        search_text(request),
        ("use_case__title",),
    )
    # What waits for a decision is shown whole; the decisions of the past page.
    context = {
        "pending": rows.filter(status=ApprovalStatus.PENDING),
        "decided": paginate(request, rows.exclude(status=ApprovalStatus.PENDING)),
    }
    return render_page(request, "governance/approvals.html", context, partial="approval-list")


def _approval_page(request, item, form, status=200):
    context = {
        "approval": item,
        "form": form,
        "decisions": item.decisions.select_related("decided_by"),
        "can_decide": item.is_open and permissions.decide_approval(request.membership, item),
    }
    return render_page(
        request, "governance/approval.html", context, partial="decision", status=status
    )


@permission_required(permissions.view_approvals)
def approval(request, org, pk):
    item = get_object_or_404(
        ApprovalRequest.objects.select_related("use_case", "classification", "requested_by"),
        pk=pk,
    )
    return _approval_page(request, item, DecisionForm())


@require_POST
@permission_required(permissions.view_approvals)
def approval_decide(request, org, pk):
    item = get_object_or_404(ApprovalRequest.objects.select_related("use_case"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_approval(
                request=item, actor=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Decision recorded."))
        url = reverse("governance:approval", kwargs={"org": org, "pk": pk})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    # htmx swaps only 2xx answers; the plain form gets the proper 422.
    return _approval_page(request, item, form, status=200 if request.htmx else 422)
