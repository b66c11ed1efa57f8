"""A new hire's intro 1:1s planned as one batch, and how much two working weeks overlap.

Planning asks the scheduling engine once per teammate for a 30-minute one-on-one with
the new hire inside the first two weeks after the start date, so every suggestion
already respects both people's hard rules (hours, busy time, protected focus, hard
routines, no-meeting time, meetings-per-day limits, notice). What the engine cannot
see is the batch itself: intros must not overlap each other, no local day of the new
hire may hold more than a cap of them, and the new hire's own meetings-per-day limit
counts the intros too. So one slot per teammate is chosen greedily, the teammate with
the fewest options first (the hardest to place), taking their best-ranked option that
still fits the batch. Teammates who cannot be placed are listed with the engine's
reasons, or with why the batch left them no slot. The same input gives the same plan.

`weekly_overlap_hours` is for "meet your team": the hours of an ordinary week (time
off and one-off hours ignored) in which both people are working, from interval logic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.errors import DomainError
from app.domain.intervals import Interval, intersect, total
from app.domain.scheduling import Attendee, MeetingType, SchedulingRequest, suggest_slots
from app.domain.workstyle import WeeklyPattern, expand, load_zone, start_to_utc

INTRO_LENGTH = timedelta(minutes=30)
INTRO_WINDOW_DAYS = 14
INTRO_NOTICE = timedelta(hours=4)
MAX_OPTIONS = 20
CAP_REASON = "no slot left that day cap allows"
CLASH_REASON = "every time that suits them is taken by another intro in this batch"


@dataclass(frozen=True)
class IntroOptions:
    """What the engine offers for one teammate: slots best first, or why there are none."""

    teammate_id: str
    display_name: str
    slots: tuple[Interval, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedIntro:
    """The slot chosen for one teammate, and all of their options (for swapping)."""

    teammate_id: str
    display_name: str
    slot: Interval
    options: tuple[Interval, ...]


@dataclass(frozen=True)
class UnfitTeammate:
    """A teammate the batch could not place, and why."""

    teammate_id: str
    display_name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class IntroPlan:
    """The proposed intros (earliest first) and the teammates left out with reasons."""

    intros: tuple[PlannedIntro, ...]
    unfit: tuple[UnfitTeammate, ...]


def intro_window(start_day: date, zone: str, days: int = INTRO_WINDOW_DAYS) -> Interval:
    """Local midnight of `start_day` to local midnight `days` later, in UTC."""
    tz = _zone(zone)
    end_day = start_day + timedelta(days=days)
    return Interval(start_to_utc(start_day, time(0), tz), start_to_utc(end_day, time(0), tz))


def intro_request(
    hire: Attendee,
    teammate: Attendee,
    window: Interval,
    now: datetime,
    minimum_notice: timedelta = INTRO_NOTICE,
) -> SchedulingRequest:
    """The engine's request for one intro: both required, the hire organising."""
    return SchedulingRequest(
        attendees=(replace(hire, required=True), replace(teammate, required=True)),
        organiser_id=hire.id,
        duration=INTRO_LENGTH,
        window=window,
        now=now,
        meeting_type=MeetingType.ONE_ON_ONE,
        minimum_notice=minimum_notice,
        max_results=MAX_OPTIONS,
        max_per_day=3,
        min_spacing=timedelta(hours=1),
    )


def intro_options(
    hire: Attendee,
    teammates: Sequence[Attendee],
    window: Interval,
    now: datetime,
    minimum_notice: timedelta = INTRO_NOTICE,
) -> tuple[IntroOptions, ...]:
    """Ask the engine once per teammate; keep the slots, or its reasons when none fit."""
    found = []
    for teammate in teammates:
        result = suggest_slots(intro_request(hire, teammate, window, now, minimum_notice))
        slots = tuple(Interval(s.start, s.end) for s in result.suggestions)
        reasons = () if slots else (result.reasons or ("no time suits you both",))
        found.append(IntroOptions(teammate.id, teammate.display_name, slots, reasons))
    return tuple(found)


def day_limit(hire: Attendee, per_day: int) -> Callable[[date], int]:
    """How many intros the hire's local `day` may still take: the cap, or fewer when
    their own meetings-per-day limit minus meetings already booked that day is lower."""
    zone = _zone(hire.zone)
    limit = hire.timeline.max_meetings_per_day
    booked = Counter(m.start.astimezone(zone).date() for m in hire.meetings)

    def allowed(day: date) -> int:
        if limit is None:
            return per_day
        return max(0, min(per_day, limit - booked[day]))

    return allowed


