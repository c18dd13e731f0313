"""Legal clocks: Regulation 1182/71 for days, exact hours, the organisation's time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.templatetags.governance_duties import time_left
from transformation.clocks import days_after, end_of_day, hours_after, organisation_zone
from transformation.deadlines import OVERDUE, UPCOMING, Deadline
from transformation.models import Organisation

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
LISBON = ZoneInfo("Europe/Lisbon")


def local(zone, *args):
    return datetime(*args, tzinfo=zone)


def test_day_of_awareness_does_not_count_and_the_last_day_runs_to_midnight():
    aware = local(BERLIN, 2026, 3, 10, 14, 25)
    assert days_after(aware, 15, BERLIN) == local(BERLIN, 2026, 3, 26, 0, 0)


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        # One minute before midnight: still the 10th, the period starts on the 11th.
        (local(BERLIN, 2026, 3, 10, 23, 59), local(BERLIN, 2026, 3, 26, 0, 0)),
        # At midnight it is the 11th: one more day.
        (local(BERLIN, 2026, 3, 11, 0, 0), local(BERLIN, 2026, 3, 27, 0, 0)),
        (local(BERLIN, 2026, 3, 11, 0, 1), local(BERLIN, 2026, 3, 27, 0, 0)),
    ],
)
def test_boundary_minutes_around_midnight(aware, due):
    assert days_after(aware, 15, BERLIN) == due


def test_the_same_moment_falls_on_different_days_in_different_time_zones():
    moment = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 00:30 in Berlin, 23:30 in London
    assert days_after(moment, 15, BERLIN) == local(BERLIN, 2026, 3, 27, 0, 0)
    assert days_after(moment, 15, LONDON) == local(LONDON, 2026, 3, 26, 0, 0)
    # Berlin's deadline comes first in absolute time despite being a day later locally.
    assert days_after(moment, 15, BERLIN).astimezone(UTC) == datetime(
        2026, 3, 26, 23, 0, tzinfo=UTC
    )
    assert days_after(moment, 15, LONDON).astimezone(UTC) == datetime(2026, 3, 26, 0, 0, tzinfo=UTC)


def test_a_period_across_the_spring_clock_change_ends_at_local_midnight():
    # Summer time starts on 29 March 2026: midnight of 31 March is 22:00 UTC, not 23:00.
    due = days_after(local(BERLIN, 2026, 3, 20, 10, 0), 10, BERLIN)
    assert due == local(BERLIN, 2026, 3, 31, 0, 0)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 22, 0, tzinfo=UTC)


def test_a_two_day_period_across_the_autumn_clock_change():
    # Friday 16:00; the second day is Sunday 25 October, when summer time ends.
    due = days_after(local(BERLIN, 2026, 10, 23, 16, 0), 2, BERLIN)
    assert due == local(BERLIN, 2026, 10, 26, 0, 0)
    assert due.astimezone(UTC) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_72_hours_are_elapsed_hours_even_across_the_clock_change():
    aware = local(BERLIN, 2026, 3, 27, 12, 0)  # UTC+1
    due = hours_after(aware, 72)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 11, 0, tzinfo=UTC)
    assert due.astimezone(BERLIN).hour == 13  # UTC+2 by then


def test_end_of_day_is_the_next_local_midnight():
    assert end_of_day(datetime(2026, 12, 31).date(), LISBON) == local(LISBON, 2027, 1, 1, 0, 0)


def test_organisation_zone_falls_back_to_the_installation(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert organisation_zone(Organisation(time_zone="")) == BERLIN
    assert organisation_zone(Organisation(time_zone="Europe/Lisbon")) == LISBON


def _deadline(due):
    return Deadline(
        key="k",
        source="s",
        title={"en": "x"},
        url="/",
        due_at=due,
        notify_from=due - timedelta(days=7),
        visible_to=lambda m: True,
    )


def test_stage_at_the_boundary_minutes():
    due = local(BERLIN, 2026, 3, 26, 0, 0)
    item = _deadline(due)
    assert item.stage(due - timedelta(days=7, minutes=1)) is None
    assert item.stage(due - timedelta(days=7)) == UPCOMING
    assert item.stage(due - timedelta(minutes=1)) == UPCOMING
    assert item.stage(due) == OVERDUE


def test_time_left_counts_down_to_the_minute():
    due = local(BERLIN, 2026, 3, 26, 0, 0)
    assert time_left(due, due - timedelta(days=2, hours=3, minutes=30)) == "2 days 3 hours left"
    assert time_left(due, due - timedelta(minutes=1)) == "1 minute left"
    assert time_left(due, due) == "overdue by 0 minutes"
    assert time_left(due, due + timedelta(hours=5)) == "overdue by 5 hours"
