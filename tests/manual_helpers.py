"""Helpers for manual and directory tests: write manuals, seed many people fast, count SQL.

`bulk_members` inserts rows directly (one shared password hash) because hashing a
password per member would make a 200-person test take seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event
from werkzeug.security import generate_password_hash

from app.domain.manual import SECTION_KEYS, Preferences
from app.extensions import db
from app.models import Member, PatternBlock
from app.services.manuals import save_manual
from app.services.patterns import forget_cached_patterns, renew_pattern_stamp
from tests.conftest import PASSWORD

_HASH = generate_password_hash(PASSWORD)


def write_manual(
    member_id: int,
    now: datetime,
    preferences: Preferences | None = None,
    **sections: tuple[str, str],
):
    """Save a manual with the given sections (key=(body, visibility)); others empty."""
    full = {key: sections.get(key, ("", "teams")) for key in SECTION_KEYS}
    return save_manual(member_id, sections=full, preferences=preferences or Preferences(), now=now)


def bulk_members(
    count: int, *, prefix: str = "Person", zones: tuple[str, ...] = ("UTC",), start: int = 0
) -> list[int]:
    """Insert `count` active members quickly; returns their ids."""
    members = [
        Member(
            email=f"{prefix.lower()}{start + n}@bulk.test",
            display_name=f"{prefix} {start + n:05d}",
            password_hash=_HASH,
            time_zone=zones[n % len(zones)],
        )
        for n in range(count)
    ]
    db.session.add_all(members)
    db.session.commit()
    return [m.id for m in members]


def whole_week(
    member_id: int, kind: str = "working", *, label: str = "", private: bool = False
) -> None:
    """Give a member a block covering every whole day, so their status is fixed."""
    db.session.add_all(
        PatternBlock(
            member_id=member_id,
            kind=kind,
            weekday=day,
            start_minute=0,
            end_minute=0,
            label=label,
            private=private,
            hard=True,
        )
        for day in range(7)
    )
    renew_pattern_stamp(db.session.get(Member, member_id))
    db.session.commit()


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count SQL statements sent to the database inside the block, from a cold pattern
    cache, so a count never depends on what an earlier request happened to load."""
    counter = QueryCounter()
    forget_cached_patterns()

    def before(conn, cursor, statement, parameters, context, executemany):
        counter.statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)
