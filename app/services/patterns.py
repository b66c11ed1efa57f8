"""Loading weekly patterns from their rows into the domain's `WeeklyPattern`.

`load_patterns` reads any number of members in a constant number of queries (one per
table, zone and meeting preferences together), as plain columns rather than ORM
objects, so lists and the scheduler never issue a query per person.

Equal rows give the same objects: blocks are memoised by their values and patterns are
interned by value (a bounded table), so a pattern loaded again is the object already
validated and expanded before (`expand` validates each object once) and value-keyed
caches (heatmap, week chart, status) compare by identity first. Patterns are frozen, so
sharing them is safe; an edited pattern is a different value, hence a new object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import time
from functools import lru_cache

from sqlalchemy import select

from app.domain.timeline import Energy
from app.domain.workstyle import (
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
)
from app.extensions import db
from app.models import Manual, Member, OneOffHoursEntry, PatternBlock, TimeOffEntry


def minutes_to_time(minutes: int) -> time:
    """Minutes after midnight → wall-clock time (1440, the end of day, is 00:00)."""
    minutes %= 24 * 60
    return time(minutes // 60, minutes % 60)


def time_to_minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def block_from_row(row: PatternBlock) -> WeeklyBlock:
    return WeeklyBlock(
        kind=BlockKind(row.kind),
        weekday=row.weekday,
        start=minutes_to_time(row.start_minute),
        end=minutes_to_time(row.end_minute),
        energy=Energy(row.energy) if row.energy else None,
        hard=row.hard,
        label=row.label,
        private=row.private,
    )


def row_from_block(member_id: int, block: WeeklyBlock) -> PatternBlock:
    return PatternBlock(
        member_id=member_id,
        kind=block.kind.value,
        weekday=block.weekday,
        start_minute=time_to_minutes(block.start),
        end_minute=time_to_minutes(block.end),
        energy=block.energy.value if block.energy else None,
        hard=block.hard,
        label=block.label,
        private=block.private,
    )


def parse_one_off_blocks(text: str) -> tuple[tuple[time, time], ...]:
    """'09:00-12:00,13:00-17:00' → ((09:00, 12:00), (13:00, 17:00)); '' → ()."""
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        start, _, end = part.partition("-")
        pairs.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
    return tuple(pairs)


def format_one_off_blocks(blocks: Iterable[tuple[time, time]]) -> str:
    return ",".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in blocks)


# Plain columns, not ORM objects: a directory page or a team reads hundreds of blocks,
# and building (and identity-mapping) an entity per row cost more than the query.
BLOCK_COLUMNS = (
    PatternBlock.kind,
    PatternBlock.weekday,
    PatternBlock.start_minute,
    PatternBlock.end_minute,
    PatternBlock.energy,
    PatternBlock.hard,
    PatternBlock.label,
    PatternBlock.private,
)
TIME_OFF_COLUMNS = (TimeOffEntry.first_day, TimeOffEntry.last_day)
ONE_OFF_COLUMNS = (OneOffHoursEntry.day, OneOffHoursEntry.blocks)
WALL_TIMES = tuple(time(m // 60, m % 60) for m in range(24 * 60))
KINDS = {kind.value: kind for kind in BlockKind}
ENERGIES = {level.value: level for level in Energy}


@lru_cache(maxsize=16384)
def _block_from_values(kind, weekday, start, end, energy, hard, label, private) -> WeeklyBlock:
    """`block_from_row` for a plain row of `BLOCK_COLUMNS` (one object per distinct row)."""
    return WeeklyBlock(
        kind=KINDS.get(kind) or BlockKind(kind),
        weekday=weekday,
        start=WALL_TIMES[start % (24 * 60)],
        end=WALL_TIMES[end % (24 * 60)],
        energy=(ENERGIES.get(energy) or Energy(energy)) if energy else None,
        hard=hard,
        label=label,
        private=private,
    )


def _grouped(model, columns, member_ids: list[int]) -> dict[int, list[tuple]]:
    """Each member's rows of `columns` (without the member id), in insertion order."""
    rows = db.session.execute(
        select(model.member_id, *columns).where(model.member_id.in_(member_ids)).order_by(model.id)
    )
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for member_id, *values in rows:
        grouped[member_id].append(values)
    return grouped


def _zones_and_preferences(
    ids: list[int],
) -> tuple[dict[int, str], dict[int, MeetingPreferences]]:
    """Each member's zone and, if they have a manual, its meeting preferences (one query)."""
    rows = db.session.execute(
        select(
            Member.id,
            Member.time_zone,
            Manual.id,
            Manual.max_meetings_per_day,
            Manual.buffer_minutes,
        )
        .outerjoin(Manual, Manual.member_id == Member.id)
        .where(Member.id.in_(ids))
    )
    zones, prefs = {}, {}
    for member_id, zone, manual_id, most, buffer in rows:
        zones[member_id] = zone
        if manual_id is not None:
            prefs[member_id] = MeetingPreferences(most, buffer)
    return zones, prefs


def load_patterns(member_ids: Iterable[int]) -> dict[int, WeeklyPattern]:
    """Every listed member's pattern, in four queries whatever the number of members."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    zones, prefs = _zones_and_preferences(ids)
    blocks = _grouped(PatternBlock, BLOCK_COLUMNS, ids)
    offs = _grouped(TimeOffEntry, TIME_OFF_COLUMNS, ids)
    one_offs = _grouped(OneOffHoursEntry, ONE_OFF_COLUMNS, ids)
    return {
        member_id: _interned(
            WeeklyPattern(
                zone=zone,
                blocks=tuple(_block_from_values(*values) for values in blocks[member_id]),
                time_off=tuple(TimeOff(first, last) for first, last in offs[member_id]),
                one_off_hours=tuple(
                    OneOffHours(day, parse_one_off_blocks(text))
                    for day, text in one_offs[member_id]
                ),
                preferences=prefs.get(member_id, MeetingPreferences()),
            )
        )
        for member_id, zone in zones.items()
    }


_INTERNED: dict[WeeklyPattern, WeeklyPattern] = {}
_INTERNED_SIZE = 8192


def _interned(pattern: WeeklyPattern) -> WeeklyPattern:
    """The one pattern object equal to `pattern` (the table starts over when full)."""
    known = _INTERNED.get(pattern)
    if known is not None:
        return known
    if len(_INTERNED) >= _INTERNED_SIZE:
        _INTERNED.clear()
    _INTERNED[pattern] = pattern
    return pattern


def load_pattern(member_id: int) -> WeeklyPattern:
    """One member's pattern (an empty pattern in their zone if they wrote none)."""
    patterns = load_patterns([member_id])
    if member_id not in patterns:
        raise LookupError(f"no member {member_id}")
    return patterns[member_id]
