"""Worked scheduling cases, each checked by hand against local clocks and the points table.

Time zones and DST are where schedulers go wrong, so the expected local times here were
worked out from the zone rules for 2026 (Europe: 29 March and 25 October; US: 8 March;
New Zealand: 5 April), not computed by the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.intervals import Interval
from app.domain.scheduling import InvalidRequest, MeetingType, RelaxationKind, suggest_slots
from tests.unit.test_scheduling_support import Block, all_text, local, person, request, utc


def _only_nine_oclock(zone: str, window: Interval):
    """A 09:00–17:00 member whose calendar is full from 09:30 every weekday."""
    days = [window.start.date() + timedelta(days=n) for n in range(-1, 9)]
    busy = tuple(
        Interval(
            local(zone, d.year, d.month, d.day, 9, 30), local(zone, d.year, d.month, d.day, 17)
        )
        for d in days
    )
    return person("ana", zone, window, busy=busy)


@pytest.mark.parametrize(
    ("window", "before", "after"),
    [
        (
            Interval(utc(2026, 3, 26), utc(2026, 4, 1)),
            utc(2026, 3, 27, 8),  # Friday, CET (UTC+1)
            utc(2026, 3, 30, 7),  # Monday, CEST (UTC+2)
        ),
        (
            Interval(utc(2026, 10, 22), utc(2026, 10, 28)),
            utc(2026, 10, 23, 7),  # Friday, CEST
            utc(2026, 10, 26, 8),  # Monday, CET
        ),
    ],
    ids=["march", "october"],
)
def test_berlin_member_is_offered_nine_oclock_on_both_sides_of_a_dst_change(window, before, after):
    ana = _only_nine_oclock("Europe/Berlin", window)
    result = suggest_slots(request([ana], window, max_results=10, max_per_day=1))
    starts = [s.start for s in result.suggestions]
    assert before in starts and after in starts
    for suggestion in result.suggestions:
        line = suggestion.attendees[0]
        assert (line.local_start.hour, line.local_start.minute) == (9, 0)


def test_auckland_and_los_angeles_meet_across_the_date_line():
    window = Interval(utc(2026, 3, 16), utc(2026, 3, 22))
    bob = person("bob", "America/Los_Angeles", window)
    kiri = person("kiri", "Pacific/Auckland", window)
    result = suggest_slots(request([bob, kiri], window, max_results=10, max_per_day=1))
    assert len(result.suggestions) == 4  # LA Mon–Thu afternoons = Auckland Tue–Fri mornings
    for suggestion in result.suggestions:
        la, nz = (line.local_start for line in suggestion.attendees)
        assert la.weekday() in range(4) and 13 <= la.hour < 17
        assert nz.date() == la.date() + timedelta(days=1) and 9 <= nz.hour < 13
        assert suggestion.start.hour >= 20  # 13:00 PDT = 20:00 UTC = 09:00 NZDT


def test_kolkata_and_new_york_share_exactly_half_an_hour():
    window = Interval(utc(2026, 4, 6), utc(2026, 4, 11))
    priya = person("priya", "Asia/Kolkata", window, working=(Block("09:00", "18:00"),))
    sam = person("sam", "America/New_York", window, working=(Block("08:00", "17:00"),))
    result = suggest_slots(request([priya, sam], window))
    assert [s.start for s in result.suggestions] == [utc(2026, 4, d, 12) for d in range(6, 11)]
    kolkata, new_york = result.suggestions[0].attendees
    assert (kolkata.local_start.hour, kolkata.local_start.minute) == (17, 30)
    assert (new_york.local_start.hour, new_york.local_start.minute) == (8, 0)


def test_a_protected_focus_morning_is_never_offered():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    ana = person("ana", "Europe/Berlin", window, focus=(Block("09:00", "12:00"),))
    ben = person("ben", "Europe/Berlin", window)
    result = suggest_slots(request([ben, ana], window, max_results=10))
    assert result.suggestions
    for suggestion in result.suggestions:
        line = suggestion.attendees[1]
        assert line.local_start.hour >= 12
        assert "protected focus kept" in line.notes


def test_a_morning_only_colleague_and_a_focus_morning_explain_themselves():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    ana = person("ana", "Europe/Berlin", window, focus=(Block("09:00", "12:00"),))
    ben = person("ben", "Europe/Berlin", window, working=(Block("09:00", "12:00"),))
    result = suggest_slots(request([ben, ana], window))
    assert not result.suggestions
    assert result.reasons
    assert result.relaxation is not None
    assert result.relaxation.description == "make Ana optional"


def _peak_pair(window: Interval):
    peaks = (Block("10:00", "12:00"),)
    return [
        person("ana", "Europe/Berlin", window, peaks=peaks),
        person("ben", "Europe/Berlin", window, peaks=peaks),
    ]


def test_a_creative_meeting_lands_in_shared_peaks():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    result = suggest_slots(request(_peak_pair(window), window, meeting_type=MeetingType.CREATIVE))
    best = result.suggestions[0]
    # +4 per attendee at peak; 11:00 is clear of the 2-hour edge band, so no fairness cost
    assert best.attendees[0].local_start.hour == 11 and best.score == 8
    assert all("at their energy peak" in line.notes for line in best.attendees)


def test_a_status_meeting_avoids_peaks():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    result = suggest_slots(request(_peak_pair(window), window, meeting_type=MeetingType.STATUS))
    assert result.suggestions
    for suggestion in result.suggestions:
        start = suggestion.attendees[0].local_start
        assert not (10 <= start.hour < 12)
        assert not (start.hour == 9 and start.minute > 30)


def test_the_meeting_limit_counts_on_the_local_date():
    window = Interval(utc(2026, 3, 16), utc(2026, 3, 21))
    # Wednesday 18 March 09:00 and 10:00 in Auckland are Tuesday evening in UTC
    booked = (
        Interval(
            local("Pacific/Auckland", 2026, 3, 18, 9), local("Pacific/Auckland", 2026, 3, 18, 10)
        ),
        Interval(
            local("Pacific/Auckland", 2026, 3, 18, 10), local("Pacific/Auckland", 2026, 3, 18, 11)
        ),
    )
    kiri = person("kiri", "Pacific/Auckland", window, meetings=booked, max_meetings_per_day=2)
    result = suggest_slots(request([kiri], window, max_results=20, max_per_day=1))
    days = {s.attendees[0].local_start.date() for s in result.suggestions}
    assert date(2026, 3, 18) not in days
    assert {date(2026, 3, 17), date(2026, 3, 19)} <= days


def test_one_booked_meeting_under_the_limit_leaves_the_day_open():
    window = Interval(utc(2026, 3, 16), utc(2026, 3, 21))
    booked = (
        Interval(
            local("Pacific/Auckland", 2026, 3, 18, 9), local("Pacific/Auckland", 2026, 3, 18, 10)
        ),
    )
    kiri = person("kiri", "Pacific/Auckland", window, meetings=booked, max_meetings_per_day=2)
    result = suggest_slots(request([kiri], window, max_results=20, max_per_day=1))
    assert date(2026, 3, 18) in {s.attendees[0].local_start.date() for s in result.suggestions}


def test_private_routine_names_never_appear_anywhere_in_a_result():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    secret_hard = Block("12:00", "13:00", label="Therapy-Zq", private=True)
    secret_soft = Block("15:00", "16:00", hard=False, label="Counselling-Xy", private=True)
    ana = person("ana", "Europe/Berlin", window, routines=(secret_hard, secret_soft))
    secret_later = Block("14:00", "15:00", label="Therapy-Zq", private=True)
    cy = person("cy", "Europe/Berlin", window, required=False, routines=(secret_later,))
    everything = {"max_results": 100, "max_per_day": 40, "min_spacing": timedelta(0)}
    found = suggest_slots(request([ana, cy], window, **everything))
    ben = person("ben", "Australia/Sydney", window, routines=(secret_hard,))
    stuck = suggest_slots(request([ana, ben], window))
    text = all_text(found) + all_text(stuck)
    assert "unavailable time" in text
    for secret in ("Therapy", "Counselling", "Zq", "Xy"):
        assert secret not in text


def test_public_soft_routines_are_named_with_the_minutes_bent():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 5))  # Monday
    routine = Block("15:20", "15:30", hard=False, label="school run")
    busy = (
        Interval(
            local("Europe/Berlin", 2026, 5, 4, 9), local("Europe/Berlin", 2026, 5, 4, 14, 50)
        ),
        Interval(
            local("Europe/Berlin", 2026, 5, 4, 15, 40), local("Europe/Berlin", 2026, 5, 4, 17)
        ),
    )
    ana = person("ana", "Europe/Berlin", window, routines=(routine,), busy=busy, buffer_minutes=10)
    result = suggest_slots(request([ana], window))
    (only,) = result.suggestions
    assert only.attendees[0].local_start.hour == 15
    # soft routine -6, buffer -4, within two hours of the end of the day -4
    assert only.score == -14
    assert only.attendees[0].notes == (
        "10 minutes into a soft school run routine",
        "closer than their 10-minute buffer to another meeting",
    )


def test_optional_attendees_never_block_and_say_why_they_may_miss_it():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 6))
    ana = person("ana", "Europe/Berlin", window)
    always_busy = (Interval(window.start, window.end),)
    cy = person("cy", "Europe/Berlin", window, required=False, busy=always_busy)
    result = suggest_slots(request([ana, cy], window))
    assert result.suggestions
    assert all("optional: busy" in s.attendees[1].notes for s in result.suggestions)
    alone = suggest_slots(request([ana], window))
    assert [s.score for s in result.suggestions] == [s.score - 2 for s in alone.suggestions]


def test_no_overlap_between_sydney_and_berlin_is_explained():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    ana = person("ana", "Europe/Berlin", window)
    bruce = person("bruce", "Australia/Sydney", window)
    result = suggest_slots(request([ana, bruce], window))
    assert result.reasons == (
        "no overlap of working hours between Europe/Berlin and Australia/Sydney members "
        "in this window",
    )
    assert result.relaxation.kind is RelaxationKind.MAKE_OPTIONAL
    assert result.relaxation.attendee_id == "bruce"
    assert result.relaxed_suggestions


def test_time_off_for_the_whole_window_is_explained_by_name():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 9))
    days_off = frozenset(date(2026, 5, d) for d in range(1, 12))
    ana = person("ana", "Europe/Berlin", window)
    ben = person("ben", "Europe/Berlin", window, days_off=days_off)
    result = suggest_slots(request([ana, ben], window))
    assert result.reasons == (
        "Ben is not working at any time in this window (time off or no working hours)",
    )
    assert result.relaxation.description == "make Ben optional"


def test_a_window_inside_the_minimum_notice_is_explained_with_a_relaxation():
    window = Interval(utc(2026, 5, 4, 7), utc(2026, 5, 4, 15))
    ana = person("ana", "Europe/Berlin", window)
    ask = request([ana], window, now=utc(2026, 5, 4, 6), minimum_notice=timedelta(hours=24))
    result = suggest_slots(ask)
    assert result.reasons[0].startswith("the window is inside the minimum notice of 1 day")
    assert result.relaxation.kind is RelaxationKind.LESS_NOTICE
    assert result.relaxation.minimum_notice == timedelta(hours=8, minutes=30)
    assert suggest_slots(result.relaxation.apply(ask)).suggestions == result.relaxed_suggestions


def test_too_long_a_meeting_proposes_the_smallest_cut():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 5))
    busy = (
        Interval(local("Europe/Berlin", 2026, 5, 4, 9), local("Europe/Berlin", 2026, 5, 4, 13)),
        Interval(
            local("Europe/Berlin", 2026, 5, 4, 13, 45), local("Europe/Berlin", 2026, 5, 4, 17)
        ),
    )
    ana = person("ana", "Europe/Berlin", window, busy=busy)
    ask = request([ana], window, duration=timedelta(minutes=60))
    result = suggest_slots(ask)
    assert result.relaxation.kind is RelaxationKind.SHORTEN
    assert result.relaxation.duration == timedelta(minutes=45)
    assert result.relaxation.cost == 3
    assert [s.start for s in result.relaxed_suggestions] == [utc(2026, 5, 4, 11)]


def test_a_window_can_widen_as_far_as_the_timelines_reach():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 6))
    reach = Interval(window.start, utc(2026, 5, 12))
    ana = person("ana", "Europe/Berlin", reach, busy=(window,))
    ask = request([ana], window)
    result = suggest_slots(ask)
    assert result.relaxation.kind is RelaxationKind.WIDEN
    assert result.relaxation.window_end == utc(2026, 5, 7)
    assert suggest_slots(result.relaxation.apply(ask)).suggestions == result.relaxed_suggestions


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"duration": timedelta(minutes=10)}, "duration"),
        ({"duration": timedelta(minutes=241)}, "duration"),
        ({"grid": timedelta(minutes=7)}, "grid"),
        ({"minimum_notice": timedelta(hours=-1)}, "minimum_notice"),
    ],
)
def test_nonsensical_requests_are_refused_with_the_field(change, field):
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 5))
    ana = person("ana", "Europe/Berlin", window)
    with pytest.raises(InvalidRequest) as refused:
        request([ana], window, **change)
    assert refused.value.field == field


def test_the_organiser_must_attend():
    window = Interval(utc(2026, 5, 4), utc(2026, 5, 5))
    ask = request([person("ana", "Europe/Berlin", window)], window)
    with pytest.raises(InvalidRequest):
        type(ask)(ask.attendees, "nobody", ask.duration, ask.window, ask.now)
