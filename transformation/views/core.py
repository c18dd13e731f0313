from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from transformation import registry, services
from transformation.forms import (
    AcceptInvitationForm,
    DepartmentForm,
    InvitationForm,
    MembershipForm,
    OrganisationForm,
)
from transformation.models import Department, Invitation, Membership
from transformation.permissions import coordinator_required, member_required


def home(request):
    """Send people to the organisation they used last, or let them pick one."""
    if not request.user.is_authenticated:
        return redirect("login")
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=request.user).select_related("organisation")
        )
    last = request.session.get("organisation")
    for membership in memberships:
        if membership.organisation.slug == last:
            return redirect(membership.organisation)
    if len(memberships) == 1:
        return redirect(memberships[0].organisation)
    return render(request, "transformation/organisations.html", {"memberships": memberships})


@login_required
def organisations(request):
    """The organisation switcher as a page (works without JavaScript)."""
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("organisation__name")
        )
    return render(request, "transformation/organisations.html", {"memberships": memberships})


@member_required
def overview(request, org):
    cards = list(registry.visible_cards(request))
    return render(request, "transformation/overview.html", {"cards": cards})


@coordinator_required
def members(request, org):
    form = InvitationForm()
    return _members_page(request, form)


def _members_page(request, form, status=200):
    context = {
        "members": Membership.objects.select_related("user", "department").order_by(
            "role", "user__full_name"
        ),
        "invitations": Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("department"),
        "form": form,
    }
    return render(request, "transformation/members.html", context, status=status)


@require_POST
@coordinator_required
def invite(request, org):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _token = services.invite_member(
                organisation=request.organisation,
                invited_by=request.user,
                accept_url_builder=request.build_absolute_uri,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("members", org=org)
    return _members_page(request, form, status=422)


@require_POST
@coordinator_required
def revoke_invitation(request, org, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    services.revoke_invitation(invitation=invitation, actor=request.user)
    messages.success(request, _("Invitation revoked."))
    return redirect("members", org=org)


@coordinator_required
def member_edit(request, org, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    form = MembershipForm(request.POST or None, instance=Membership.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(
                membership=membership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("Access of %(name)s updated.") % {"name": membership.user})
            return redirect("members", org=org)
    status = 422 if form.errors else 200
    return render(
        request,
        "transformation/member_edit.html",
        {"form": form, "member": membership},
        status=status,
    )


@require_POST
@coordinator_required
def member_remove(request, org, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    try:
        services.remove_membership(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    return redirect("members", org=org)


@coordinator_required
def departments(request, org):
    form = DepartmentForm(
        request.POST or None, instance=Department(organisation=request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        services.save_department(
            organisation=request.organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Department added."))
        return redirect("departments", org=org)
    rows = Department.objects.select_related("parent").order_by("parent__name", "name")
    status = 422 if form.errors else 200
    return render(
        request,
        "transformation/departments.html",
        {"form": form, "departments": rows},
        status=status,
    )


@coordinator_required
def department_edit(request, org, pk):
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentForm(request.POST or None, instance=Department.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_department(
                organisation=request.organisation,
                actor=request.user,
                department=department,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Department saved."))
            return redirect("departments", org=org)
    status = 422 if form.errors else 200
    return render(
        request,
        "transformation/department_edit.html",
        {"form": form, "department": department},
        status=status,
    )


@coordinator_required
def organisation_settings(request, org):
    organisation = request.organisation
    form = OrganisationForm(
        request.POST or None, instance=type(organisation).objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            organisation=organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Organisation saved."))
        return redirect("organisation_settings", org=org)
    status = 422 if form.errors else 200
    return render(
        request, "transformation/organisation_settings.html", {"form": form}, status=status
    )


def invitation_accept(request, token):
    """Public: the single-use invitation link. A used or expired link gets a clear page."""
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_open:
        return render(
            request, "registration/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    with scopes_disabled():
        from transformation.models import User

        existing = User.objects.filter(email__iexact=invitation.email).first()
    form = AcceptInvitationForm(request.POST or None) if existing is None else None
    if request.method == "POST":
        if existing is not None:
            if not request.user.is_authenticated or request.user.pk != existing.pk:
                messages.info(
                    request,
                    _("Please log in with %(email)s to accept.") % {"email": invitation.email},
                )
                return redirect(f"{_login_url()}?next={request.path}")
            membership = services.accept_invitation(invitation=invitation, user=request.user)
        elif form.is_valid():
            membership = services.accept_invitation(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        else:
            return render(
                request,
                "registration/invitation_accept.html",
                {"invitation": invitation, "form": form, "existing": existing},
                status=422,
            )
        messages.success(
            request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation}
        )
        return redirect(invitation.organisation)
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


def _login_url() -> str:
    from django.urls import reverse

    return reverse("login")
