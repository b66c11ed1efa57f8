"""How long calendar export and import take at realistic sizes.

Run: python benchmarks/bench_calendars.py

Targets: a personal feed (15 weekly blocks + 40 meetings) in 10 ms, a team feed built
from 500 members' weekly meeting-friendly windows in 150 ms, and importing a
1,000-event calendar with recurrences in 1 s. Prints the median of several runs;
the first (cold) run, which also derives each VTIMEZONE from tzdata, is shown apart.

Export memoises each serialised event (keyed by its frozen input and DTSTAMP), so
feeds are measured twice: "fresh" runs get a new DTSTAMP every time, so every event
is serialised again (only the per-zone VTIMEZONE cache helps); "re-export" runs
repeat the same spec, as when a client polls an unchanged feed.
No assertions: these numbers are for people, the tests check behaviour.
"""

from __future__ import annotations

import itertools
import random
import statistics
import sys
import time as clock
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icalendar import Calendar, Event  # noqa: E402

from app.domain.calendar import (  # noqa: E402
    FeedSpec,
    SingleEvent,
    WeeklyEvent,
    build_feed,
    stable_uid,
    vtimezone,
)
from app.domain.calendar.importing import parse_busy  # noqa: E402
from app.domain.intervals import Interval, merge  # noqa: E402

RUNS = 15
STAMP = datetime(2026, 3, 1, tzinfo=UTC)
SERIES_START = date(2026, 3, 2)  # a Monday
MEMBER_ZONES = ["Europe/Berlin", "Europe/London", "Asia/Kolkata", "America/New_York"]
TEAM_ZONE = "Asia/Kolkata"
CORE_SHARE = 0.6  # "core hours": when at least 60% of members are open for meetings


def measure(name: str, target_ms: float, work: Callable[[], object]) -> None:
    cold = _timed(work)
    runs = [_timed(work) for _ in range(RUNS)]
    median = statistics.median(runs)
    verdict = "ok" if median <= target_ms else "MISSED"
    print(
        f"{name:<44} median {median:8.2f} ms  (cold {cold:8.2f} ms, "
        f"{RUNS} runs, target {target_ms:g} ms: {verdict})"
    )


def _timed(work: Callable[[], object]) -> float:
    start = clock.perf_counter()
    work()
    return (clock.perf_counter() - start) * 1000


# --- personal feed ------------------------------------------------------------------


