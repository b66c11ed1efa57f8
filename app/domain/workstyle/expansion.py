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
from datetime import UTC, date, datetime, time
from functools import lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval, merge
from app.domain.timeline import EnergyInterval, MarkedInterval, Timeline
from app.domain.workstyle.pattern import BlockKind, WeeklyBlock, WeeklyPattern, wall_end_offset
from app.domain.workstyle.validation import ensure_valid
from app.domain.workstyle.wallclock import load_zone, span_to_utc

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
    days = _local_days(utc_window, zone)
    week = _Week(pattern, days)
    return Timeline(
        zone=pattern.zone,
        window=utc_window,
        working=_working(week, zone, utc_window),
        energy=tuple(_energy(week, zone, utc_window)),
        focus=tuple(_marked(week, BlockKind.FOCUS, zone, utc_window)),
        routines=tuple(_marked(week, BlockKind.ROUTINE, zone, utc_window)),
        no_meetings=tuple(merge(_clip_all(_no_meetings(week, zone), utc_window))),
        max_meetings_per_day=pattern.preferences.max_per_day,
        buffer_minutes=pattern.preferences.buffer_minutes,
    )


def local_day_bounds(pattern: WeeklyPattern, window: Interval) -> tuple[WorkingDay, ...]:
    """Each working day touching `window`: its first start to its last end, unclipped.

    A day is the local date its blocks start on (an overnight shift belongs to the day
    it starts), after time off and one-off hours; for "first/last half hour of the day".
    """
    zone = _zone_of(_valid(pattern))
    week = _Week(pattern, _local_days(window, zone))
    days = []
    for day in week.days:
        intervals = week.working_on(day, zone)
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
    begins, ends = span_to_utc(day, start, day + wall_end_offset(start, end), end, zone)
    return Interval(begins, ends) if ends > begins else None


def _working(week: _Week, zone: ZoneInfo, window: Interval) -> tuple[Interval, ...]:
    """The merged working intervals of `week` over `window` (UTC)."""
    if week.off or week.one_off:
        return tuple(merge(_clip_all(week.working(zone), window)))
    return regular_working(zone, week.spans, window.start, window.end)


@lru_cache(maxsize=1024)
def regular_working(
    zone: ZoneInfo, spans: tuple[tuple[Span, ...], ...], start: datetime, end: datetime
) -> tuple[Interval, ...]:
    """Merged UTC working intervals of weekly `spans` (by weekday) over `[start, end)`.

    For a week without dated exceptions the answer depends only on these arguments, so
    members sharing a zone and hours (a team in one office) share one layout: one
    lookup per member instead of one per member and date. Worked out afresh, each
    date's spans go straight to `span_to_utc` (the per-date memo would cost more than
    it saves on a first layout, where every date is new).
    """
    window = Interval(start, end)
    table = [[(a, b, wall_end_offset(a, b)) for a, b in on_day] for on_day in spans]
    found = []
    for day in _local_days(window, zone):
        for begin, finish, next_day in table[day.weekday()]:
            begins, ends = span_to_utc(day, begin, day + next_day, finish, zone)
            if ends > begins:
                found.append(Interval(begins, ends))
    return tuple(merge(_clip_all(found, window)))


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


def _local_days(window: Interval, zone: ZoneInfo) -> list[date]:
    """Local dates whose blocks may touch `window`, the day before included (spill)."""
    first = window.start.astimezone(zone).date().toordinal() - 1
    last = window.end.astimezone(zone).date().toordinal()
    return list(map(date.fromordinal, range(first, last + 1)))


