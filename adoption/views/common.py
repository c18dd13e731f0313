"""Fetching a row the member may change: 404 elsewhere, 403 for another department's."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from transformation.permissions import Predicate


def editable[T: Model](request, queryset: QuerySet[T], pk: int, rule: Predicate) -> T:
    """The row if `rule` lets the member change it (a per-department predicate)."""
    row = get_object_or_404(queryset, pk=pk)
    rule.require(request.membership, row)
    return row