def choose_intros(options: Sequence[IntroOptions], hire: Attendee, per_day: int) -> IntroPlan:
    """One slot per teammate, fewest options first, no overlaps, per-day cap kept."""
    zone, allowed = _zone(hire.zone), day_limit(hire, per_day)
    placed: list[PlannedIntro] = []
    per_local_day: Counter[date] = Counter()
    unfit: dict[str, UnfitTeammate] = {}
    for option in sorted(options, key=lambda o: (len(o.slots), o.teammate_id)):
        if not option.slots:
            unfit[option.teammate_id] = UnfitTeammate(
                option.teammate_id, option.display_name, option.reasons
            )
            continue
        slot, blocked = _first_fitting(option.slots, placed, per_local_day, allowed, zone)
        if slot is None:
            unfit[option.teammate_id] = UnfitTeammate(
                option.teammate_id, option.display_name, blocked
            )
            continue
        placed.append(PlannedIntro(option.teammate_id, option.display_name, slot, option.slots))
        per_local_day[slot.start.astimezone(zone).date()] += 1
    order = [o.teammate_id for o in options]
    return IntroPlan(
        tuple(sorted(placed, key=lambda p: (p.slot.start, p.teammate_id))),
        tuple(unfit[t] for t in order if t in unfit),
    )


def _first_fitting(
    slots: Sequence[Interval],
    placed: Sequence[PlannedIntro],
    per_local_day: Counter[date],
    allowed: Callable[[date], int],
    zone: ZoneInfo,
) -> tuple[Interval | None, tuple[str, ...]]:
    """The best-ranked slot the batch still allows, or None and what blocked each."""
    capped = clashed = False
    for slot in slots:
        day = slot.start.astimezone(zone).date()
        if per_local_day[day] >= allowed(day):
            capped = True
        elif any(slot.overlaps(p.slot) for p in placed):
            clashed = True
        else:
            return slot, ()
    reasons = ((CAP_REASON,) if capped else ()) + ((CLASH_REASON,) if clashed else ())
    return None, reasons


def plan_intros(
    hire: Attendee,
    teammates: Sequence[Attendee],
    *,
    window: Interval,
    now: datetime,
    per_day: int,
    minimum_notice: timedelta = INTRO_NOTICE,
) -> IntroPlan:
    """The whole batch: ask the engine per teammate, then choose greedily (see above)."""
    if per_day < 1:
        raise DomainError("per_day", "Allow at least one intro a day.")
    options = intro_options(hire, teammates, window, now, minimum_notice)
    return choose_intros(options, hire, per_day)


def batch_problems(
    chosen: Sequence[tuple[str, Interval]], hire: Attendee, per_day: int
) -> list[str]:
    """Why a reviewed batch (teammate name, slot) cannot be booked as it stands.

    Checks what only the batch can break — overlaps between intros and the per-day cap
    (with the hire's own limit); each slot's fit is re-checked when it is booked.
    """
    zone, allowed = _zone(hire.zone), day_limit(hire, per_day)
    problems = []
    ordered = sorted(chosen, key=lambda c: (c[1].start, c[0]))
    for i, (name, slot) in enumerate(ordered):
        for other_name, other in ordered[i + 1 :]:
            if slot.overlaps(other):
                problems.append(f"The intros with {name} and {other_name} overlap.")
    days = Counter(slot.start.astimezone(zone).date() for _, slot in ordered)
    for day, count in sorted(days.items()):
        if count > allowed(day):
            problems.append(
                f"{day:%A %d %B} would have {count} intros; at most {allowed(day)} fit that day."
            )
    return problems


def weekly_overlap_hours(first: WeeklyPattern, second: WeeklyPattern, week_of: date) -> float:
    """Hours of an ordinary week (the one holding `week_of`, Monday to Monday in the
    first person's zone) in which both are working; raises InvalidPattern if either is bad.
    """
    monday = week_of - timedelta(days=week_of.weekday())
    window = intro_window(monday, first.zone, days=7)
    mine = expand(replace(first, time_off=(), one_off_hours=()), window).working
    theirs = expand(replace(second, time_off=(), one_off_hours=()), window).working
    return total(intersect(mine, theirs)).total_seconds() / 3600


def _zone(name: str) -> ZoneInfo:
    zone = load_zone(name)
    if zone is None:
        raise DomainError("zone", f"Unknown time zone {name!r}.")
    return zone
