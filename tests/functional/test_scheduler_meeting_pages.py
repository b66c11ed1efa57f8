"""Scheduler pages after booking, through the test client: the meeting page, reschedule,
cancel, and the JSON endpoint.

Views read the real clock, so patterns here cover every day of the week and times are
taken from the suggestions the app itself offers.
"""

from __future__ import annotations

import re
from datetime import datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting
from tests.scheduler_page_helpers import (
    BERLIN,
    book_meeting,
    first_suggestion,
    give_hours,
    search,
    today,
)


@pytest.fixture
def mo(member):
    give_hours(member)
    return member


@pytest.fixture
def ana(make_member):
    person = make_member("Ana Lima", zone=BERLIN, email="ana@example.test")
    give_hours(person)
    return person


@pytest.fixture
def signed_in(client, auth, mo):
    auth.login(mo.email)
    return client


# --- meeting page, reschedule, cancel -----------------------------------------------


@pytest.fixture
def booked(signed_in, ana):
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    book_meeting(signed_in, suggestion)
    return db.session.scalar(select(Meeting))


def test_the_meeting_page_is_404_for_anyone_not_in_it(client, auth, booked, make_member):
    stranger = make_member("Sam Stranger", email="sam@example.test")
    meeting_id = booked.id
    auth.logout()
    auth.login(stranger.email)
    assert client.get(f"/meetings/{meeting_id}").status_code == 404
    assert client.get(f"/meetings/{meeting_id}/reschedule").status_code == 404
    assert client.post(f"/meetings/{meeting_id}/cancel").status_code == 404
    assert "Roadmap check" not in client.get("/meetings").get_data(as_text=True)


def test_attendees_may_not_move_or_cancel(client, auth, booked, ana):
    meeting_id = booked.id
    auth.logout()
    auth.login(ana.email)
    assert client.get(f"/meetings/{meeting_id}/reschedule").status_code == 403
    assert client.post(f"/meetings/{meeting_id}/cancel").status_code == 403
    assert db.session.get(Meeting, meeting_id).status == "booked"


def test_the_organiser_reschedules_to_a_new_suggestion(signed_in, booked):
    meeting_id, uid, old_start = booked.id, booked.uid, booked.start
    page = signed_in.get(f"/meetings/{meeting_id}/reschedule")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Move to #1" in html
    starts = re.findall(r'name="start" value="([^"]+)"', html)
    new_start = next(s for s in starts if s != old_start.strftime("%Y-%m-%dT%H:%M:%SZ"))
    response = signed_in.post(f"/meetings/{meeting_id}/reschedule", data={"start": new_start})
    assert response.status_code == 302
    moved = db.session.get(Meeting, meeting_id)
    db.session.refresh(moved)
    assert moved.start.strftime("%Y-%m-%dT%H:%M:%SZ") == new_start
    assert (moved.uid, moved.sequence) == (uid, 1)
    assert "has moved" in signed_in.get(response.headers["Location"]).get_data(as_text=True)


def test_rescheduling_keeps_the_window_typed_when_it_is_wrong(signed_in, booked):
    params = {"window_start": today().isoformat(), "window_end": "2000-01-01", "notice": 0}
    html = signed_in.get(f"/meetings/{booked.id}/reschedule", query_string=params).get_data(
        as_text=True
    )
    assert "The last day comes before the first day." in html
    assert 'value="2000-01-01"' in html and "Move to #1" not in html


def test_the_organiser_cancels(signed_in, booked):
    meeting_id = booked.id
    response = signed_in.post(f"/meetings/{meeting_id}/cancel")
    assert response.status_code == 302
    cancelled = db.session.get(Meeting, meeting_id)
    db.session.refresh(cancelled)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    page = signed_in.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "This meeting was cancelled." in page and "Reschedule" not in page
    assert "Roadmap check" not in signed_in.get("/meetings").get_data(as_text=True)


# --- JSON ---------------------------------------------------------------------------


def test_the_json_endpoint_returns_the_same_suggestions(signed_in, ana, mo):
    params = search(required_people=ana.id)
    response = signed_in.get("/api/suggestions", query_string=params)
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert set(data) == {"attendees", "suggestions", "reasons", "relaxation", "other_relaxations"}
    assert data["attendees"] == {"required": [mo.id, ana.id], "optional": []}
    assert data["reasons"] == [] and data["relaxation"] is None
    first = data["suggestions"][0]
    assert set(first) == {"start", "end", "score", "attendees"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00Z", first["start"])
    line = first["attendees"][0]
    assert set(line) == {
        "id",
        "name",
        "required",
        "zone",
        "local_start",
        "local_end",
        "energy",
        "notes",
    }
    assert (line["name"], line["zone"]) == ("Mo Member", BERLIN)
    assert line["energy"] in {"peak", "steady", "low"}
    html = signed_in.get("/find", query_string=params).get_data(as_text=True)
    first_local = datetime.fromisoformat(first["start"]).astimezone(ZoneInfo(BERLIN))
    assert first_local.strftime("%a %d %b, %H:%M") in html


def test_the_json_endpoint_explains_nothing_fits(signed_in, make_member):
    short = make_member("Sol Short", zone=BERLIN)
    give_hours(short, clock(9), clock(10))
    data = signed_in.get(
        "/api/suggestions", query_string=search(required_people=short.id, duration=120)
    ).get_json()
    assert data["suggestions"] == [] and data["reasons"]
    assert data["relaxation"]["kind"] == "shorten"
    assert data["relaxation"]["suggestions"]


def test_the_json_endpoint_refuses_bad_input_and_strangers(client, signed_in, auth):
    bad = signed_in.get("/api/suggestions", query_string=search(duration=500))
    assert bad.status_code == 400
    assert "duration" in bad.get_json()["errors"]
    auth.logout()
    anonymous = client.get("/api/suggestions", query_string=search())
    assert anonymous.status_code == 401 and anonymous.is_json


def test_more_than_fifty_people_are_refused_before_any_work(signed_in, admin, make_member):
    from app.services import teams

    crowd = teams.create_team(admin.id, name="Everyone")
    for n in range(51):
        teams.add_member(admin.id, crowd.id, make_member(f"Person {n}").id)
    response = signed_in.get("/api/suggestions", query_string=search(required_teams=crowd.id))
    assert response.status_code == 400
    assert "up to 50 people" in response.get_data(as_text=True)
    page = signed_in.get("/find", query_string=search(required_teams=crowd.id))
    assert "up to 50 people" in page.get_data(as_text=True)
