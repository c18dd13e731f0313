"""Results read by several people at the same moment publish one release, not several."""

import threading

import pytest
from django.db import connection
from django_scopes import scope

from assessments.models import Response, ResultRelease
from assessments.services.releases import release_due_results
from tests.assessments.factories import answer_many, install, open_wave
from tests.conftest import make_tenant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
)

PULSE = {
    "enps": 8,
    "sentiment-easier": 4,
    "sentiment-monitoring": 2,
    "sentiment-help": 4,
    "sentiment-informed": 4,
    "culture-phase": 3,
}


def test_concurrent_reads_make_one_release_holding_every_waiting_response(transactional_db):
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        wave = open_wave(tenant.organisation, install(tenant.organisation)["pulse"])
        answer_many(wave, 5, PULSE, department=tenant.departments["Sales"])
    readers = 6
    barrier = threading.Barrier(readers)
    numbers = []

    def read():
        try:
            with scope(organisation=tenant.organisation):
                barrier.wait()
                numbers.append(release_due_results(wave=wave).number)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with scope(organisation=tenant.organisation):
        assert list(ResultRelease.objects.filter(wave=wave).values_list("number", "responses")) == [
            (1, 5)
        ]
        assert Response.objects.filter(wave=wave, release__number=1).count() == 5
    assert numbers == [1] * readers
