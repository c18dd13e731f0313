"""Stakeholder map (roadmap step 3) and communication plan (step 5)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.db.models import TextField
from django.db.models.functions import Cast, TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from transformation import charts, services
from transformation.forms import (
    CommunicationItemForm,
    StakeholderFilterForm,
    StakeholderForm,
    StakeholderImportForm,
    StakeholderRowForm,
)
from transformation.models import (
    Attitude,
    CommunicationItem,
    Department,
    Engagement,
    Membership,
    Stakeholder,
)
from transformation.permissions import READERS, ROADMAP_READERS, coordinator_required, role_required

CSV_COLUMNS = [
    "name",
    "kind",
    "department",
    "role",
    "influence",
    "interest",
    "attitude",
    "concerns",
    "engagement_override",
    "owner_email",
    "next_action",
    "next_action_due",
]
MOVED_SINCE_DAYS = 90


def _filtered(filters: dict, since: dt.date):
    rows = (
        Stakeholder.objects.select_related("department", "owner")
        .with_engagement()
        .with_attitude_on(since)
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


def stakeholder_map(rows: list[Stakeholder], since: dt.date):
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
    )


@role_required(*ROADMAP_READERS)
def stakeholders(request, org):
    form = StakeholderFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    since = filters.get("since") or timezone.localdate() - dt.timedelta(days=MOVED_SINCE_DAYS)
    rows = _filtered(filters, since)
    context = {
        "form": form,
        "rows": rows,
        "since": since,
        "map": stakeholder_map(rows, since),
        "moved": [
            (row, Attitude(row.attitude_then).label)
            for row in rows
            if row.attitude_then != row.attitude
        ],
    }
    return render(request, "transformation/stakeholders.html", context)


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


@coordinator_required
def stakeholder_new(request, org):
    return _stakeholder_form(request, org, None)


@coordinator_required
def stakeholder_edit(request, org, pk):
    return _stakeholder_form(request, org, get_object_or_404(Stakeholder, pk=pk))


def parse_stakeholder_csv(upload) -> tuple[list[dict], list[tuple[int, str]]]:
    """Validate every row; returns (rows, [(line number, problem), ...])."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(1, _("The file is not UTF-8 text."))]
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c
        for c in ("name", "kind", "influence", "interest", "attitude")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        return [], [(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]
    departments = {d.name.casefold(): d for d in Department.objects.all()}
    owners = {m.user.email.lower(): m.user for m in Membership.objects.select_related("user")}
    rows, errors, seen = [], [], set()
    for record in reader:
        line = reader.line_num
        form = StakeholderRowForm(
            {key: (value or "").strip() for key, value in record.items() if key},
            departments=departments,
            owners=owners,
        )
        if not form.is_valid():
            for field, problems in form.errors.items():
                errors.extend((line, f"{field}: {problem}") for problem in problems)
            continue
        name = form.cleaned_data["name"].casefold()
        if name in seen:
            errors.append(
                (line, _("“%(name)s” appears twice.") % {"name": form.cleaned_data["name"]})
            )
        seen.add(name)
        rows.append(form.model_values())
    return rows, errors


@coordinator_required
def stakeholders_import(request, org):
    """CSV import, all or nothing: any bad row and nothing is imported."""
    form = StakeholderImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        rows, errors = parse_stakeholder_csv(form.cleaned_data["file"])
        if not errors:
            created, updated = services.import_stakeholders(
                organisation=request.organisation, actor=request.user, rows=rows
            )
            messages.success(
                request,
                _("%(created)s stakeholders added, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect("stakeholders", org=org)
    status = 422 if form.errors or errors else 200
    context = {"form": form, "errors": errors, "columns": CSV_COLUMNS}
    return render(request, "transformation/stakeholders_import.html", context, status=status)


def _csv_safe(value) -> str:
    # Spreadsheet programs run cells that start like a formula.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_required(*READERS)
def stakeholders_export(request, org):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stakeholders-{org}.csv"'
    writer = csv.writer(response)
    writer.writerow([*CSV_COLUMNS, "engagement"])
    for row in Stakeholder.objects.select_related("department", "owner").order_by("name"):
        values = [
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
        writer.writerow([_csv_safe(value) for value in values])
    return response


@role_required(*ROADMAP_READERS)
def communication(request, org):
    """The communication plan, month by month."""
    items = (
        CommunicationItem.objects.select_related("owner")
        .annotate(month=TruncMonth("planned_on"))
        .order_by("planned_on", "pk")
    )
    return render(request, "transformation/communication.html", {"items": items})


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


@coordinator_required
def communication_new(request, org):
    return _communication_form(request, org, None)


@coordinator_required
def communication_edit(request, org, pk):
    return _communication_form(request, org, get_object_or_404(CommunicationItem, pk=pk))
