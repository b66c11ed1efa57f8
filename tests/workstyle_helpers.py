"""Shared helpers of the weekly-pattern unit tests: UTC instants, windows and an office week."""

from datetime import UTC, date, datetime, time, timedelta

from app.domain.intervals import Interval
from app.domain.workstyle import (
    BlockKind,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
BERLIN = "Europe/Berlin"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def span(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def day_window(day: date, days: int = 1) -> Interval:
    """A UTC window from 00:00 UTC on `day`, `days` long."""
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return Interval(start, start + timedelta(days=days))


def working(weekday: int, start: time, end: time) -> WeeklyBlock:
    return WeeklyBlock(BlockKind.WORKING, weekday, start, end)


def office_week(zone: str = BERLIN, *extra: WeeklyBlock, **kwargs) -> WeeklyPattern:
    """Monday to Friday 09:00-17:00 plus `extra` blocks."""
    blocks = tuple(working(day, time(9), time(17)) for day in range(MON, SAT)) + extra
    return WeeklyPattern(zone, blocks, **kwargs)


NIGHT_SHIFT = WeeklyPattern(BERLIN, (working(MON, time(22), time(6)),))

STATUS_PATTERN = office_week(
    BERLIN,
    WeeklyBlock(BlockKind.FOCUS, WED, time(9), time(12)),
    WeeklyBlock(BlockKind.ROUTINE, WED, time(11), time(12), label="Therapy", private=True),
    WeeklyBlock(BlockKind.ROUTINE, WED, time(15), time(16), label="School run", hard=False),
    time_off=(TimeOff.single_day(date(2026, 1, 16)),),
)
