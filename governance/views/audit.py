"""The audit trail: who changed what, filtered by object, person and date, with CSV export."""

import csv
import json
from datetime import datetime, time

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.forms import AuditFilterForm
from governance.views.common import render_page
from governance.views.literacy import _safe
from transformation.models import AuditEvent
from transformation.permissions import readers_required


def _filtered(form: AuditFilterForm):
    events = AuditEvent.objects.all()
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["target_type"]:
        events = events.filter(target_type=data["target_type"])
    if data["target_id"]:
        events = events.filter(target_id=data["target_id"])
    if data["actor"]:
        events = events.filter(actor=data["actor"].user_id)
    zone = timezone.get_current_timezone()
    if data["since"]:
        events = events.filter(created_at__gte=datetime.combine(data["since"], time.min, zone))
    if data["until"]:
        events = events.filter(created_at__lte=datetime.combine(data["until"], time.max, zone))
    return events


@readers_required
def audit(request, org):
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered(form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render_page(request, "governance/audit.html", context, partial="events")


@readers_required
def audit_export(request, org):
    form = AuditFilterForm(request.GET or None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{org}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("When"),
            _("Person"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Changes"),
        ]
    )
    for event in _filtered(form).iterator():
        writer.writerow(
            [
                timezone.localtime(event.created_at).isoformat(timespec="seconds"),
                _safe(event.actor_label),
                event.action,
                event.target_type,
                event.target_id,
                _safe(event.target_label),
                _safe(json.dumps(event.changes, ensure_ascii=False, sort_keys=True)),
            ]
        )
    return response
