"""How every URL of the application may be used, declared per app.

Each app lists its routes in `tests/<app>/urlcases.py` as `CASES`; the
coverage test fails for any route that no case classifies, so a new view
cannot ship without an access rule and a leak test.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from transformation.models import Organisation, Role

PUBLIC = "public"  # no login needed (login page, invitation link, survey link)
LOGIN = "login"  # any logged-in user, not tied to an organisation
ALL_ROLES = frozenset(Role.values)
COORDINATOR = frozenset({Role.COORDINATOR})
READERS = frozenset({Role.COORDINATOR, Role.STEERING})


def no_kwargs(organisation: Organisation) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class UrlCase:
    """One route and who may use it.

    `kwargs(organisation)` runs inside that organisation's scope and returns
    the URL kwargs besides `org`, creating the objects it needs; it is also
    called for the other organisation, whose ids must answer 404.
    `data(organisation)` is the POST body for the permitted request.
    """

    name: str
    roles: frozenset[str] | str
    kwargs: Callable[[Organisation], dict[str, Any]] = no_kwargs
    method: str = "get"
    data: Callable[[Organisation], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200,)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def in_organisation(self) -> bool:
        return self.roles not in (PUBLIC, LOGIN)

    def __str__(self) -> str:
        return self.name


def collect_cases() -> dict[str, list[UrlCase]]:
    """CASES from every `tests/<app>/urlcases*.py` module, by module name."""
    import tests

    cases = {}
    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        path = [f"{tests.__path__[0]}/{package.name}"]
        for module in pkgutil.iter_modules(path):
            if module.name.startswith("urlcases"):
                name = f"tests.{package.name}.{module.name}"
                cases[name] = importlib.import_module(name).CASES
    return cases
