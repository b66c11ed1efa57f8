"""Soft rules as points: which slot bends least for the people in it.

Every soft rule becomes a mask of START positions per attendee (`Features`), so scoring
all candidate slots costs a few bit operations per attendee plus one addition per hit.
The points are in one table (`POINTS`, `ENERGY_POINTS`, documented in the package
docstring) so a person can predict a score by hand. Only slots are scored, never people:
a person's features only ever add to or subtract from the slot's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from app.domain.scheduling.availability import AttendeeMasks
from app.domain.scheduling.grid import edges, run_and, run_or, set_bits
from app.domain.scheduling.model import MeetingType

POINTS = {
    "soft_focus": -8,
    "soft_routine": -6,
    "buffer": -4,
    "fragment": -4,
    "day_edge": -3,
    "optional_conflict": -2,
    "fair_1h": -8,
    "fair_2h": -4,
}

# (points for the peak, points when any of the slot is in a low). The peak counts when
# the WHOLE slot is in it for peak-seeking types, and when ANY of it is for status and
# admin, which are kept out of peaks to protect them.
ENERGY_POINTS: dict[MeetingType, tuple[int, int]] = {
    MeetingType.DEEP_WORK: (4, -4),
    MeetingType.CREATIVE: (4, -4),
    MeetingType.DECISION: (4, -6),
    MeetingType.STATUS: (-4, 0),
    MeetingType.ADMIN: (-4, 0),
    MeetingType.ONE_ON_ONE: (0, -2),
    MeetingType.SOCIAL: (0, 0),
}

LONG_FREE_BLOCK_MINUTES = 120
SHORTEST_FOCUS_MINUTES = 60
DAY_EDGE_MINUTES = 30


@dataclass(frozen=True)
class Shape:
    """The meeting's length and the grid's cell, both counted in minutes and cells."""

    cells: int
    cell_minutes: int

    def of(self, minutes: int) -> int:
        """Whole cells covering `minutes` (rounded up)."""
        return -(-minutes // self.cell_minutes)


@dataclass(frozen=True, init=False)
class Features:
    """One attendee's soft rules as masks of start positions (see `features`)."""

    soft_focus: int
    soft_routine: int
    buffer: int
    fragment: int
    first_half_hour: int
    last_half_hour: int
    peak: int
    peak_touch: int
    low: int
    near_1h: int
    near_2h: int

    def __init__(
        self,
        soft_focus: int,
        soft_routine: int,
        buffer: int,
        fragment: int,
        first_half_hour: int,
        last_half_hour: int,
        peak: int,
        peak_touch: int,
        low: int,
        near_1h: int,
        near_2h: int,
    ) -> None:
        # Fields filled directly, as in `AttendeeLine.__init__` (a third of the cost).
        fields = self.__dict__
        fields["soft_focus"] = soft_focus
        fields["soft_routine"] = soft_routine
        fields["buffer"] = buffer
        fields["fragment"] = fragment
        fields["first_half_hour"] = first_half_hour
        fields["last_half_hour"] = last_half_hour
        fields["peak"] = peak
        fields["peak_touch"] = peak_touch
        fields["low"] = low
        fields["near_1h"] = near_1h
        fields["near_2h"] = near_2h

    @cached_property
    def bends(self) -> int:
        """Starts where any soft rule an explanation names is bent (one test per line)."""
        return (
            self.soft_focus
            | self.soft_routine
            | self.buffer
            | self.fragment
            | self.first_half_hour
            | self.last_half_hour
        )


