"""Revisions: a JSON snapshot of a whole manual (sections, preferences, pattern) per save.

`record_revision` does not commit: call it inside the use case's unit of work, after
the change, so the revision and the change land together or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Manual, ManualRevision, ManualSection
from app.services.patterns import format_one_off_blocks, load_pattern

PREFERENCE_FIELDS = (
    "preferred_channels",
    "response_time",
    "feedback_mode",
    "feedback_setting",
    "meeting_preference",
    "max_meetings_per_day",
    "buffer_minutes",
)


def snapshot(member_id: int) -> dict:
    """The manual as plain data: what a revision stores and a diff compares."""
    db.session.flush()
    sections = db.session.scalars(
        select(ManualSection)
        .where(ManualSection.member_id == member_id)
        .order_by(ManualSection.key)
    )
    manual = db.session.scalar(select(Manual).where(Manual.member_id == member_id))
    pattern = load_pattern(member_id)
    return {
        "sections": {s.key: {"body": s.body, "visibility": s.visibility} for s in sections},
        "preferences": {f: getattr(manual, f) for f in PREFERENCE_FIELDS} if manual else {},
        "zone": pattern.zone,
        "blocks": sorted(
            [
                b.kind.value,
                b.weekday,
                f"{b.start:%H:%M}",
                f"{b.end:%H:%M}",
                b.energy.value if b.energy else "",
                b.hard,
                b.label,
                b.private,
            ]
            for b in pattern.blocks
        ),
        "time_off": sorted([str(t.first), str(t.last)] for t in pattern.time_off),
        "one_off_hours": sorted(
            [str(o.day), format_one_off_blocks(o.blocks)] for o in pattern.one_off_hours
        ),
    }


def record_revision(member_id: int, now: datetime) -> ManualRevision | None:
    """Store a snapshot if anything changed since the last revision; returns it."""
    data = json.dumps(snapshot(member_id), sort_keys=True)
    last = db.session.scalar(
        select(ManualRevision)
        .where(ManualRevision.member_id == member_id)
        .order_by(ManualRevision.number.desc())
        .limit(1)
    )
    if last is not None and last.snapshot == data:
        return None
    number = (
        db.session.scalar(
            select(func.max(ManualRevision.number)).where(ManualRevision.member_id == member_id)
        )
        or 0
    ) + 1
    revision = ManualRevision(member_id=member_id, number=number, snapshot=data, created_at=now)
    db.session.add(revision)
    return revision
