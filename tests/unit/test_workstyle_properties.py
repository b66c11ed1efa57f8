"""Property-based tests for the weekly pattern, across every IANA zone and many dates.

Zones are sampled from `zoneinfo.available_timezones()` (sorted, so runs reproduce).
Round trips skip dates near a DST transition, where the documented rule applies
instead; the rule itself is checked by properties that target transition dates.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from app.domain.intervals import Interval, merge
from app.domain.timeline import Energy
from app.domain.workstyle import (
    BlockKind,
    WeeklyBlock,
    WeeklyPattern,
    end_to_utc,
    expand,
    meeting_friendly_weekly,
    start_to_utc,
    validate_pattern,
)

ZONES = sorted(available_timezones())
SLOTS_PER_DAY = 96  # quarter hours
SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY
ONE_DAY = timedelta(days=1)

zones = st.sampled_from(ZONES)
dates = st.dates(date(1990, 1, 1), date(2037, 12, 31))
relaxed = settings(deadline=None)


def slot_time(slot: int) -> time:
    """Quarter hour `slot` of a day as a wall-clock time; 96 is midnight (00:00)."""
    minutes = (slot % SLOTS_PER_DAY) * 15
    return time(minutes // 60, minutes % 60)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def steady_offset(zone: ZoneInfo, day: date) -> bool:
    """No UTC offset change from the day before `day` to the day after it."""
    first = datetime.combine(day - ONE_DAY, time(0), tzinfo=zone)
    last = datetime.combine(day + 2 * ONE_DAY, time(0), tzinfo=zone)
    same_offset = first.utcoffset() == last.utcoffset()
    return same_offset and last.astimezone(UTC) - first.astimezone(UTC) == 3 * ONE_DAY


def local_minutes(instant: datetime, zone: ZoneInfo, day: date) -> int:
    """Minutes from local midnight of `day` to `instant`'s local reading."""
    reading = instant.astimezone(zone).replace(tzinfo=None)
    return int((reading - datetime.combine(day, time(0))).total_seconds() // 60)


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


@st.composite
def day_spans(draw) -> list[tuple[int, int]]:
    """Non-overlapping same-day spans in quarter hours; the last may end at midnight."""
    slots = sorted(draw(st.sets(st.integers(0, SLOTS_PER_DAY), max_size=8)))
    if len(slots) % 2:
        slots = slots[:-1]
    return list(zip(slots[::2], slots[1::2], strict=True))


@st.composite
def weekly_blocks(draw, max_size: int = 10) -> tuple[WeeklyBlock, ...]:
    """Any valid mix of blocks, overnight ones included (invalid candidates dropped)."""
    blocks: list[WeeklyBlock] = []
    for _ in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(list(BlockKind)))
        start = draw(st.integers(0, SLOTS_PER_DAY - 1))
        length = draw(st.integers(1, SLOTS_PER_DAY - 1))
        candidate = WeeklyBlock(
            kind,
            draw(st.integers(0, 6)),
            slot_time(start),
            slot_time(start + length),
            energy=draw(st.sampled_from(list(Energy))) if kind is BlockKind.ENERGY else None,
            hard=draw(st.booleans()),
            label="Routine" if kind is BlockKind.ROUTINE else "",
        )
        if not validate_pattern(WeeklyPattern("UTC", (*blocks, candidate))):
            blocks.append(candidate)
    return tuple(blocks)


@cache
def transition_days(zone_name: str, year: int) -> tuple[date, ...]:
    """Local dates in `year` on which `zone_name` changes its UTC offset."""
    zone = ZoneInfo(zone_name)
    day, found = date(year, 1, 1), []
    while day.year == year:
        today = datetime.combine(day, time(0), tzinfo=zone)
        tomorrow = datetime.combine(day + ONE_DAY, time(0), tzinfo=zone)
        if today.utcoffset() != tomorrow.utcoffset():
            found.extend([day, day + ONE_DAY])
        day += ONE_DAY
    return tuple(found)


