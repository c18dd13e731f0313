import pytest
from django_scopes import scope

from tests.assessments.factories import install


@pytest.fixture
def instruments(tenant):
    """The shipped instruments, installed in the tenant's organisation."""
    with scope(organisation=tenant.organisation):
        return install(tenant.organisation)


@pytest.fixture
def scoped(tenant):
    with scope(organisation=tenant.organisation):
        yield tenant


# Rate-limit counters are cleared for every test by tests/conftest.py (fresh_throttles).
