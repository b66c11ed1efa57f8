"""Bulk seed for the load benchmark: a workspace of N members, written with SQLAlchemy core.

Why core and not the services: 2,000 members with manuals, sections and weekly patterns
are ~50,000 rows; one executemany per table takes seconds where the ORM takes minutes.
The data is shaped like a real workspace (fixed random seed, so runs compare):

- members in twelve zones on five continents, one password hash shared by all;
- a manual per member: structured preferences and seven Markdown sections, mostly
  "workspace", some "my teams", some "only me", and the search documents of them;
- a weekly pattern: working hours on weekdays, a morning peak, protected focus twice a
  week, a routine (some private) and a no-meetings afternoon;
- teams of 10 to 50 people covering everyone, a fifth of them in a second team;
- booked meetings over the next two weeks, so the scheduler and pages see busy time.

Then it runs ANALYZE, so the planner works from statistics as on a live database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, insert, select
from werkzeug.security import generate_password_hash

from app.domain.manual import SECTION_KEYS
from app.domain.search import search_documents
from app.models import (
    Manual,
    ManualSection,
    Meeting,
    MeetingAttendee,
    Member,
    Membership,
    PatternBlock,
    SearchDocument,
    Team,
)

PASSWORD = "load-benchmark-password"  # noqa: S105 - a throwaway database
ZONES = (
    "Europe/Berlin", "Europe/London", "Europe/Lisbon", "America/New_York",
    "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata",
    "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "Africa/Lagos",
)  # fmt: skip
FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jonas",
         "Kemi", "Lars", "Mira", "Noor", "Oli", "Priya", "Quinn", "Rosa", "Sami",
         "Tomo")  # fmt: skip
LAST = ("Adeyemi", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen",
        "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel")  # fmt: skip
PARAGRAPH = (
    "I do my best thinking in the **morning**, before the chat gets busy. "
    "Send me the context first and the question second; I reply in batches, "
    "usually twice a day. If something is on fire, call me.\n\n"
    "- agendas help\n- written feedback first, then a chat\n- walking 1:1s welcome\n"
)
VISIBILITY_MIX = ("workspace",) * 6 + ("teams",) * 3 + ("private",)


@dataclass(frozen=True)
class Seeded:
    """What the benchmark needs to know about the seeded workspace."""

    viewer_email: str
    viewer_id: int
    teammate_id: int
    team_id: int
    team_size: int
    attendee_ids: tuple[int, ...]


def _members(count: int, rng: random.Random) -> list[dict]:
    password_hash = generate_password_hash(PASSWORD, method="scrypt")
    created = datetime(2026, 1, 5, tzinfo=UTC)
    return [
        {
            "email": f"member{n}@load.test",
            "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            "pronouns": rng.choice(("she/her", "he/him", "they/them", "")),
            "time_zone": ZONES[n % len(ZONES)],
            "role": "admin" if n == 0 else "member",
            "password_hash": password_hash,
            "active": True,
            "session_epoch": 0,
            "created_at": created,
        }
        for n in range(count)
    ]


def _manuals(ids: list[int], now: datetime, rng: random.Random) -> tuple[list, list]:
    manuals, sections = [], []
    for member_id in ids:
        manuals.append(
            {
                "member_id": member_id,
                "preferred_channels": "chat,email,video",
                "response_time": rng.choice(("within_hour", "same_day", "next_day")),
                "feedback_mode": rng.choice(("written", "spoken")),
                "feedback_setting": "private",
                "meeting_preference": rng.choice(("few", "short_agenda", "mornings")),
                "max_meetings_per_day": rng.choice((None, 4, 6)),
                "buffer_minutes": rng.choice((0, 5, 10)),
                "last_reviewed_at": now - timedelta(days=rng.randrange(400)),
                "updated_at": now,
                "created_at": now,
            }
        )
        for key in SECTION_KEYS:
            body = PARAGRAPH * (3 if key == "story" else 1)
            sections.append(
                {
                    "member_id": member_id,
                    "key": key,
                    "body": body,
                    "visibility": rng.choice(VISIBILITY_MIX),
                }
            )
    return manuals, sections


def _search_documents(sections: list[dict]) -> list[dict]:
    """What `services.search_index` would write for these sections (it needs a session)."""
    rows = ((s["member_id"], s["visibility"], s["body"]) for s in sections)
    return [
        {"member_id": member_id, "visibility": visibility, "terms": terms}
        for (member_id, visibility), terms in search_documents(rows).items()
    ]


def _block(member_id, kind, day, start_h, end_h, **extra) -> dict:
    row = {"member_id": member_id, "kind": kind, "weekday": day, "energy": None,
           "hard": True, "label": "", "private": False,
           "start_minute": int(start_h * 60), "end_minute": int(end_h * 60)}  # fmt: skip
    return {**row, **extra}


def _patterns(ids: list[int], rng: random.Random) -> list[dict]:
    rows = []
    for member_id in ids:
        begin = rng.choice((7, 8, 8.5, 9, 10))
        for day in range(5):
            rows.append(_block(member_id, "working", day, begin, begin + 8))
            rows.append(_block(member_id, "energy", day, begin, begin + 2, energy="peak"))
        for day in (1, 3):
            rows.append(_block(member_id, "focus", day, begin + 4, begin + 6))
        private = rng.random() < 0.3
        for day in range(5):
            rows.append(
                _block(
                    member_id,
                    "routine",
                    day,
                    begin + 3,
                    begin + 3.5,
                    label="School run" if private else "Lunch walk",
                    private=private,
                    hard=private,
                )  # fmt: skip
            )
        rows.append(_block(member_id, "no_meetings", 4, begin + 5, begin + 8))
    return rows


def _teams(ids: list[int], rng: random.Random) -> tuple[list[dict], list[list[int]]]:
    shuffled, groups = ids[:], []
    rng.shuffle(shuffled)
    while shuffled:
        size = rng.randint(10, 50)
        groups.append(shuffled[:size])
        shuffled = shuffled[size:]
    for member_id in rng.sample(ids, len(ids) // 5):
        group = rng.choice(groups)
        if member_id not in group:
            group.append(member_id)
    teams = [
        {"name": f"Team {n + 1:03d}", "description": "A seeded team"} for n in range(len(groups))
    ]
    return teams, groups


def _meetings(ids: list[int], now: datetime, rng: random.Random) -> list[tuple[dict, list]]:
    start_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    found = []
    for n in range(len(ids)):
        start = start_day + timedelta(days=rng.randrange(1, 15), hours=rng.randrange(24))
        people = rng.sample(ids, rng.randint(2, 6))
        meeting = {"uid": f"load-{n}@teamshape", "title": f"Seeded meeting {n}",
                   "meeting_type": "status", "agenda": "", "organiser_id": people[0],
                   "start": start, "end": start + timedelta(minutes=30), "status": "booked",
                   "sequence": 0, "created_at": now, "updated_at": now}  # fmt: skip
        found.append((meeting, people))
    return found


def _insert(connection, model, rows: list[dict], returning=None) -> list:
    if not rows:
        return []
    if returning is None:
        connection.execute(insert(model), rows)
        return []
    # One multi-row INSERT … RETURNING per chunk keeps ids in insertion order.
    ids = []
    for chunk in range(0, len(rows), 1000):
        statement = insert(model).values(rows[chunk : chunk + 1000]).returning(returning)
        ids.extend(connection.execute(statement).scalars())
    return ids


def seed(database_url: str, members: int, seed_value: int = 20261130) -> Seeded:
    """Fill an empty, migrated database; returns the viewer and the pages to load."""
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        ids = _insert(connection, Member, _members(members, rng), returning=Member.id)
        manuals, sections = _manuals(ids, now, rng)
        _insert(connection, Manual, manuals)
        _insert(connection, ManualSection, sections)
        _insert(connection, SearchDocument, _search_documents(sections))
        _insert(connection, PatternBlock, _patterns(ids, rng))
        teams, groups = _teams(ids, rng)
        team_ids = _insert(connection, Team, teams, returning=Team.id)
        _insert(connection, Membership, [
            {"team_id": t, "member_id": m, "role_in_team": "", "joined_at": now}
            for t, group in zip(team_ids, groups, strict=True) for m in group
        ])  # fmt: skip
        booked = _meetings(ids, now, rng)
        meeting_ids = _insert(connection, Meeting, [m for m, _ in booked], returning=Meeting.id)
        _insert(connection, MeetingAttendee, [
            {"meeting_id": meeting_id, "member_id": person, "required": True}
            for meeting_id, (_, people) in zip(meeting_ids, booked, strict=True)
            for person in people
        ])  # fmt: skip
        viewer = ids[0]
        index = next(i for i, group in enumerate(groups) if viewer in group)
        mates = [m for m in groups[index] if m != viewer]
        team_id = team_ids[index]
        email = connection.execute(select(Member.email).where(Member.id == viewer)).scalar_one()
    with engine.begin() as connection:
        # Planner statistics, as autovacuum would gather on a live database: without
        # them PostgreSQL guesses one row per table and, e.g., walks every meeting
        # once per attendee row (the scheduler's booked-time query: 38 ms, not 0.7 ms).
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return Seeded(email, viewer, mates[0], team_id, len(groups[index]), tuple(mates[:9]))
