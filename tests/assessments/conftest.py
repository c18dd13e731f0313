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


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; no test may inherit another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
