"""The one rule for typed hours: past midnight only when the person says so."""

from __future__ import annotations

from datetime import time

import pytest

from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern, validate_pattern
from app.domain.workstyle.validation import ENDS_BEFORE_START, NOT_NEXT_DAY


def _problems(start: str, end: str, stated: bool) -> list[str]:
    block = WeeklyBlock(BlockKind.WORKING, 0, time.fromisoformat(start), time.fromisoformat(end))
    pattern = WeeklyPattern("Europe/Berlin", (block,))
    return [p.message for p in validate_pattern(pattern, overnight={0} if stated else set())]


@pytest.mark.parametrize(
    ("start", "end", "stated", "expected"),
    [
        ("09:00", "17:00", False, []),
        ("22:00", "00:00", False, []),  # ends at midnight: the same day
        ("00:00", "00:00", False, []),  # the whole day
        ("17:00", "09:00", False, [ENDS_BEFORE_START]),
        ("22:00", "06:00", True, []),
        ("09:00", "17:00", True, [NOT_NEXT_DAY]),
        ("22:00", "00:00", True, [NOT_NEXT_DAY]),
    ],
)
def test_the_rule(start, end, stated, expected):
    assert _problems(start, end, stated) == expected


def test_the_problem_points_at_the_end_of_its_block():
    block = WeeklyBlock(BlockKind.FOCUS, 2, time(23), time(1))
    pattern = WeeklyPattern("UTC", (WeeklyBlock(BlockKind.WORKING, 0, time(9), time(17)), block))
    assert [p.field for p in validate_pattern(pattern, overnight=set())] == ["blocks[1].end"]


def test_stored_patterns_are_not_asked_again():
    """Without `overnight` (blocks read back from storage) the rule is not applied."""
    block = WeeklyBlock(BlockKind.WORKING, 0, time(22), time(6))
    assert validate_pattern(WeeklyPattern("UTC", (block,))) == []
