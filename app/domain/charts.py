"""What the week chart and the team heatmap show, computed without any web or database code.

A chart is read by someone in *their* zone about someone who lives in another, so every
number here is laid on the viewer's wall clock, day by day, with `zoneinfo` resolving
each date (a DST week has a 23- or 25-hour day; a half-hour zone such as Asia/Kolkata
lands between the viewer's hours). The owner's own local times travel along with each
bar so a caption can say "09:00-17:00 Europe/Berlin = 08:00-16:00 your time".

Privacy is decided here, once: `build_week_chart(..., show_private=False)` never copies
a private routine's name into the chart, so no template can leak it.

The team heatmap counts, per half hour, members who are working / at peak energy / in
protected focus for the *whole* half hour. `core_overlap_hours` reads the same counts
for an ordinary week (time off and one-off hours ignored: core hours are a habit, not a
date) and returns weekly windows in any zone, for the team page and the calendar feed.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval, merge
from app.domain.timeline import Energy, Timeline
from app.domain.workstyle import (
    TimeOff,
    WeeklyPattern,
    WeeklyWindow,
    expand,
    load_zone,
    start_to_utc,
)

SLOT = timedelta(minutes=30)
MINUTES_PER_DAY = 24 * 60
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PRIVATE_LABEL = "unavailable"
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
    return [monday + timedelta(days=offset) for offset in range(7)]


def week_window(monday: date, zone: str) -> Interval:
    """Monday 00:00 to the next Monday 00:00, local to `zone`, in UTC."""
    return Interval(local_day(monday, zone).start, local_day(monday + timedelta(days=6), zone).end)


def wall_minute(instant: datetime, zone: ZoneInfo) -> int:
    """Minutes since local midnight that the wall clock in `zone` reads at `instant`."""
    local = instant.astimezone(zone)
    return local.hour * 60 + local.minute


def span_text(start: time, end: time) -> str:
    """'08:00–16:00'; an end at midnight reads 24:00."""
    end_text = "24:00" if end == time(0) else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


# --- The week chart ------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    """One stretch of one layer on one viewer-local day.

    `top` and `bottom` are minutes on the viewer's wall clock (0-1440) for drawing;
    `start`/`end` are the viewer-local instants and `owner_start`/`owner_end` the same
    instants on the owner's clock. `label` is a routine's name, or "unavailable" when
    the viewer may not see it.
    """

    layer: str
    start: datetime
    end: datetime
    owner_start: datetime
    owner_end: datetime
    top: int
    bottom: int
    hard: bool = False
    label: str = ""

    @property
    def viewer_text(self) -> str:
        return _clock_span(self.start, self.end, self.bottom)

    @property
    def owner_text(self) -> str:
        """E.g. 'Mon 09:00–13:30' on the owner's clock."""
        end = "24:00" if self.owner_end.time() == time(0) else f"{self.owner_end:%H:%M}"
        return f"{DAY_ABBREVIATIONS[self.owner_start.weekday()]} {self.owner_start:%H:%M}–{end}"


DAY_SHIFT_NOTES = {-1: " (the day before)", 1: " (the next day)"}


def _clock_span(start: datetime, end: datetime, bottom: int) -> str:
    """'HH:MM–HH:MM'; a span ending at midnight reads 24:00 (bottom 1440, or -1: ask the clock)."""
    at_midnight = bottom == MINUTES_PER_DAY or (bottom < 0 and end.time() == time(0))
    end_text = "24:00" if at_midnight else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


@dataclass(frozen=True)
class ChartDay:
    """One viewer-local day of the chart and its bars, earliest first per layer."""

    day: date
    bars: tuple[ChartBar, ...]

    @property
    def name(self) -> str:
        return DAY_ABBREVIATIONS[self.day.weekday()]

    def layer(self, *names: str) -> tuple[ChartBar, ...]:
        return tuple(bar for bar in self.bars if bar.layer in names)


