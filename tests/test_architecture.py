"""The shape the README promises, checked on the source: import direction and no circles."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("transformation", "assessments", "roi", "governance", "casestudies", "adoption")


def _modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules `path` imports anywhere, inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules.keys()


def test_service_modules_do_not_import_each_other_in_a_circle():
    """Where one workflow must react to another, it does so through a registry hook."""
    modules = _modules()
    services = {name: path for name, path in modules.items() if ".services." in f"{name}."}
    graph = {
        name: _imports(path, modules) & services.keys() - {name} for name, path in services.items()
    }
    graph = {
        name: {dep for dep in deps if not name.startswith(f"{dep}.")}
        for name, deps in graph.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for dep in graph[start]:
            if dep == goal or (dep not in seen and reaches(dep, goal, seen | {dep})):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, {name}))
    assert not circles, f"These service modules import each other in a circle: {circles}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_imports_another_modules_private_names():
    """A leading underscore means "this module only"; shared helpers get a public name.

    Checked for `from module import _name` and for `module._name` through an
    imported module, in the apps and in the scripts beside them.
    """
    modules = _modules()
    importers = dict(modules)
    importers.update({f"scripts.{path.stem}": path for path in (ROOT / "scripts").glob("*.py")})
    private = []
    for name, path in importers.items():
        tree = ast.parse(path.read_text())
        imported_modules = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in modules and not node.level:
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    if child in modules:
                        imported_modules[alias.asname or alias.name] = child
                    elif _private(alias.name):
                        private.append(f"{name} imports {child}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in modules:
                        imported_modules[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
            ):
                private.append(f"{name} uses {imported_modules[node.value.id]}.{node.attr}")
    assert not private, private


def _registered_tasks() -> dict:
    """Every Celery task of the project's apps, with each app's tasks module imported."""
    from transformation.celery import app

    for name in _modules():
        if name.endswith(".tasks"):
            importlib.import_module(name)
    return {name: task for name, task in app.tasks.items() if name.startswith(APPS)}


def test_every_task_run_for_one_organisation_uses_the_organisation_base():
    """A task that takes an organisation or a row id is an `OrganisationTask`.

    It is sent `organisation_id` and runs inside that organisation's scope, so
    no task loads a tenant's row and enters its scope by hand.
    """
    from transformation.celery import OrganisationTask

    tasks = _registered_tasks()
    assert "transformation.tasks.render_board_report" in tasks
    wrong = []
    for name, task in sorted(tasks.items()):
        parameters = inspect.signature(task.run).parameters
        per_row = [p for p in parameters if p == "organisation" or p.endswith("_id")]
        if not per_row:
            continue
        if not isinstance(task, OrganisationTask):
            wrong.append(f"{name} takes {per_row} but is not an organisation_task")
        elif "organisation" not in parameters or "organisation_id" in parameters:
            wrong.append(f"{name} should take organisation= (the base loads it from the id)")
    assert not wrong, wrong


def test_services_dispatch_tasks_after_commit():
    """`task.delay_on_commit(...)`: a worker never looks for a row not yet committed."""
    direct = []
    for name, path in _modules().items():
        if name == "transformation.celery":
            continue  # the task base itself: its delay_on_commit is where sending happens
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("delay", "apply_async")
            ):
                direct.append(f"{name}:{node.lineno}")
    assert not direct, f"Dispatch with delay_on_commit instead: {direct}"
