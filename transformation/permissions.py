"""Who may do what: named predicates, one module per app, and how views use them.

Every app keeps its permissions in `<app>/permissions.py` as `Predicate`
objects named after what they allow (`roi.permissions.manage_value`), in
the pattern of pretalx's `rules.py`. A predicate is asked with the member's
`Membership` (`request.membership`) and, where the answer depends on the
object, with the object:

    permissions.view_roadmap(request.membership)             # role-level
    permissions.edit_step(request.membership, progress)      # per object

- Views declare one with `@permission_required(predicate)`: members whose
  role can never hold it get 403 (non-members already got 404 from the
  organisation middleware). A per-object predicate is then checked by the
  view once it has fetched the object: `predicate.require(membership, obj)`.
- Forms and services ask the same predicates.
- Templates ask role-level ones through the `can` context variable:
  `{% if can.transformation.manage_stakeholders %}`; per-object answers are
  computed in the view with the predicate and passed in the context.
- Navigation entries and overview cards name a predicate too.

Roles appear only in these modules; views, forms and templates never
compare `membership.role` themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from transformation.models import Role, SecondFactorRule

if TYPE_CHECKING:
    from transformation.models import Membership

Check = Callable[["Membership", Any], bool]


@dataclass(frozen=True)
class Predicate:
    """A named rule: the roles that may hold it, optionally narrowed by `check`.

    `check(membership, obj)` runs only for members with one of `roles`. With
    `per_object`, the answer depends on an object that must be passed.
    """

    name: str
    roles: frozenset[str]
    check: Check | None = None
    per_object: bool = False
    description: str = ""

    def __call__(self, membership: Membership | None, obj: Any = None) -> bool:
        if membership is None or membership.role not in self.roles:
            return False
        if self.per_object and obj is None:
            raise TypeError(f"{self.name} is decided per object; pass the object.")
        return self.check is None or bool(self.check(membership, obj))

    def require(self, membership: Membership | None, obj: Any = None) -> None:
        """403 unless the member holds the predicate (for this object)."""
        if not self(membership, obj):
            raise PermissionDenied

    def named(self, name: str, description: str = "") -> Predicate:
        """The same rule under another app's name."""
        return dataclasses.replace(self, name=name, description=description)


def predicate(
    name: str,
    *roles: str,
    check: Check | None = None,
    per_object: bool = False,
    description: str = "",
) -> Predicate:
    return Predicate(
        name=name,
        roles=frozenset(roles),
        check=check,
        per_object=per_object,
        description=description,
    )


def permission_required(rule: Predicate) -> Callable:
    """Let members who may hold `rule` use the view; others get 403.

    The predicate is kept on the view as `permission` (and its roles as
    `access_roles`) for the navigation and the URL-access tests.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404
            if membership.role not in rule.roles:
                raise PermissionDenied
            if not rule.per_object:
                rule.require(membership)
            return view(request, *args, **kwargs)

        wrapped.permission = rule  # type: ignore[attr-defined]
        wrapped.access_roles = rule.roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


class MemberPermissions:
    """`can.<app>.<predicate>` in templates: the member's answer to a role-level predicate."""

    def __init__(self, membership: Membership | None):
        self.membership = membership

    def __getitem__(self, app: str) -> _AppPermissions:
        return _AppPermissions(self.membership, permissions_module(app))


class _AppPermissions:
    def __init__(self, membership: Membership | None, module: Any):
        self.membership = membership
        self.module = module

    def __getitem__(self, name: str) -> bool:
        rule = getattr(self.module, name, None)
        if not isinstance(rule, Predicate):
            raise KeyError(name)
        return rule(self.membership)


def permissions_module(app: str) -> Any:
    """The `permissions` module of a project app; KeyError for anything else."""
    from django.apps import apps

    if not apps.is_installed(app) or "." in app:
        raise KeyError(app)
    try:
        return import_module(f"{app}.permissions")
    except ModuleNotFoundError as error:
        if error.name != f"{app}.permissions":
            raise
        raise KeyError(app) from None


