"""`expand` validates a pattern object once, however often it is expanded, and still
refuses an invalid pattern every time (a page expands one pattern several times)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from app.domain.errors import InvalidPattern
from app.domain.intervals import Interval
from app.domain.workstyle import (
    BlockKind,
    WeeklyBlock,
    WeeklyPattern,
    expand,
    expansion,
    status_at,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
WEEK = Interval(NOW, NOW + timedelta(days=7))


def office() -> WeeklyPattern:
    block = WeeklyBlock(BlockKind.WORKING, 0, time(9), time(17))
    return WeeklyPattern("Europe/Berlin", (block,))


@pytest.fixture
def validations(monkeypatch):
    calls = []

    def counting(pattern):
        calls.append(pattern)
        return real(pattern)

    real = expansion.ensure_valid
    monkeypatch.setattr(expansion, "ensure_valid", counting)
    return calls


def test_one_pattern_object_is_validated_once(validations):
    pattern = office()
    first = expand(pattern, WEEK)
    assert expand(pattern, WEEK) == first
    status_at(pattern, NOW)
    assert len(validations) == 1


def test_an_equal_new_object_is_validated_again(validations):
    expand(office(), WEEK)
    expand(office(), WEEK)
    assert len(validations) == 2


def test_an_invalid_pattern_is_refused_every_time(validations):
    bad = WeeklyPattern("Nowhere/Atlantis")
    for _ in range(2):
        with pytest.raises(InvalidPattern):
            expand(bad, WEEK)
    assert len(validations) == 2
