"""Scheduler pages through the test client: find, results, nothing fits, book, reschedule,
cancel, my meetings, who may open a meeting, the JSON endpoint, and privacy.

Views read the real clock, so patterns here cover every day of the week and times are
taken from the suggestions the app itself offers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import Meeting
from app.services import meetings
from app.services.meetings import MeetingDetails
from app.services.patterns import row_from_block

BERLIN = "Europe/Berlin"
EVERY_DAY = range(7)


def give_hours(member, start=clock(8), end=clock(18), extra=()) -> None:
    for day in EVERY_DAY:
        db.session.add(row_from_block(member.id, WeeklyBlock(BlockKind.WORKING, day, start, end)))
    for block in extra:
        db.session.add(row_from_block(member.id, block))
    db.session.commit()


def routine(day: int, start: clock, end: clock, label: str, *, hard: bool, private: bool):
    return WeeklyBlock(BlockKind.ROUTINE, day, start, end, hard=hard, label=label, private=private)


def today(zone: str = BERLIN):
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def search(**params) -> dict:
    first = today()
    base = {
        "duration": 30,
        "meeting_type": "status",
        "notice": 60,
        "window_start": first.isoformat(),
        "window_end": (first + timedelta(days=13)).isoformat(),
    }
    return base | params


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


def first_suggestion(client, **params) -> dict:
    data = client.get("/api/suggestions", query_string=search(**params)).get_json()
    return data["suggestions"][0]


def book_meeting(client, suggestion: dict, title="Roadmap check", **extra):
    lines = suggestion["attendees"]
    data = {
        "start": suggestion["start"],
        "duration": 30,
        "meeting_type": "decision",
        "title": title,
        "agenda": "1. Where we are\n2. What we drop",
        "required": [a["id"] for a in lines if a["required"]],
        "optional": [a["id"] for a in lines if not a["required"]],
        "search": "",
    }
    return client.post("/meetings/new", data=data | extra)


# --- find ---------------------------------------------------------------------------


def test_find_page_offers_people_teams_and_the_next_two_weeks(signed_in, ana):
    page = signed_in.get("/find")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for label in ("Required people", "Optional people", "Required teams", "Optional teams"):
        assert f">{label}</label>" in html
    assert 'method="get"' in html
    assert f'value="{today().isoformat()}"' in html
    assert f'value="{(today() + timedelta(days=13)).isoformat()}"' in html
    assert "Ana Lima" in html and "Mo Member</option>" not in html  # the organiser is implied
    assert "Find a time" in html and "Meetings" in html  # navigation


def test_results_show_suggestions_attendee_lines_and_a_week_view(signed_in, ana):
    page = signed_in.get("/find", query_string=search(required_people=ana.id))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "suggested time" in html and "Book #1" in html
    assert f"Suggestions by day (your time, {BERLIN})" in html
    assert html.count('class="slot-chip"') == html.count('class="suggestion"') >= 2
    assert "Ana Lima" in html and "Mo Member" in html
    energy_cells = re.findall(r"</small></td>\s*<td>(\w+)</td>", html)
    assert energy_cells and set(energy_cells) <= {"peak", "steady", "low"}
    assert "/meetings/new?" in html


def test_a_whole_team_with_an_optional_member(signed_in, ana, make_member, make_team, mo):
    far = make_member("Kai Far", zone="Pacific/Auckland")
    give_hours(far, clock(9), clock(10))
    team = make_team("Design", ana, mo)
    page = signed_in.get(
        "/find", query_string=search(required_teams=team.id, optional_people=far.id)
    )
    html = page.get_data(as_text=True)
    assert "Book #1" in html
    assert "Kai Far" in html and "optional</span>" in html
    assert "optional: outside working hours" in html


def test_nothing_fits_shows_the_reasons_and_the_smallest_relaxation(signed_in, make_member):
    short = make_member("Sol Short", zone=BERLIN)
    give_hours(short, clock(9), clock(10))
    page = signed_in.get("/find", query_string=search(required_people=short.id, duration=120))
    html = page.get_data(as_text=True)
    assert "Nothing fits everyone" in html
    assert "Sol Short&#39;s working hours in this window never last 2 hours in a row" in html
    assert "Smallest change that works:</strong> shorten the meeting to 1 hour" in html
    assert "Times if you shorten the meeting to 1 hour" in html
    assert "Book this instead" in html


def test_invalid_input_is_shown_at_its_field_and_everything_typed_is_kept(signed_in, ana):
    params = search(
        required_people=ana.id,
        duration=7,
        meeting_type="creative",
        window_start=(today() + timedelta(days=3)).isoformat(),
        window_end=today().isoformat(),
    )
    page = signed_in.get("/find", query_string=params)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "A meeting lasts 15 to 240 minutes." in html
    assert "The last day comes before the first day." in html
    assert 'aria-invalid="true"' in html
    assert re.search(rf'<option selected value="{ana.id}">Ana Lima</option>', html)
    assert '<option selected value="creative">' in html
    assert 'value="7"' in html
    assert "Book #1" not in html


def test_a_vanished_team_is_an_error_at_the_field(signed_in):
    page = signed_in.get("/find", query_string=search(required_teams=424242))
    assert "is not a valid choice for this field." in page.get_data(as_text=True)


# --- privacy ------------------------------------------------------------------------


def test_a_private_routine_name_never_appears_in_pages_or_json(signed_in, make_member):
    secret, hidden = "Therapy with Dr Jones", "Hospital visit"
    ana = make_member("Ana Lima", zone=BERLIN)
    # Ana's only hour overlaps her soft private routine, so every suggestion bends it.
    give_hours(
        ana,
        clock(9),
        clock(10),
        extra=[
            routine(d, clock(9), clock(10), secret, hard=False, private=True) for d in EVERY_DAY
        ],
    )
    bo = make_member("Bo Busy", zone=BERLIN)  # optional, with a hard private routine
    give_hours(
        bo,
        extra=[
            routine(d, clock(8), clock(18), hidden, hard=True, private=True) for d in EVERY_DAY
        ],
    )
    params = search(required_people=ana.id, optional_people=bo.id)
    html = signed_in.get("/find", query_string=params).get_data(as_text=True)
    data = signed_in.get("/api/suggestions", query_string=params).get_data(as_text=True)
    for text in (html, data):
        assert "unavailable time" in text
        assert secret not in text and "Therapy" not in text
        assert hidden not in text and "Hospital" not in text

    # When nothing fits, the reasons say "unavailable time", never the name.
    cy = make_member("Cy Closed", zone=BERLIN)
    give_hours(
        cy,
        extra=[
            routine(d, clock(8), clock(18), hidden, hard=True, private=True) for d in EVERY_DAY
        ],
    )
    params = search(required_people=cy.id)
    html = signed_in.get("/find", query_string=params).get_data(as_text=True)
    data = signed_in.get("/api/suggestions", query_string=params).get_data(as_text=True)
    for text in (html, data):
        assert "unavailable time" in text
        assert hidden not in text and "Hospital" not in text


# --- book ---------------------------------------------------------------------------


def test_book_from_a_suggestion_then_everyone_sees_it(client, signed_in, auth, ana, mo):
    page = signed_in.get("/find", query_string=search(required_people=ana.id))
    link = re.search(r'href="(/meetings/new\?[^"]+)"', page.get_data(as_text=True)).group(1)
    form = signed_in.get(link.replace("&amp;", "&"))
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert "Book a meeting" in html and "Ana Lima" in html
    assert f'name="required" value="{ana.id}"' in html

    suggestion = first_suggestion(signed_in, required_people=ana.id)
    response = book_meeting(signed_in, suggestion)
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.title == "Roadmap check" and meeting.meeting_type == "decision"
    assert meeting.start.strftime("%Y-%m-%dT%H:%M:%SZ") == suggestion["start"]
    assert {a.member_id for a in meeting.attendees} == {mo.id, ana.id}

    shown = signed_in.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Roadmap check" in shown and "Reschedule" in shown and "Cancel meeting" in shown
    assert "2. What we drop" in shown
    assert "Roadmap check" in signed_in.get("/meetings").get_data(as_text=True)
    assert "Roadmap check" in signed_in.get("/").get_data(as_text=True)

    auth.logout()
    auth.login(ana.email)
    mine = client.get("/meetings").get_data(as_text=True)
    assert "Roadmap check" in mine
    theirs = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Roadmap check" in theirs and "Reschedule" not in theirs


def test_a_refused_booking_keeps_what_was_typed(signed_in, ana):
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    response = book_meeting(signed_in, suggestion, title="", agenda="Bring the numbers")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give it a title." in html
    assert "Bring the numbers" in html
    assert db.session.scalar(select(Meeting)) is None


def test_a_booking_that_lost_the_race_goes_back_to_fresh_suggestions(signed_in, ana, make_member):
    rival = make_member("Rita Rival", zone=BERLIN)
    give_hours(rival)
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    start = datetime.fromisoformat(suggestion["start"])
    meetings.book(
        rival.id,
        MeetingDetails("Rita's call", MeetingType.STATUS),
        start=start,
        duration=timedelta(minutes=30),
        required_ids=(ana.id,),
        now=datetime.now(UTC),
    )
    query = f"required_people={ana.id}&duration=30&meeting_type=status"
    response = book_meeting(signed_in, suggestion, search=query)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/find?{query}")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana Lima’s day filled up while you were choosing" in page
    assert "Book #1" in page
    assert suggestion["start"] not in signed_in.get(
        "/api/suggestions", query_string=search(required_people=ana.id)
    ).get_data(as_text=True)


def test_booking_without_a_chosen_time_goes_back_to_find(signed_in):
    response = signed_in.get("/meetings/new")
    assert response.status_code == 302 and "/find" in response.headers["Location"]


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
    assert first_local.strftime("%A %d %B, %H:%M") in html


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