@st.composite
def zone_and_transition_day(draw) -> tuple[str, date]:
    """A zone and, when it has DST that year, a date around one of its transitions."""
    zone = draw(zones)
    year = draw(st.integers(1990, 2037))
    days = transition_days(zone, year)
    day = draw(st.sampled_from(days)) if days else draw(dates)
    return zone, day


# --- round trips away from transitions -------------------------------------------------


@relaxed
@given(zones, dates, day_spans())
def test_pattern_to_utc_and_back_reads_the_same_wall_clock(zone_name, day, spans):
    zone = ZoneInfo(zone_name)
    assume(steady_offset(zone, day))
    blocks = tuple(
        WeeklyBlock(BlockKind.WORKING, weekday, slot_time(start), slot_time(end))
        for weekday in range(7)
        for start, end in spans
    )
    window = Interval(local_midnight(day, zone), local_midnight(day + ONE_DAY, zone))
    timeline = expand(WeeklyPattern(zone_name, blocks), window)
    read_back = [
        (local_minutes(i.start, zone, day), local_minutes(i.end, zone, day))
        for i in timeline.working
    ]
    assert read_back == merged_spans([(s * 15, e * 15) for s, e in spans])


@relaxed
@given(zones, dates, st.integers(1, SLOTS_PER_DAY - 1), st.data())
def test_overnight_blocks_read_back_as_spill_plus_evening(zone_name, day, start, data):
    zone = ZoneInfo(zone_name)
    assume(steady_offset(zone, day))
    end = data.draw(st.integers(0, start - 1))
    blocks = tuple(
        WeeklyBlock(BlockKind.WORKING, weekday, slot_time(start), slot_time(end))
        for weekday in range(7)
    )
    window = Interval(local_midnight(day, zone), local_midnight(day + ONE_DAY, zone))
    timeline = expand(WeeklyPattern(zone_name, blocks), window)
    read_back = [
        (local_minutes(i.start, zone, day), local_minutes(i.end, zone, day))
        for i in timeline.working
    ]
    spill = [(0, end * 15)] if end else []
    assert read_back == [*spill, (start * 15, 24 * 60)]


@relaxed
@given(zones, dates, weekly_blocks())
def test_a_whole_steady_week_holds_each_block_for_its_wall_clock_length(zone_name, monday, blocks):
    zone = ZoneInfo(zone_name)
    monday -= timedelta(days=monday.weekday())
    assume(all(steady_offset(zone, monday + timedelta(days=n)) for n in range(0, 8, 2)))
    window = Interval(local_midnight(monday, zone), local_midnight(monday + 7 * ONE_DAY, zone))
    timeline = expand(WeeklyPattern(zone_name, blocks), window)
    focus_minutes = sum(m.interval.duration.total_seconds() for m in timeline.focus) / 60
    expected = sum(b.length_minutes for b in blocks if b.kind is BlockKind.FOCUS)
    # a block cut at the week's end comes back from the week before, by periodicity
    assert focus_minutes == expected


# --- anything goes: every zone, transition dates, overnight blocks ---------------------


@relaxed
@given(zone_and_transition_day(), weekly_blocks(), st.integers(-36, 36), st.integers(1, 96))
def test_timelines_are_well_formed_even_across_transitions(zone_day, blocks, shift, hours):
    zone_name, day = zone_day
    start = local_midnight(day, ZoneInfo(zone_name)) + timedelta(hours=shift)
    window = Interval(start, start + timedelta(hours=hours))
    timeline = expand(WeeklyPattern(zone_name, blocks), window)
    marked = [m.interval for m in (*timeline.focus, *timeline.routines)]
    everything = [*timeline.working, *timeline.no_meetings, *marked]
    everything += [e.interval for e in timeline.energy]
    assert all(window.covers(i) and i.duration > timedelta(0) for i in everything)
    assert list(timeline.working) == merge(timeline.working)
    assert list(timeline.no_meetings) == merge(timeline.no_meetings)


@cache
def edge_slots(zone_name: str, day: date) -> tuple[int, ...]:
    """Quarter hours of `day` that fall in a gap or a fold of `zone_name`."""
    zone = ZoneInfo(zone_name)
    edges = []
    for slot in range(SLOTS_PER_DAY):
        first = datetime.combine(day, slot_time(slot), tzinfo=zone)
        second = first.replace(fold=1)
        if first.utcoffset() != second.utcoffset():
            edges.append(slot)
    return tuple(edges)


