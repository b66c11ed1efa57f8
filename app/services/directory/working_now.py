"""The directory's "working now" filter: who is working this minute, as an index by zone.

Working or not depends on each member's weekly pattern, which SQL cannot read, so the
set is worked out in Python - but once per (data version, minute) and process, not per
request: `working_by_zone` loads every active member's id, zone and pattern stamp in
one query, their patterns from the stamped cache, asks the domain for each status and
keeps {zone: member ids working}. A directory request then filters and pages in SQL
with those ids (`Shape.working_now`), reading only its page's rows. Any write raises
the data version and so rebuilds the index; the minute moving on does too. A member's
status is the same for every viewer as far as "working" goes (only a private
routine's label differs, and a routine is not working time).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Member
from app.services import data_version
from app.services.directory.statuses import member_status
from app.services.patterns import stamped_patterns

_INDEX: data_version.KeptByVersion[dict[str, frozenset[int]]] = data_version.KeptByVersion(4)


def working_by_zone(now: datetime) -> dict[str, frozenset[int]]:
    """{zone: ids of active members in it working at `now`'s minute}, kept per version."""
    minute = now.replace(second=0, microsecond=0)
    return _INDEX.get(db.session, minute, lambda: build_index(minute))


def working_ids(now: datetime) -> list[int]:
    """Every active member working at `now`'s minute, sorted (a stable SQL parameter)."""
    return sorted(member_id for ids in working_by_zone(now).values() for member_id in ids)


def build_index(minute: datetime) -> dict[str, frozenset[int]]:
    """Work the index out: one query for the roster, patterns from the stamped cache."""
    rows = db.session.execute(
        select(Member.id, Member.time_zone, Member.pattern_stamp).where(Member.active.is_(True))
    ).all()
    patterns = stamped_patterns({row.id: row.pattern_stamp for row in rows})
    by_zone: defaultdict[str, set[int]] = defaultdict(set)
    for row in rows:
        if member_status(patterns[row.id], minute, is_owner=False).working:
            by_zone[row.time_zone].add(row.id)
    return {zone: frozenset(ids) for zone, ids in by_zone.items()}
