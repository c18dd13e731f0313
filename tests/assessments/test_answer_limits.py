"""Survey answering is limited per link, kiosk code and wave, never per client address,
and keeps working (with per-process limits) when Redis goes down mid-run."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client
from django_scopes import scope

from assessments.models import Participation, Response, Wave
from tests.assessments.factories import form_token, open_wave
from tests.assessments.test_distribution import _answers
from tests.factories import MembershipFactory, UserFactory
from transformation.models import Role

OFFICE = "198.51.100.20"  # everybody's address behind the office NAT


def _personal_links(tenant, instruments, colleagues: int, capture) -> tuple[Wave, list[str]]:
    """A personal wave for `colleagues` extra employees; returns their answering paths."""
    from django.core import mail

    with scope(organisation=tenant.organisation):
        for n in range(colleagues):
            MembershipFactory(
                organisation=tenant.organisation,
                user=UserFactory(email=f"colleague{n}@acme.example"),
                role=Role.EMPLOYEE,
                department=tenant.departments["Sales"],
            )
        with capture(execute=True):
            wave = open_wave(tenant.organisation, instruments["pulse"], mode=Wave.Mode.PERSONAL)
    import re

    links = [re.search(r"http://testserver(/s/[\w-]+/)", m.body).group(1) for m in mail.outbox]
    return wave, links


def _answer(client: Client, path: str, wave) -> int:
    answers = _answers(wave)
    token = form_token(client.get(path))
    client.post(path, {"page": "0", "lang": "en", "form_token": token, **answers})
    return client.post(
        path, {"page": "1", "lang": "en", "form_token": token, **answers}
    ).status_code


def test_colleagues_behind_one_office_address_all_get_their_answers_in(
    scoped, instruments, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_LINK_RATE_PER_MINUTE = 5
    wave, links = _personal_links(scoped, instruments, 20, django_capture_on_commit_callbacks)
    assert len(links) == 24
    office = Client(REMOTE_ADDR=OFFICE)
    statuses = [_answer(office, link, wave) for link in links]
    assert statuses == [302] * 24
    with scope(organisation=scoped.organisation):
        assert Response.objects.filter(wave=wave).count() == 24


def test_a_stranger_cannot_use_up_the_allowance_of_others(
    scoped, instruments, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_LINK_RATE_PER_MINUTE = 5
    wave, links = _personal_links(scoped, instruments, 0, django_capture_on_commit_callbacks)
    stranger = Client(REMOTE_ADDR=OFFICE)
    guesses = [stranger.get(f"/s/guess-{n}/").status_code for n in range(40)]
    assert guesses[:30] == [404] * 30 and set(guesses[30:]) == {429}
    own_link = [stranger.get(links[0]).status_code for _ in range(8)]
    assert own_link[:5] == [200] * 5 and set(own_link[5:]) == {429}
    colleague = Client(REMOTE_ADDR=OFFICE)
    assert _answer(colleague, links[1], wave) == 302
    with scope(organisation=scoped.organisation):
        assert Participation.objects.filter(wave=wave, has_answered=True).count() == 1


def test_kiosk_code_and_wave_have_their_own_limits(
    scoped, instruments, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_KIOSK_RATE_PER_MINUTE = 6
    with scope(organisation=scoped.organisation):
        kiosk = open_wave(scoped.organisation, instruments["pulse"], mode=Wave.Mode.KIOSK)
        other = open_wave(scoped.organisation, instruments["pulse"], title="Other", days_ago=2)
    client = Client(REMOTE_ADDR=OFFICE)
    statuses = [client.get(f"/s/kiosk/{kiosk.kiosk_code}/").status_code for _ in range(8)]
    assert statuses[:6] == [200] * 6 and set(statuses[6:]) == {429}
    assert client.get(f"/s/kiosk/{other.kiosk_code}/").status_code == 200
    settings.SURVEY_WAVE_RATE_PER_MINUTE = 3
    assert [client.get(f"/s/kiosk/{other.kiosk_code}/").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]


REDIS_SERVER_OPTIONS = ("--bind", "127.0.0.1", "--save", "", "--appendonly", "no")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A redis-server of this test's own on a free port; the shared one is never touched."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    import redis

    # Another test process may take the free port before this server binds
    # it; the server then exits, and the next free port is tried.
    for _attempt in range(5):
        port = _free_port()
        process = subprocess.Popen(
            [binary, "--port", str(port), *REDIS_SERVER_OPTIONS],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        connection = redis.Redis(host="127.0.0.1", port=port)
        serving = None
        for _ in range(50):
            if process.poll() is not None:
                break
            try:
                serving = connection.info("server")["process_id"]
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        if process.poll() is None and serving == process.pid:
            break
        process.terminate()
        process.wait(timeout=10)
    else:
        pytest.fail("redis-server did not start on a free port")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield process, connection
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_answering_keeps_working_and_limited_when_redis_goes_down(
    scoped, instruments, settings, own_redis, django_capture_on_commit_callbacks
):
    process, connection = own_redis
    settings.SURVEY_LINK_RATE_PER_MINUTE = 6
    wave, links = _personal_links(scoped, instruments, 2, django_capture_on_commit_callbacks)
    client = Client(REMOTE_ADDR=OFFICE)
    assert client.get(links[0]).status_code == 200
    assert any(b"survey:link" in key for key in connection.keys("*"))  # counted in Redis
    process.terminate()
    process.wait(timeout=10)
    started = time.monotonic()
    assert _answer(client, links[1], wave) == 302  # answered while Redis is down
    assert time.monotonic() - started < 5
    with scope(organisation=scoped.organisation):
        assert Response.objects.filter(wave=wave).count() == 1
    statuses = [client.get(links[2]).status_code for _ in range(8)]
    assert statuses[:6] == [200] * 6 and set(statuses[6:]) == {429}  # still limited
