"""Legal clocks: periods that run from a moment, in the organisation's time zone.

EU law counts periods under Regulation (EEC, Euratom) No 1182/71: a period
in days does not count the day on which the event happens (Art 3(1)) and ends
with the expiry of the last hour of its last day (Art 3(2)(b)), which is local
midnight. Periods in hours are counted from the moment itself, as supervisory
authorities read the GDPR's 72 hours (Art 33(1) GDPR). Weekends and public
holidays would extend a period in days (Art 3(4)); they are not applied here,
so a clock never shows more time than the law may give.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value and value not in available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone.") % {"zone": value})


def time_zone_choices() -> list[tuple[str, str]]:
    return sorted((zone, zone.replace("_", " ")) for zone in available_timezones())


def organisation_zone(organisation) -> ZoneInfo:
    """The organisation's own time zone, or the installation's (settings.TIME_ZONE)."""
    name = getattr(organisation, "time_zone", "") or settings.TIME_ZONE
    return ZoneInfo(name)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last moment of `day` in `zone`: the next day's local midnight."""
    return start_of_day(day + timedelta(days=1), zone)


def days_after(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """When a period of `days` days that runs from `moment` expires (Reg. 1182/71, Art 3)."""
    first_day = moment.astimezone(zone).date() + timedelta(days=1)
    return end_of_day(first_day + timedelta(days=days - 1), zone)


def hours_after(moment: datetime, hours: int) -> datetime:
    """When a period of `hours` hours that runs from `moment` expires.

    Counted in UTC: adding to a local time would add wall-clock hours, one
    short or long across a clock change.
    """
    return moment.astimezone(UTC) + timedelta(hours=hours)
