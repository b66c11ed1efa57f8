"""How long keeping live calendars fresh takes, and what live busy time costs "Find a time".

500 members each subscribe to their own calendar of 300 events (60 weekly series with
a deleted and a moved occurrence each, plus 240 single events, times in four zones),
served from a loopback HTTP server with ETags. Timed, with one worker (this process,
one connection after another, as one huey worker thread would):

- the full refresh pass: every connection fetched, parsed (the upload's code path)
  and its busy time replaced in one transaction each;
- the all-304 pass: every connection asks again with its ETag and gets 304;
- "Find a time" for 50 attendees over two weeks with that live busy time loaded.

Run: `python benchmarks/bench_sync.py [--connections N]` (SQLite in a temporary file;
set `BENCH_DATABASE_URL` for PostgreSQL). Each pass prints its wall time and the CPU
time of this process beside it (`time.process_time`; the loopback calendar server runs
in a thread of this process, so its work is included), so a figure taken on a loaded
machine can be judged: CPU close to wall means the pass was not waiting for the machine.
Targets from issue 12: full pass <= 60 s, all-304 pass <= 5 s, Find a time for 50 <=
20 ms. Prints figures; asserts only that the passes did what they claim.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time as clock
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from app import create_app, tasks  # noqa: E402
from app.domain.intervals import Interval  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import BusyInterval, CalendarConnection, Member, PatternBlock  # noqa: E402
from app.services import calendar_refresh, calendar_secrets, scheduling  # noqa: E402
from app.services.calendar_refresh import RefreshSettings  # noqa: E402
from app.services.safe_fetch import FetchPolicy  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.live_calendar_helpers import RunningHost  # noqa: E402

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 500))
SERIES, SINGLES = 60, 240
ATTENDEES = 50
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
ZONES = ("Europe/Berlin", "Europe/London", "Asia/Kolkata", "America/New_York")
FMT = "%Y%m%dT%H%M%S"
SETTINGS = RefreshSettings(
    FetchPolicy(allow_loopback=True, timeout=10, max_bytes=2 * 1024 * 1024),
    timedelta(minutes=15),
    timedelta(hours=6),
    8,
)


def calendar(n: int) -> bytes:
    """300 events: 60 weekly series (one EXDATE, one moved occurrence) + 240 singles."""
    rng = random.Random(n)
    zone = ZONES[n % len(ZONES)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//sync//EN"]
    for s in range(SERIES):
        first = NOW + timedelta(days=rng.randrange(-14, 7), hours=rng.randrange(0, 9))
        uid = f"series-{n}-{s}"
        local = first.replace(tzinfo=None)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:Series {s}",
            f"DTSTART;TZID={zone}:{local.strftime(FMT)}",
            f"DTEND;TZID={zone}:{(local + timedelta(minutes=45)).strftime(FMT)}",
            "RRULE:FREQ=WEEKLY;COUNT=20",
            f"EXDATE;TZID={zone}:{(local + timedelta(weeks=2)).strftime(FMT)}",
            "END:VEVENT",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"RECURRENCE-ID;TZID={zone}:{(local + timedelta(weeks=3)).strftime(FMT)}",
            f"DTSTART;TZID={zone}:{(local + timedelta(weeks=3, hours=2)).strftime(FMT)}",
            f"DTEND;TZID={zone}:{(local + timedelta(weeks=3, hours=3)).strftime(FMT)}",
            "END:VEVENT",
        ]
    for e in range(SINGLES):
        start = NOW + timedelta(days=rng.randrange(0, 56), minutes=15 * rng.randrange(28, 72))
        lines += [
            "BEGIN:VEVENT",
            f"UID:single-{n}-{e}",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:Event {e}",
            f"DTSTART:{start.strftime(FMT)}Z",
            f"DTEND:{(start + timedelta(minutes=30)).strftime(FMT)}Z",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def seed(host) -> list[int]:
    """Members with working hours Mon-Fri 08-18 and one subscription each (bulk rows)."""
    members = [
        {
            "email": f"m{n}@bench.test",
            "display_name": f"Member {n:03d}",
            "password_hash": "x",
            "time_zone": ZONES[n % len(ZONES)],
        }
        for n in range(CONNECTIONS)
    ]
    db.session.execute(insert(Member), members)
    ids = db.session.scalars(select(Member.id).order_by(Member.id)).all()
    blocks = [
        {
            "member_id": m,
            "kind": "working",
            "weekday": d,
            "start_minute": 480,
            "end_minute": 1080,
            "label": "",
            "private": False,
            "hard": False,
        }
        for m in ids
        for d in range(5)
    ]
    db.session.execute(insert(PatternBlock), blocks)
    rows = []
    for n, member_id in enumerate(ids):
        url = host.serve(f"/cal/{n}/private-{n:04d}.ics", calendar(n))
        rows.append(
            {
                "member_id": member_id,
                "kind": "ics",
                "label": "Work",
                "shown_as": "http://127.0.0.1/…",
                "secret": calendar_secrets.seal({"url": url}),
                "write_back": False,
                "next_try_at": NOW,
                "event_count": 0,
                "busy_count": 0,
                "failures": 0,
                "created_at": NOW,
            }
        )
    db.session.execute(insert(CalendarConnection), rows)
    db.session.commit()
    return list(ids)


def refresh_pass(at: datetime) -> tuple[float, float, int]:
    """The periodic pass's claim, then one worker refreshing every claimed connection,
    chunk after chunk, as one huey worker thread runs `tasks.refresh_connections`;
    (wall seconds, CPU seconds of this process, connections whose busy time changed)."""
    started, cpu = clock.perf_counter(), clock.process_time()
    changed = 0
    token, claimed = calendar_refresh.claim_due(at, limit=CONNECTIONS)
    for first in range(0, len(claimed), tasks.CHUNK):
        chunk = claimed[first : first + tasks.CHUNK]
        for outcome in calendar_refresh.refresh_many(chunk, at, SETTINGS, token):
            assert outcome is not None and outcome.error is None, outcome
            changed += outcome.changed
    return clock.perf_counter() - started, clock.process_time() - cpu, changed


def find_a_time(ids: list[int]) -> float:
    query = scheduling.FindQuery(
        ids[0],
        required_people=tuple(ids[1:ATTENDEES]),
        window=Interval(NOW + timedelta(days=1), NOW + timedelta(days=15)),
        minimum_notice=timedelta(hours=4),
    )
    started = clock.perf_counter()
    scheduling.find_slots(query, NOW)
    elapsed = (clock.perf_counter() - started) * 1000
    db.session.rollback()
    return elapsed


def main() -> None:
    global CONNECTIONS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    CONNECTIONS = parser.parse_args().connections
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"

        class BenchConfig(TestingConfig):
            SQLALCHEMY_DATABASE_URI = url

        app = create_app(BenchConfig)
        with app.app_context(), RunningHost() as host:
            db.drop_all()
            db.create_all()
            ids = seed(host)
            print(
                f"{CONNECTIONS} connections x {SERIES + SINGLES} events "
                f"({SERIES} weekly series with an EXDATE and a moved occurrence each)"
            )
            full, full_cpu, changed = refresh_pass(NOW)
            busy = db.session.scalar(select(func.count(BusyInterval.id)))
            assert changed == CONNECTIONS
            print(
                f"full refresh pass, one worker     {full:8.2f} s  (target 60 s: "
                f"{'ok' if full <= 60 else 'MISSED'}; {busy} busy spans stored, "
                f"{full / CONNECTIONS * 1000:.1f} ms per connection)\n"
                f"{'':34}{full_cpu:8.2f} s CPU (this process, calendar server included)"
            )
            later = NOW + SETTINGS.period
            requests_before = len(host.requests)
            quiet, quiet_cpu, changed = refresh_pass(later)
            assert changed == 0 and len(host.requests) - requests_before == CONNECTIONS
            print(
                f"all-304 pass, one worker          {quiet:8.2f} s  (target 5 s: "
                f"{'ok' if quiet <= 5 else 'MISSED'})\n"
                f"{'':34}{quiet_cpu:8.2f} s CPU (this process, calendar server included)"
            )
            find_a_time(ids)  # warm: patterns loaded and expanded once
            times = [find_a_time(ids) for _ in range(15)]
            median = statistics.median(times)
            print(
                f"Find a time, {ATTENDEES} attendees, 2 weeks  {median:8.2f} ms median "
                f"(target 20 ms: {'ok' if median <= 20 else 'MISSED'}; "
                f"min {min(times):.2f}, max {max(times):.2f})"
            )
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
