"""Survey data for tests, created through the real services (no ORM mocks)."""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from assessments import services
from assessments.models import Instrument, Item, Wave
from transformation.models import Department, Organisation


def install(organisation: Organisation) -> dict[str, Instrument]:
    services.install_standard_instruments(organisation=organisation)
    return {i.kind: i for i in Instrument.objects.filter(organisation=organisation)}


def open_wave(
    organisation: Organisation,
    instrument: Instrument,
    *,
    mode: str = Wave.Mode.KIOSK,
    departments=(),
    title: str = "Wave",
    days_ago: int = 1,
) -> Wave:
    now = timezone.now()
    return services.create_wave(
        organisation=organisation,
        actor=None,
        instrument=instrument,
        title=title,
        mode=mode,
        departments=departments,
        opens_at=now - timedelta(days=days_ago),
        closes_at=now + timedelta(days=14),
        link_base="http://testserver/",
    )


def items_by_key(instrument: Instrument) -> dict[str, Item]:
    return {item.key: item for item in instrument.items.select_related("scale", "instrument")}


def answer(
    wave: Wave,
    values: dict[str, object],
    *,
    department: Department | None = None,
    language: str = "en",
    run_tasks: bool = False,
):
    """Submit one response with answers given by item key.

    With `run_tasks` the task its commit queues (mix, then release if the waiting
    answers form a step) runs right after it, as a prompt worker would; without,
    it never runs (a test's transaction does not commit), as with a worker behind.
    """
    items = items_by_key(wave.instrument)
    worker = TestCase.captureOnCommitCallbacks(execute=True) if run_tasks else nullcontext()
    with worker:
        return services.submit_response(
            wave=wave,
            answers={items[key].pk: value for key, value in values.items()},
            language=language,
            department=department,
        )


def answer_many(wave: Wave, count: int, values: dict[str, object], **kwargs) -> None:
    for _ in range(count):
        answer(wave, values, **kwargs)


def publish(wave: Wave) -> Wave:
    """Close the wave; the task its commit queues makes the final release (results are
    not live, they are released, by a worker).

    A wave whose results were never released publishes every answer when it closes.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.close_wave(wave=wave, actor=None)
    wave.refresh_from_db()
    return wave


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(page) -> str:
    """The one-time token an answering page hands out with its form."""
    return FORM_TOKEN.search(page.content.decode()).group(1)