@st.composite
def transition_wall_times(draw) -> tuple[str, date, int]:
    """A zone, a date around a transition and a quarter hour, often in its gap or fold."""
    zone_name, day = draw(zone_and_transition_day())
    any_slot = st.integers(0, SLOTS_PER_DAY - 1)
    edges = edge_slots(zone_name, day)
    slot = draw(st.one_of(st.sampled_from(edges), any_slot) if edges else any_slot)
    return zone_name, day, slot


@settings(deadline=None, max_examples=400)
@given(transition_wall_times())
def test_gap_times_move_to_the_end_of_the_gap_and_fold_times_cover_both(wall_time):
    zone_name, day, slot = wall_time
    zone = ZoneInfo(zone_name)
    wall = datetime.combine(day, slot_time(slot))
    begins, ends = start_to_utc(day, wall.time(), zone), end_to_utc(day, wall.time(), zone)
    reading = begins.astimezone(zone).replace(tzinfo=None)
    if reading != wall:  # in a gap: the first instant after it
        event("gap")
        assert reading > wall
        assert (begins - timedelta(seconds=1)).astimezone(zone).replace(tzinfo=None) < wall
        assert ends == begins
        return
    first_offset = wall.replace(tzinfo=zone, fold=0).utcoffset()
    second_offset = wall.replace(tzinfo=zone, fold=1).utcoffset()
    event("fold" if first_offset != second_offset else "plain")
    assert ends.astimezone(zone).replace(tzinfo=None) == wall
    assert ends - begins == first_offset - second_offset  # zero unless in a fold


@relaxed
@given(zone_and_transition_day(), weekly_blocks(), st.integers(-30, 30), st.data())
def test_splitting_the_window_does_not_change_the_working_time(zone_day, blocks, shift, data):
    zone_name, day = zone_day
    start = local_midnight(day, ZoneInfo(zone_name)) + timedelta(hours=shift)
    cut = start + timedelta(minutes=15 * data.draw(st.integers(0, 4 * 48)))
    end = cut + timedelta(minutes=15 * data.draw(st.integers(0, 4 * 48)))
    pattern = WeeklyPattern(zone_name, blocks)
    whole = expand(pattern, Interval(start, end)).working
    left = expand(pattern, Interval(start, cut)).working
    right = expand(pattern, Interval(cut, end)).working
    assert list(whole) == merge([*left, *right])


# --- the weekly clock ------------------------------------------------------------------


def week_slots(block: WeeklyBlock) -> set[int]:
    first = block.weekday * SLOTS_PER_DAY + (block.start.hour * 60 + block.start.minute) // 15
    return {(first + n) % SLOTS_PER_WEEK for n in range(block.length_minutes // 15)}


def window_slots(weekday: int, start: time, end: time) -> set[int]:
    first = (start.hour * 60 + start.minute) // 15
    last = (end.hour * 60 + end.minute) // 15 or SLOTS_PER_DAY
    return {weekday * SLOTS_PER_DAY + n for n in range(first, last)}


def is_protected(block: WeeklyBlock) -> bool:
    if block.kind is BlockKind.NO_MEETINGS:
        return True
    return block.kind in (BlockKind.FOCUS, BlockKind.ROUTINE) and block.hard


@relaxed
@given(weekly_blocks(max_size=14))
def test_meeting_friendly_weekly_matches_a_quarter_hour_model(blocks):
    working = set().union(*(week_slots(b) for b in blocks if b.kind is BlockKind.WORKING))
    protected = set().union(*(week_slots(b) for b in blocks if is_protected(b)))
    windows = meeting_friendly_weekly(WeeklyPattern("Europe/Berlin", blocks))
    pieces = [window_slots(*window) for window in windows]
    assert all(pieces), "no empty windows"
    assert sum(len(p) for p in pieces) == len(set().union(*pieces)), "no overlaps"
    assert set().union(*pieces) == working - protected
    assert windows == sorted(windows)