def personal_spec() -> FeedSpec:
    rng = random.Random(1)
    weekly = tuple(
        WeeklyEvent(
            stable_uid("member-1", "block", n),
            rng.choice(["Deep work", "Unavailable", "Open for meetings", "Focus"]),
            n % 5,
            time(8 + n % 9),
            time(9 + n % 9, 30),
            "Europe/Berlin" if n % 4 else "America/New_York",
            transparent=n % 3 == 0,
        )
        for n in range(15)
    )
    single = tuple(
        SingleEvent(
            stable_uid("meeting", n),
            f"Meeting {n}",
            STAMP + timedelta(days=n // 2, hours=8 + n % 8),
            STAMP + timedelta(days=n // 2, hours=9 + n % 8),
            description="Agenda: review, decisions, next steps",
        )
        for n in range(40)
    )
    return FeedSpec("Ada", "Europe/Berlin", 60, STAMP, SERIES_START, weekly, single)


# --- team feed from 500 members -------------------------------------------------------


def member_windows(rng: random.Random) -> tuple[str, list[tuple[int, time, time]]]:
    """One member's zone and weekly meeting-friendly windows (weekday, start, end)."""
    zone = rng.choice(MEMBER_ZONES)
    morning = rng.choice([8, 9, 10])
    windows = []
    for day in range(5):
        windows.append((day, time(morning), time(12)))
        windows.append((day, time(13), time(rng.choice([16, 17, 18]))))
    return zone, windows


def team_members(count: int = 500) -> list[tuple[str, list[tuple[int, time, time]]]]:
    rng = random.Random(500)
    return [member_windows(rng) for _ in range(count)]


def week_intervals(zone_name: str, windows: list[tuple[int, time, time]]) -> list[Interval]:
    """A member's windows in the reference week as UTC intervals."""
    zone = ZoneInfo(zone_name)
    result = []
    for weekday, start, end in windows:
        day = SERIES_START + timedelta(days=weekday)
        result.append(
            Interval(
                datetime.combine(day, start, zone).astimezone(UTC),
                datetime.combine(day, end, zone).astimezone(UTC),
            )
        )
    return merge(result)


def core_hours(members: list[tuple[str, list[tuple[int, time, time]]]]) -> list[Interval]:
    """Spans of the reference week when at least CORE_SHARE of members are open."""
    edges: list[tuple[datetime, int]] = []
    for zone, windows in members:
        for interval in week_intervals(zone, windows):
            edges += [(interval.start, 1), (interval.end, -1)]
    edges.sort()
    needed, open_now, since, result = CORE_SHARE * len(members), 0, None, []
    for moment, change in edges:
        was_core = open_now >= needed
        open_now += change
        if not was_core and open_now >= needed:
            since = moment
        elif was_core and open_now < needed and since is not None and moment > since:
            result.append(Interval(since, moment))
    return merge(result)


def as_team_events(core: list[Interval]) -> tuple[WeeklyEvent, ...]:
    """Core spans as weekly events in the team's zone (one per local day)."""
    zone = ZoneInfo(TEAM_ZONE)
    events = []
    for n, span in enumerate(core):
        start, end = span.start.astimezone(zone), span.end.astimezone(zone)
        events.append(
            WeeklyEvent(
                stable_uid("team-9", "core", n),
                "Team core hours",
                start.weekday(),
                start.time(),
                end.time(),
                TEAM_ZONE,
                transparent=True,
            )
        )
    return tuple(events)


def team_meetings(count: int = 60) -> tuple[SingleEvent, ...]:
    return tuple(
        SingleEvent(
            stable_uid("team-9", "meeting", n),
            f"Team meeting {n}",
            STAMP + timedelta(days=n // 3, hours=9 + n % 3),
            STAMP + timedelta(days=n // 3, hours=10 + n % 3),
        )
        for n in range(count)
    )


def build_team_feed(members, stamp: datetime = STAMP) -> bytes:
    weekly = as_team_events(core_hours(members))
    spec = FeedSpec("Team 9", TEAM_ZONE, 30, stamp, SERIES_START, weekly, team_meetings())
    return build_feed(spec)


_stamps = itertools.count(1)


def fresh_stamp() -> datetime:
    """A DTSTAMP never used before, so no memoised event can be reused."""
    return STAMP + timedelta(seconds=next(_stamps))


def build_all_members_feed(members) -> bytes:
    """Informational: every member's windows as their own weekly events (5,000)."""
    stamp = fresh_stamp()
    weekly = tuple(
        WeeklyEvent(stable_uid("m", i, n), "Open for meetings", d, s, e, zone, transparent=True)
        for i, (zone, windows) in enumerate(members)
        for n, (d, s, e) in enumerate(windows)
    )
    return build_feed(FeedSpec("All", TEAM_ZONE, 30, stamp, SERIES_START, weekly))


# --- import -----------------------------------------------------------------------


def import_calendar(events: int = 1000) -> bytes:
    """300 weekly series (some with EXDATE and a moved occurrence) and 700 single events."""
    rng = random.Random(1000)
    cal = Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    for zone in MEMBER_ZONES:
        cal.add_component(vtimezone(zone, 2026))
    for n in range(events):
        zone = ZoneInfo(rng.choice(MEMBER_ZONES))
        start = datetime(2026, 3, 2, 8, tzinfo=zone) + timedelta(
            days=rng.randrange(60), hours=rng.randrange(10), minutes=rng.choice([0, 15, 30])
        )
        cal.add_component(_event(f"e{n}", start, start + timedelta(minutes=45)))
        if n < 300:
            _make_weekly(cal, f"e{n}", start, n)
    return cal.to_ical()


def _event(uid: str, start: datetime, end: datetime) -> Event:
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", STAMP)
    item.add("summary", "Private")
    item.add("dtstart", start)
    item.add("dtend", end)
    return item


def _make_weekly(cal: Calendar, uid: str, start: datetime, n: int) -> None:
    master = cal.subcomponents[-1]
    master.add("rrule", {"freq": "weekly", "count": 20})
    if n % 3 == 0:
        master.add("exdate", start + timedelta(weeks=2))
    if n % 5 == 0:
        moved = _event(
            uid, start + timedelta(weeks=3, hours=1), start + timedelta(weeks=3, hours=2)
        )
        moved.add("recurrence-id", start + timedelta(weeks=3))
        cal.add_component(moved)


def main() -> None:
    spec = personal_spec()
    members = team_members()
    data = import_calendar()
    window = Interval(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 31, tzinfo=UTC))
    result = parse_busy(data, window, "Europe/Berlin")
    print(
        f"personal feed: {len(build_feed(spec)):,} bytes; team core spans: "
        f"{len(core_hours(members))}; import: {result.event_count} events, "
        f"{result.occurrence_count} occurrences in a 13-week window, {len(data):,} bytes"
    )
    measure(
        "personal feed, fresh (15 weekly + 40 meetings)",
        10,
        lambda: build_feed(replace(spec, dtstamp=fresh_stamp())),
    )
    measure("personal feed, re-export", 10, lambda: build_feed(spec))
    measure(
        "team feed, fresh (500 members -> core + 60)",
        150,
        lambda: build_team_feed(members, fresh_stamp()),
    )
    measure("team feed, re-export", 150, lambda: build_team_feed(members))
    measure("  of which: core hours from 500 members", 150, lambda: core_hours(members))
    measure("import 1,000 events with recurrences", 1000, lambda: parse_busy(data, window, "UTC"))
    measure(
        "(info) all 5,000 member windows, fresh", 1500, lambda: build_all_members_feed(members)
    )


if __name__ == "__main__":
    main()
