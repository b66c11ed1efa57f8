"""The week editor's "Same hours Monday–Friday" and "Copy to all days" on typed rows."""

from __future__ import annotations

from app.patterns.copying import ALL_DAYS, WEEKDAYS, copy_day, one_row_per_day


def row(kind="working", day="0", start="09:00", end="17:00", **extra):
    return {"kind": kind, "weekday": day, "start": start, "end": end, **extra}


def days(rows, kind="working"):
    return [(r["weekday"], r["start"], r["end"]) for r in rows if r["kind"] == kind]


def test_monday_s_hours_become_every_weekday_s_and_the_weekend_stays():
    rows = [row(day="0"), row(day="2", start="10:00", end="14:00"), row(day="5", start="11:00")]
    copied = copy_day(rows, 0, WEEKDAYS)
    assert days(copied) == [
        ("0", "09:00", "17:00"),
        ("1", "09:00", "17:00"),
        ("2", "09:00", "17:00"),
        ("3", "09:00", "17:00"),
        ("4", "09:00", "17:00"),
        ("5", "11:00", "17:00"),
    ]


def test_copy_to_all_days_copies_every_kind_with_its_details():
    rows = [
        row(day="1"),
        row(kind="routine", day="1", start="15:00", end="16:00", label="School run", private=True),
        row(kind="energy", day="3", energy="low"),
    ]
    copied = copy_day(rows, 1, ALL_DAYS)
    routines = [r for r in copied if r["kind"] == "routine"]
    assert [r["weekday"] for r in routines] == [str(d) for d in ALL_DAYS]
    assert all(r["label"] == "School run" and r["private"] for r in routines)
    assert not [r for r in copied if r["kind"] == "energy"]  # Thursday now matches Tuesday


def test_multi_day_rows_are_written_out_and_half_typed_times_are_copied_as_typed():
    rows = [row(day="weekdays", start="9"), row(kind="", day="3"), row(day="6", delete=True)]
    assert [r["weekday"] for r in one_row_per_day(rows)] == ["0", "1", "2", "3", "4"]
    copied = copy_day(rows, 0, ALL_DAYS)
    assert days(copied) == [(str(d), "9", "17:00") for d in ALL_DAYS]


def test_an_empty_source_day_clears_the_targets():
    assert copy_day([row(day="1"), row(day="5")], 0, WEEKDAYS) == [row(day="5")]
