"""How long the calendar services take end to end, database included.

`bench_calendars.py` times the pure domain; this times what a calendar app's poll and
a member's upload really cost: loading rows, computing windows (the team feed uses
`app.domain.team_week.core_overlap`, as the team page does), checking the token's
content hash, and serialising - plus the HTTP route with and without a 304.

Run: `/work/venv/bin/python benchmarks/bench_calendar_services.py` (SQLite in a
temporary file). Targets from the issue: personal feed <= 10 ms, team feed of 500
members <= 150 ms, importing a 1,000-event calendar with recurrences <= 1 s. Prints
medians; no assertions.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app import create_app  # noqa: E402
from app.calendars import routes as calendar_routes  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Meeting, MeetingAttendee, Member, Membership, PatternBlock, Team  # noqa: E402
from app.services import calendar_import, feeds  # noqa: E402
from app.services.feeds import team as feeds_team  # noqa: E402
from benchmarks.bench_calendars import import_calendar  # noqa: E402
from config import TestingConfig  # noqa: E402

RUNS = 15
TEAM_SIZE = 500
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
ZONES = ("Europe/Berlin", "Europe/London", "Asia/Kolkata", "America/New_York")


def measure(name: str, target_ms: float, work: Callable[[], object]) -> None:
    cold = _timed(work)
    median = statistics.median(_timed(work) for _ in range(RUNS))
    verdict = "ok" if median <= target_ms else "MISSED"
    print(
        f"{name:<50} median {median:8.2f} ms  (cold {cold:8.2f} ms, target {target_ms:g} ms: "
        f"{verdict})"
    )


def _timed(work: Callable[[], object]) -> float:
    start = clock.perf_counter()
    work()
    return (clock.perf_counter() - start) * 1000


def _blocks(member_id: int, rng: random.Random) -> list[dict]:
    """Working days with a focus block, a hard routine and a soft one, like demo people."""
    start = rng.choice([7, 8, 9, 10]) * 60
    rows = [
        {
            "member_id": member_id,
            "kind": "working",
            "weekday": d,
            "start_minute": start,
            "end_minute": start + 480,
            "label": "",
            "private": False,
            "hard": False,
        }
        for d in range(5)
    ]
    rows.append(
        {
            "member_id": member_id,
            "kind": "focus",
            "weekday": 0,
            "start_minute": start,
            "end_minute": start + 120,
            "label": "",
            "private": False,
            "hard": True,
        }
    )
    rows.append(
        {
            "member_id": member_id,
            "kind": "routine",
            "weekday": 2,
            "start_minute": 900,
            "end_minute": 960,
            "label": "School run",
            "private": True,
            "hard": True,
        }
    )
    return rows


def seed() -> tuple[int, int]:
    """500 members in one team, each with a pattern; the first has 40 meetings."""
    rng = random.Random(5)
    password = generate_password_hash("benchmark-password", method="pbkdf2:sha256:1000")
    members = [
        Member(
            email=f"p{n}@bench.test",
            display_name=f"Person {n:03d}",
            password_hash=password,
            time_zone=ZONES[n % len(ZONES)],
        )
        for n in range(TEAM_SIZE)
    ]
    db.session.add_all(members)
    team = Team(name="Everyone")
    db.session.add(team)
    db.session.flush()
    db.session.execute(insert(PatternBlock), [r for m in members for r in _blocks(m.id, rng)])
    db.session.execute(
        insert(Membership), [{"team_id": team.id, "member_id": m.id} for m in members]
    )
    first, other = members[0], members[1]
    for n in range(40):
        start = NOW + timedelta(days=n % 28, hours=n % 6)
        meeting = Meeting(
            uid=f"m{n}@bench",
            title=f"Meeting {n}",
            meeting_type="status",
            agenda="Agenda",
            organiser_id=first.id,
            start=start,
            end=start + timedelta(minutes=30),
            created_at=NOW,
            updated_at=NOW,
        )
        meeting.attendees = [
            MeetingAttendee(member_id=first.id),
            MeetingAttendee(member_id=other.id),
        ]
        db.session.add(meeting)
    db.session.commit()
    return first.id, team.id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:

        class BenchConfig(TestingConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder}/bench.sqlite"

        app = create_app(BenchConfig)
        with app.app_context():
            db.create_all()
            member_id, team_id = seed()
            personal = feeds.turn_on_personal(member_id, NOW)
            team = feeds.turn_on_team(member_id, team_id, "Asia/Kolkata", NOW)
            body = feeds.personal_feed(personal, NOW).body
            print(
                f"personal feed {len(body):,} bytes; team feed "
                f"{len(feeds.team_feed(team, NOW).body):,} bytes ({TEAM_SIZE} members)"
            )
            measure(
                "personal feed (service: rows + build)",
                10,
                lambda: feeds.personal_feed(personal, NOW),
            )
            measure(
                f"team feed of {TEAM_SIZE} members (service, core memoised)",
                150,
                lambda: feeds.team_feed(team, NOW),
            )
            measure(
                f"team feed of {TEAM_SIZE} members (core recomputed)",
                150,
                lambda: (feeds_team._CORE_CACHE.clear(), feeds.team_feed(team, NOW)),
            )
            client = app.test_client()
            calendar_routes._now = lambda: NOW
            url = f"/feeds/{personal}.ics"
            etag = client.get(url).headers["ETag"]
            measure("GET personal feed (HTTP, 200)", 15, lambda: client.get(url))
            measure(
                "GET personal feed (HTTP, 304)",
                15,
                lambda: client.get(url, headers={"If-None-Match": etag}),
            )
            data = import_calendar()
            measure(
                "import 1,000 events with recurrences (service)",
                1000,
                lambda: calendar_import.import_calendar(
                    member_id, data, source="Bench", now=NOW, weeks=8, max_bytes=2 * 1024 * 1024
                ),
            )
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
