"""Shared helpers of the scheduler page tests: working hours, searches and booking by form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services.patterns import row_from_block

BERLIN = "Europe/Berlin"
EVERY_DAY = range(7)


def give_hours(member, start=clock(8), end=clock(18), extra=()) -> None:
    for day in EVERY_DAY:
        db.session.add(row_from_block(member.id, WeeklyBlock(BlockKind.WORKING, day, start, end)))
    for block in extra:
        db.session.add(row_from_block(member.id, block))
    db.session.commit()


def routine(day: int, start: clock, end: clock, label: str, *, hard: bool, private: bool):
    return WeeklyBlock(BlockKind.ROUTINE, day, start, end, hard=hard, label=label, private=private)


def today(zone: str = BERLIN):
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def search(**params) -> dict:
    first = today()
    base = {
        "duration": 30,
        "meeting_type": "status",
        "notice": 60,
        "window_start": first.isoformat(),
        "window_end": (first + timedelta(days=13)).isoformat(),
    }
    return base | params


def first_suggestion(client, **params) -> dict:
    data = client.get("/api/suggestions", query_string=search(**params)).get_json()
    return data["suggestions"][0]


def book_meeting(client, suggestion: dict, title="Roadmap check", **extra):
    lines = suggestion["attendees"]
    data = {
        "start": suggestion["start"],
        "duration": 30,
        "meeting_type": "decision",
        "title": title,
        "agenda": "1. Where we are\n2. What we drop",
        "required": [a["id"] for a in lines if a["required"]],
        "optional": [a["id"] for a in lines if not a["required"]],
        "search": "",
    }
    return client.post("/meetings/new", data=data | extra)
