"""The weekly pattern as recurring local windows, for weekly RRULE calendar events.

This works on the wall clock of an abstract week, ignoring dates, DST and dated
exceptions: a calendar client applies the zone (via TZID) to each occurrence. Windows
are split at midnight so each lies within one weekday; an end of 00:00 means midnight.
Overnight blocks, including Sunday night into Monday, wrap around the week.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from app.domain.intervals import Interval, merge, subtract
from app.domain.workstyle.pattern import (
    MINUTES_PER_WEEK,
    BlockKind,
    WeeklyBlock,
    WeeklyPattern,
    minute_of_day,
)

# A Monday, used only as the origin of the abstract week's clock.
_WEEK_ORIGIN = datetime(2024, 1, 1, tzinfo=UTC)
_ONE_DAY = timedelta(days=1)


class WeeklyWindow(NamedTuple):
    """A recurring window on `weekday` (0 = Monday) from `start` to `end`, local time."""

    weekday: int
    start: time
    end: time


def weekly_windows(
    pattern: WeeklyPattern, kind: BlockKind, *, hard_only: bool = False
) -> list[WeeklyWindow]:
    """The blocks of `kind` (only hard ones if asked) merged and split at midnight."""
    blocks = [b for b in pattern.blocks_of(kind) if b.hard or not hard_only]
    return _to_windows(merge(_week_intervals(blocks)))


def meeting_friendly_weekly(pattern: WeeklyPattern) -> list[WeeklyWindow]:
    """Working time minus hard focus, hard routines and no-meeting time, each week."""
    working = _week_intervals(pattern.blocks_of(BlockKind.WORKING))
    protected = [
        b
        for b in pattern.blocks
        if b.kind is BlockKind.NO_MEETINGS
        or (b.kind in (BlockKind.FOCUS, BlockKind.ROUTINE) and b.hard)
    ]
    return _to_windows(subtract(working, _week_intervals(protected)))


def _week_intervals(blocks: Iterable[WeeklyBlock]) -> Iterator[Interval]:
    """Blocks on the abstract week's clock; a block past Sunday night wraps to Monday."""
    for block in blocks:
        start = block.weekday * 24 * 60 + minute_of_day(block.start)
        end = start + block.length_minutes
        yield _week_interval(start, min(end, MINUTES_PER_WEEK))
        if end > MINUTES_PER_WEEK:
            yield _week_interval(0, end - MINUTES_PER_WEEK)


def _week_interval(start_minute: int, end_minute: int) -> Interval:
    return Interval(
        _WEEK_ORIGIN + timedelta(minutes=start_minute),
        _WEEK_ORIGIN + timedelta(minutes=end_minute),
    )


def _to_windows(intervals: Iterable[Interval]) -> list[WeeklyWindow]:
    """Split each interval at midnight into per-weekday windows, Monday first."""
    windows = []
    for interval in intervals:
        cursor = interval.start
        while cursor < interval.end:
            midnight = datetime.combine(cursor.date() + _ONE_DAY, time(0), tzinfo=UTC)
            piece_end = min(interval.end, midnight)
            weekday = (cursor - _WEEK_ORIGIN).days
            windows.append(WeeklyWindow(weekday, cursor.time(), piece_end.time()))
            cursor = piece_end
    return sorted(windows)
