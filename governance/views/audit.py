"""The audit trail: who changed what, as sentences, filtered by object, person and date.

The CSV export keeps the stored action code (stable, for machines) and adds
the sentence in the reader's language (transformation/audit.py).
"""

import json
from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from governance import permissions
from governance.forms import AuditFilterForm
from transformation import csvio
from transformation.htmx import render_page
from transformation.lists import paginate, search, search_text
from transformation.models import AuditEvent
from transformation.permissions import permission_required

SEARCHED = ("actor_label", "actor__full_name", "actor__email", "target_label", "action")


def _filtered(form: AuditFilterForm, text: str):
    events = search(AuditEvent.objects.select_related("actor"), text, SEARCHED)
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


@permission_required(permissions.view_audit)
def audit(request, org):
    form = AuditFilterForm(request.GET or None)
    listing = paginate(request, _filtered(form, search_text(request)))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "listing": listing, "page": listing.page, "query": query.urlencode()}
    return render_page(request, "governance/audit.html", context, partial="events")


@permission_required(permissions.view_audit)
def audit_export(request, org):
    form = AuditFilterForm(request.GET or None)
    header = [
        _("When"),
        _("Person"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Changes"),
        _("Event"),
    ]
    rows = (
        [
            timezone.localtime(event.created_at).isoformat(timespec="seconds"),
            event.actor_label,
            event.action,
            event.target_type,
            event.target_id,
            event.target_label,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.sentence,
        ]
        for event in _filtered(form, search_text(request)).iterator()
    )
    return csvio.csv_response(f"audit-{org}.csv", header, rows)
