"""Scheduler pages through the test client: find, results, nothing fits, book, and privacy.

Views read the real clock, so patterns here cover every day of the week and times are
taken from the suggestions the app itself offers. The meeting page, reschedule, cancel
and the JSON endpoint are in `test_scheduler_meeting_pages.py`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import select

from app.domain.scheduling import MeetingType
from app.extensions import db
from app.models import Meeting
from app.services import meetings
from app.services.meetings import MeetingDetails
from tests.scheduler_page_helpers import (
    BERLIN,
    EVERY_DAY,
    book_meeting,
    first_suggestion,
    give_hours,
    routine,
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
    assert "Kai Far (optional) may not make it: outside working hours" in html


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
