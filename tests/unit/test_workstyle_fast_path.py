"""`expand` and `validate_pattern` take shortcuts; these say the shortcuts change nothing.

`expand` looks each date's blocks up in a per-weekday table and converts most wall
times with a single offset; `validate_pattern` skips its detailed checks for blocks
and overlaps that are plainly fine. Here a straightforward version of each — every
date and every block in turn, every reading through zoneinfo's round trip, every
check run — must give exactly the same answer on random patterns, dated exceptions
included, in every zone and around its DST changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.intervals import Interval, merge
from app.domain.timeline import Energy, EnergyInterval, MarkedInterval, Timeline
from app.domain.workstyle import (
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
    expand,
    validate_pattern,
    validation,
)
from app.domain.workstyle.pattern import wall_end_offset
from app.domain.workstyle.wallclock import _after_gap, is_in_gap
from tests.unit.test_workstyle_properties import (
    edge_slots,
    slot_time,
    weekly_blocks,
    zone_and_transition_day,
)

SETTINGS = settings(max_examples=300, deadline=None)


# --- a straightforward expansion --------------------------------------------------------


def round_trip(day: date, moment: time, zone: ZoneInfo, fold: int) -> datetime:
    """The documented DST rule, every reading checked by converting there and back."""
    local = datetime.combine(day, moment, tzinfo=zone).replace(fold=fold)
    return _after_gap(local) if is_in_gap(local) else local.astimezone(UTC)


def plain_interval(day: date, start: time, end: time, zone: ZoneInfo) -> Interval | None:
    begins = round_trip(day, start, zone, 0)
    ends = round_trip(day + wall_end_offset(start, end), end, zone, 1)
    return Interval(begins, ends) if ends > begins else None


def clipped(interval: Interval, window: Interval) -> Interval | None:
    start, end = max(interval.start, window.start), min(interval.end, window.end)
    return Interval(start, end) if start < end else None


def plain_expand(pattern: WeeklyPattern, window: Interval) -> Timeline:
    zone = ZoneInfo(pattern.zone)
    day = window.start.astimezone(zone).date() - timedelta(days=1)
    working, energy, focus, routines, quiet = [], [], [], [], []
    while day <= window.end.astimezone(zone).date():
        off = any(o.first <= day <= o.last for o in pattern.time_off)
        one_off = [h for h in pattern.one_off_hours if h.day == day]
        spans = [(b.start, b.end) for b in pattern.blocks
                 if b.kind is BlockKind.WORKING and b.weekday == day.weekday()]  # fmt: skip
        spans = [] if off else list(one_off[0].blocks) if one_off else spans
        working += sorted(i for s, e in spans if (i := plain_interval(day, s, e, zone)))
        for block in (b for b in pattern.blocks if b.weekday == day.weekday()):
            found = plain_interval(day, block.start, block.end, zone)
            part = found and clipped(found, window)
            if block.kind is BlockKind.NO_MEETINGS and found:
                quiet.append(found)
            elif part and block.kind is BlockKind.ENERGY:
                energy.append(EnergyInterval(part, block.energy))
            elif part and block.kind is BlockKind.FOCUS and not off:
                focus.append(MarkedInterval(part, block.hard, block.label, block.private))
            elif part and block.kind is BlockKind.ROUTINE:
                routines.append(MarkedInterval(part, block.hard, block.label, block.private))
        day += timedelta(days=1)
    return Timeline(
        zone=pattern.zone,
        window=window,
        working=tuple(merge(i for w in working if (i := clipped(w, window)))),
        energy=tuple(energy),
        focus=tuple(focus),
        routines=tuple(routines),
        no_meetings=tuple(merge(i for q in quiet if (i := clipped(q, window)))),
        max_meetings_per_day=pattern.preferences.max_per_day,
        buffer_minutes=pattern.preferences.buffer_minutes,
    )


@st.composite
def edge_blocks(draw, zone_name: str, day: date) -> tuple[WeeklyBlock, ...]:
    """Blocks on `day` starting or ending in its gap or fold, where shortcuts would slip."""
    edges = edge_slots(zone_name, day)
    found: list[WeeklyBlock] = []
    for _ in range(draw(st.integers(0, 3)) if edges else 0):
        edge, length = draw(st.sampled_from(edges)), draw(st.integers(1, 40))
        start, end = (edge, edge + length) if draw(st.booleans()) else (edge - length, edge)
        kind = draw(st.sampled_from((BlockKind.WORKING, BlockKind.FOCUS, BlockKind.NO_MEETINGS)))
        found.append(WeeklyBlock(kind, day.weekday(), slot_time(start % 96), slot_time(end)))
    return tuple(found)


@st.composite
def patterns_and_windows(draw):
    """A valid pattern near one of its zone's transitions, with time off and one-offs."""
    zone_name, day = draw(zone_and_transition_day())
    near = st.integers(-9, 9).map(lambda n: day + timedelta(days=n))
    time_off = tuple(
        TimeOff(first, first + timedelta(days=draw(st.integers(0, 3))))
        for first in draw(st.lists(near, max_size=2))
    )
    one_offs = {}
    for when in draw(st.lists(near, max_size=3)):
        start = draw(st.integers(0, 95))
        span = (slot_time(start), slot_time(start + draw(st.integers(1, 95))))
        one_offs[when] = OneOffHours(when, (span,) if draw(st.booleans()) else ())
    limit = draw(st.sampled_from((None, 0, 3)))
    preferences = MeetingPreferences(limit, draw(st.sampled_from((0, 15))))
    blocks = draw(weekly_blocks(max_size=12)) + draw(edge_blocks(zone_name, day))
    pattern = WeeklyPattern(zone_name, blocks, time_off, tuple(one_offs.values()), preferences)
    assume(not validate_pattern(pattern))
    start = datetime.combine(day, time(0), tzinfo=UTC)
    start += timedelta(hours=draw(st.integers(-60, 60)))
    return pattern, Interval(start, start + timedelta(hours=draw(st.integers(0, 16 * 24))))


@SETTINGS
@given(patterns_and_windows())
def test_expand_equals_a_date_by_date_expansion(case):
    pattern, window = case
    assert expand(pattern, window) == plain_expand(pattern, window)


# --- validation: the shortcut against every check -------------------------------------

times = st.builds(
    time,
    st.integers(0, 23),
    st.sampled_from((0, 15, 30, 45, 7)),
    st.sampled_from((0, 0, 0, 5)),
    tzinfo=st.sampled_from((None, None, None, UTC)),
)
any_blocks = st.builds(
    WeeklyBlock,
    st.sampled_from(list(BlockKind)),
    st.sampled_from((0, 1, 2, 3, 4, 5, 6, 6, 7, -1)),
    times,
    times,
    energy=st.sampled_from((None, None, Energy.PEAK, Energy.LOW)),
    hard=st.booleans(),
    label=st.sampled_from(("", " ", "walk")),
)


def every_check(pattern: WeeklyPattern) -> list:
    """The block and overlap problems, each check run on every block."""
    found = []
    for index, block in enumerate(pattern.blocks):
        found.extend(validation._block_problems(f"blocks[{index}]", block))
    return found + list(validation._overlap_problems(pattern.blocks))


@settings(max_examples=1500, deadline=None)
@given(st.lists(any_blocks, max_size=8))
def test_validation_finds_what_every_check_finds(blocks):
    pattern = WeeklyPattern("Europe/Berlin", tuple(blocks))
    assert validate_pattern(pattern) == every_check(pattern)
