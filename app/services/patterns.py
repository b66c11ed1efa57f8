"""Loading weekly patterns from their rows into the domain's `WeeklyPattern`.

`load_patterns` reads any number of members in one query (a UNION ALL over the member
with their manual's meeting preferences, blocks, time off and one-off hours), as plain
columns rather than ORM objects, so lists and the scheduler never issue a query per
person, and a page pays one round trip for its patterns, not four.

Equal rows give the same objects: blocks are memoised by their values and patterns are
interned by value (a bounded table), so a pattern loaded again is the object already
validated and expanded before (`expand` validates each object once) and value-keyed
caches (heatmap, week chart, status) compare by identity first. Patterns are frozen, so
sharing them is safe; an edited pattern is a different value, hence a new object.

Patterns are also cached by `Member.pattern_stamp`, a random value every pattern write
renews: a caller that has the member rows anyway (a directory page, a team) passes the
stamps and pays no query at all for patterns this process has already read. The stamp
lives in the database, so it is right across processes and instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache

from sqlalchemy import Integer, bindparam, cast, literal, null, select, union_all

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
from app.models.member import new_pattern_stamp


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


# One UNION ALL reads every table a pattern needs, as plain tuples. Each branch fills
# its own slots of a wide row (typed NULLs elsewhere, so PostgreSQL resolves every
# column's type and SQLAlchemy converts dates on SQLite) and says which table it read.
_MEMBER, _BLOCK, _TIME_OFF, _ONE_OFF = 0, 1, 2, 3
_SLOTS = (
    ("zone", Member.time_zone),
    ("manual", Manual.id),
    ("most", Manual.max_meetings_per_day),
    ("buffer", Manual.buffer_minutes),
    *((column.key, column) for column in BLOCK_COLUMNS),
    ("first_day", TimeOffEntry.first_day),
    ("last_day", TimeOffEntry.last_day),
    ("day", OneOffHoursEntry.day),
    ("blocks", OneOffHoursEntry.blocks),
)
_BLOCK_SLOTS = slice(4, 4 + len(BLOCK_COLUMNS))
_TIME_OFF_SLOTS = slice(_BLOCK_SLOTS.stop, _BLOCK_SLOTS.stop + 2)
_ONE_OFF_SLOTS = slice(_TIME_OFF_SLOTS.stop, _TIME_OFF_SLOTS.stop + 2)


def _branch(source: int, member_id, row_id, filled: dict, *, from_=None):
    """A SELECT of the wide row: `filled` slots from the table, typed NULLs elsewhere."""
    columns = [
        (filled[name] if name in filled else cast(null(), column.type)).label(name)
        for name, column in _SLOTS
    ]
    statement = select(
        literal(source, Integer).label("source"),
        member_id.label("member_id"),
        row_id.label("row_id"),
        *columns,
    )
    return statement if from_ is None else statement.select_from(from_)


def _child(source: int, model, columns, member_ids):
    filled = {column.key: column for column in columns}
    return _branch(source, model.member_id, model.id, filled).where(
        model.member_id.in_(member_ids)
    )


_PREFERENCES = {
    "manual": Manual.id,
    "most": Manual.max_meetings_per_day,
    "buffer": Manual.buffer_minutes,
}


def _members_branch(member_ids):
    """Each member's zone, pattern stamp and manual's meeting preferences."""
    return _branch(
        _MEMBER,
        Member.id,
        Member.pattern_stamp,
        {"zone": Member.time_zone, **_PREFERENCES},
        from_=Member.__table__.outerjoin(Manual.__table__, Manual.member_id == Member.id),
    ).where(Member.id.in_(member_ids))


@lru_cache(maxsize=1)
def _rows_query():
    """Members (zone, stamp, meeting preferences) and their blocks, time off and one-offs.

    Built once (the ids are an expanding parameter, `member_ids`): building four
    19-column SELECTs cost about as much Python time as the round trips it saves. The
    member branch puts the stamp in `row_id`, so the rows and the stamp they are cached
    under come from one statement, hence one snapshot.
    """
    member_ids = bindparam("member_ids", expanding=True)
    return union_all(
        _members_branch(member_ids),
        _child(_BLOCK, PatternBlock, BLOCK_COLUMNS, member_ids),
        _child(_TIME_OFF, TimeOffEntry, TIME_OFF_COLUMNS, member_ids),
        _child(_ONE_OFF, OneOffHoursEntry, ONE_OFF_COLUMNS, member_ids),
    ).order_by("source", "row_id")


@dataclass
class _Parts:
    """One member's rows, as read (blocks, time off and one-offs in insertion order)."""

    zone: str = ""
    stamp: int = 0
    preferences: MeetingPreferences = MeetingPreferences()
    blocks: list = field(default_factory=list)
    time_off: list = field(default_factory=list)
    one_offs: list = field(default_factory=list)

    def pattern(self) -> WeeklyPattern:
        return WeeklyPattern(
            zone=self.zone,
            blocks=tuple(self.blocks),
            time_off=tuple(self.time_off),
            one_off_hours=tuple(self.one_offs),
            preferences=self.preferences,
        )


