"""The bit-mask toolkit under the scheduler, checked against plain lists of booleans."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.intervals import Interval
from app.domain.scheduling.grid import edges, grid_for, run_and, run_or, set_bits
from tests.unit.test_scheduling_support import utc

masks = st.integers(0, (1 << 80) - 1)
lengths = st.integers(1, 20)


def bits(mask: int, size: int = 100) -> list[bool]:
    return [bool(mask >> i & 1) for i in range(size)]


@settings(max_examples=100, deadline=None)
@given(masks, lengths)
def test_run_and_marks_starts_of_all_set_runs(mask, length):
    plain = bits(mask)
    expected = [all(plain[p : p + length]) and p + length <= 100 for p in range(100)]
    assert bits(run_and(mask, length)) == expected


@settings(max_examples=100, deadline=None)
@given(masks, lengths)
def test_run_or_marks_starts_touching_any_set_bit(mask, length):
    plain = bits(mask)
    assert bits(run_or(mask, length)) == [any(plain[p : p + length]) for p in range(100)]


@settings(max_examples=100, deadline=None)
@given(masks)
def test_set_bits_lists_positions_lowest_first(mask):
    assert set_bits(mask) == [i for i, on in enumerate(bits(mask)) if on]


def test_edges_are_the_first_and_last_cells_of_each_run():
    first, last = edges(0b0111111000111, 2)
    assert first == 0b0000011000011
    assert last == 0b0110000000110


def test_grid_rounds_outward_for_blocks_and_inward_for_working_hours():
    grid = grid_for(
        utc(2026, 5, 4), utc(2026, 5, 4, 2), timedelta(minutes=15), timedelta(minutes=15)
    )
    ten_past = Interval(utc(2026, 5, 4, 0, 10), utc(2026, 5, 4, 0, 50))
    assert grid.outward([ten_past]) == 0b1111
    assert grid.inward([ten_past]) == 0b0110
    touching = [
        Interval(utc(2026, 5, 4, 0, 10), utc(2026, 5, 4, 0, 20)),
        Interval(utc(2026, 5, 4, 0, 20), utc(2026, 5, 4, 0, 50)),
    ]
    assert grid.inward(touching) == 0b0110


def cells_wholly_covered(grid, intervals: list[Interval]) -> int:
    """Cell by cell: a cell counts when the union of `intervals` covers all of it."""
    mask = 0
    for index in range(grid.size):
        lo = grid.instant(index)
        hi, point = lo + timedelta(seconds=grid.cell_seconds), lo
        for item in sorted(intervals):  # walk the union from the cell's start
            if item.start <= point < item.end:
                point = item.end
        mask |= (point >= hi) << index
    return mask


second_steps = st.integers(0, 2 * 3600).map(lambda s: utc(2026, 5, 4) + timedelta(seconds=s))
any_intervals = st.lists(
    st.tuples(second_steps, st.integers(0, 3600)).map(
        lambda p: Interval(p[0], p[0] + timedelta(seconds=p[1]))
    ),
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(any_intervals, st.booleans())
def test_inward_is_the_cells_the_union_covers_in_any_order(intervals, in_order):
    grid = grid_for(
        utc(2026, 5, 4), utc(2026, 5, 4, 3), timedelta(minutes=15), timedelta(minutes=15)
    )
    if in_order:
        intervals = sorted(intervals)
    assert grid.inward(intervals) == cells_wholly_covered(grid, intervals)
    assert grid.inward(iter(intervals)) == cells_wholly_covered(grid, intervals)