@dataclass(frozen=True)
class WeekChart:
    """A member's week as the viewer sees it: seven viewer-local days from Monday."""

    member_id: int
    owner_name: str
    owner_zone: str
    viewer_zone: str
    days: tuple[ChartDay, ...]
    time_off: tuple[TimeOff, ...] = ()
    is_owner: bool = False

    @property
    def same_zone(self) -> bool:
        return self.owner_zone == self.viewer_zone

    @property
    def is_empty(self) -> bool:
        return not any(day.bars for day in self.days)

    @property
    def first_day(self) -> date:
        return self.days[0].day

    def working_summary(self) -> list[str]:
        """'Mon–Fri 09:00–17:00 Europe/Berlin = 08:00–16:00 your time', grouped by days."""
        groups: dict[tuple[str, str], list[int]] = {}
        for day in self.days:
            for bar in day.layer("working"):
                owner = _clock_span(bar.owner_start, bar.owner_end, -1)
                shift = (bar.start.date() - bar.owner_start.date()).days
                viewer = bar.viewer_text + DAY_SHIFT_NOTES.get(shift, "")
                groups.setdefault((owner, viewer), []).append(bar.owner_start.weekday())
        ordered = sorted((sorted(set(days)), key) for key, days in groups.items())
        if self.same_zone:
            return [f"{_day_ranges(days)} {owner}" for days, (owner, _viewer) in ordered]
        return [
            f"{_day_ranges(days)} {owner} {self.owner_zone} = {viewer} your time"
            for days, (owner, viewer) in ordered
        ]


LAYER_ORDER = ("working", "peak", "steady", "low", "focus", "routine", "no_meetings")


def build_week_chart(
    pattern: WeeklyPattern,
    *,
    member_id: int,
    owner_name: str,
    viewer_zone: str,
    now: datetime,
    show_private: bool = False,
) -> WeekChart:
    """The week holding `now` (viewer-local Monday to Sunday) of `pattern`.

    With `show_private` false (anyone but the owner) a private routine is labelled
    "unavailable" and its real name is not kept anywhere in the result. Memoised by
    value like the team heatmap (an edited pattern is a different key), so repeat
    views get the same object and its rendered HTML (`app.templating.render_partial`).
    """
    monday = monday_of(now, viewer_zone)
    return _week_chart(pattern, member_id, owner_name, viewer_zone, monday, show_private)


@lru_cache(maxsize=256)
def _week_chart(
    pattern: WeeklyPattern,
    member_id: int,
    owner_name: str,
    viewer_zone: str,
    monday: date,
    show_private: bool,
) -> WeekChart:
    timeline = expand(pattern, week_window(monday, viewer_zone))
    pieces = list(_timeline_pieces(timeline, show_private))
    days = tuple(_chart_day(day, pieces, viewer_zone, pattern.zone) for day in week_days(monday))
    # Owner-local dates can be a day either side of the viewer's week.
    first, last = monday - timedelta(days=1), monday + timedelta(days=7)
    off = tuple(o for o in pattern.time_off if o.first <= last and o.last >= first)
    return WeekChart(
        member_id, owner_name, pattern.zone, viewer_zone, days, off, is_owner=show_private
    )


Piece = tuple[str, Interval, bool, str]


def _timeline_pieces(timeline: Timeline, show_private: bool) -> Iterator[Piece]:
    """(layer, interval, hard, label) for everything the chart draws."""
    for interval in timeline.working:
        yield "working", interval, False, ""
    for energy in timeline.energy:
        yield energy.level.value, energy.interval, False, ""
    for focus in timeline.focus:
        yield "focus", focus.interval, focus.hard, ""
    for routine in timeline.routines:
        hidden = routine.private and not show_private
        label = PRIVATE_LABEL if hidden else routine.label or PRIVATE_LABEL
        # A hidden routine reads as plain "unavailable": not even how firmly it is held.
        yield "routine", routine.interval, routine.hard or hidden, label
    for interval in timeline.no_meetings:
        yield "no_meetings", interval, True, ""


