"""Stakeholder map (roadmap step 3) and communication plan (step 5)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import TextField
from django.db.models.functions import Cast, TruncMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from transformation import charts, csvio, permissions, services
from transformation.forms import (
    STAKEHOLDER_COLUMNS,
    CommunicationItemForm,
    StakeholderFilterForm,
    StakeholderForm,
    StakeholderImportForm,
)
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.models import (
    Attitude,
    CommunicationItem,
    Engagement,
    Stakeholder,
)
from transformation.permissions import permission_required

MOVED_SINCE_DAYS = 90


SEARCHED = ("name", "role", "department__name", "owner__full_name", "next_action")


def _filtered(filters: dict, since: dt.date, text: str = ""):
    rows = search(
        Stakeholder.objects.select_related("department", "owner")
        .with_engagement()
        .with_attitude_on(since),
        text,
        SEARCHED,
    )
    if filters.get("attitude"):
        rows = rows.filter(attitude=filters["attitude"])
    if filters.get("engagement"):
        rows = rows.filter(engagement_value=filters["engagement"])
    if filters.get("concern"):
        # JSON containment is not portable to SQLite; the stored text is.
        rows = rows.annotate(concerns_text=Cast("concerns", TextField())).filter(
            concerns_text__contains=f'"{filters["concern"]}"'
        )
    if filters.get("moved"):
        rows = rows.moved(filters["moved"])
    return list(rows)


PHONE_MAP_SIZE = 340  # drawing units that a 390 px phone shows at about their size


def stakeholder_map(rows: list[Stakeholder], since: dt.date, *, size: int = 460):
    """The influence-interest grid, coloured by attitude, rings on those who moved."""
    points = [
        charts.Point(
            x=row.interest,
            y=row.influence,
            label=row.name,
            tone=row.attitude,
            marked=row.attitude_then != row.attitude,
            note=str(Attitude(row.attitude).label),
        )
        for row in rows
    ]
    return charts.scatter_grid(
        points,
        title=_("Stakeholder map: influence against interest"),
        x_label=_("Interest"),
        y_label=_("Influence"),
        split=3,
        quadrants=(
            str(Engagement.KEEP_SATISFIED.label),
            str(Engagement.MANAGE_CLOSELY.label),
            str(Engagement.MONITOR.label),
            str(Engagement.KEEP_INFORMED.label),
        ),
        legend=[(value, str(label)) for value, label in Attitude.choices],
        size=size,
    )


@permission_required(permissions.view_roadmap)
def stakeholders(request, org):
    form = StakeholderFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    since = filters.get("since") or timezone.localdate() - dt.timedelta(days=MOVED_SINCE_DAYS)
    rows = _filtered(filters, since, search_text(request))
    context = {
        "form": form,
        "rows": paginate(request, rows),
        "since": since,
        # Drawn twice: for wide screens and for a phone's width, so text stays legible.
        "map": charts.for_screens(
            stakeholder_map(rows, since), stakeholder_map(rows, since, size=PHONE_MAP_SIZE)
        ),
        "moved": [
            (row, Attitude(row.attitude_then).label)
            for row in rows
            if row.attitude_then != row.attitude
        ],
    }
    # The pager swaps the list alone; the search and the filters also redraw the map.
    partial = "stakeholder-list" if request.htmx.target == "stakeholder-list" else "results"
    return render_page(request, "transformation/stakeholders.html", context, partial=partial)


def _stakeholder_form(request, org, stakeholder: Stakeholder | None):
    instance = Stakeholder.objects.get(pk=stakeholder.pk) if stakeholder else None
    form = StakeholderForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_stakeholder(
            organisation=request.organisation,
            actor=request.user,
            stakeholder=stakeholder,
            values=form.cleaned_data,
        )
        messages.success(request, _("Stakeholder saved."))
        return redirect("stakeholders", org=org)
    history = stakeholder.attitude_changes.all() if stakeholder else []
    context = {"form": form, "stakeholder": stakeholder, "history": history}
    status = 422 if form.errors else 200
    return render(request, "transformation/stakeholder_form.html", context, status=status)


@permission_required(permissions.manage_stakeholders)
def stakeholder_new(request, org):
    return _stakeholder_form(request, org, None)


@permission_required(permissions.manage_stakeholders)
def stakeholder_edit(request, org, pk):
    return _stakeholder_form(request, org, get_object_or_404(Stakeholder, pk=pk))


@permission_required(permissions.manage_stakeholders)
def stakeholders_import(request, org):
    """CSV import, all or nothing: any bad row and nothing is imported."""
    form = StakeholderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created, updated = services.import_stakeholders(
            organisation=request.organisation, actor=request.user, rows=form.rows
        )
        messages.success(
            request,
            _("%(created)s stakeholders added, %(updated)s updated.")
            % {"created": created, "updated": updated},
        )
        return redirect("stakeholders", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "columns": STAKEHOLDER_COLUMNS}
    return render(request, "transformation/stakeholders_import.html", context, status=status)


@permission_required(permissions.export_stakeholders)
def stakeholders_export(request, org):
    rows = Stakeholder.objects.select_related("department", "owner").order_by("name")
    return csvio.csv_response(
        f"stakeholders-{org}.csv",
        [*STAKEHOLDER_COLUMNS, "engagement"],
        (
            [
                row.name,
                row.kind,
                row.department.name if row.department else "",
                row.role,
                row.influence,
                row.interest,
                row.attitude,
                ";".join(row.concerns),
                row.engagement_override,
                row.owner.email if row.owner else "",
                row.next_action,
                row.next_action_due.isoformat() if row.next_action_due else "",
                row.engagement.value,
            ]
            for row in rows
        ),
    )


@permission_required(permissions.view_roadmap)
def communication(request, org):
    """The communication plan, month by month."""
    items = search(
        CommunicationItem.objects.select_related("owner")
        .annotate(month=TruncMonth("planned_on"))
        .order_by("planned_on", "pk"),
        search_text(request),
        ("audience", "message", "owner__full_name"),
    )
    context = {"items": paginate(request, items)}
    return render_page(request, "transformation/communication.html", context, partial="plan")


def _communication_form(request, org, item: CommunicationItem | None):
    instance = CommunicationItem.objects.get(pk=item.pk) if item else None
    form = CommunicationItemForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_communication_item(
            organisation=request.organisation,
            actor=request.user,
            item=item,
            values=form.cleaned_data,
        )
        messages.success(request, _("Communication item saved."))
        return redirect("communication", org=org)
    status = 422 if form.errors else 200
    context = {"form": form, "item": item}
    return render(request, "transformation/communication_form.html", context, status=status)


@permission_required(permissions.plan_communication)
def communication_new(request, org):
    return _communication_form(request, org, None)


@permission_required(permissions.plan_communication)
def communication_edit(request, org, pk):
    return _communication_form(request, org, get_object_or_404(CommunicationItem, pk=pk))
