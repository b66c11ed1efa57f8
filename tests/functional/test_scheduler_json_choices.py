"""The JSON suggestions endpoint checks the people and teams it is asked for exactly as
the "Find a time" page does (same fields, same messages), although it reads only those
ids from the database instead of every member and team in the workspace.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services.patterns import row_from_block

BERLIN = "Europe/Berlin"


def give_hours(member) -> None:
    for day in range(7):
        block = WeeklyBlock(BlockKind.WORKING, day, clock(8), clock(18))
        db.session.add(row_from_block(member.id, block))
    db.session.commit()


def search(**params) -> dict:
    first = datetime.now(UTC).astimezone(ZoneInfo(BERLIN)).date()
    base = {
        "duration": 30,
        "meeting_type": "status",
        "notice": 60,
        "window_start": first.isoformat(),
        "window_end": (first + timedelta(days=13)).isoformat(),
    }
    return base | params


@pytest.fixture
def people(client, auth, member, make_member, make_team):
    give_hours(member)
    ana = make_member("Ana Lima", zone=BERLIN, email="ana@example.test")
    give_hours(ana)
    gone = make_member("Gil Gone", zone=BERLIN, email="gil@example.test")
    gone.active = False
    db.session.commit()
    team = make_team("Platform", member, ana)
    auth.login(member.email)
    return {"mo": member.id, "ana": ana.id, "gone": gone.id, "team": team.id}


def errors(client, **params) -> dict:
    response = client.get("/api/suggestions", query_string=search(**params))
    assert response.status_code == 400 and response.is_json
    return response.get_json()["errors"]


def test_chosen_people_and_teams_are_accepted(client, people):
    response = client.get(
        "/api/suggestions",
        query_string=search(optional_people=people["ana"], optional_teams=people["team"]),
    )
    assert response.status_code == 200
    attendees = response.get_json()["attendees"]
    assert attendees == {"required": [people["mo"]], "optional": [people["ana"]]}


@pytest.mark.parametrize("field", ["required_people", "optional_people"])
@pytest.mark.parametrize("who", ["gone", "mo", "unknown"])
def test_an_unknown_inactive_or_own_id_is_refused_at_its_field(client, people, field, who):
    wrong = people.get(who, 424242)
    assert errors(client, **{field: [people["ana"], wrong]}) == {
        field: [f"'{wrong}' is not a valid choice for this field."]
    }


@pytest.mark.parametrize("field", ["required_teams", "optional_teams"])
def test_a_vanished_team_is_refused_at_its_field(client, people, field):
    assert errors(client, **{field: [people["team"], 424242]}) == {
        field: ["'424242' is not a valid choice for this field."]
    }


def test_an_id_that_is_not_a_number_is_refused_as_before(client, people):
    assert errors(client, required_people="ana") == {
        "required_people": ["Invalid choice(s): one or more data inputs could not be coerced."]
    }


def test_the_json_path_does_not_read_every_member(client, people, make_member):
    for number in range(30):
        make_member(f"Extra {number:02d}", zone=BERLIN, email=f"extra{number}@example.test")
    rows = []

    def count_rows(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "member" in statement:
            rows.append(statement)

    event.listen(db.engine, "after_cursor_execute", count_rows)
    try:
        client.get("/api/suggestions", query_string=search(required_people=people["ana"]))
    finally:
        event.remove(db.engine, "after_cursor_execute", count_rows)
    picker = [s for s in rows if "lower(member.display_name)" in s and " IN " not in s]
    assert picker == []
