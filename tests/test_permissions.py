"""Permissions live in one place per app: named predicates, asked by views, templates and code.

See transformation/permissions.py for the convention; tests/test_url_access.py
checks that every organisation view declares one and that it admits exactly
the roles its URL case expects.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django_scopes import scope

from governance import permissions as governance_permissions
from tests.governance.factories import UseCaseFactory
from transformation import registry
from transformation.models import Role
from transformation.permissions import (
    MemberPermissions,
    Predicate,
    department_work,
    edit_step,
    permissions_module,
)

ROOT = Path(__file__).resolve().parent.parent
APPS = ("transformation", "assessments", "roi", "governance", "casestudies", "adoption")
TEMPLATES = sorted(
    path
    for folder in [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    for path in folder.rglob("*.html")
)
SOURCES = sorted(
    path
    for app in APPS
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts and path.name != "permissions.py"
)
# A role compared in code, not in a permissions module, is a permission decided
# in the wrong place. The one exception is a rule about the data itself.
ROLE_COMPARISON = re.compile(r"\.role\s*(==|!=|in\b|not in\b)|is_coordinator|can_read_everything")
ALLOWED_ROLE_COMPARISONS = {
    # "The organisation needs at least one AI coordinator": who holds the role, not who may act.
    ("transformation/services/core.py", "if membership.role != Role.COORDINATOR or new_role =="),
    # A classification's role is the organisation's role under the AI Act (provider or
    # deployer), which decides the incident clocks; it is no access role.
    (
        "governance/incident_clocks.py",
        "provider = classification is not None and classification.role in (",
    ),
}


def _member(role: str, department_id: int | None = None):
    return SimpleNamespace(role=role, department_id=department_id, user_id=0)


def test_templates_ask_a_predicate_instead_of_comparing_roles():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"membership\.(role|is_\w+|can_\w+|has_role)", line)
    ]
    assert not offenders, f"Ask `can.<app>.<predicate>` instead: {offenders}"


def test_every_predicate_a_template_asks_exists_and_needs_no_object():
    asked = {
        match
        for path in TEMPLATES
        for match in re.findall(r"\bcan\.(\w+)\.(\w+)", path.read_text())
    }
    assert asked, "the templates ask predicates through `can`"
    for app, name in sorted(asked):
        rule = getattr(permissions_module(app), name, None)
        assert isinstance(rule, Predicate), f"can.{app}.{name} names no predicate"
        assert not rule.per_object, f"can.{app}.{name} needs an object; decide it in the view"


def test_code_outside_the_permission_modules_does_not_compare_roles():
    offenders = []
    for path in SOURCES:
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if not ROLE_COMPARISON.search(line):
                continue
            if any(relative == file and text in line for file, text in ALLOWED_ROLE_COMPARISONS):
                continue
            offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, f"Ask a predicate from <app>/permissions.py instead: {offenders}"


def test_predicates_are_named_after_their_module_and_attribute():
    for app in APPS:
        module = permissions_module(app)
        for attribute, value in vars(module).items():
            if isinstance(value, Predicate) and not attribute.startswith("_"):
                assert value.name in (f"{app}.{attribute}", "transformation.department_work")
                assert value.roles <= set(Role.values)


def test_coordinator_or_champion_of_this_department_is_decided_once():
    support, sales = 1, 2
    step = SimpleNamespace(department_id=support)
    no_department = SimpleNamespace(department_id=None)
    for rule in (edit_step, governance_permissions.edit_use_case):
        assert rule.check is department_work.check
        assert rule(_member(Role.COORDINATOR), step)
        assert rule(_member(Role.COORDINATOR), no_department)
        assert rule(_member(Role.CHAMPION, support), step)
        assert not rule(_member(Role.CHAMPION, sales), step)
        # A champion without a department is nobody's champion, not everybody's.
        assert not rule(_member(Role.CHAMPION, None), no_department)
        assert not rule(_member(Role.STEERING), step)
        assert not rule(_member(Role.EMPLOYEE, support), step)
        assert not rule(None, step)
        with pytest.raises(TypeError):
            rule(_member(Role.COORDINATOR))


def test_templates_see_role_level_answers_for_the_member():
    template = Template(
        "{% if can.transformation.manage_stakeholders %}add {% endif %}"
        "{% if can.transformation.export_stakeholders %}export {% endif %}"
        "{% if can.nosuchapp.anything %}leak{% endif %}"
        "{% if can.transformation.nosuchpredicate %}leak{% endif %}"
    )
    seen = {
        role: template.render(Context({"can": MemberPermissions(_member(role))})).strip()
        for role in Role.values
    }
    assert seen == {
        Role.COORDINATOR: "add export",
        Role.STEERING: "export",
        Role.CHAMPION: "",
        Role.EMPLOYEE: "",
    }
    assert MemberPermissions(None)["transformation"]["view_overview"] is False


def test_every_navigation_entry_uses_the_predicate_of_the_view_it_links_to():
    for entry in registry.nav_entries.all():
        assert isinstance(entry.permission, Predicate), entry.key
        assert entry.permission is registry.view_permission(entry.url_name)
    employees_only = {
        entry.key
        for entry in registry.nav_entries.all()
        if entry.visible_to(_member(Role.EMPLOYEE)) and not entry.visible_to(_member(Role.CHAMPION))
    }
    assert employees_only == {"governance_guidelines", "governance_my_training"}


def test_stakeholder_page_shows_each_role_only_the_actions_it_may_use(tenant, client):
    url = reverse("stakeholders", kwargs={"org": tenant.slug})
    new = reverse("stakeholder_new", kwargs={"org": tenant.slug})
    export = reverse("stakeholders_export", kwargs={"org": tenant.slug})
    shown = {}
    for role in (Role.COORDINATOR, Role.STEERING, Role.CHAMPION):
        client.force_login(tenant.user(role))
        page = client.get(url).content.decode()
        shown[role] = (new in page, export in page)
    assert shown == {
        Role.COORDINATOR: (True, True),
        Role.STEERING: (False, True),
        Role.CHAMPION: (False, False),
    }


def test_a_champion_registers_use_cases_of_their_own_department_only(tenant):
    from governance.forms import UseCaseForm

    champion = tenant.members[Role.CHAMPION]
    with scope(organisation=tenant.organisation):
        offered = {
            role: sorted(
                d.name
                for d in UseCaseForm(membership=tenant.members[role]).fields["department"].queryset
            )
            for role in (Role.COORDINATOR, Role.CHAMPION)
        }
        use_case = UseCaseFactory(organisation=tenant.organisation, department=champion.department)
        assert governance_permissions.edit_use_case(champion, use_case)
        use_case.department = tenant.departments["Sales"]
        assert not governance_permissions.edit_use_case(champion, use_case)
    assert offered == {Role.COORDINATOR: ["Sales", "Support"], Role.CHAMPION: ["Support"]}
