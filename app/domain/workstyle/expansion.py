"""Lays a weekly pattern on the real time line: a `Timeline` of UTC intervals.

Each local date in (and the day before) the window is resolved on its own with
`zoneinfo`, so DST is right on every date (see `wallclock` for gaps and folds).

Dated exceptions follow one rule: a block belongs to the local date it starts on, so
an overnight shift 22:00-06:00 is part of the day it starts. Time off on a date
removes that date's working and focus blocks (routines, energy and no-meeting time
still apply: they describe life, not work). One-off hours replace that date's working
blocks and nothing else.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval, merge
from app.domain.timeline import EnergyInterval, MarkedInterval, Timeline
from app.domain.workstyle.pattern import BlockKind, WeeklyBlock, WeeklyPattern, wall_end_offset
from app.domain.workstyle.validation import ensure_valid
from app.domain.workstyle.wallclock import end_to_utc, load_zone, start_to_utc

Span = tuple[time, time]


@dataclass(frozen=True)
class WorkingDay:
    """The working day that starts on local date `day`: first start to last end (UTC)."""

    day: date
    span: Interval


def expand(pattern: WeeklyPattern, window: Interval) -> Timeline:
    """The pattern over `window` in UTC; raises `InvalidPattern` if it is not valid."""
    zone = _zone_of(_valid(pattern))
    utc_window = Interval(window.start.astimezone(UTC), window.end.astimezone(UTC))
    days = list(_local_days(utc_window, zone))
    return Timeline(
        zone=pattern.zone,
        window=utc_window,
        working=tuple(merge(_clip_all(_working(pattern, days, zone), utc_window))),
        energy=tuple(_energy(pattern, days, zone, utc_window)),
        focus=tuple(_marked(pattern, BlockKind.FOCUS, days, zone, utc_window)),
        routines=tuple(_marked(pattern, BlockKind.ROUTINE, days, zone, utc_window)),
        no_meetings=tuple(merge(_clip_all(_no_meetings(pattern, days, zone), utc_window))),
        max_meetings_per_day=pattern.preferences.max_per_day,
        buffer_minutes=pattern.preferences.buffer_minutes,
    )


def local_day_bounds(pattern: WeeklyPattern, window: Interval) -> tuple[WorkingDay, ...]:
    """Each working day touching `window`: its first start to its last end, unclipped.

    A day is the local date its blocks start on (an overnight shift belongs to the day
    it starts), after time off and one-off hours; for "first/last half hour of the day".
    """
    zone = _zone_of(_valid(pattern))
    days = []
    for day in _local_days(window, zone):
        intervals = list(_working_on(pattern, day, zone))
        if not intervals:
            continue
        span = Interval(intervals[0].start, max(i.end for i in intervals))
        if span.overlaps(window):
            days.append(WorkingDay(day, span))
    return tuple(days)


@lru_cache(maxsize=16384)
def block_interval(day: date, start: time, end: time, zone: ZoneInfo) -> Interval | None:
    """The UTC interval of a wall-clock block starting on local `day`; None if empty.

    Memoised: a pure function of its arguments, and members sharing a zone and hours
    (9:00-17:00 Berlin) share the answer for every date a page or search lays out.
    """
    begins = start_to_utc(day, start, zone)
    ends = end_to_utc(day + wall_end_offset(start, end), end, zone)
    return Interval(begins, ends) if ends > begins else None


# Patterns (by identity) that passed validation and are still alive. A page expands one
# pattern several times (status now, the week, the ordinary week); a frozen pattern
# cannot change, so the same object need not be validated again. An entry goes with
# its pattern; a stale id can only cause a fresh validation, never a skipped one.
_validated: dict[int, weakref.ref] = {}


def _valid(pattern: WeeklyPattern) -> WeeklyPattern:
    """`ensure_valid`, done once per pattern object."""
    key = id(pattern)
    known = _validated.get(key)
    if known is not None and known() is pattern:
        return pattern
    ensure_valid(pattern)
    _validated[key] = weakref.ref(pattern, lambda _gone, key=key: _forget(key))
    return pattern


def _forget(key: int) -> None:
    known = _validated.get(key)
    if known is not None and known() is None:
        _validated.pop(key, None)


def _zone_of(pattern: WeeklyPattern) -> ZoneInfo:
    zone = load_zone(pattern.zone)
    assert zone is not None  # ensured by validation
    return zone


def _local_days(window: Interval, zone: ZoneInfo) -> Iterator[date]:
    """Local dates whose blocks may touch `window`, the day before included (spill)."""
    day = window.start.astimezone(zone).date() - timedelta(days=1)
    last = window.end.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _clip(interval: Interval, window: Interval) -> Interval | None:
    start, end = max(interval.start, window.start), min(interval.end, window.end)
    return Interval(start, end) if start < end else None


def _clip_all(intervals: Iterable[Interval], window: Interval) -> Iterator[Interval]:
    for interval in intervals:
        clipped = _clip(interval, window)
        if clipped is not None:
            yield clipped


def _working_spans(pattern: WeeklyPattern, day: date) -> tuple[Span, ...]:
    """The wall-clock working blocks starting on `day`, after dated exceptions."""
    if pattern.is_off(day):
        return ()
    one_off = pattern.one_off_for(day)
    if one_off is not None:
        return one_off.blocks
    working = pattern.blocks_of(BlockKind.WORKING)
    return tuple((b.start, b.end) for b in working if b.weekday == day.weekday())


def _working_on(pattern: WeeklyPattern, day: date, zone: ZoneInfo) -> list[Interval]:
    """UTC intervals of the working blocks starting on local `day`, earliest first."""
    intervals = (
        block_interval(day, start, end, zone) for start, end in _working_spans(pattern, day)
    )
    return sorted(interval for interval in intervals if interval is not None)


def _working(pattern: WeeklyPattern, days: list[date], zone: ZoneInfo) -> Iterator[Interval]:
    for day in days:
        yield from _working_on(pattern, day, zone)


def _occurrences(
    pattern: WeeklyPattern, kind: BlockKind, days: list[date], zone: ZoneInfo
) -> Iterator[tuple[WeeklyBlock, Interval]]:
    """Each block of `kind` on each local day of its weekday, as a UTC interval."""
    blocks = pattern.blocks_of(kind)
    for day in days:
        for block in (b for b in blocks if b.weekday == day.weekday()):
            if kind is BlockKind.FOCUS and pattern.is_off(day):
                continue
            interval = block_interval(day, block.start, block.end, zone)
            if interval is not None:
                yield block, interval


def _energy(
    pattern: WeeklyPattern, days: list[date], zone: ZoneInfo, window: Interval
) -> Iterator[EnergyInterval]:
    for block, interval in _occurrences(pattern, BlockKind.ENERGY, days, zone):
        clipped = _clip(interval, window)
        if clipped is not None and block.energy is not None:
            yield EnergyInterval(clipped, block.energy)


def _marked(
    pattern: WeeklyPattern, kind: BlockKind, days: list[date], zone: ZoneInfo, window: Interval
) -> Iterator[MarkedInterval]:
    for block, interval in _occurrences(pattern, kind, days, zone):
        clipped = _clip(interval, window)
        if clipped is not None:
            yield MarkedInterval(clipped, block.hard, block.label, block.private)


def _no_meetings(pattern: WeeklyPattern, days: list[date], zone: ZoneInfo) -> Iterator[Interval]:
    for _block, interval in _occurrences(pattern, BlockKind.NO_MEETINGS, days, zone):
        yield interval
