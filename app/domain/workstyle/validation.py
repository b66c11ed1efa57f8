"""Checks a weekly pattern and says, item by item, what is wrong in plain words.

`validate_pattern` collects every problem (so a form can show them all at once);
`ensure_valid` raises `InvalidPattern` carrying them. Each problem's `field` is a path
such as `blocks[2].end` or `time_off[0]` so views can point at the offending input.

The one rule for hours a person types, in "My week" and in the onboarding wizard
alike: a block ends after it starts (an end of 00:00 means midnight, 00:00-00:00 the
whole day); it may run past midnight into the next day only when the person says so
("Ends next day"). Callers validating an edit pass `overnight`, the indexes of the
blocks stated to end the next day; blocks read back from storage were checked when
they were written, so `overnight=None` (the default) skips this one check.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import time
from itertools import combinations

from app.domain.errors import InvalidPattern
from app.domain.workstyle.pattern import (
    GRID_MINUTES,
    MINUTES_PER_WEEK,
    WEEKDAY_NAMES,
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    WeeklyBlock,
    WeeklyPattern,
    minute_of_day,
    wall_length_minutes,
)
from app.domain.workstyle.wallclock import load_zone

MAX_BUFFER_MINUTES = 60
# The editor takes 200 rows and one row may stand for every day of the week.
MAX_BLOCKS = 7 * 200
MAX_DATED_ENTRIES = 1_000  # time-off entries, and days with one-off hours
ENDS_BEFORE_START = "ends before it starts; tick “Ends next day” if it runs past midnight"
NOT_NEXT_DAY = "“Ends next day” is ticked, but it ends the same day; untick it or fix the times"


@dataclass(frozen=True)
class PatternProblem:
    """One thing wrong with a pattern: where (`field`) and why (`message`)."""

    field: str
    message: str


def validate_pattern(
    pattern: WeeklyPattern, *, overnight: Collection[int] | None = None
) -> list[PatternProblem]:
    """Every problem in `pattern`, in input order; empty when it is valid.

    `overnight`: for an edit, the indexes of blocks the person said end the next day.
    A pattern over the size limits gets that one problem and no further checks, so
    the work (and the list of problems) never grows past what the limits allow.
    """
    if overnight is None and _plainly_valid_week(pattern):
        return []
    too_big = list(_size_problems(pattern))
    if too_big:
        return too_big
    problems = list(_zone_problems(pattern.zone))
    for index, block in enumerate(pattern.blocks):
        if not _plainly_valid(block):
            problems.extend(_block_problems(f"blocks[{index}]", block))
        if overnight is not None:
            problems.extend(overnight_problems(f"blocks[{index}]", block, index in overnight))
    problems.extend(_overlap_problems(pattern.blocks))
    for index, off in enumerate(pattern.time_off):
        if off.last < off.first:
            message = f"time off ends ({off.last}) before it starts ({off.first})"
            problems.append(PatternProblem(f"time_off[{index}]", message))
    problems.extend(_one_off_problems(pattern.one_off_hours))
    problems.extend(_preference_problems(pattern.preferences))
    return problems


def _plainly_valid_week(pattern: WeeklyPattern) -> bool:
    """True when `validate_pattern` would find nothing, for the usual week: no dated
    exceptions, every block plainly valid, at most one block of a kind a weekday and
    none past midnight (so none overlap). Every expansion validates its pattern, and a
    search expands every attendee's: this answers in one pass instead of six."""
    preferences = pattern.preferences
    if (
        pattern.time_off
        or pattern.one_off_hours
        or len(pattern.blocks) > MAX_BLOCKS
        or not 0 <= preferences.buffer_minutes <= MAX_BUFFER_MINUTES
        or (preferences.max_per_day is not None and preferences.max_per_day < 0)
        or load_zone(pattern.zone) is None
    ):
        return False
    seen: set[tuple[BlockKind, int]] = set()
    for block in pattern.blocks:
        key = (block.kind, block.weekday)
        end = minute_of_day(block.end)
        if key in seen or 0 < end <= minute_of_day(block.start) or not _plainly_valid(block):
            return False  # a second block that day, or overnight: the full check decides
        seen.add(key)
    return True


def ensure_valid(
    pattern: WeeklyPattern, *, overnight: Collection[int] | None = None
) -> WeeklyPattern:
    """Return `pattern` unchanged, or raise `InvalidPattern` listing its problems."""
    problems = validate_pattern(pattern, overnight=overnight)
    if problems:
        raise InvalidPattern(problems)
    return pattern


