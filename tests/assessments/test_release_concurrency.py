"""Release tasks run by several workers at the same moment publish one release, not several
(the answers' tasks and the beat's sweep can meet on one wave)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from assessments.models import Response, ResultRelease, Wave
from assessments.tasks import release_wave_results
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


def test_concurrent_release_tasks_make_one_final_release_holding_every_waiting_response(
    transactional_db,
):
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        wave = open_wave(tenant.organisation, install(tenant.organisation)["pulse"])
        # Their tasks run at each commit: four are no step, so nothing is released yet.
        answer_many(wave, 4, PULSE, department=tenant.departments["Sales"])
        assert not ResultRelease.objects.filter(wave=wave).exists()
        # Closed by time: the closing task, the sweep and a late answer's task may meet.
        Wave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    workers = 6
    barrier = threading.Barrier(workers)
    numbers = []

    def work():
        try:
            barrier.wait()
            numbers.append(
                release_wave_results(organisation_id=tenant.organisation.pk, wave_id=wave.pk)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with scope(organisation=tenant.organisation):
        assert list(
            ResultRelease.objects.filter(wave=wave).values_list("number", "responses", "is_final")
        ) == [(1, 4, True)]
        assert Response.objects.filter(wave=wave, release__number=1).count() == 4
    assert numbers == [1] * workers
