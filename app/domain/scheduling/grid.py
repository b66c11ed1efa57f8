"""The search grid as bit masks: one bit per cell, a Python int as the bit set.

Why bit masks: checking every slot for every attendee with datetimes and zoneinfo costs
~170 ms for 50 people over four weeks. One int per attendee and per kind of time turns
"is everyone free for these k cells" into a handful of AND and shift operations that
run in C over the whole window at once. Bit `i` is the cell
`[origin + i * cell, origin + (i + 1) * cell)`; the origin is UTC-aligned to the grid,
so local times and DST never enter the masks — only the intervals put into them do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from app.domain.intervals import Interval


@dataclass(frozen=True)
class Grid:
    """`size` cells of `cell_seconds` each, starting at the UNIX time `origin_ts`."""

    origin_ts: int
    cell_seconds: int
    size: int

    @property
    def full(self) -> int:
        """Every cell of the grid."""
        return (1 << self.size) - 1

    def instant(self, index: int) -> datetime:
        """The UTC instant where cell `index` begins."""
        return datetime.fromtimestamp(self.origin_ts + index * self.cell_seconds, UTC)

    def floor(self, instant: datetime) -> int:
        """Index of the cell that contains `instant` (may lie outside the grid)."""
        return int((instant.timestamp() - self.origin_ts) // self.cell_seconds)

    def ceil(self, instant: datetime) -> int:
        """Index of the first cell that starts at or after `instant`."""
        return -int((self.origin_ts - instant.timestamp()) // self.cell_seconds)

    def span(self, lo: int, hi: int) -> int:
        """Cells `lo .. hi-1`, clamped to the grid."""
        lo, hi = max(lo, 0), min(hi, self.size)
        return ((1 << (hi - lo)) - 1) << lo if hi > lo else 0

    @cached_property
    def origin(self) -> datetime:
        """The UTC instant where cell 0 begins (worked out once per grid)."""
        return datetime.fromtimestamp(self.origin_ts, UTC)

    def outward(self, intervals: Collection[Interval]) -> int:
        """Cells that any of `intervals` touches, even partly.

        The hot loop of the whole engine (every interval of every attendee passes
        here), hence inlined integer arithmetic on the timedelta's parts: subtracting
        from a UTC origin is far cheaper than `timestamp()` or timedelta division.
        """
        if not intervals:
            return 0
        origin, cell, size, mask = self.origin, self.cell_seconds, self.size, 0
        for item in intervals:
            delta = item.start - origin
            lo = (delta.days * 86400 + delta.seconds) // cell
            delta = item.end - origin
            hi = -((-(delta.days * 86400 + delta.seconds) - (delta.microseconds > 0)) // cell)
            lo = lo if lo > 0 else 0
            hi = hi if hi < size else size
            if hi > lo:
                mask |= ((1 << (hi - lo)) - 1) << lo
        return mask

    def inward(self, intervals: Iterable[Interval]) -> int:
        """Cells wholly covered by the union of `intervals` (touching ones are joined).

        Timelines arrive sorted and apart, so each interval is laid down as it comes;
        the first one that is not (out of order, touching or overlapping the one
        before) sends them all through `_joined`, which sorts and joins them first.
        """
        items = intervals if isinstance(intervals, tuple | list) else list(intervals)
        origin, cell, size, mask, last_end = self.origin, self.cell_seconds, self.size, 0, None
        for item in items:
            start, end = item.start - origin, item.end - origin
            lo = start.days * 86400 + start.seconds + (start.microseconds > 0)
            hi = end.days * 86400 + end.seconds
            if lo > hi or (last_end is not None and lo <= last_end):
                return self._inward_joined(items)
            last_end = hi
            mask |= _inside(lo, hi, cell, size)
        return mask

    def _inward_joined(self, intervals: Iterable[Interval]) -> int:
        cell, size, mask = self.cell_seconds, self.size, 0
        for start, end in _joined(intervals, self.origin):
            mask |= _inside(start, end, cell, size)
        return mask

    def every(self, step: int) -> int:
        """Cells 0, step, 2*step, ... inside the grid."""
        count = -(-self.size // step)
        return (((1 << (step * count)) - 1) // ((1 << step) - 1)) & self.full


def grid_for(start: datetime, end: datetime, cell: timedelta, align: timedelta) -> Grid:
    """A grid of `cell`-sized cells covering `[start, end)`, its origin a multiple of `align`."""
    align_s = int(align.total_seconds())
    origin = int(start.timestamp() // align_s) * align_s
    cell_s = int(cell.total_seconds())
    size = max(0, -int((origin - end.timestamp()) // cell_s))
    return Grid(origin, cell_s, size)


def _inside(start: int, end: int, cell: int, size: int) -> int:
    """Cells of a `size`-cell grid wholly inside `[start, end)` seconds from its origin."""
    lo = -(-start // cell)
    hi = end // cell
    lo = lo if lo > 0 else 0
    hi = hi if hi < size else size
    return ((1 << (hi - lo)) - 1) << lo if hi > lo else 0


def _joined(intervals: Iterable[Interval], origin: datetime) -> list[tuple[int, int]]:
    """Intervals as sorted (start, end) whole seconds from `origin`, touching ones joined.

    Starts round up and ends round down, so a join never covers more than the truth.
    Timelines arrive sorted and merged, so one pass usually does; else sort and join.
    """
    pairs, in_order, last_end = [], True, None
    for item in intervals:
        start, end = item.start - origin, item.end - origin
        pair = (
            start.days * 86400 + start.seconds + (start.microseconds > 0),
            end.days * 86400 + end.seconds,
        )
        if pair[0] > pair[1] or (last_end is not None and pair[0] <= last_end):
            in_order = False
        last_end = pair[1]
        pairs.append(pair)
    if in_order:
        return pairs
    pairs.sort()
    joined: list[tuple[int, int]] = []
    for start, end in pairs:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def run_and(mask: int, length: int) -> int:
    """Bit p is set where bits p .. p+length-1 of `mask` are all set."""
    result, span = mask, 1
    while span < length and result:
        step = min(span, length - span)
        result &= result >> step
        span += step
    return result


def run_or(mask: int, length: int) -> int:
    """Bit p is set where any of bits p .. p+length-1 of `mask` is set."""
    result, span = mask, 1
    while span < length and result:
        step = min(span, length - span)
        result |= result >> step
        span += step
    return result


def edges(mask: int, width: int) -> tuple[int, int]:
    """Cells within `width` of the start and of the end of each run of set bits."""
    inner = run_and(mask, width)
    return mask & ~(inner << width), mask & ~(inner >> 1)


def window(mask: int, position: int, length: int) -> int:
    """Bits `position .. position+length-1` of `mask`, shifted down to bit 0."""
    return (mask >> position) & ((1 << length) - 1)


def set_bits(mask: int) -> list[int]:
    """Positions of the set bits, lowest first."""
    digits = bin(mask)
    top = len(digits) - 1
    found: list[int] = []
    index = digits.find("1", 2)
    while index != -1:
        found.append(top - index)
        index = digits.find("1", index + 1)
    found.reverse()
    return found