def _read_parts(member_ids: list[int]) -> dict[int, _Parts]:
    parts: dict[int, _Parts] = {}
    for source, member_id, row_id, *values in db.session.execute(
        _rows_query(), {"member_ids": member_ids}
    ):
        if source == _MEMBER:
            zone, manual_id, most, buffer = values[:4]
            part = parts[member_id] = _Parts(zone, row_id)
            if manual_id is not None:
                part.preferences = MeetingPreferences(most, buffer)
        elif source == _BLOCK:
            parts[member_id].blocks.append(_block_from_values(*values[_BLOCK_SLOTS]))
        elif source == _TIME_OFF:
            parts[member_id].time_off.append(TimeOff(*values[_TIME_OFF_SLOTS]))
        else:
            day, text = values[_ONE_OFF_SLOTS]
            parts[member_id].one_offs.append(OneOffHours(day, parse_one_off_blocks(text)))
    return parts


def load_patterns(member_ids: Iterable[int]) -> dict[int, WeeklyPattern]:
    """Every listed member's pattern, read in one query whatever the number of members."""
    return _read(sorted(set(member_ids)))


def stamped_patterns(stamps: Mapping[int, int]) -> dict[int, WeeklyPattern]:
    """`load_patterns` for a caller that has already read the member rows.

    `stamps` maps each member id to its `Member.pattern_stamp`: patterns this process
    cached under those stamps cost no query, and the rest are read in one.
    """
    found: dict[int, WeeklyPattern] = {}
    for member_id, stamp in stamps.items():
        cached = _BY_STAMP.get((member_id, stamp))
        if cached is not None:
            found[member_id] = cached
    missing = [member_id for member_id in stamps if member_id not in found]
    return found | _read(missing) if missing else found


def _read(member_ids: list[int]) -> dict[int, WeeklyPattern]:
    if not member_ids:
        return {}
    return {
        member_id: _remember(member_id, part.stamp, _interned(part.pattern()))
        for member_id, part in _read_parts(member_ids).items()
    }


# (member id, pattern stamp) → the pattern read under that stamp. Any change to what a
# pattern is read from renews the member's stamp (`renew_pattern_stamp`), so an entry
# can be old but never wrong; the table starts over when full.
_BY_STAMP: dict[tuple[int, int], WeeklyPattern] = {}
_BY_STAMP_SIZE = 16384


def _remember(member_id: int, stamp: int, pattern: WeeklyPattern) -> WeeklyPattern:
    if len(_BY_STAMP) >= _BY_STAMP_SIZE:
        _BY_STAMP.clear()
    _BY_STAMP[(member_id, stamp)] = pattern
    return pattern


def forget_cached_patterns() -> None:
    """Start the stamp cache over (for measurements that must not depend on it)."""
    _BY_STAMP.clear()


def renew_pattern_stamp(member: Member) -> None:
    """Mark `member`'s pattern as changed, inside the caller's unit of work.

    Every writer of a table `load_patterns` reads (blocks, time off, one-off hours, the
    manual's meeting preferences, the member's zone) must call this, or other processes
    keep serving the pattern they cached.
    """
    member.pattern_stamp = new_pattern_stamp()


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
