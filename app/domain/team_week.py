"""A team's week as counts: per half hour, how many members work, are at peak energy, or
are in protected focus for the *whole* half hour; and the team's core overlap hours.

`team_week` lays the counts on a viewer's wall clock (`app.domain.local_week`).
`core_overlap_hours` reads the same counts for an ordinary week (time off and one-off
hours ignored: core hours are a habit, not a date) and returns weekly windows in any
zone, for the team page and the team calendar feed. Drawing these facts is
`app.presentation.charts`' job.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate

from app.domain.intervals import Interval, merge
from app.domain.local_week import WORKDAYS, WeekGrid, monday_of, week_grid
from app.domain.timeline import Energy
from app.domain.workstyle import WeeklyPattern, WeeklyWindow, expand


@dataclass(frozen=True)
class HalfHourCounts:
    """A half hour on the viewer's clock and how many members are in each state."""

    start: datetime
    minute: int
    working: int
    peak: int
    focus: int


@dataclass(frozen=True)
class DayCounts:
    day: date
    slots: tuple[HalfHourCounts, ...]


@dataclass(frozen=True)
class CoreOverlap:
    """Weekly windows where `working` of `member_count` members all work."""

    windows: tuple[WeeklyWindow, ...]
    working: int
    member_count: int


@dataclass(frozen=True)
class TeamWeek:
    """A team's week in `zone`, half hour by half hour, and its core overlap hours."""

    zone: str
    member_count: int
    days: tuple[DayCounts, ...]
    core: CoreOverlap


@dataclass(frozen=True)
class _Layers:
    """One member's merged UTC intervals per counted state."""

    working: list[Interval]
    peak: list[Interval]
    focus: list[Interval]


def _layers(pattern: WeeklyPattern, window: Interval) -> _Layers:
    timeline = expand(pattern, window)
    return _Layers(
        working=merge(timeline.working),
        peak=merge(e.interval for e in timeline.energy if e.level is Energy.PEAK),
        focus=merge(f.interval for f in timeline.focus if f.hard),
    )


def _regular(pattern: WeeklyPattern) -> WeeklyPattern:
    """The ordinary week: time off and one-off hours ignored."""
    return replace(pattern, time_off=(), one_off_hours=())


def _regular_working(pattern: WeeklyPattern, layers: _Layers, window: Interval) -> list[Interval]:
    """Working time of the ordinary week, reusing `layers` when nothing is dated."""
    if not pattern.time_off and not pattern.one_off_hours:
        return layers.working
    return merge(expand(_regular(pattern), window).working)


def _counts(grid: WeekGrid, members: Iterable[list[Interval]]) -> list[int]:
    """Per slot of `grid`, how many members have one merged interval covering it whole.

    A member's merged intervals are disjoint, so at most one covers a given slot; each
    adds one over its run of slots (a difference array, summed once).
    """
    size = len(grid.starts)
    steps = [0] * (size + 1)
    for intervals in members:
        for interval in intervals:
            first = bisect_left(grid.starts, interval.start)
            stop = bisect_right(grid.ends, interval.end)
            if first < stop:
                steps[first] += 1
                steps[stop] -= 1
    return list(accumulate(steps[:size]))


def _days(grid: WeekGrid, members: Sequence[_Layers]) -> tuple[DayCounts, ...]:
    working = _counts(grid, (m.working for m in members))
    peak = _counts(grid, (m.peak for m in members))
    focus = _counts(grid, (m.focus for m in members))
    return tuple(
        DayCounts(
            day,
            tuple(
                HalfHourCounts(
                    grid.local_starts[i], grid.minutes[i], working[i], peak[i], focus[i]
                )
                for i in range(first, stop)
            ),
        )
        for day, first, stop in grid.days
    )


def team_week(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    now: datetime,
    *,
    minimum_share: float | None = None,
) -> TeamWeek:
    """The week holding `now` in `zone`, with the team's core overlap for that week.

    Memoised by value (patterns, zone, week, share; a few dozen teams): a team page
    polled by many viewers in one zone computes its week once, and an edited pattern
    is a different key, so a stale answer is impossible.
    """
    return _team_week(tuple(patterns), zone, monday_of(now, zone), minimum_share)


@lru_cache(maxsize=32)
def _team_week(
    patterns: tuple[WeeklyPattern, ...], zone: str, monday: date, minimum_share: float | None
) -> TeamWeek:
    grid = week_grid(zone, monday)
    members = [_layers(pattern, grid.window) for pattern in patterns]
    days = _days(grid, members)
    regular = _counts(
        grid,
        (_regular_working(p, m, grid.window) for p, m in zip(patterns, members, strict=True)),
    )
    core = _core(grid, regular, len(patterns), minimum_share)
    return TeamWeek(zone, len(patterns), days, core)


def core_overlap(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    week_of: date,
    *,
    minimum_share: float | None = None,
) -> CoreOverlap:
    """Core overlap with how many members it holds; see `core_overlap_hours`."""
    grid = week_grid(zone, week_of - timedelta(days=week_of.weekday()))
    working = _counts(grid, (merge(expand(_regular(p), grid.window).working) for p in patterns))
    return _core(grid, working, len(patterns), minimum_share)


def _core(
    grid: WeekGrid, working: list[int], member_count: int, minimum_share: float | None
) -> CoreOverlap:
    """Weekday windows with the required number working (see `core_overlap_hours`)."""
    workdays = [row for row in grid.days if row[0].weekday() in WORKDAYS]
    best = max((working[i] for _d, first, stop in workdays for i in range(first, stop)), default=0)
    if minimum_share is None:
        required = best
    else:
        required = max(1, math.ceil(minimum_share * member_count - 1e-9))
    if best == 0 or best < required:
        return CoreOverlap((), 0, member_count)
    windows = tuple(w for row in workdays for w in _runs(grid, row, working, required))
    return CoreOverlap(windows, required, member_count)


def core_overlap_hours(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    week_of: date,
    *,
    minimum_share: float | None = None,
) -> list[WeeklyWindow]:
    """The team's core overlap as weekly windows (weekday, start, end) local to `zone`.

    Monday to Friday in `zone`, half hour by half hour, over the ordinary week holding
    `week_of` (its date only fixes DST; time off and one-off hours are ignored). By
    default the windows are the half hours when the most members are working; with
    `minimum_share` (e.g. 0.6, or 1.0 for everyone) those when at least that share
    are. An end of 00:00 means midnight. Empty when nobody works on weekdays.
    """
    return list(core_overlap(patterns, zone, week_of, minimum_share=minimum_share).windows)


def _runs(
    grid: WeekGrid, row: tuple[date, int, int], working: list[int], required: int
) -> Iterator[WeeklyWindow]:
    """Consecutive slots of one day with at least `required` working, as windows."""
    day, first, stop = row
    run_start: int | None = None
    for index in range(first, stop):
        if working[index] >= required and run_start is None:
            run_start = index
        last = index + 1 == stop
        if run_start is not None and (last or working[index + 1] < required):
            end_time = time(0) if last else grid.local_starts[index + 1].time()
            yield WeeklyWindow(day.weekday(), grid.local_starts[run_start].time(), end_time)
            run_start = None
