"""Shared helpers of the booking tests: the Tuesday being booked and plain working hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock

from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import Manual
from app.services.meetings import MeetingDetails
from app.services.patterns import row_from_block

BERLIN = "Europe/Berlin"
# The `now` fixture is Monday 2026-11-30 09:00 UTC; Tuesday 1 December is all ahead.
TUESDAY_10 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
TUESDAY_14 = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
HALF_HOUR = timedelta(minutes=30)
STATUS = MeetingDetails("Weekly sync", MeetingType.STATUS, "Numbers, then blockers")


def give_hours(member_id: int, start=clock(9), end=clock(17), days=range(5), extra=()) -> None:
    """A plain working pattern (plus any `extra` WeeklyBlocks), written as rows."""
    blocks = [WeeklyBlock(BlockKind.WORKING, day, start, end) for day in days]
    for block in [*blocks, *extra]:
        db.session.add(row_from_block(member_id, block))
    db.session.commit()


def set_limits(member_id: int, max_per_day: int | None, buffer_minutes: int = 0) -> None:
    db.session.add(
        Manual(
            member_id=member_id, max_meetings_per_day=max_per_day, buffer_minutes=buffer_minutes
        )
    )
    db.session.commit()
