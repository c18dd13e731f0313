"""The same link submitted twice at the same moment stores exactly one response."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_scopes import scope

from assessments.models import Participation, Response, Wave
from tests.assessments.factories import install, open_wave
from tests.conftest import make_tenant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
)


def test_same_link_submitted_concurrently_stores_one_response(
    transactional_db, django_capture_on_commit_callbacks
):
    tenant = make_tenant("Acme Wholesale", "acme")
    with scope(organisation=tenant.organisation):
        instruments = install(tenant.organisation)
        with django_capture_on_commit_callbacks(execute=True):
            wave = open_wave(tenant.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
        items = {item.key: item.pk for item in wave.instrument.items.all()}
    link = next(
        m.body.split("http://testserver")[1].split()[0]
        for m in mail.outbox
        if m.to == [tenant.user("employee").email]
    )
    data = {
        "page": "1",
        "lang": "en",
        f"item_{items['enps']}": "8",
        f"item_{items['sentiment-easier']}": "4",
        f"item_{items['sentiment-monitoring']}": "2",
        f"item_{items['sentiment-help']}": "4",
        f"item_{items['sentiment-informed']}": "4",
        f"item_{items['culture-phase']}": "2",
    }
    clients = 8
    barrier = threading.Barrier(clients)
    statuses = []

    def submit():
        try:
            barrier.wait()
            statuses.append(Client().post(link, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with scope(organisation=tenant.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
        assert Participation.objects.filter(wave=wave, has_answered=True).count() == 1
    assert sorted(statuses) == [302] + [410] * (clients - 1)
