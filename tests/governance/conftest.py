import pytest

from governance.registry import transition_guards


@pytest.fixture(autouse=True)
def governance_guards_only():
    """Other apps register their own transition guards; these tests check governance's."""
    saved = dict(transition_guards.guards)
    transition_guards.guards = {k: v for k, v in saved.items() if k.startswith("governance.")}
    yield
    transition_guards.guards = saved
