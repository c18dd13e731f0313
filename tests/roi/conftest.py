import pytest
from django_scopes import scope


@pytest.fixture
def org(tenant):
    """The tenant, with the test body running inside its scope."""
    with scope(organisation=tenant.organisation):
        yield tenant
