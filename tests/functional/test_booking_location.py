"""Booking: a default title from the people (or the team), and a location or video link
that reaches the meeting page, the invite (LOCATION, URL back to the meeting), the
personal feed and the API; a bad link or an overlong location is refused with the
typed text kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.meeting_details import check_location, default_title, location_link
from app.extensions import db
from app.models import Meeting
from app.services import feeds
from tests.scheduler_page_helpers import BERLIN, book_meeting, first_suggestion, give_hours, search

LINK = "https://meet.example.com/abc-defg-hij"


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


def book_form(client, **params) -> str:
    page = client.get("/find", query_string=search(**params)).get_data(as_text=True)
    link = re.search(r'href="(/meetings/new\?[^"]+)"', page).group(1)
    form = client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    return form.get_data(as_text=True)


def test_the_title_defaults_to_the_other_peoples_names(signed_in, ana, make_member):
    sam = make_member("Sam Reyes", zone=BERLIN, email="sam@example.test")
    give_hours(sam)
    html = book_form(signed_in, required_people=[ana.id, sam.id])
    assert 'value="Ana Lima and Sam Reyes"' in html
    assert ">Location or video link (optional)</label>" in html


def test_the_title_defaults_to_the_team_name(signed_in, ana, make_team, mo):
    team = make_team("Design Crew", ana, mo)
    assert 'value="Design Crew"' in book_form(signed_in, required_teams=team.id)


def test_a_location_reaches_the_page_the_invite_the_feed(signed_in, ana, mo, app):
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    response = book_meeting(signed_in, suggestion, location=f"  {LINK} ")
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.location == LINK
    page = signed_in.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'<a href="{LINK}" rel="noopener noreferrer">{LINK}</a>' in page

    invite = signed_in.get(f"/meetings/{meeting.id}/invite.ics")
    event = Calendar.from_ical(invite.data).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == LINK
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}"

    token = feeds.turn_on_personal(mo.id, datetime.now(UTC))
    feed = signed_in.get(f"/feeds/{token}.ics").data
    assert f"LOCATION:{LINK}".encode() in feed.replace(b"\r\n ", b"")


def test_a_room_is_plain_text_on_the_page(signed_in, ana):
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    book_meeting(signed_in, suggestion, location="Room 3: Blue <b>")
    meeting = db.session.scalar(select(Meeting))
    page = signed_in.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Room 3: Blue &lt;b&gt;</dd>" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("javascript:alert(1)", "A link must start with https://"),
        ("https://", "That link is not complete"),
        ("www.meet.example.com/x", "Start the link with https://"),
        ("x" * 501, "Please keep the location under 500 characters."),
    ],
)
def test_a_bad_location_is_refused_and_kept(signed_in, ana, typed, message):
    suggestion = first_suggestion(signed_in, required_people=ana.id)
    response = book_meeting(signed_in, suggestion, location=typed, agenda="Bring numbers")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'value="{typed}"' in html and "Bring numbers" in html
    assert db.session.scalar(select(Meeting)) is None


def test_location_rules_in_the_domain():
    assert check_location("  Room 3 ") == "Room 3"
    assert check_location("Zoom: 123 456") == "Zoom: 123 456"
    assert location_link(LINK) == LINK and location_link("Room 3") is None
    with pytest.raises(DomainError):
        check_location("Room\n3")
    with pytest.raises(DomainError):
        check_location("ftp://files.example.com")


def test_default_titles():
    assert default_title(["Priya"]) == "Priya"
    assert default_title(["Priya", "Sam", "Jonas"]) == "Priya, Sam and Jonas"
    assert default_title(["A", "B", "C", "D", "E"]) == "A, B and 3 others"
    assert default_title(["A"], team="Platform") == "Platform"
    assert default_title([]) == "Meeting"
