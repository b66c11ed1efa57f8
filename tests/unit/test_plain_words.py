"""A suggestion in plain words (`app.domain.scheduling.plain_words`): the summary line,
what each person gives up, and the visible meeting preferences it fits or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.scheduling import AttendeeLine, Suggestion
from app.domain.scheduling.plain_words import best_first, explain, habit_note, part_of_day
from app.domain.timeline import Energy

START = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


def line(name, notes=(), *, required=True, zone="Europe/London", ident=None, hour=None):
    tz = ZoneInfo(zone)
    local = START.astimezone(tz)
    if hour is not None:
        local = local.replace(hour=hour)
    return AttendeeLine(
        attendee_id=ident or name.lower(),
        display_name=name,
        required=required,
        zone=zone,
        local_start=local,
        local_end=local + timedelta(minutes=30),
        energy=Energy.STEADY,
        notes=tuple(notes),
    )


def suggestion(*lines):
    return Suggestion(START, START + timedelta(minutes=30), -7, tuple(lines))


def test_nobody_bends():
    why = explain(suggestion(line("Priya"), line("Sam")))
    assert why.summary == "Everyone is in working hours; nobody gives anything up"
    assert why.reasons == ()


def test_protected_focus_kept_is_said_once_in_the_summary():
    why = explain(suggestion(line("Priya", ["protected focus kept"])))
    assert "protected focus time is kept" in why.summary
    assert why.reasons == ()


@pytest.mark.parametrize(
    ("note", "sentence"),
    [
        ("30 minutes into soft focus time", "Priya gives up 30 min of focus time"),
        (
            "15 minutes into a soft school run routine",
            "Priya gives up 15 min of their school run routine",
        ),
        ("15 minutes into a soft routine", "Priya gives up 15 min of a flexible routine"),
        ("20 minutes into unavailable time", "Priya gives up 20 min of flexible unavailable time"),
        (
            "closer than their 10-minute buffer to another meeting",
            "Priya loses part of their 10-minute break between meetings",
        ),
        ("first half hour of their day", "it is the first half hour of Priya’s day"),
        ("last half hour before a break", "it is the last half hour before Priya’s break"),
        ("takes some of their peak energy time", "it takes some of Priya’s peak energy time"),
        ("in their low-energy time", "Priya is in their low-energy time"),
    ],
)
def test_each_cost_in_plain_words(note, sentence):
    why = explain(suggestion(line("Priya", [note]), line("Sam")))
    assert why.costs == (sentence,)
    assert why.summary == f"Everyone is in working hours; {sentence}"


def test_several_costs_summarise_the_first_and_count_the_rest():
    notes = ["30 minutes into soft focus time", "in their low-energy time"]
    why = explain(suggestion(line("Priya", notes), line("Sam", ["first half hour of their day"])))
    assert (
        why.summary
        == "Everyone is in working hours; Priya gives up 30 min of focus time (+2 more)"
    )
    assert len(why.costs) == 3


def test_an_unknown_note_is_kept_with_the_name_not_dropped():
    why = explain(suggestion(line("Priya", ["something new"])))
    assert why.costs == ("Priya: something new",)


def test_an_energy_peak_is_a_good_thing():
    why = explain(suggestion(line("Priya", ["at their energy peak"])))
    assert why.fits == ("Priya is at their energy peak",)
    assert why.summary.endswith("nobody gives anything up")


def test_an_optional_person_who_cannot_come():
    sam = line("Sam", ["optional: busy", "optional: outside working hours"], required=False)
    why = explain(suggestion(line("Priya"), sam))
    assert why.summary.startswith("Everyone required is in working hours")
    assert why.optional == ("Sam (optional) may not make it: busy and outside working hours",)


def test_a_fitting_afternoon_preference_is_cited():
    why = explain(suggestion(line("Priya", hour=14)), {"priya": "afternoons"})
    assert why.fits == ("Priya prefers meetings in their afternoon: this is 14:00 for them",)
    assert why.costs == ()


def test_a_missed_morning_preference_is_a_cost():
    why = explain(suggestion(line("Sam", hour=15)), {"sam": "mornings"})
    assert why.costs == ("Sam prefers meetings in their morning, but this is 15:00 for them",)


def test_preferences_use_each_persons_local_time():
    tokyo = line("Ken", zone="Asia/Tokyo")  # 13:00 UTC is 22:00 in Tokyo
    assert part_of_day(tokyo) == "evening"
    why = explain(suggestion(tokyo), {"ken": "afternoons"})
    assert why.costs == ("Ken prefers meetings in their afternoon, but this is 22:00 for them",)


def test_no_preference_passed_means_none_is_mentioned():
    """The caller passes only what the viewer may see; nothing else can appear."""
    why = explain(suggestion(line("Priya", hour=9)))
    assert not any("prefers" in reason for reason in why.reasons)


def test_other_habits_are_not_judged_against_the_time():
    why = explain(suggestion(line("Priya")), {"priya": "short_agenda"})
    assert why.reasons == ()
    assert habit_note("Priya", "short_agenda") == "Priya prefers short meetings with an agenda"
    assert habit_note("Priya", "unknown") is None


def test_ties_go_to_the_time_that_meets_visible_preferences():
    morning = Suggestion(START, START + timedelta(minutes=30), 0, (line("Priya", hour=10),))
    afternoon = Suggestion(START, START + timedelta(minutes=30), 0, (line("Priya", hour=14),))
    worse = Suggestion(START, START + timedelta(minutes=30), -3, (line("Priya", hour=15),))
    habits = {"priya": "afternoons"}
    ranked = (morning, afternoon, worse)
    why = {i: explain(s, habits) for i, s in enumerate(ranked)}
    assert why[0].preferences_missed == 1 and why[1].preferences_missed == 0
    assert best_first(ranked, why) == (afternoon, morning, worse)  # score still comes first
    unseen = {i: explain(s) for i, s in enumerate(ranked)}
    assert best_first(ranked, unseen) == ranked  # nothing visible: the engine's order


def test_the_summary_names_the_first_cost_and_more_lists_the_rest():
    why = explain(
        suggestion(line("Priya", ["30 minutes into soft focus time"], hour=14)),
        {"priya": "afternoons"},
    )
    assert why.more == ("Priya prefers meetings in their afternoon: this is 14:00 for them",)
