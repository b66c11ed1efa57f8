"""Planning intro 1:1s as a batch: hand-worked cases, then properties over random teams.

The properties re-check the hard rules with plain interval logic (the scheduling
tests' independent statement of them, `person_violations`), not with the engine, and
count intros per local day of the new hire with zoneinfo.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.intervals import Interval
from app.domain.intros import (
    CAP_REASON,
    INTRO_LENGTH,
    IntroOptions,
    batch_problems,
    choose_intros,
    intro_window,
    plan_intros,
    weekly_overlap_hours,
)
from app.domain.workstyle import BlockKind, OneOffHours, TimeOff, WeeklyBlock, WeeklyPattern
from tests.unit.test_scheduling_properties import person_violations
from tests.unit.test_scheduling_support import Block, person, utc

START = date(2026, 12, 7)  # a Monday
NOW = utc(2026, 11, 30, 9)
BERLIN = "Europe/Berlin"
WINDOW = intro_window(START, BERLIN)
REACH = Interval(WINDOW.start - timedelta(days=1), WINDOW.end + timedelta(days=1))


def _person(ident, zone=BERLIN, **pattern):
    return person(ident, zone, REACH, **pattern)


def _plan(hire, teammates, per_day=3):
    return plan_intros(hire, teammates, window=WINDOW, now=NOW, per_day=per_day)


# --- hand-worked cases ------------------------------------------------------------------


def test_the_window_is_two_weeks_of_the_hires_local_days():
    assert WINDOW == Interval(utc(2026, 12, 6, 23), utc(2026, 12, 20, 23))
    auckland = intro_window(START, "Pacific/Auckland")
    assert auckland.start == utc(2026, 12, 6, 11)  # NZDT, UTC+13


def test_every_teammate_gets_one_intro_and_none_overlap():
    hire = _person("hire")
    team = [_person(f"t{i}") for i in range(4)]
    plan = _plan(hire, team)
    assert sorted(p.teammate_id for p in plan.intros) == ["t0", "t1", "t2", "t3"]
    assert plan.unfit == ()
    slots = [p.slot for p in plan.intros]
    assert all(s.duration == INTRO_LENGTH for s in slots)
    assert not any(a.overlaps(b) for i, a in enumerate(slots) for b in slots[i + 1 :])
    assert [p.slot.start for p in plan.intros] == sorted(p.slot.start for p in plan.intros)


def test_no_day_gets_more_than_the_cap():
    # Everyone works Monday only, 09:00-17:00: at most two intros that Monday per week.
    monday = (Block("09:00", "17:00", (0,)),)
    hire = _person("hire", working=monday)
    team = [_person(f"t{i}", working=monday) for i in range(5)]
    plan = _plan(hire, team, per_day=2)
    days = Counter(p.slot.start.astimezone(ZoneInfo(BERLIN)).date() for p in plan.intros)
    assert days == {date(2026, 12, 7): 2, date(2026, 12, 14): 2}
    assert [u.reasons for u in plan.unfit] == [(CAP_REASON,)]


def test_teammates_who_cannot_fit_are_explained_by_the_engine():
    hire = _person("hire")
    night = _person("owl", zone="Pacific/Auckland", working=(Block("09:00", "10:00"),))
    plan = _plan(hire, [night, _person("ok")])
    assert [p.teammate_id for p in plan.intros] == ["ok"]
    (unfit,) = plan.unfit
    assert unfit.teammate_id == "owl" and unfit.reasons
    assert all(isinstance(r, str) and r for r in unfit.reasons)


def test_the_teammate_with_fewest_options_is_placed_first():
    # "rare" can only do Tuesday 10:00-10:30; "easy" could too but has other times.
    hire = _person("hire", working=(Block("10:00", "11:00"),))
    rare = _person("rare", working=(Block("10:00", "10:30", (1,)),))
    easy = _person("easy", working=(Block("10:00", "11:00"),))
    plan = _plan(hire, [easy, rare], per_day=1)
    assert {p.teammate_id for p in plan.intros} == {"easy", "rare"}
    rare_slot = next(p.slot for p in plan.intros if p.teammate_id == "rare")
    assert rare_slot.start.astimezone(ZoneInfo(BERLIN)).weekday() == 1


def test_the_hires_own_meeting_limit_counts_the_intros():
    hire = _person("hire", max_meetings_per_day=1)
    team = [_person(f"t{i}") for i in range(3)]
    plan = _plan(hire, team, per_day=3)
    days = Counter(p.slot.start.astimezone(ZoneInfo(BERLIN)).date() for p in plan.intros)
    assert max(days.values()) == 1 and len(plan.intros) == 3


def test_the_same_input_gives_the_same_plan():
    hire = _person("hire")
    team = [_person(f"t{i}", zone=z) for i, z in enumerate(("UTC", "Asia/Kolkata", BERLIN))]
    assert _plan(hire, team) == _plan(hire, team)


def test_a_cap_below_one_is_refused():
    with pytest.raises(DomainError):
        _plan(_person("hire"), [], per_day=0)


def test_options_are_kept_for_swapping():
    hire = _person("hire")
    (intro,) = _plan(hire, [_person("t0")]).intros
    assert intro.slot in intro.options and len(intro.options) > 1


def test_greedy_choice_reports_clashes_and_caps():
    hire = _person("hire")
    slot = Interval(utc(2026, 12, 8, 9), utc(2026, 12, 8, 9, 30))
    options = [IntroOptions("a", "A", (slot,)), IntroOptions("b", "B", (slot,))]
    plan = choose_intros(options, hire, per_day=3)
    assert [p.teammate_id for p in plan.intros] == ["a"]
    assert "another intro" in plan.unfit[0].reasons[0]


def test_a_reviewed_batch_with_overlaps_or_too_many_on_a_day_is_explained():
    hire = _person("hire")
    at = utc(2026, 12, 8, 9)
    chosen = [
        ("Ana", Interval(at, at + INTRO_LENGTH)),
        ("Bo", Interval(at + timedelta(minutes=15), at + timedelta(minutes=45))),
        ("Cy", Interval(at + timedelta(hours=2), at + timedelta(hours=2, minutes=30))),
    ]
    problems = batch_problems(chosen, hire, per_day=2)
    assert problems == [
        "The intros with Ana and Bo overlap.",
        "Tuesday 08 December would have 3 intros; at most 2 fit that day.",
    ]
    assert batch_problems(chosen[:1] + chosen[2:], hire, per_day=2) == []


# --- working-time overlap ---------------------------------------------------------------


def _week(zone, start, end, days=range(5), **extra):
    from datetime import time

    blocks = tuple(
        WeeklyBlock(BlockKind.WORKING, d, time.fromisoformat(start), time.fromisoformat(end))
        for d in days
    )
    return WeeklyPattern(zone, blocks, **extra)


def test_overlap_hours_across_zones():
    berlin = _week(BERLIN, "09:00", "17:00")
    new_york = _week("America/New_York", "09:00", "17:00")
    # Berlin 09-17 (CET) = 08-16 UTC; New York 09-17 (EST) = 14-22 UTC: 2 h a day.
    assert weekly_overlap_hours(berlin, new_york, date(2026, 12, 9)) == 10
    assert weekly_overlap_hours(new_york, berlin, date(2026, 12, 9)) == 10


def test_overlap_ignores_time_off_and_one_off_hours():
    mine = _week(BERLIN, "09:00", "17:00")
    theirs = _week(
        BERLIN,
        "10:00",
        "12:00",
        time_off=(TimeOff(date(2026, 12, 7), date(2026, 12, 11)),),
        one_off_hours=(OneOffHours(date(2026, 12, 8)),),
    )
    assert weekly_overlap_hours(mine, theirs, date(2026, 12, 7)) == 10
    assert weekly_overlap_hours(mine, WeeklyPattern("UTC"), date(2026, 12, 7)) == 0


# --- properties over random teams -------------------------------------------------------

ZONES = (
    "UTC",
    BERLIN,
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Pacific/Auckland",
)
SECRET = "Qzxprivate"


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def _blocks(draw, most: int, labels: bool = False):
    found = []
    for n in range(draw(st.integers(0, most))):
        start = draw(st.integers(0, 95)) * 15
        length = draw(st.sampled_from((30, 60, 120, 180)))
        days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
        private = labels and draw(st.booleans())
        label = f"{SECRET}{n}" if private else ("walk" if labels else "")
        found.append(
            Block(_clock(start), _clock(start + length), days, draw(st.booleans()), label, private)
        )
    return tuple(found)


@st.composite
def _people(draw, ident: str, window: Interval, zone: str | None = None):
    zone = zone or draw(st.sampled_from(ZONES))
    begin = draw(st.integers(24, 48)) * 15
    length = draw(st.integers(16, 40)) * 15
    weekdays = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=3))))
    busy = []
    for _ in range(draw(st.integers(0, 6))):
        at = window.start + timedelta(minutes=draw(st.integers(0, 14 * 24 * 4)) * 15)
        busy.append(Interval(at, at + timedelta(minutes=draw(st.integers(1, 8)) * 15)))
    meetings = tuple(busy[: draw(st.integers(0, len(busy)))])
    return person(
        ident,
        zone,
        Interval(window.start - timedelta(days=1), window.end + timedelta(days=1)),
        busy=tuple(busy[len(meetings) :]),
        meetings=meetings,
        working=(Block(_clock(begin), _clock(begin + length), weekdays),),
        focus=draw(_blocks(2)),
        routines=draw(_blocks(2, labels=True)),
        no_meetings=draw(_blocks(1)),
        max_meetings_per_day=draw(st.sampled_from((None, None, 1, 2, 3))),
    )


@st.composite
def _teams(draw):
    start = date(2026, 1, 5) + timedelta(days=draw(st.integers(0, 330)))
    hire_zone = draw(st.sampled_from(ZONES))
    window = intro_window(start, hire_zone)
    hire = draw(_people("hire", window, hire_zone))
    teammates = [draw(_people(f"t{i}", window)) for i in range(draw(st.integers(0, 6)))]
    now = window.start - timedelta(hours=draw(st.integers(-30, 72)))
    return hire, teammates, window, now, draw(st.integers(1, 3))


def _run(team):
    hire, teammates, window, now, cap = team
    return plan_intros(hire, teammates, window=window, now=now, per_day=cap)


PROPERTY = settings(max_examples=40, deadline=None)


@PROPERTY
@given(_teams())
def test_intros_never_overlap_and_respect_the_day_cap(team):
    hire, _, _, _, cap = team
    plan = _run(team)
    slots = [p.slot for p in plan.intros]
    assert not any(a.overlaps(b) for i, a in enumerate(slots) for b in slots[i + 1 :])
    zone = ZoneInfo(hire.zone)
    per_day = Counter(s.start.astimezone(zone).date() for s in slots)
    assert all(count <= cap for count in per_day.values())
    limit = hire.timeline.max_meetings_per_day
    if limit is not None:
        booked = Counter(m.start.astimezone(zone).date() for m in hire.meetings)
        assert all(booked[day] + count <= limit for day, count in per_day.items())


@PROPERTY
@given(_teams())
def test_every_hard_constraint_of_everyone_is_respected(team):
    hire, teammates, window, now, _ = team
    by_id = {t.id: t for t in teammates}
    for intro in _run(team).intros:
        slot = intro.slot
        assert slot.duration == INTRO_LENGTH and window.covers(slot)
        assert slot.start >= now + timedelta(hours=4)
        assert person_violations(hire, slot) == []
        assert person_violations(by_id[intro.teammate_id], slot) == []


@PROPERTY
@given(_teams())
def test_every_teammate_is_placed_or_explained_and_nothing_private_leaks(team):
    _, teammates, _, _, _ = team
    plan = _run(team)
    placed = [p.teammate_id for p in plan.intros]
    unfit = [u.teammate_id for u in plan.unfit]
    assert sorted(placed + unfit) == sorted(t.id for t in teammates)
    assert len(set(placed)) == len(placed)
    assert all(u.reasons and all(u.reasons) for u in plan.unfit)
    assert SECRET not in repr(plan)


@PROPERTY
@given(_teams())
def test_planning_is_deterministic(team):
    assert _run(team) == _run(team)


def test_the_property_strategies_reach_both_fits_and_misfits():
    """Guard against a vacuous property: a fixed busy team has both outcomes."""
    hire = _person("hire")
    team = [_person("t0"), _person("t1", zone="Pacific/Auckland")]
    plan = _plan(hire, team)
    assert [p.teammate_id for p in plan.intros] == ["t0"]
    assert [u.teammate_id for u in plan.unfit] == ["t1"]