class _Week:
    """A pattern's blocks by kind and weekday, and its dated exceptions, for some dates.

    Expanding walks every local date of the window; looking each date's blocks up here
    (built once per expansion, in pattern order) keeps that walk to a few lookups a day.
    """

    def __init__(self, pattern: WeeklyPattern, days: list[date]) -> None:
        self.days = days
        self.blocks: dict[BlockKind, list[list[WeeklyBlock]]] = {}
        for block in pattern.blocks:
            table = self.blocks.get(block.kind)
            if table is None:  # seven empty weekdays, only for the kinds the week has
                table = self.blocks[block.kind] = [[], [], [], [], [], [], []]
            table[block.weekday].append(block)
        working = self.blocks.get(BlockKind.WORKING)
        self.spans: tuple[tuple[Span, ...], ...] = (
            ((),) * 7
            if working is None
            else tuple([tuple([(b.start, b.end) for b in on_day]) for on_day in working])
        )
        self.off = {d for d in days if pattern.is_off(d)} if pattern.time_off else set()
        self.one_off = {hours.day: hours.blocks for hours in pattern.one_off_hours}

    def working_spans(self, day: date, weekday: int) -> tuple[Span, ...]:
        """The wall-clock working blocks starting on `day`, after dated exceptions."""
        if day in self.off:
            return ()
        one_off = self.one_off.get(day)
        return self.spans[weekday] if one_off is None else one_off

    def working_on(self, day: date, zone: ZoneInfo) -> list[Interval]:
        """UTC intervals of the working blocks starting on local `day`, earliest first."""
        spans = self.working_spans(day, day.weekday())
        found = [block_interval(day, start, end, zone) for start, end in spans]
        return sorted((i for i in found if i is not None), key=_bounds)

    def working(self, zone: ZoneInfo) -> list[Interval]:
        """Every date's working intervals, in date order (each date's earliest first)."""
        found: list[Interval] = []
        exceptions = bool(self.off or self.one_off)
        for day, weekday in zip(self.days, map(date.weekday, self.days), strict=True):
            spans = self.working_spans(day, weekday) if exceptions else self.spans[weekday]
            if len(spans) == 1:
                interval = block_interval(day, spans[0][0], spans[0][1], zone)
                if interval is not None:
                    found.append(interval)
            elif spans:
                found.extend(self.working_on(day, zone))
        return found

    def occurrences(
        self, kind: BlockKind, zone: ZoneInfo
    ) -> Iterator[tuple[WeeklyBlock, Interval]]:
        """Each block of `kind` on each local day of its weekday, as a UTC interval."""
        table = self.blocks.get(kind)
        if table is None:
            return
        skip_off = kind is BlockKind.FOCUS
        for day, weekday in zip(self.days, map(date.weekday, self.days), strict=True):
            if skip_off and day in self.off:
                continue
            for block in table[weekday]:
                interval = block_interval(day, block.start, block.end, zone)
                if interval is not None:
                    yield block, interval


_bounds = attrgetter("start", "end")


def _clip(interval: Interval, window: Interval) -> Interval | None:
    """`interval` cut to `window` (itself when inside it); None when nothing is left."""
    if window.start <= interval.start and interval.end <= window.end:
        return interval if interval.start < interval.end else None
    start, end = max(interval.start, window.start), min(interval.end, window.end)
    return Interval(start, end) if start < end else None


def _clip_all(intervals: Iterable[Interval], window: Interval) -> Iterator[Interval]:
    for interval in intervals:
        clipped = _clip(interval, window)
        if clipped is not None:
            yield clipped


def _energy(week: _Week, zone: ZoneInfo, window: Interval) -> Iterator[EnergyInterval]:
    for block, interval in week.occurrences(BlockKind.ENERGY, zone):
        clipped = _clip(interval, window)
        if clipped is not None and block.energy is not None:
            yield EnergyInterval(clipped, block.energy)


def _marked(
    week: _Week, kind: BlockKind, zone: ZoneInfo, window: Interval
) -> Iterator[MarkedInterval]:
    for block, interval in week.occurrences(kind, zone):
        clipped = _clip(interval, window)
        if clipped is not None:
            yield MarkedInterval(clipped, block.hard, block.label, block.private)


def _no_meetings(week: _Week, zone: ZoneInfo) -> Iterator[Interval]:
    for _block, interval in week.occurrences(BlockKind.NO_MEETINGS, zone):
        yield interval