def _size_problems(pattern: WeeklyPattern) -> Iterator[PatternProblem]:
    for path, items, limit, what in (
        ("blocks", pattern.blocks, MAX_BLOCKS, "blocks"),
        ("time_off", pattern.time_off, MAX_DATED_ENTRIES, "time-off entries"),
        ("one_off_hours", pattern.one_off_hours, MAX_DATED_ENTRIES, "days of one-off hours"),
    ):
        if len(items) > limit:
            message = f"a week keeps at most {limit:,} {what}; remove some first"
            yield PatternProblem(path, message)


def overnight_problems(
    where: str, block: WeeklyBlock, ends_next_day: bool
) -> Iterator[PatternProblem]:
    """The one rule for typed hours: past midnight only when the person said so."""
    if block.overnight and not ends_next_day:
        yield PatternProblem(f"{where}.end", ENDS_BEFORE_START)
    elif ends_next_day and not block.overnight:
        yield PatternProblem(f"{where}.end", NOT_NEXT_DAY)


def _zone_problems(zone: str) -> Iterator[PatternProblem]:
    if load_zone(zone) is None:
        yield PatternProblem("zone", f"unknown time zone {zone!r}; use an IANA name")


def _plainly_valid(block: WeeklyBlock) -> bool:
    """True when `_block_problems` would find nothing: the common case, checked cheaply.

    Every pattern is validated when it is expanded, so this runs for every block of
    every member a page or a search lays out.
    """
    start, end = block.start, block.end
    return (
        0 <= block.weekday <= 6
        and _on_grid(start)
        and _on_grid(end)
        and (start != end or start == MIDNIGHT)
        and (block.energy is not None) == (block.kind is BlockKind.ENERGY)
        and (block.kind is not BlockKind.ROUTINE or bool(block.label.strip()))
    )


def _on_grid(moment: time) -> bool:
    return moment.tzinfo is None and not (
        moment.minute % GRID_MINUTES or moment.second or moment.microsecond
    )


MIDNIGHT = time(0)


def _block_problems(where: str, block: WeeklyBlock) -> Iterator[PatternProblem]:
    if not 0 <= block.weekday <= 6:
        yield PatternProblem(f"{where}.weekday", "weekday must be 0 (Monday) to 6 (Sunday)")
    yield from _span_problems(where, block.start, block.end)
    if block.kind is BlockKind.ROUTINE and not block.label.strip():
        yield PatternProblem(f"{where}.label", "a routine needs a name")
    if block.kind is BlockKind.ENERGY and block.energy is None:
        yield PatternProblem(f"{where}.energy", "an energy block needs a level")
    if block.kind is not BlockKind.ENERGY and block.energy is not None:
        yield PatternProblem(f"{where}.energy", "only energy blocks have a level")


def _span_problems(where: str, start: time, end: time) -> Iterator[PatternProblem]:
    for name, moment in (("start", start), ("end", end)):
        if moment.tzinfo is not None:
            yield PatternProblem(f"{where}.{name}", "use a wall-clock time without a zone")
        if moment.minute % GRID_MINUTES or moment.second or moment.microsecond:
            message = f"{moment:%H:%M:%S} is not on the {GRID_MINUTES}-minute grid"
            yield PatternProblem(f"{where}.{name}", message)
    if start == end and start != time(0):
        message = "ends when it starts (zero length); use 00:00-00:00 for a whole day"
        yield PatternProblem(f"{where}.end", message)


def _overlap_problems(blocks: tuple[WeeklyBlock, ...]) -> Iterator[PatternProblem]:
    """Blocks of one kind that overlap on the weekly clock, overnight spill included.

    A block that overlaps an earlier one (a lower index) of its kind is reported once,
    naming one such block, in block order. Found by sorting each kind's spans and
    sweeping them once (n log n): checking every pair made a form of a few hundred
    identical rows cost minutes and megabytes (issue 17).
    """
    if _apart(blocks):
        return
    by_kind: dict[BlockKind, list[tuple[int, int, int]]] = {}
    for index, block in enumerate(blocks):
        if 0 <= block.weekday <= 6:
            pieces = by_kind.setdefault(block.kind, [])
            pieces.extend((start, end, index) for start, end in _week_pieces(block))
    earlier: dict[int, int] = {}
    for pieces in by_kind.values():
        earlier.update(_clashes(pieces))
    for j in sorted(earlier):
        first, second = blocks[earlier[j]], blocks[j]
        message = (
            f"{second.kind.value} block {_span_text(second)} overlaps "
            f"blocks[{earlier[j]}] ({_span_text(first)})"
        )
        yield PatternProblem(f"blocks[{j}]", message)


