from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django_scopes import scopes_disabled

from transformation import registry
from transformation.models import Membership
from transformation.permissions import MemberPermissions


def _memberships(request):
    if not request.user.is_authenticated:
        return []
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("organisation__name")
        )


def shell(request):
    """What the layout needs: navigation, the member's permissions, organisations, languages."""
    membership = getattr(request, "membership", None)
    nav = registry.nav_entries.visible_to(membership) if membership else []
    return {
        "organisation": getattr(request, "organisation", None),
        "membership": membership,
        "can": MemberPermissions(membership),
        "nav_entries": nav,
        "user_memberships": SimpleLazyObject(lambda: _memberships(request)),
        "available_languages": settings.LANGUAGES,
    }
