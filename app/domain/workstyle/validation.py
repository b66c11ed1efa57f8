"""Checks a weekly pattern and says, item by item, what is wrong in plain words.

`validate_pattern` collects every problem (so a form can show them all at once);
`ensure_valid` raises `InvalidPattern` carrying them. Each problem's `field` is a path
such as `blocks[2].end` or `time_off[0]` so views can point at the offending input.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@dataclass(frozen=True)
class PatternProblem:
    """One thing wrong with a pattern: where (`field`) and why (`message`)."""

    field: str
    message: str


def validate_pattern(pattern: WeeklyPattern) -> list[PatternProblem]:
    """Every problem in `pattern`, in input order; empty when it is valid."""
    problems = list(_zone_problems(pattern.zone))
    for index, block in enumerate(pattern.blocks):
        if not _plainly_valid(block):
            problems.extend(_block_problems(f"blocks[{index}]", block))
    if _may_overlap(pattern.blocks):
        problems.extend(_overlap_problems(pattern.blocks))
    for index, off in enumerate(pattern.time_off):
        if off.last < off.first:
            message = f"time off ends ({off.last}) before it starts ({off.first})"
            problems.append(PatternProblem(f"time_off[{index}]", message))
    problems.extend(_one_off_problems(pattern.one_off_hours))
    problems.extend(_preference_problems(pattern.preferences))
    return problems


def ensure_valid(pattern: WeeklyPattern) -> WeeklyPattern:
    """Return `pattern` unchanged, or raise `InvalidPattern` listing its problems."""
    problems = validate_pattern(pattern)
    if problems:
        raise InvalidPattern(problems)
    return pattern


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

    Only blocks of the same kind are compared (each span worked out once); clashes are
    reported in pair order (i, j), as if every pair had been checked in turn.
    """
    by_kind: dict[BlockKind, list[tuple[int, tuple[int, int]]]] = {}
    for index, block in enumerate(blocks):
        if 0 <= block.weekday <= 6:
            by_kind.setdefault(block.kind, []).append((index, _week_span(block)))
    clashes = sorted(
        (i, j)
        for placed in by_kind.values()
        for (i, first), (j, second) in combinations(placed, 2)
        if _weekly_overlap(first, second)
    )
    for i, j in clashes:
        first, second = blocks[i], blocks[j]
        message = (
            f"{second.kind.value} block {_span_text(second)} overlaps "
            f"blocks[{i}] ({_span_text(first)})"
        )
        yield PatternProblem(f"blocks[{j}]", message)


def _may_overlap(blocks: tuple[WeeklyBlock, ...]) -> bool:
    """False when no two blocks of one kind overlap on the weekly clock (a sweep).

    Equivalent to finding no pair in `_overlap_problems`: each span is also placed one
    week later, so a clash across the wrap is a clash of the sweep; a block (at most a
    day long) never meets its own copy a week away.
    """
    by_kind: dict[BlockKind, list[tuple[int, int]]] = {}
    for block in blocks:
        if not 0 <= block.weekday <= 6:
            continue
        start, end = _week_span(block)
        by_kind.setdefault(block.kind, []).extend(
            ((start, end), (start + MINUTES_PER_WEEK, end + MINUTES_PER_WEEK))
        )
    for spans in by_kind.values():
        spans.sort()
        reach = spans[0][1]
        for start, end in spans[1:]:
            if start < reach:
                return True
            reach = max(reach, end)
    return False


def _weekly_overlap(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two week spans (see `_week_span`) overlap, this week or across its wrap."""
    a_start, a_end = first
    b_start, b_end = second
    return (
        (a_start < b_end and b_start < a_end)
        or (a_start < b_end - MINUTES_PER_WEEK and b_start - MINUTES_PER_WEEK < a_end)
        or (a_start < b_end + MINUTES_PER_WEEK and b_start + MINUTES_PER_WEEK < a_end)
    )


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
