"""The facts Home shows that are rules, not reads: today's shared hours, a manual's health.

`shared_hours` intersects everyone's working time on the viewer's local day, so a team's
"today we all work 14:00–16:00" is worked out once, in UTC, and shown in the viewer's
zone. `section_ages` reads the manual's revisions (newest first) to say since when each
section has said what it says now; `manual_health` turns that and the review date into
what to nudge about: sections unchanged and unreviewed for the nudge period, and
sections not written yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.intervals import Interval, intersect, merge


def local_day(zone: str, day: date) -> Interval:
    """Local midnight to the next local midnight of `day` in `zone`, in UTC."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return Interval(start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC")))


def shared_hours(working: Iterable[Sequence[Interval]], day: Interval) -> tuple[Interval, ...]:
    """The parts of `day` when every one of `working` (one interval list per person) works.

    Nobody (an empty iterable) shares nothing.
    """
    shared: list[Interval] | None = None
    for intervals in working:
        mine = merge(i for i in intervals if i.overlaps(day))
        shared = mine if shared is None else intersect(shared, mine)
        if not shared:
            return ()
    if not shared:
        return ()
    return tuple(Interval(max(i.start, day.start), min(i.end, day.end)) for i in shared)


def most_at_once(
    working: Iterable[Sequence[Interval]], day: Interval
) -> tuple[int, tuple[Interval, ...]]:
    """The most people working at the same time during `day`, and when (for a team
    with no hour everyone shares): a sweep over everyone's start and end times."""
    events: list[tuple[datetime, int]] = []
    for intervals in working:
        for i in merge(i for i in intervals if i.overlaps(day)):
            events += [(max(i.start, day.start), 1), (min(i.end, day.end), -1)]
    events.sort()  # at the same instant an end (-1) comes before a start (+1)
    best, count, spans = 0, 0, []
    for (moment, step), (following, _next) in zip(events, events[1:], strict=False):
        count += step  # the count from `moment` until the next event
        if following <= moment or count == 0:
            continue
        if count > best:
            best, spans = count, []
        if count == best:
            spans.append(Interval(moment, following))
    return best, tuple(merge(spans))


Snapshot = Mapping[str, str]  # section key → body


def section_ages(revisions: Sequence[tuple[datetime, Snapshot]]) -> dict[str, datetime]:
    """{section key: the time of the oldest revision since which its body is unchanged}.

    `revisions` are newest first; the first one is the manual as it is now. A section
    unchanged through every given revision dates from the oldest of them.
    """
    if not revisions:
        return {}
    current = revisions[0][1]
    since: dict[str, datetime] = {}
    open_keys = set(current)
    for created_at, bodies in revisions:
        for key in list(open_keys):
            if bodies.get(key, "") == current[key]:
                since[key] = created_at
            else:
                open_keys.discard(key)
        if not open_keys:
            break
    return since


@dataclass(frozen=True)
class SectionAge:
    key: str
    title: str
    since: datetime


@dataclass(frozen=True)
class ManualHealth:
    """What Home says about the viewer's own manual."""

    exists: bool
    last_reviewed_at: datetime | None = None
    review_due: bool = False
    stale: tuple[SectionAge, ...] = ()
    unwritten: tuple[tuple[str, str], ...] = ()  # (key, title) of empty sections
    written: int = 0
    total: int = 0


def manual_health(
    titles: Sequence[tuple[str, str]],
    bodies: Mapping[str, str],
    ages: Mapping[str, datetime],
    last_reviewed_at: datetime | None,
    review_due: bool,
    now: datetime,
    days: int,
    confirmed_at: datetime | None = None,
) -> ManualHealth:
    """Stale sections (written, unchanged for `days` and not confirmed "still accurate"
    since) and empty ones. A save reviews the manual but not its untouched sections, so
    only `confirmed_at`, a review with no save after it, makes old sections fresh."""
    threshold = now - timedelta(days=days)
    stale, unwritten = [], []
    for key, title in titles:
        if not bodies.get(key, "").strip():
            unwritten.append((key, title))
            continue
        since = ages.get(key)
        if since is None:  # no revision says when: not called stale
            continue
        fresh_as_of = max(since, confirmed_at) if confirmed_at else since
        if fresh_as_of <= threshold:
            stale.append(SectionAge(key, title, since))
    return ManualHealth(
        exists=True,
        last_reviewed_at=last_reviewed_at,
        review_due=review_due,
        stale=tuple(sorted(stale, key=lambda s: s.since)),
        unwritten=tuple(unwritten),
        written=len(titles) - len(unwritten),
        total=len(titles),
    )
