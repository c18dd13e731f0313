import tempfile

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from transformation import permissions, registry, services
from transformation.forms import (
    AcceptInvitationForm,
    DeleteOrganisationForm,
    DepartmentForm,
    InvitationForm,
    MembershipForm,
    OrganisationForm,
)
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.models import Department, Invitation, Membership
from transformation.permissions import permission_required
from transformation.services import portability


def csrf_failure(request, reason: str = ""):
    """A form sent from an old page or without its cookie (CSRF_FAILURE_VIEW).

    Django's own page is English and technical; this one is in the reader's
    language (LocaleMiddleware has run) and leads back to the page.
    """
    back = request.POST.get("next") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    return render(request, "403_csrf.html", {"back": back}, status=403)


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


@permission_required(permissions.view_overview)
def overview(request, org):
    cards = list(registry.visible_cards(request))
    return render(request, "transformation/overview.html", {"cards": cards})


@permission_required(permissions.administer_organisation)
def members(request, org):
    form = InvitationForm()
    return _members_page(request, form)


def _members_page(request, form, status=200):
    members = search(
        Membership.objects.select_related("user", "department").order_by(
            "role", "user__full_name", "pk"
        ),
        search_text(request),
        ("user__full_name", "user__email", "department__name"),
    )
    path = reverse("members", kwargs={"org": request.organisation.slug})
    context = {
        "members": paginate(request, members, path=path),
        "invitations": Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("department"),
        "form": form,
    }
    return render_page(
        request, "transformation/members.html", context, partial="people", status=status
    )


@require_POST
@permission_required(permissions.administer_organisation)
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
@permission_required(permissions.administer_organisation)
def revoke_invitation(request, org, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    services.revoke_invitation(invitation=invitation, actor=request.user)
    messages.success(request, _("Invitation revoked."))
    return redirect("members", org=org)


@permission_required(permissions.administer_organisation)
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
@permission_required(permissions.administer_organisation)
def member_remove(request, org, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    try:
        services.remove_membership(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    return redirect("members", org=org)


@permission_required(permissions.administer_organisation)
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
    rows = search(
        Department.objects.select_related("parent").order_by("parent__name", "name", "pk"),
        search_text(request),
        ("name", "parent__name"),
    )
    context = {"form": form, "departments": paginate(request, rows)}
    status = 422 if form.errors else 200
    return render_page(
        request,
        "transformation/departments.html",
        context,
        partial="department-list",
        status=status,
    )


@permission_required(permissions.administer_organisation)
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


@permission_required(permissions.administer_organisation)
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


@permission_required(permissions.administer_organisation)
def organisation_delete(request, org):
    """Delete the organisation with all its data, after the short name is typed to confirm."""
    organisation = request.organisation
    form = DeleteOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_organisation(
                organisation=organisation,
                actor=request.user,
                confirmation=form.cleaned_data["confirmation"],
            )
        except ValidationError as error:
            form.add_error("confirmation", error)
        else:
            request.session.pop("organisation", None)
            messages.success(
                request,
                _("%(organisation)s and all its data were deleted.")
                % {"organisation": organisation.name},
            )
            return redirect("home")
    counts = {
        "members": Membership.objects.count(),
        "departments": Department.objects.count(),
        "files": len(services.stored_files(organisation)),
    }
    return render(
        request,
        "transformation/organisation_delete.html",
        {"form": form, "counts": counts},
        status=422 if form.errors else 200,
    )


@require_POST
@permission_required(permissions.administer_organisation)
def organisation_export(request, org):
    """Download all data of the organisation as one zip archive (audited).

    Produced in the request: the demo organisation's archive takes a few
    seconds; the archive spills to a temporary file beyond 32 MB.
    """
    archive = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    portability.export_organisation(
        organisation=request.organisation, actor=request.user, out=archive
    )
    archive.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"{request.organisation.slug}-{stamp}.zip",
        content_type="application/zip",
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
        try:
            membership = _accept(request, invitation, existing, form)
        except ValidationError:
            # Accepted (or revoked) in another tab or by a double click meanwhile.
            with scopes_disabled():
                invitation.refresh_from_db()
            return render(
                request,
                "registration/invitation_invalid.html",
                {"invitation": invitation},
                status=410,
            )
        if not isinstance(membership, Membership):
            return membership  # a redirect to log in, or the form with its errors
        messages.success(
            request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation}
        )
        return redirect(invitation.organisation)
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


def _accept(request, invitation, existing, form):
    """Accept for the signed-in existing account or a new one; a response when it cannot."""
    if existing is not None:
        if not request.user.is_authenticated or request.user.pk != existing.pk:
            messages.info(
                request,
                _("Please log in with %(email)s to accept.") % {"email": invitation.email},
            )
            return redirect(f"{_login_url()}?next={request.path}")
        return services.accept_invitation(invitation=invitation, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "registration/invitation_accept.html",
            {"invitation": invitation, "form": form, "existing": existing},
            status=422,
        )
    membership = services.accept_invitation(
        invitation=invitation,
        full_name=form.cleaned_data["full_name"],
        password=form.cleaned_data["password1"],
    )
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return membership


def _login_url() -> str:
    from django.urls import reverse

    return reverse("login")