def features(masks: AttendeeMasks, shape: Shape, buffer_minutes: int) -> Features:
    """Where a slot would bend this attendee's soft preferences."""
    k = shape.cells
    first, last = edges(masks.working, shape.of(DAY_EDGE_MINUTES))
    peak = run_and(masks.peak, k)
    return Features(
        soft_focus=run_or(masks.focus_soft, k),
        soft_routine=run_or(masks.routine_soft, k),
        buffer=_buffer(masks.busy, k, shape.of(buffer_minutes)),
        fragment=_fragment(masks.open_for_focus, shape),
        first_half_hour=run_or(first, k),
        last_half_hour=run_or(last, k),
        peak=peak,
        peak_touch=run_or(masks.peak, k),
        low=run_or(masks.low, k) & ~peak,
        near_1h=run_or(_both_edges(masks.working, shape.of(60)), k),
        near_2h=run_or(_both_edges(masks.working, shape.of(120)), k),
    )


def _both_edges(working: int, width: int) -> int:
    first, last = edges(working, width)
    return first | last


def _buffer(busy: int, k: int, width: int) -> int:
    """Starts whose slot, widened by `width` cells each side, touches busy time."""
    return run_or(busy, k + 2 * width) << width if width > 0 else 0


def _fragment(open_cells: int, shape: Shape) -> int:
    """Starts inside a long free block that leave a free piece too short for focus."""
    k = shape.cells
    long_len, short_len = shape.of(LONG_FREE_BLOCK_MINUTES), shape.of(SHORTEST_FOCUS_MINUTES)
    in_long = run_or(run_and(open_cells, long_len), long_len) << (long_len - 1)
    room = run_and(open_cells, short_len)
    short_before = (open_cells << 1) & ~(room << short_len)
    short_after = (open_cells >> k) & ~(room >> k)
    return run_and(in_long, k) & (short_before | short_after)


def soft_points(feature: Features, meeting_type: MeetingType) -> list[tuple[int, int]]:
    """(start mask, points) pairs for one attendee who can attend."""
    at_peak, at_low = ENERGY_POINTS[meeting_type]
    peak = feature.peak_touch if at_peak < 0 else feature.peak
    return [
        (feature.soft_focus, POINTS["soft_focus"]),
        (feature.soft_routine, POINTS["soft_routine"]),
        (feature.buffer, POINTS["buffer"]),
        (feature.fragment, POINTS["fragment"]),
        (feature.first_half_hour | feature.last_half_hour, POINTS["day_edge"]),
        (peak, at_peak),
        (feature.low, at_low),
    ]


class Tally:
    """Adds points per candidate start, walking whichever of hits or misses is rarer."""

    def __init__(self, candidates: int, size: int) -> None:
        self.candidates = candidates
        self.count = candidates.bit_count()
        self.base = 0
        self.delta = [0] * size

    def add(self, hits: int, points: int) -> None:
        """Give `points` to every candidate start in `hits`."""
        hits &= self.candidates
        found = hits.bit_count()
        if not points or not found:
            return
        if 2 * found > self.count:
            self.base += points
            hits, points = self.candidates & ~hits, -points
        delta = self.delta
        for position in set_bits(hits):
            delta[position] += points

    def scores(self) -> dict[int, int]:
        """Total points for each candidate start."""
        return {p: self.base + self.delta[p] for p in set_bits(self.candidates)}


def score_starts(
    candidates: int,
    size: int,
    attend: Sequence[int],
    required: Sequence[bool],
    feature_list: Sequence[Features],
    meeting_type: MeetingType,
) -> dict[int, int]:
    """Points for every candidate start; `attend[i]` is where attendee i can attend."""
    tally = Tally(candidates, size)
    near_1h = near_2h = 0
    for can, must, feature in zip(attend, required, feature_list, strict=True):
        if not must:
            tally.add(candidates & ~can, POINTS["optional_conflict"])
        if not can & candidates:
            continue
        for hits, points in soft_points(feature, meeting_type):
            tally.add(hits & can, points)
        near_1h |= feature.near_1h & can
        near_2h |= feature.near_2h & can
    tally.add(near_1h, POINTS["fair_1h"])
    tally.add(near_2h & ~near_1h, POINTS["fair_2h"])
    return tally.scores()