# -- Building blocks other apps reuse ----------------------------------------------------------

EVERYONE = tuple(Role.values)
STEERING_READERS = (Role.COORDINATOR, Role.STEERING)
PROGRAMME_READERS = (Role.COORDINATOR, Role.STEERING, Role.CHAMPION)


def _coordinator_or_champion_of(membership: Membership, obj: Any) -> bool:
    """The coordinator keeps every department's work; a champion only their own."""
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.CHAMPION
        and membership.department_id is not None
        and membership.department_id == obj.department_id
    )


department_work = predicate(
    "transformation.department_work",
    Role.COORDINATOR,
    Role.CHAMPION,
    check=_coordinator_or_champion_of,
    per_object=True,
    description="The coordinator, or the champion of the object's department.",
)


# -- The core app's predicates -----------------------------------------------------------------

view_overview = predicate(
    "transformation.view_overview", *EVERYONE, description="The programme overview."
)
administer_organisation = predicate(
    "transformation.administer_organisation",
    Role.COORDINATOR,
    description="People, invitations, departments and the organisation's profile.",
)
view_dashboards = predicate(
    "transformation.view_dashboards",
    *STEERING_READERS,
    description="Organisation-wide figures on the overview (the steering committee's view).",
)
view_roadmap = predicate(
    "transformation.view_roadmap",
    *PROGRAMME_READERS,
    description="Roadmap matrix, steps, timeline, evidence, stakeholders, communication plan.",
)
edit_step = department_work.named(
    "transformation.edit_step", "A step's progress and evidence, per department."
)
plan_roadmap = predicate(
    "transformation.plan_roadmap",
    Role.COORDINATOR,
    description="Programmes and the organisation's own roadmap steps.",
)
view_programmes = predicate(
    "transformation.view_programmes", *STEERING_READERS, description="The list of programmes."
)
manage_stakeholders = predicate(
    "transformation.manage_stakeholders",
    Role.COORDINATOR,
    description="Add, edit and import stakeholders.",
)
export_stakeholders = predicate(
    "transformation.export_stakeholders", *STEERING_READERS, description="Stakeholder CSV."
)
plan_communication = predicate(
    "transformation.plan_communication", Role.COORDINATOR, description="Communication items."
)
view_board_reports = predicate(
    "transformation.view_board_reports", *STEERING_READERS, description="Read board reports."
)
request_board_reports = predicate(
    "transformation.request_board_reports",
    Role.COORDINATOR,
    description="Request, retry and schedule board reports.",
)


# -- Notifications (issue 17) ------------------------------------------------------------------

view_notifications = predicate(
    "transformation.view_notifications",
    *EVERYONE,
    description="One's own notification centre and e-mail digest setting.",
)
configure_channel = predicate(
    "transformation.configure_channel",
    Role.COORDINATOR,
    description="The steering committee's Teams or Slack channel: address, schedule, test.",
)
follow_overdue_items = predicate(
    "transformation.follow_overdue_items",
    *STEERING_READERS,
    description="Told of overdue items of every department (the steering committee escalates).",
)


# -- Identity (issue 16) -------------------------------------------------------------------------

configure_sign_in = predicate(
    "transformation.configure_sign_in",
    Role.COORDINATOR,
    description="The organisation's single sign-on and its second-factor rule.",
)


def _access_policy_binds(membership: Membership, policy: Any) -> bool:
    """Whether the organisation's second-factor rule applies to this member's role."""
    if policy.second_factor == SecondFactorRule.EVERYONE:
        return True
    return policy.second_factor == SecondFactorRule.LEADERS and membership.role in (
        Role.COORDINATOR,
        Role.STEERING,
    )


must_use_second_factor = predicate(
    "transformation.must_use_second_factor",
    *EVERYONE,
    check=_access_policy_binds,
    per_object=True,
    description=(
        "Not a permission but a duty: the organisation's access policy (the object) requires "
        "this member to sign in with a second factor."
    ),
)
