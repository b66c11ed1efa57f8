"""A week on someone's wall clock: its days, their UTC bounds, and its half hours.

Charts are read by someone in *their* zone about someone who may live in another, so
every week here is laid on a zone's wall clock, day by day, with `zoneinfo` resolving
each date (a DST week has a 23- or 25-hour day; a half-hour zone such as Asia/Kolkata
lands between another zone's hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval
from app.domain.workstyle import load_zone, start_to_utc

SLOT = timedelta(minutes=30)
MINUTES_PER_DAY = 24 * 60
WORKDAYS = range(5)


def zone_of(name: str) -> ZoneInfo:
    """The zone called `name`; raises ValueError for an unknown name."""
    zone = load_zone(name)
    if zone is None:
        raise ValueError(f"unknown time zone {name!r}")
    return zone


def monday_of(instant: datetime, zone: str) -> date:
    """The Monday (local to `zone`) of the week holding `instant`."""
    local = instant.astimezone(zone_of(zone)).date()
    return local - timedelta(days=local.weekday())


def local_day(day: date, zone: str) -> Interval:
    """Local midnight to the next local midnight in `zone`, in UTC (23-25 hours)."""
    tz = zone_of(zone)
    return Interval(
        start_to_utc(day, time(0), tz), start_to_utc(day + timedelta(days=1), time(0), tz)
    )


def week_days(monday: date) -> list[date]:
    """The seven dates from `monday`."""
    return [monday + timedelta(days=offset) for offset in range(7)]


def week_window(monday: date, zone: str) -> Interval:
    """Monday 00:00 to the next Monday 00:00, local to `zone`, in UTC."""
    return Interval(local_day(monday, zone).start, local_day(monday + timedelta(days=6), zone).end)


def wall_minute(instant: datetime, zone: ZoneInfo) -> int:
    """Minutes since local midnight that the wall clock in `zone` reads at `instant`."""
    local = instant.astimezone(zone)
    return local.hour * 60 + local.minute


@dataclass(frozen=True)
class WeekGrid:
    """The half hours of a zone-local week in order: UTC bounds and wall-clock readings.

    Each day's slots run from its local midnight to the next (the last may be short), so
    starts and ends both rise strictly across the week and the slots an interval covers
    whole are one run of indexes, found by bisection instead of a scan per slot.
    """

    window: Interval
    starts: tuple[datetime, ...]
    ends: tuple[datetime, ...]
    local_starts: tuple[datetime, ...]
    minutes: tuple[int, ...]
    days: tuple[tuple[date, int, int], ...]  # (day, first slot index, index after its last)


@lru_cache(maxsize=128)
def week_grid(zone: str, monday: date) -> WeekGrid:
    """The half-hour grid of the week from `monday`, local to `zone`."""
    tz = zone_of(zone)
    slots: list[Interval] = []
    days = []
    for day in week_days(monday):
        first = len(slots)
        slots.extend(_slots(day, zone))
        days.append((day, first, len(slots)))
    return WeekGrid(
        week_window(monday, zone),
        tuple(slot.start for slot in slots),
        tuple(slot.end for slot in slots),
        tuple(slot.start.astimezone(tz) for slot in slots),
        tuple(wall_minute(slot.start, tz) for slot in slots),
        tuple(days),
    )


def _slots(day: date, zone: str):
    """The half hours of local `day` in `zone`, from its midnight to the next."""
    bounds = local_day(day, zone)
    cursor = bounds.start
    while cursor < bounds.end:
        yield Interval(cursor, min(cursor + SLOT, bounds.end))
        cursor += SLOT