def _chart_day(day: date, pieces: list[Piece], viewer_zone: str, owner_zone: str) -> ChartDay:
    bounds = local_day(day, viewer_zone)
    viewer, owner = zone_of(viewer_zone), zone_of(owner_zone)
    bars = []
    for layer, interval, hard, label in pieces:
        start, end = max(interval.start, bounds.start), min(interval.end, bounds.end)
        if start >= end:
            continue
        top = wall_minute(start, viewer)
        bottom = MINUTES_PER_DAY if end == bounds.end else wall_minute(end, viewer)
        if bottom <= top:  # only inside a DST fold: keep the real length
            bottom = min(MINUTES_PER_DAY, top + int((end - start).total_seconds() // 60))
        bars.append(
            ChartBar(
                layer,
                start.astimezone(viewer),
                end.astimezone(viewer),
                start.astimezone(owner),
                end.astimezone(owner),
                top,
                bottom,
                hard,
                label,
            )
        )
    bars.sort(key=lambda bar: (LAYER_ORDER.index(bar.layer), bar.start))
    return ChartDay(day, tuple(bars))


# --- The team heatmap and core overlap -----------------------------------------------


@dataclass(frozen=True)
class HeatSlot:
    """A half hour on the viewer's clock and how many members are in each state."""

    start: datetime
    minute: int
    working: int
    peak: int
    focus: int

    @property
    def time_text(self) -> str:
        """'HH:MM' on the viewer's clock (what `minute` reads; no strftime per slot)."""
        return f"{self.minute // 60:02d}:{self.minute % 60:02d}"


@dataclass(frozen=True)
class HeatDay:
    day: date
    slots: tuple[HeatSlot, ...]

    @property
    def name(self) -> str:
        return DAY_ABBREVIATIONS[self.day.weekday()]


@dataclass(frozen=True)
class CoreOverlap:
    """Weekly windows where `working` of `member_count` members all work."""

    windows: tuple[WeeklyWindow, ...]
    working: int
    member_count: int

    @property
    def descriptions(self) -> list[str]:
        return describe_windows(self.windows)


@dataclass(frozen=True)
class TeamHeatmap:
    """A team's week in `zone`, half hour by half hour, and its core overlap hours."""

    zone: str
    member_count: int
    days: tuple[HeatDay, ...]
    core: CoreOverlap

    def table_rows(self) -> list[tuple[str, list[HeatSlot | None]]]:
        """Rows of (time, slot per day) for the text table, only where someone works.

        A time that happens twice (a DST fold) gets its own row, marked "(again)".
        """
        keyed = [_keyed_slots(day) for day in self.days]
        keys = sorted({key for day in keyed for key in day})
        rows = []
        for minute, nth in keys:
            slots = [day.get((minute, nth)) for day in keyed]
            if any(slot is not None and slot.working for slot in slots):
                text = f"{minute // 60:02d}:{minute % 60:02d}" + (" (again)" if nth else "")
                rows.append((text, slots))
        return rows

    @property
    def busiest(self) -> int:
        return max((slot.working for day in self.days for slot in day.slots), default=0)


def _keyed_slots(day: HeatDay) -> dict[tuple[int, int], HeatSlot]:
    keyed: dict[tuple[int, int], HeatSlot] = {}
    for slot in day.slots:
        nth = 0
        while (slot.minute, nth) in keyed:
            nth += 1
        keyed[(slot.minute, nth)] = slot
    return keyed


@dataclass(frozen=True)
class _WeekGrid:
    """The half hours of a viewer-local week in order: UTC bounds and wall-clock readings.

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
def _week_grid(zone: str, monday: date) -> _WeekGrid:
    tz = zone_of(zone)
    slots: list[Interval] = []
    days = []
    for day in week_days(monday):
        first = len(slots)
        slots.extend(_slots(day, zone))
        days.append((day, first, len(slots)))
    return _WeekGrid(
        week_window(monday, zone),
        tuple(slot.start for slot in slots),
        tuple(slot.end for slot in slots),
        tuple(slot.start.astimezone(tz) for slot in slots),
        tuple(wall_minute(slot.start, tz) for slot in slots),
        tuple(days),
    )


def _slots(day: date, zone: str) -> Iterator[Interval]:
    """The half hours of local `day` in `zone`, from its midnight to the next."""
    bounds = local_day(day, zone)
    cursor = bounds.start
    while cursor < bounds.end:
        yield Interval(cursor, min(cursor + SLOT, bounds.end))
        cursor += SLOT


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


def _counts(grid: _WeekGrid, members: Iterable[list[Interval]]) -> list[int]:
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


def _heat_days(grid: _WeekGrid, members: Sequence[_Layers]) -> tuple[HeatDay, ...]:
    working = _counts(grid, (m.working for m in members))
    peak = _counts(grid, (m.peak for m in members))
    focus = _counts(grid, (m.focus for m in members))
    return tuple(
        HeatDay(
            day,
            tuple(
                HeatSlot(grid.local_starts[i], grid.minutes[i], working[i], peak[i], focus[i])
                for i in range(first, stop)
            ),
        )
        for day, first, stop in grid.days
    )


def team_heatmap_data(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    now: datetime,
    *,
    minimum_share: float | None = None,
) -> TeamHeatmap:
    """The week holding `now` in `zone`, with the team's core overlap for that week.

    Memoised by value (patterns, zone, week, share; a few dozen teams): a team page
    polled by many viewers in one zone computes its week once, and an edited pattern
    is a different key, so a stale answer is impossible.
    """
    return _team_heatmap(tuple(patterns), zone, monday_of(now, zone), minimum_share)


@lru_cache(maxsize=32)
def _team_heatmap(
    patterns: tuple[WeeklyPattern, ...], zone: str, monday: date, minimum_share: float | None
) -> TeamHeatmap:
    grid = _week_grid(zone, monday)
    members = [_layers(pattern, grid.window) for pattern in patterns]
    days = _heat_days(grid, members)
    regular = _counts(
        grid,
        (_regular_working(p, m, grid.window) for p, m in zip(patterns, members, strict=True)),
    )
    core = _core(grid, regular, len(patterns), minimum_share)
    return TeamHeatmap(zone, len(patterns), days, core)


def core_overlap(
    patterns: Sequence[WeeklyPattern],
    zone: str,
    week_of: date,
    *,
    minimum_share: float | None = None,
) -> CoreOverlap:
    """Core overlap with how many members it holds; see `core_overlap_hours`."""
    grid = _week_grid(zone, week_of - timedelta(days=week_of.weekday()))
    working = _counts(grid, (merge(expand(_regular(p), grid.window).working) for p in patterns))
    return _core(grid, working, len(patterns), minimum_share)


def _core(
    grid: _WeekGrid, working: list[int], member_count: int, minimum_share: float | None
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
    grid: _WeekGrid, row: tuple[date, int, int], working: list[int], required: int
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


def describe_windows(windows: Iterable[WeeklyWindow]) -> list[str]:
    """['Mon–Fri 14:00–16:00', 'Wed 09:00–10:00']: equal spans on several days share a line."""
    days_by_span: dict[tuple[time, time], list[int]] = {}
    for window in windows:
        days_by_span.setdefault((window.start, window.end), []).append(window.weekday)
    lines = sorted((sorted(set(days)), span) for span, days in days_by_span.items())
    return [f"{_day_ranges(days)} {span_text(*span)}" for days, span in lines]


def _day_ranges(days: list[int]) -> str:
    """[0, 1, 2, 4] -> 'Mon–Wed, Fri'."""
    groups: list[list[int]] = []
    for day in days:
        if groups and day == groups[-1][-1] + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    return ", ".join(
        DAY_ABBREVIATIONS[g[0]]
        if len(g) == 1
        else f"{DAY_ABBREVIATIONS[g[0]]}–{DAY_ABBREVIATIONS[g[-1]]}"
        for g in groups
    )
