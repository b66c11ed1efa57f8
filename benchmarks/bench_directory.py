"""Benchmark of the people pages at 200 and 2,000 members, through the test client.

Why it exists: every list page must stay fast and run a constant number of SQL
queries whatever the workspace size. It seeds members (rows inserted directly for
speed: members, teams of ~8, a manual of seven sections with mixed visibility and
structured preferences, its search documents, and a weekly pattern of working, energy,
focus and routine blocks), signs one member in, and times the directory page, a
search, a profile page and a team page. It prints the median milliseconds of several
runs and the SQL statements per page (counted with a `before_cursor_execute` listener).

Run: `/work/venv/bin/python benchmarks/bench_directory.py` (SQLite in a temporary
file). Add `--postgres postgresql+psycopg://...` or set TEST_DATABASE_URL to run on
PostgreSQL too (the database's tables are dropped and recreated). Target: each page
<= 15 ms median at 2,000 members on SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app import create_app  # noqa: E402
from app.domain.manual import SECTION_KEYS  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Manual,
    ManualSection,
    Member,
    Membership,
    PatternBlock,
    Team,
)
from app.services.search_index import rebuild_search_documents  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.conftest import FreshRequestClient  # noqa: E402  (each request loads its user)

SIZES = (200, 2000)
RUNS = 15
ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Accra",
)
WORDS = (
    "mornings",
    "focus",
    "kayaking",
    "async",
    "calls",
    "gardening",
    "pairing",
    "quiet",
    "written",
    "walks",
    "coffee",
    "reviews",
)
VISIBILITIES = ("workspace", "workspace", "teams", "private")
PASSWORD = "benchmark-password"  # noqa: S105


def seed(count: int, rng: random.Random) -> int:
    """Insert `count` members with teams, manuals and patterns; returns the viewer's id."""
    now = datetime.now(UTC)
    hashed = generate_password_hash(PASSWORD)
    db.session.execute(
        insert(Member),
        [
            {
                "email": f"m{n}@bench.test",
                "display_name": f"Member {n:05d}",
                "password_hash": hashed,
                "time_zone": ZONES[n % len(ZONES)],
                "active": True,
                "role": "member",
                "pronouns": "",
                "session_epoch": 0,
                "created_at": now,
            }
            for n in range(count)
        ],
    )
    ids = list(db.session.scalars(db.select(Member.id).order_by(Member.id)))
    teams = max(1, count // 8)
    db.session.execute(
        insert(Team),
        [{"name": f"Team {t:04d}", "description": "", "created_at": now} for t in range(teams)],
    )
    team_ids = list(db.session.scalars(db.select(Team.id).order_by(Team.id)))
    db.session.execute(
        insert(Membership),
        [
            {"team_id": team_ids[i % teams], "member_id": m, "role_in_team": "", "joined_at": now}
            for i, m in enumerate(ids)
        ],
    )
    db.session.execute(
        insert(Manual),
        [
            {
                "member_id": m,
                "preferred_channels": rng.choice(("chat,email", "email", "video,chat")),
                "response_time": "same_day",
                "feedback_mode": "written",
                "feedback_setting": "private",
                "meeting_preference": "few",
                "buffer_minutes": 0,
                "last_reviewed_at": now,
                "updated_at": now,
                "created_at": now,
            }
            for m in ids
        ],
    )
    db.session.execute(
        insert(ManualSection),
        [
            {
                "member_id": m,
                "key": key,
                "visibility": rng.choice(VISIBILITIES),
                "body": " ".join(rng.choices(WORDS, k=30)),
            }
            for m in ids
            for key in SECTION_KEYS
        ],
    )
    rebuild_search_documents(ids)
    db.session.execute(insert(PatternBlock), [row for m in ids for row in _week(m, rng)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh planner statistics, as autovacuum would
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return ids[0]


def _week(member_id: int, rng: random.Random) -> list[dict]:
    start = rng.choice((420, 480, 540, 600))
    rows = []
    for day in range(5):
        base = {
            "member_id": member_id,
            "weekday": day,
            "hard": True,
            "label": "",
            "private": False,
            "energy": None,
        }
        rows.append(base | {"kind": "working", "start_minute": start, "end_minute": start + 480})
        rows.append(
            base
            | {
                "kind": "energy",
                "energy": "peak",
                "start_minute": start,
                "end_minute": start + 120,
            }
        )
        rows.append(
            base | {"kind": "focus", "start_minute": start + 120, "end_minute": start + 210}
        )
        rows.append(
            base
            | {
                "kind": "routine",
                "label": "School run",
                "private": day % 2 == 0,
                "start_minute": start + 420,
                "end_minute": start + 450,
            }
        )
    return rows


def measure(client, url: str) -> tuple[float, float, int]:
    """(median wall ms, median CPU ms of this process, statements per request) for `url`.

    CPU time is printed too because on a shared machine wall time includes waiting for
    a core; CPU time is what the page itself costs.
    """
    statements = []

    def count(*_args):
        statements.append(1)

    assert client.get(url).status_code == 200, url  # warm up
    timings, cpu = [], []
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _ in range(RUNS):
            statements.clear()
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            db.session.remove()  # each request ends its transaction, as a real one does
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            assert response.status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return statistics.median(timings), statistics.median(cpu), len(statements)


def pages(viewer_id: int, team_id: int, profile_id: int, has_team_page: bool) -> dict[str, str]:
    urls = {
        "directory": "/people",
        "search": "/people?q=kayaking+quiet",
        "working now": "/people?working_now=y",
        "profile": f"/people/{profile_id}",
    }
    if has_team_page:
        urls["team page"] = f"/teams/{team_id}"
    return urls


def run(database_url: str, label: str, sizes: tuple[int, ...] = SIZES) -> None:
    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        RATELIMIT_ENABLED = False

    app = create_app(BenchConfig)
    has_team_page = "team_pages.show" in app.view_functions
    with app.app_context():
        for size in sizes:
            db.session.remove()  # end the last size's transaction before dropping its tables
            db.drop_all()
            db.create_all()
            viewer_id = seed(size, random.Random(size))
            team_id = db.session.scalar(
                db.select(Membership.team_id).where(Membership.member_id == viewer_id)
            )
            client = FreshRequestClient(app, app.response_class, use_cookies=True)
            viewer = db.session.get(Member, viewer_id)
            client.post("/login", data={"email": viewer.email, "password": PASSWORD})
            db.session.remove()
            print(f"{label}, {size} members (load average {os.getloadavg()[0]:.1f}):")
            for name, url in pages(viewer_id, team_id, viewer_id + 7, has_team_page).items():
                median, cpu, queries = measure(client, url)
                print(
                    f"  {name:<10} {median:7.2f} ms median ({cpu:6.2f} ms CPU)"
                    f"  {queries:3d} SQL queries  {url}"
                )
        if not has_team_page:
            print("  (no team page registered: not timed)")
        db.session.remove()
        db.drop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL", ""),
        help="a PostgreSQL URL to benchmark as well",
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="member counts to seed, comma-separated"
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(","))
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/bench.sqlite", "SQLite", sizes)
    if args.postgres.startswith("postgresql"):
        run(args.postgres, "PostgreSQL", sizes)


if __name__ == "__main__":
    main()
