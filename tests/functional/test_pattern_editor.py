"""The weekly-pattern editor through the test client, exactly as a browser without
JavaScript would use it: plain form fields named blocks-N-kind, blocks-N-start, ...
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, MeetingPreferences, WeeklyBlock
from app.extensions import db
from app.models import Manual, ManualRevision, OneOffHoursEntry, PatternBlock, TimeOffEntry
from app.services import pattern_editing
from app.services.patterns import load_pattern

FIXED_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: FIXED_NOW)


def row(index: int, kind: str, weekday: str, start: str, end: str, **extra) -> dict:
    data = {
        f"blocks-{index}-kind": kind,
        f"blocks-{index}-weekday": weekday,
        f"blocks-{index}-start": start,
        f"blocks-{index}-end": end,
    }
    data.update({f"blocks-{index}-{name}": value for name, value in extra.items()})
    return data


def week_form(*rows: dict, zone: str = "Europe/Berlin", **top) -> dict:
    data = {"time_zone": zone, "buffer_minutes": "0", "max_meetings_per_day": "", "save": "Save"}
    for r in rows:
        data.update(r)
    data.update(top)
    return data


def field_error(page: bytes, field_id: str) -> str:
    match = re.search(
        rf'id="{re.escape(field_id)}-error" class="field-error">(.*?)</small>', page.decode(), re.S
    )
    return match.group(1) if match else ""


def block_count(member_id: int) -> int:
    query = select(func.count(PatternBlock.id)).where(PatternBlock.member_id == member_id)
    return db.session.scalar(query)


def revision_count(member_id: int) -> int:
    query = select(func.count(ManualRevision.id)).where(ManualRevision.member_id == member_id)
    return db.session.scalar(query)


def test_editor_needs_sign_in(client, admin):
    response = client.get("/manual/pattern")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_editor_shows_empty_rows_and_the_zone(member_client):
    page = member_client.get("/manual/pattern")
    assert page.status_code == 200
    assert b'name="blocks-0-kind"' in page.data and b'name="blocks-2-kind"' in page.data
    assert b'value="Europe/Berlin"' in page.data
    assert b"Row 1: Start" in page.data  # every row field has a label


def test_saving_a_week_stores_blocks_preferences_and_a_revision(member_client, member):
    response = member_client.post(
        "/manual/pattern",
        data=week_form(
            row(0, "working", "weekdays", "09:00", "17:00"),
            row(1, "energy", "0", "09:00", "11:00", energy="peak"),
            row(2, "focus", "1", "09:00", "10:30", hard="y"),
            row(3, "routine", "0", "08:00", "09:00", label="School run", hard="y", private="y"),
            row(4, "no_meetings", "2", "00:00", "00:00"),
            row(5, "working", "5", "22:00", "02:00", next_day="y"),
            max_meetings_per_day="4",
            buffer_minutes="10",
        ),
    )
    assert response.status_code == 302
    pattern = load_pattern(member.id)
    assert len(pattern.blocks) == 10
    assert (
        WeeklyBlock(BlockKind.ENERGY, 0, time(9), time(11), energy=Energy.PEAK) in pattern.blocks
    )
    assert WeeklyBlock(BlockKind.FOCUS, 1, time(9), time(10, 30), hard=True) in pattern.blocks
    assert (
        WeeklyBlock(
            BlockKind.ROUTINE, 0, time(8), time(9), hard=True, label="School run", private=True
        )
        in pattern.blocks
    )
    assert WeeklyBlock(BlockKind.WORKING, 5, time(22), time(2)) in pattern.blocks
    assert pattern.preferences == MeetingPreferences(4, 10)
    manual = db.session.scalar(select(Manual).where(Manual.member_id == member.id))
    assert (manual.max_meetings_per_day, manual.buffer_minutes) == (4, 10)
    assert revision_count(member.id) == 1
    snapshot = db.session.scalar(select(ManualRevision.snapshot))
    assert "School run" in snapshot  # the author's own history keeps the name

    page = member_client.get("/manual/pattern")
    assert b"Your week is saved." in page.data
    assert b'value="School run"' in page.data
    assert "Mon–Fri 09:00–17:00".encode() in page.data  # the preview chart


def test_saved_rows_come_back_editable_and_delete_removes_one(member_client, member):
    member_client.post(
        "/manual/pattern",
        data=week_form(
            row(0, "working", "0", "09:00", "17:00"),
            row(1, "working", "1", "09:00", "17:00"),
        ),
    )
    page = member_client.get("/manual/pattern").data.decode()
    assert 'name="blocks-1-start"' in page
    response = member_client.post(
        "/manual/pattern",
        data=week_form(
            row(0, "working", "0", "09:00", "17:00"),
            row(1, "working", "1", "09:00", "17:00", delete="y"),
        ),
    )
    assert response.status_code == 302
    assert [b.weekday for b in load_pattern(member.id).blocks] == [0]
    assert revision_count(member.id) == 2


def test_time_zone_changes_with_the_pattern(member_client, member):
    member_client.post(
        "/manual/pattern",
        data=week_form(
            row(0, "working", "0", "09:00", "17:00"),
            zone="Asia/Kolkata",
        ),
    )
    assert load_pattern(member.id).zone == "Asia/Kolkata"


REFUSALS = [
    pytest.param(
        [row(0, "working", "0", "09:00", "17:00"), row(1, "working", "1", "10:00", "10:00")],
        {},
        "blocks-1-end",
        "ends when it starts",
        id="end-equals-start",
    ),
    pytest.param(
        [row(0, "working", "0", "09:07", "17:00")],
        {},
        "blocks-0-start",
        "not on the 15-minute grid",
        id="off-grid",
    ),
    pytest.param(
        [row(0, "working", "0", "09:00", "17:00")],
        {"time_zone": "Mars/Olympus"},
        "time_zone",
        "unknown time zone",
        id="unknown-zone",
    ),
    pytest.param(
        [
            row(0, "working", "2", "09:00", "17:00"),
            row(1, "working", "weekdays", "16:00", "18:00"),
        ],
        {},
        "blocks-1-start",
        "overlaps",
        id="overlap-same-kind",
    ),
    pytest.param(
        [row(0, "routine", "0", "08:00", "09:00")],
        {},
        "blocks-0-label",
        "a routine needs a name",
        id="routine-without-name",
    ),
    pytest.param(
        [row(0, "energy", "0", "08:00", "09:00")],
        {},
        "blocks-0-energy",
        "an energy block needs a level",
        id="energy-without-level",
    ),
    pytest.param(
        [row(0, "working", "0", "9h", "17:00")],
        {},
        "blocks-0-start",
        "Use a time like 09:00",
        id="unreadable-time",
    ),
    pytest.param(
        [row(0, "working", "0", "", "17:00")],
        {},
        "blocks-0-start",
        "Enter a start time",
        id="missing-time",
    ),
    pytest.param(
        [row(0, "working", "0", "09:00", "17:00")],
        {"buffer_minutes": "90"},
        "buffer_minutes",
        "buffer must be 0 to 60",
        id="buffer-too-long",
    ),
]


@pytest.mark.parametrize(("rows", "top", "field_id", "message"), REFUSALS)
def test_refusal_shows_the_problem_at_its_field_keeps_input_and_saves_nothing(
    member_client, member, rows, top, field_id, message
):
    response = member_client.post("/manual/pattern", data=week_form(*rows, **top))
    assert response.status_code == 422
    assert message in field_error(response.data, field_id)
    assert b"Nothing was saved" in response.data
    for typed in rows:
        for name, value in typed.items():
            if name.endswith(("start", "end", "label")) and value:
                assert f'name="{name}"'.encode() in response.data
                assert f'value="{value}"'.encode() in response.data
    for name, value in top.items():
        assert f'value="{value}"'.encode() in response.data
    assert block_count(member.id) == 0
    assert revision_count(member.id) == 0
    assert load_pattern(member.id).zone == "Europe/Berlin"


def test_refusal_leaves_the_previous_week_untouched(member_client, member):
    member_client.post("/manual/pattern", data=week_form(row(0, "working", "0", "09:00", "17:00")))
    response = member_client.post(
        "/manual/pattern",
        data=week_form(
            row(0, "working", "0", "08:00", "12:00"),
            row(1, "working", "0", "11:00", "13:00"),
        ),
    )
    assert response.status_code == 422
    assert [(b.start, b.end) for b in load_pattern(member.id).blocks] == [(time(9), time(17))]
    assert revision_count(member.id) == 1


def test_add_row_rerenders_with_one_more_row_and_saves_nothing(member_client, member):
    data = week_form(
        row(0, "working", "0", "09:00", "17:00"), row(1, "", "0", "", ""), row(2, "", "0", "", "")
    )
    data.pop("save")
    data["add_row"] = "Add a row"
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code == 200
    assert b'name="blocks-3-kind"' in response.data
    assert b'value="09:00"' in response.data
    assert block_count(member.id) == 0


def test_no_editor_route_takes_a_member_id(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("patterns.")]
    assert rules
    for rule in rules:
        assert set(rule.arguments) <= {"entry_id"}, rule


def test_time_off_add_and_delete(member_client, member):
    response = member_client.post(
        "/manual/pattern/time-off", data={"first": "2026-12-21", "last": "2026-12-31"}
    )
    assert response.status_code == 302
    member_client.post("/manual/pattern/time-off", data={"first": "2027-01-08"})
    offs = load_pattern(member.id).time_off
    assert [(o.first, o.last) for o in offs] == [
        (date(2026, 12, 21), date(2026, 12, 31)),
        (date(2027, 1, 8), date(2027, 1, 8)),
    ]
    page = member_client.get("/manual/pattern")
    assert b"2026-12-21 to 2026-12-31" in page.data
    entry = db.session.scalar(
        select(TimeOffEntry).where(TimeOffEntry.first_day == date(2027, 1, 8))
    )
    assert member_client.post(f"/manual/pattern/time-off/{entry.id}/delete").status_code == 302
    assert len(load_pattern(member.id).time_off) == 1
    assert revision_count(member.id) == 3


def test_time_off_ending_before_it_starts_is_refused_at_the_field(member_client, member):
    response = member_client.post(
        "/manual/pattern/time-off", data={"first": "2026-12-21", "last": "2026-12-20"}
    )
    assert response.status_code == 422
    assert "ends (2026-12-20) before it starts" in field_error(response.data, "last")
    assert b'value="2026-12-21"' in response.data
    assert load_pattern(member.id).time_off == ()


def test_one_off_hours_add_refuse_and_delete(member_client, member):
    response = member_client.post(
        "/manual/pattern/one-off", data={"day": "2026-12-03", "hours": "10:00-14:00, 15:00-17:00"}
    )
    assert response.status_code == 302
    member_client.post("/manual/pattern/one-off", data={"day": "2026-12-04", "hours": ""})
    hours = {h.day: h.blocks for h in load_pattern(member.id).one_off_hours}
    assert hours == {
        date(2026, 12, 3): ((time(10), time(14)), (time(15), time(17))),
        date(2026, 12, 4): (),
    }
    page = member_client.get("/manual/pattern")
    assert b"2026-12-04: not working" in page.data

    off_grid = member_client.post(
        "/manual/pattern/one-off", data={"day": "2026-12-05", "hours": "10:10-12:00"}
    )
    assert off_grid.status_code == 422
    assert "15-minute grid" in field_error(off_grid.data, "hours")
    unreadable = member_client.post(
        "/manual/pattern/one-off", data={"day": "2026-12-05", "hours": "ten to noon"}
    )
    assert "Write hours like" in field_error(unreadable.data, "hours")
    assert b'value="ten to noon"' in unreadable.data
    twice = member_client.post(
        "/manual/pattern/one-off", data={"day": "2026-12-03", "hours": "09:00-10:00"}
    )
    assert "already has one-off hours" in field_error(twice.data, "day")
    assert len(load_pattern(member.id).one_off_hours) == 2

    entry = db.session.scalar(
        select(OneOffHoursEntry).where(OneOffHoursEntry.day == date(2026, 12, 4))
    )
    member_client.post(f"/manual/pattern/one-off/{entry.id}/delete")
    assert [h.day for h in load_pattern(member.id).one_off_hours] == [date(2026, 12, 3)]


def test_saving_blocks_keeps_dated_entries(member_client, member):
    member_client.post("/manual/pattern/time-off", data={"first": "2026-12-21"})
    member_client.post("/manual/pattern", data=week_form(row(0, "working", "0", "09:00", "17:00")))
    assert len(load_pattern(member.id).time_off) == 1


def test_nobody_can_delete_someone_elses_entries(member_client, member, make_member):
    other = make_member("Olga Other")
    pattern_editing.add_time_off(other.id, date(2026, 12, 1), date(2026, 12, 2), FIXED_NOW)
    pattern_editing.add_one_off_hours(other.id, date(2026, 12, 3), (), FIXED_NOW)
    off = db.session.scalar(select(TimeOffEntry).where(TimeOffEntry.member_id == other.id))
    one = db.session.scalar(select(OneOffHoursEntry).where(OneOffHoursEntry.member_id == other.id))
    assert member_client.post(f"/manual/pattern/time-off/{off.id}/delete").status_code == 404
    assert member_client.post(f"/manual/pattern/one-off/{one.id}/delete").status_code == 404
    pattern = load_pattern(other.id)
    assert len(pattern.time_off) == 1 and len(pattern.one_off_hours) == 1