def _apart(blocks: tuple[WeeklyBlock, ...]) -> bool:
    """True when no two blocks of a kind can overlap, without the sweep: each kind has
    at most one block a weekday and none runs past midnight (the usual week), so every
    block stays inside its own day."""
    seen: set[tuple[BlockKind, int]] = set()
    for block in blocks:
        key = (block.kind, block.weekday)
        if key in seen or block.overnight:
            return False
        seen.add(key)
    return True


def _week_pieces(block: WeeklyBlock) -> list[tuple[int, int]]:
    """The block's minutes of the week, split in two where it wraps past Sunday night."""
    start, end = _week_span(block)
    if end <= MINUTES_PER_WEEK:
        return [(start, end)]
    return [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]


def _clashes(pieces: list[tuple[int, int, int]]) -> dict[int, int]:
    """{block index: a lower index it overlaps} for (start, end, index) pieces.

    Sweep by start. Two heaps hold the pieces begun so far (a piece has ended once
    its end is at or before the current start, and stays ended): `lowest` gives the
    lowest index still running, which the current piece overlaps; `highest` gives the
    running pieces with a higher index than the current one, which overlap it. Each
    piece enters and leaves each heap at most once.
    """
    found: dict[int, int] = {}
    lowest: list[tuple[int, int]] = []  # (index, end)
    highest: list[tuple[int, int]] = []  # (-index, end)
    for start, end, index in sorted(pieces):
        while lowest and lowest[0][1] <= start:
            heapq.heappop(lowest)
        if lowest and lowest[0][0] < index:
            found.setdefault(index, lowest[0][0])
        while highest and -highest[0][0] > index:
            other, other_end = heapq.heappop(highest)
            if other_end > start:
                found.setdefault(-other, index)
        heapq.heappush(lowest, (index, end))
        if index not in found:
            heapq.heappush(highest, (-index, end))
    return found


def _week_span(block: WeeklyBlock) -> tuple[int, int]:
    """Minutes since Monday 00:00; the end may pass the end of the week (wraps)."""
    start = block.weekday * 24 * 60 + minute_of_day(block.start)
    return start, start + block.length_minutes


def _span_text(block: WeeklyBlock) -> str:
    """E.g. 'Monday 22:00-06:00'."""
    return f"{WEEKDAY_NAMES[block.weekday]} {block.start:%H:%M}-{block.end:%H:%M}"


def _one_off_problems(entries: tuple[OneOffHours, ...]) -> Iterator[PatternProblem]:
    seen = set()
    for index, hours in enumerate(entries):
        where = f"one_off_hours[{index}]"
        if hours.day in seen:
            yield PatternProblem(where, f"{hours.day} already has one-off hours")
        seen.add(hours.day)
        for number, (start, end) in enumerate(hours.blocks):
            yield from _span_problems(f"{where}.blocks[{number}]", start, end)
        yield from _one_off_overlaps(where, hours)


def _one_off_overlaps(where: str, hours: OneOffHours) -> Iterator[PatternProblem]:
    spans = [
        (minute_of_day(start), minute_of_day(start) + wall_length_minutes(start, end))
        for start, end in hours.blocks
    ]
    for (i, (a_start, a_end)), (j, (b_start, b_end)) in combinations(enumerate(spans), 2):
        if a_start < b_end and b_start < a_end:
            yield PatternProblem(f"{where}.blocks[{j}]", f"overlaps blocks[{i}] that day")


def _preference_problems(preferences: MeetingPreferences) -> Iterator[PatternProblem]:
    if not 0 <= preferences.buffer_minutes <= MAX_BUFFER_MINUTES:
        message = f"buffer must be 0 to {MAX_BUFFER_MINUTES} minutes"
        yield PatternProblem("preferences.buffer_minutes", message)
    if preferences.max_per_day is not None and preferences.max_per_day < 0:
        message = "max meetings per day cannot be negative (leave empty for no limit)"
        yield PatternProblem("preferences.max_per_day", message)
