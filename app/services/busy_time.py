"""Members' busy time (imported files and live calendars) for the scheduler, kept by stamp.

Live calendars make busy time dense (a busy person has hundreds of spans in the import
window), and reading thousands of rows for a 50-person search would cost more than
the search itself. So each member's busy time is kept in this process by
(member id, `BusyStamp.stamp`): a random value that every writer of `busy_interval`
renews in the same transaction (`renew`). A search then asks only for the stamps
(one query) and reads rows just for members whose stamp it has not seen.

Rows are always at least as new as the stamp read before them, so an entry can be
newer than its stamp but never older: never wrong, only sometimes read again.
A member without a stamp (rows written before stamps existed, or by a test) is read
every time and not kept, in the same statement as the stamps: a warm search of any
people runs one query for busy time.
"""

from __future__ import annotations

import bisect
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, cast, exists, null, select, union_all
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.domain.intervals import Interval
from app.extensions import db
from app.models import BusyInterval, BusyStamp

_CACHE_SIZE = 4096
_KEPT: dict[tuple[int, int], tuple[tuple[Interval, ...], tuple]] = {}
_LOCK = threading.Lock()


def renew(member_id: int) -> None:
    """Give the member a new stamp (inside the writer's transaction)."""
    values = {"member_id": member_id, "stamp": secrets.randbits(62)}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(BusyStamp).values(values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[BusyStamp.member_id], set_={"stamp": values["stamp"]}
        )
    )


def busy_between(ids: Iterable[int], span: Interval) -> dict[int, list[Interval]]:
    """Each member's busy spans overlapping `span`, by start (one query when warm)."""
    ids = list(ids)
    stamps, unstamped = _stamps_and_unstamped(ids)
    with _LOCK:
        kept = {m: _KEPT.get((m, stamps[m])) if m in stamps else unstamped[m] for m in ids}
    missing = [m for m, entry in kept.items() if entry is None]
    if missing:
        for member_id, entry in _read(missing).items():
            kept[member_id] = _remember(member_id, stamps[member_id], entry)
    found: dict[int, list[Interval]] = defaultdict(list)
    for member_id, entry in kept.items():
        if entry:
            found[member_id] = _overlapping(entry, span)
    return found


def _stamps_and_unstamped_statement():
    """Built once: the stamps of `:ids`, and the spans of those of them without one."""
    ids = bindparam("ids", expanding=True)
    has_stamp = exists().where(BusyStamp.member_id == BusyInterval.member_id)
    spans = select(
        BusyInterval.member_id,
        cast(null(), BusyStamp.stamp.type),
        BusyInterval.start,
        BusyInterval.end,
    ).where(BusyInterval.member_id.in_(ids), ~has_stamp)
    marks = select(
        BusyStamp.member_id,
        BusyStamp.stamp,
        cast(null(), BusyInterval.start.type),
        cast(null(), BusyInterval.end.type),
    ).where(BusyStamp.member_id.in_(ids))
    return union_all(spans, marks)


_STAMPS_AND_UNSTAMPED = _stamps_and_unstamped_statement()


def _stamps_and_unstamped(ids: list[int]) -> tuple[dict[int, int], dict[int, tuple]]:
    """The members' stamps, and the busy spans of those without a stamp, in one query."""
    rows = db.session.execute(_STAMPS_AND_UNSTAMPED, {"ids": ids})
    stamps: dict[int, int] = {}
    grouped: dict[int, list[Interval]] = {m: [] for m in ids}
    for member_id, stamp, start, end in rows:
        if stamp is not None:
            stamps[member_id] = stamp
        elif end > start:
            grouped[member_id].append(Interval(start, end))
    unstamped = {m: _entry(found) for m, found in grouped.items() if m not in stamps}
    return stamps, unstamped


def _entry(spans: list[Interval]) -> tuple[tuple[Interval, ...], tuple]:
    spans.sort(key=lambda span: span.start)
    return tuple(spans), tuple(s.start for s in spans)


def _read(member_ids: list[int]) -> dict[int, tuple[tuple[Interval, ...], tuple]]:
    rows = db.session.execute(
        select(BusyInterval.member_id, BusyInterval.start, BusyInterval.end)
        .where(BusyInterval.member_id.in_(member_ids))
        .order_by(BusyInterval.member_id, BusyInterval.start)
    )
    grouped: dict[int, list[Interval]] = {m: [] for m in member_ids}
    for member_id, start, end in rows:
        if end > start:
            grouped[member_id].append(Interval(start, end))
    return {m: (tuple(spans), tuple(s.start for s in spans)) for m, spans in grouped.items()}


def _remember(member_id: int, stamp: int, entry: tuple) -> tuple:
    with _LOCK:
        if len(_KEPT) >= _CACHE_SIZE:
            _KEPT.clear()
        _KEPT[(member_id, stamp)] = entry
    return entry


def _overlapping(entry: tuple, span: Interval) -> list[Interval]:
    spans, starts = entry
    stop = bisect.bisect_left(starts, span.end)  # later spans start at or after the end
    return [s for s in spans[:stop] if s.end > span.start]


def forget_all() -> None:
    """Start the cache over (for measurements that must not depend on it)."""
    with _LOCK:
        _KEPT.clear()
