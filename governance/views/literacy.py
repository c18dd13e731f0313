"""AI literacy (Art 4): offers, sessions, attendance, coverage and the evidence export."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from governance import permissions, services
from governance.coverage import high_risk_operators, literacy_by_department, literacy_by_role
from governance.forms import AttendanceForm, TrainingOfferForm, TrainingSessionForm
from governance.models import Attendance, TrainingOffer, TrainingSession
from transformation import csvio
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.models import Role
from transformation.permissions import permission_required


@permission_required(permissions.view_training)
def training(request, org):
    roles = dict(Role.choices)
    offers = search(
        TrainingOffer.objects.annotate(
            session_count=Count("sessions", distinct=True),
            attendee_count=Count("sessions__attendances", distinct=True),
        ).order_by("audience", "title", "pk"),
        search_text(request),
        ("title", "format", "content"),
    )
    context = {"offers": paginate(request, offers)}
    if not request.htmx:
        # The search and the pager redraw the offers alone, not the coverage figures.
        context |= {
            "by_department": literacy_by_department(),
            "by_role": [{**row, "label": roles.get(row["role"], "")} for row in literacy_by_role()],
            "operators": high_risk_operators(),
            "can_edit": permissions.manage_training(request.membership),
        }
    return render_page(request, "governance/training.html", context, partial="offers")


@permission_required(permissions.manage_training)
def training_offer_create(request, org):
    form = TrainingOfferForm(
        request.POST or None, instance=TrainingOffer(organisation=request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        offer = services.save_training_offer(
            organisation=request.organisation, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Training offer added."))
        return redirect("governance:training_offer", org=org, pk=offer.pk)
    status = 422 if form.errors else 200
    return render(request, "governance/training_offer_form.html", {"form": form}, status=status)


@permission_required(permissions.manage_training)
def training_offer_edit(request, org, pk):
    offer = get_object_or_404(TrainingOffer, pk=pk)
    form = TrainingOfferForm(request.POST or None, instance=TrainingOffer.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.save_training_offer(
            organisation=request.organisation,
            actor=request.user,
            offer=offer,
            values=form.cleaned_data,
        )
        messages.success(request, _("Training offer saved."))
        return redirect("governance:training_offer", org=org, pk=pk)
    context = {"form": form, "offer": offer}
    status = 422 if form.errors else 200
    return render(request, "governance/training_offer_form.html", context, status=status)


@permission_required(permissions.view_training)
def training_offer(request, org, pk):
    offer = get_object_or_404(TrainingOffer, pk=pk)
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST":
        permissions.manage_training.require(request.membership)
        if form.is_valid():
            session = services.add_training_session(
                offer=offer, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("Session added. Record who attended."))
            return redirect("governance:training_session", org=org, pk=session.pk)
    context = {
        "offer": offer,
        "sessions": offer.sessions.annotate(attendee_count=Count("attendances")),
        "form": form,
        "can_edit": permissions.manage_training(request.membership),
    }
    return render(
        request, "governance/training_offer.html", context, status=422 if form.errors else 200
    )


@permission_required(permissions.manage_training)
def training_session(request, org, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("offer"), pk=pk)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = services.record_attendance(
            session=session, actor=request.user, members=list(form.cleaned_data["members"])
        )
        count = len(recorded)
        messages.success(
            request,
            ngettext("%(count)d attendance recorded.", "%(count)d attendances recorded.", count)
            % {"count": count},
        )
        return redirect("governance:training_session", org=org, pk=pk)
    attendances = search(
        session.attendances.select_related("member__user", "member__department").order_by(
            "member__user__full_name", "pk"
        ),
        search_text(request),
        ("member__user__full_name", "member__user__email", "member__department__name"),
    )
    context = {"session": session, "form": form, "attendances": paginate(request, attendances)}
    return render_page(
        request,
        "governance/training_session.html",
        context,
        partial="attendances",
        status=422 if form.errors else 200,
    )


@require_POST
@permission_required(permissions.manage_training)
def attendance_remove(request, org, pk):
    attendance = get_object_or_404(Attendance.objects.select_related("session"), pk=pk)
    services.remove_attendance(attendance=attendance, actor=request.user)
    messages.success(request, _("Attendance removed."))
    return redirect("governance:training_session", org=org, pk=attendance.session_id)


@permission_required(permissions.view_own_training)
def my_training(request, org):
    records = Attendance.objects.filter(member=request.membership).select_related("session__offer")
    return render(request, "governance/my_training.html", {"records": records})


@permission_required(permissions.view_training)
def training_export(request, org):
    """Evidence for Art 4: every attendance with its validity, as CSV."""
    header = [
        _("Person"),
        _("E-mail address"),
        _("Department"),
        _("Access role"),
        _("Training"),
        _("Audience"),
        _("Date"),
        _("Valid until"),
        _("Valid"),
    ]
    attendances = Attendance.objects.select_related(
        "member__user", "member__department", "session__offer"
    ).order_by("member__user__full_name", "-session__held_on")
    rows = (
        [
            row.member.user.get_full_name(),
            row.member.user.email,
            row.member.department or "",
            row.member.get_role_display(),
            row.session.offer.title,
            row.session.offer.get_audience_display(),
            row.session.held_on.isoformat(),
            row.valid_until.isoformat() if row.valid_until else "",
            _("yes") if row.is_valid else _("no"),
        ]
        for row in attendances
    )
    return csvio.csv_response(
        f"ai-literacy-{org}-{timezone.localdate():%Y-%m-%d}.csv", header, rows
    )
