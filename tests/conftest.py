"""Shared fixtures: two organisations with one member per access role each.

Every access test runs with the second organisation's data present, so a
query that forgets its scope shows up as a leak.
"""

import contextlib
from dataclasses import dataclass, field

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from tests.database import load_reference_data
from tests.factories import DepartmentFactory, MembershipFactory, OrganisationFactory, UserFactory
from transformation.models import Department, Membership, Organisation, Role, User


@dataclass
class Tenant:
    organisation: Organisation
    departments: dict[str, Department]
    members: dict[str, Membership] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.members[role].user

    @property
    def slug(self) -> str:
        return self.organisation.slug


def make_tenant(name: str, slug: str) -> Tenant:
    organisation = OrganisationFactory(name=name, slug=slug)
    with scope(organisation=organisation):
        sales = DepartmentFactory(organisation=organisation, name="Sales", headcount=40)
        support = DepartmentFactory(organisation=organisation, name="Support", headcount=30)
        tenant = Tenant(organisation, {"Sales": sales, "Support": support})
        for role in Role.values:
            user = UserFactory(email=f"{role}@{slug}.example", full_name=f"{role.title()} {name}")
            department = support if role in (Role.CHAMPION, Role.EMPLOYEE) else None
            tenant.members[role] = MembershipFactory(
                organisation=organisation, user=user, role=role, department=department
            )
    return tenant


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters (cache or per-process fallback) never leak between tests."""
    from django.core.cache import cache

    from transformation.identity import counters

    def clear():
        with contextlib.suppress(*counters.UNAVAILABLE):  # a test stopped its own Redis
            cache.clear()
        counters.clear_fallback()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def fresh_file_storage(settings):
    """Each test gets an empty in-memory file storage (changing STORAGES resets it)."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language, whatever a test before it activated."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database: tables from the models (no migrations), then the reference rows."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """Reload the shipped reference rows for a transactional test.

    Each transactional test ends by emptying every table, which also removes
    the reference rows loaded for the session; a later transactional test
    that needs those rows (seed_demo does) asks for this fixture.
    """
    load_reference_data()


@pytest.fixture
def tenant(db) -> Tenant:
    """The organisation under test, created after the other one so ids differ."""
    return make_tenant("Acme Wholesale", "acme")


@pytest.fixture
def other_tenant(db) -> Tenant:
    return make_tenant("Other Bakery", "other")


@pytest.fixture
def tenants(db) -> tuple[Tenant, Tenant]:
    other = make_tenant("Other Bakery", "other")
    own = make_tenant("Acme Wholesale", "acme")
    return own, other


@pytest.fixture
def in_scope():
    """Run code inside an organisation's scope: `with in_scope(org): ...`."""
    return lambda organisation: scope(organisation=organisation)


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


# A real Celery worker process (skipped without Redis and PostgreSQL).
from tests.worker import real_worker  # noqa: E402, F401
