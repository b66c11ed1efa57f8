"""Saving a member's own weekly pattern: blocks, meeting preferences, time off, one-offs.

Every change goes through `save_pattern`, which validates the whole pattern with the
domain (`ensure_valid`) before touching a row, then writes the member's zone, blocks,
preferences and dated exceptions and records a manual revision, all in one unit of
work: a refused or failed save leaves nothing half-written. `write_pattern` is the same
work without the commit, for a use case (the onboarding wizard) that owns a larger
transaction. The add/delete use cases
for time off and one-off hours build the new whole pattern and save it the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy import delete, select

from app.domain.accounts import check_time_zone
from app.domain.errors import NotFound
from app.domain.workstyle import OneOffHours, TimeOff, WeeklyPattern, ensure_valid
from app.extensions import db
from app.models import Manual, Member, OneOffHoursEntry, PatternBlock, TimeOffEntry
from app.services.patterns import (
    format_one_off_blocks,
    load_pattern,
    renew_pattern_stamp,
    row_from_block,
)
from app.services.revisions import record_revision
from app.services.transaction import unit_of_work


def save_pattern(
    member_id: int,
    pattern: WeeklyPattern,
    now: datetime,
    *,
    overnight: Collection[int] | None = None,
) -> WeeklyPattern:
    """Validate and store `pattern` as the member's own; raises InvalidPattern, NotFound.

    `overnight`: when the blocks were typed by the member, the indexes of those they
    said end the next day (the domain's one rule for hours, see `validate_pattern`).
    """
    with unit_of_work():
        return write_pattern(member_id, pattern, now, overnight=overnight)


def write_pattern(
    member_id: int,
    pattern: WeeklyPattern,
    now: datetime,
    *,
    overnight: Collection[int] | None = None,
) -> WeeklyPattern:
    """`save_pattern`'s work without the commit: call it inside the caller's unit of work."""
    ensure_valid(pattern, overnight=overnight)
    check_time_zone(pattern.zone, field="zone")
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound("member", "No such member.")
    member.time_zone = pattern.zone
    renew_pattern_stamp(member)
    _replace_blocks(member_id, pattern)
    _store_preferences(member_id, pattern, now)
    _sync_time_off(member_id, pattern.time_off)
    _sync_one_off_hours(member_id, pattern.one_off_hours)
    record_revision(member_id, now)
    return pattern


def _replace_blocks(member_id: int, pattern: WeeklyPattern) -> None:
    db.session.execute(delete(PatternBlock).where(PatternBlock.member_id == member_id))
    db.session.add_all(row_from_block(member_id, block) for block in pattern.blocks)


def _store_preferences(member_id: int, pattern: WeeklyPattern, now: datetime) -> None:
    manual = db.session.scalar(select(Manual).where(Manual.member_id == member_id))
    if manual is None:
        manual = Manual(member_id=member_id, created_at=now)
        db.session.add(manual)
    preferences = pattern.preferences
    if (manual.max_meetings_per_day, manual.buffer_minutes) != (
        preferences.max_per_day,
        preferences.buffer_minutes,
    ):
        manual.updated_at = now
    manual.max_meetings_per_day = preferences.max_per_day
    manual.buffer_minutes = preferences.buffer_minutes


def _sync_time_off(member_id: int, wanted: tuple[TimeOff, ...]) -> None:
    """Keep rows still wanted (their ids stay stable for delete buttons), add the rest."""
    rows = db.session.scalars(select(TimeOffEntry).where(TimeOffEntry.member_id == member_id))
    remaining = list(wanted)
    for row in rows:
        key = TimeOff(row.first_day, row.last_day)
        if key in remaining:
            remaining.remove(key)
        else:
            db.session.delete(row)
    db.session.add_all(
        TimeOffEntry(member_id=member_id, first_day=off.first, last_day=off.last)
        for off in remaining
    )


def _sync_one_off_hours(member_id: int, wanted: tuple[OneOffHours, ...]) -> None:
    rows = db.session.scalars(
        select(OneOffHoursEntry).where(OneOffHoursEntry.member_id == member_id)
    )
    remaining = [(h.day, format_one_off_blocks(h.blocks)) for h in wanted]
    for row in rows:
        if (row.day, row.blocks) in remaining:
            remaining.remove((row.day, row.blocks))
        else:
            db.session.delete(row)
    db.session.add_all(
        OneOffHoursEntry(member_id=member_id, day=day, blocks=text) for day, text in remaining
    )


def add_time_off(member_id: int, first: date, last: date, now: datetime) -> WeeklyPattern:
    """Add time off from `first` to `last` (inclusive); problems at `time_off[N]`."""
    pattern = load_pattern(member_id)
    return save_pattern(
        member_id, replace(pattern, time_off=(*pattern.time_off, TimeOff(first, last))), now
    )


def delete_time_off(member_id: int, entry_id: int, now: datetime) -> WeeklyPattern:
    """Remove one of the member's own time-off entries (NotFound for anyone else's)."""
    row = _own(TimeOffEntry, member_id, entry_id)
    pattern = load_pattern(member_id)
    remaining = list(pattern.time_off)
    remaining.remove(TimeOff(row.first_day, row.last_day))
    return save_pattern(member_id, replace(pattern, time_off=tuple(remaining)), now)


def add_one_off_hours(
    member_id: int, day: date, blocks: tuple[tuple[time, time], ...], now: datetime
) -> WeeklyPattern:
    """Different hours on `day` (no blocks = not working); problems at `one_off_hours[N]`."""
    pattern = load_pattern(member_id)
    hours = (*pattern.one_off_hours, OneOffHours(day, blocks))
    return save_pattern(member_id, replace(pattern, one_off_hours=hours), now)


def delete_one_off_hours(member_id: int, entry_id: int, now: datetime) -> WeeklyPattern:
    row = _own(OneOffHoursEntry, member_id, entry_id)
    pattern = load_pattern(member_id)
    hours = [
        h
        for h in pattern.one_off_hours
        if (h.day, format_one_off_blocks(h.blocks)) != (row.day, row.blocks)
    ]
    return save_pattern(member_id, replace(pattern, one_off_hours=tuple(hours)), now)


def _own(model, member_id: int, entry_id: int):
    row = db.session.get(model, entry_id)
    if row is None or row.member_id != member_id:
        raise NotFound("entry", "That entry is already gone.")
    return row


def dated_entries(member_id: int) -> tuple[list[TimeOffEntry], list[OneOffHoursEntry]]:
    """The member's time-off and one-off rows, by date, for listing with delete buttons."""
    offs = db.session.scalars(
        select(TimeOffEntry)
        .where(TimeOffEntry.member_id == member_id)
        .order_by(TimeOffEntry.first_day, TimeOffEntry.id)
    )
    one_offs = db.session.scalars(
        select(OneOffHoursEntry)
        .where(OneOffHoursEntry.member_id == member_id)
        .order_by(OneOffHoursEntry.day, OneOffHoursEntry.id)
    )
    return list(offs), list(one_offs)
