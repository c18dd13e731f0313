"""Server-side access checks: every organisation view declares who may use it."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from transformation.models import Role

ALL_ROLES = frozenset(Role.values)
READERS = frozenset({Role.COORDINATOR, Role.STEERING})


def role_required(*roles: str) -> Callable:
    """Allow the view to members with one of `roles`; others get 403.

    The organisation middleware has already answered 404 to non-members; the
    allowed roles are kept on the view as `access_roles` for the navigation
    and the URL-coverage tests.
    """
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404
            if membership.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


member_required = role_required(*ALL_ROLES)
coordinator_required = role_required(Role.COORDINATOR)
readers_required = role_required(*READERS)


ROADMAP_READERS = frozenset({Role.COORDINATOR, Role.STEERING, Role.CHAMPION})
ROADMAP_EDITORS = frozenset({Role.COORDINATOR, Role.CHAMPION})


def can_edit_step(membership, progress) -> bool:
    """The coordinator keeps every department's steps; a champion only their own."""
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role == Role.CHAMPION and membership.department_id == progress.department_id


def require_step_editor(membership, progress) -> None:
    if not can_edit_step(membership, progress):
        raise PermissionDenied
