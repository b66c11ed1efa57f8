"""The weekly pattern's overlap check: a sort-and-sweep that says exactly what checking
every pair would, once per block, and whose output grows with the blocks only."""

from __future__ import annotations

from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, validate_pattern
from app.domain.workstyle.pattern import MINUTES_PER_WEEK
from app.domain.workstyle.validation import MAX_BLOCKS, _overlap_problems, _week_span

quarter_hours = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))
blocks = st.lists(
    st.builds(
        WeeklyBlock,
        kind=st.sampled_from([BlockKind.WORKING, BlockKind.FOCUS]),
        weekday=st.integers(0, 6),
        start=quarter_hours,
        end=quarter_hours,
    ),
    max_size=40,
)


def pair_overlap(first: WeeklyBlock, second: WeeklyBlock) -> bool:
    """The definition the sweep replaced: two week spans overlap, or across the wrap."""
    (a_start, a_end), (b_start, b_end) = _week_span(first), _week_span(second)
    return any(
        a_start < b_end + shift and b_start + shift < a_end
        for shift in (0, -MINUTES_PER_WEEK, MINUTES_PER_WEEK)
    )


@settings(max_examples=300, deadline=None)
@given(blocks)
def test_the_sweep_reports_each_block_that_overlaps_an_earlier_one_once(week):
    problems = list(_overlap_problems(tuple(week)))
    reported = [int(p.field[len("blocks[") : -1]) for p in problems]
    expected = [
        j
        for j, later in enumerate(week)
        if any(b.kind is later.kind and pair_overlap(b, later) for b in week[:j])
    ]
    assert reported == expected
    for problem, j in zip(problems, reported, strict=True):
        i = int(problem.message.split("blocks[")[1].split("]")[0])
        assert i < j and week[i].kind is week[j].kind and pair_overlap(week[i], week[j])


def test_identical_blocks_give_one_problem_each_not_one_per_pair():
    same = WeeklyBlock(BlockKind.WORKING, 0, time(9), time(17))
    problems = list(_overlap_problems((same,) * 1000))
    assert [p.field for p in problems] == [f"blocks[{j}]" for j in range(1, 1000)]
    assert all("overlaps blocks[0]" in p.message for p in problems)


def test_a_week_over_the_block_limit_is_one_problem():
    same = WeeklyBlock(BlockKind.WORKING, 0, time(9), time(17))
    too_many = WeeklyPattern(zone="UTC", blocks=(same,) * (MAX_BLOCKS + 1))
    [problem] = validate_pattern(too_many)
    assert problem.field == "blocks" and f"at most {MAX_BLOCKS:,} blocks" in problem.message
