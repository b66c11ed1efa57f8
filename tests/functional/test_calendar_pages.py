"""The calendar page, its feeds and invitations through the test client.

Feeds: shown once, served as text/calendar with ETag/Last-Modified and 304 on a
conditional GET, 404 for wrong/revoked/regenerated tokens. Invitations: organiser and
attendees only. Privacy: no routine name in any export. Importing busy time is in
`test_calendar_import_pages.py`.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar

from app.services import meetings
from tests.calendar_helpers import (
    NOW,
    PRIVATE_ROUTINE,
    PUBLIC_ROUTINE,
    book,
    check_structure,
    events_by_uid,
    give_week,
    office_week,
    routines_week,
    utc,
)

ICS = "text/calendar; charset=utf-8"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)


@pytest.fixture
def mo(member):
    give_week(member.id, routines_week())
    return member


@pytest.fixture
def ana(make_member):
    person = make_member("Ana Lima", email="ana@example.test")
    give_week(person.id, office_week())
    return person


@pytest.fixture
def signed_in(client, auth, mo):
    auth.login(mo.email)
    return client


def feed_url(page: str) -> str:
    """The feed address shown on the page, as a path for the test client."""
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    return url.removeprefix("http://localhost")


def turn_on(client) -> str:
    response = client.post("/calendar/feed")
    assert response.status_code == 302  # post/redirect/get: the GET page shows it once
    shown = client.get(response.headers["Location"])
    assert shown.headers["Cache-Control"] == "no-store"
    return feed_url(shown.data.decode())


# --- the page and feed addresses -----------------------------------------------------------


def test_calendar_page_needs_sign_in(client):
    assert "/login" in client.get("/calendar").headers["Location"]


def test_the_address_is_shown_once_and_serves_the_feed(signed_in):
    path = turn_on(signed_in)
    token = path.split("/")[-1].removesuffix(".ics")
    assert len(token) >= 43  # 256 bits, URL-safe base64
    page = signed_in.get("/calendar").data.decode()
    assert token not in page and "Your feed is <strong>on</strong>" in page
    signed_in.post("/logout")
    response = signed_in.get(path)  # public: no session needed
    assert response.status_code == 200
    assert response.headers["Content-Type"] == ICS
    assert response.headers["Content-Disposition"] == 'inline; filename="teamshape.ics"'
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    check_structure(response.data)


def test_conditional_get_answers_304(signed_in):
    path = turn_on(signed_in)
    first = signed_in.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    same = signed_in.get(path, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    assert same.headers["ETag"] == etag
    assert signed_in.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    stale = signed_in.get(path, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.data == first.data
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = signed_in.get(path, headers={"If-None-Match": '"old"', "If-Modified-Since": modified})
    assert both.status_code == 200


def test_a_changed_feed_is_not_304(signed_in, mo, monkeypatch):
    path = turn_on(signed_in)
    first = signed_in.get(path)
    give_week(mo.id, office_week(), NOW + timedelta(hours=1))
    monkeypatch.setattr("app.clock.now", lambda: NOW + timedelta(hours=2))
    changed = signed_in.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.data != first.data
    again = signed_in.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200


def test_wrong_revoked_and_regenerated_addresses_give_404(signed_in, mo):
    path = turn_on(signed_in)
    assert (
        signed_in.get("/feeds/not-a-real-token-at-all-000000000000000000.ics").status_code == 404
    )
    assert signed_in.get(path.replace("/feeds/", "/feeds/team/")).status_code == 404
    feed_id = re.search(r"/calendar/feeds/(\d+)/regenerate", signed_in.get("/calendar").text)[1]
    new_path = feed_url(
        signed_in.post(f"/calendar/feeds/{feed_id}/regenerate", follow_redirects=True).text
    )
    assert signed_in.get(path).status_code == 404
    assert signed_in.get(new_path).status_code == 200
    feed_id = re.search(r"/calendar/feeds/(\d+)/revoke", signed_in.get("/calendar").text)[1]
    revoked = signed_in.post(f"/calendar/feeds/{feed_id}/revoke", follow_redirects=True)
    assert (
        "no longer works" in revoked.text and "Your feed is <strong>off</strong>" in revoked.text
    )
    assert signed_in.get(new_path).status_code == 404


def test_someone_else_cannot_regenerate_or_revoke_my_feed(client, auth, mo, ana):
    auth.login(mo.email)
    turn_on(client)
    feed_id = re.search(r"/calendar/feeds/(\d+)/revoke", client.get("/calendar").text)[1]
    auth.logout()
    auth.login(ana.email)
    assert client.post(f"/calendar/feeds/{feed_id}/revoke").status_code == 404
    assert client.post(f"/calendar/feeds/{feed_id}/regenerate").status_code == 404


def test_team_feed_in_a_chosen_zone(signed_in, mo, ana, make_team):
    team = make_team("Platform", mo, ana)
    page = signed_in.get("/calendar").text
    assert f'<option value="{team.id}">Platform</option>' in page
    response = signed_in.post(
        "/calendar/team-feed",
        data={"team_id": team.id, "zone": "Asia/Tokyo"},
        follow_redirects=True,
    )
    path = feed_url(response.text)
    assert path.startswith("/feeds/team/")
    served = signed_in.get(path)
    assert served.status_code == 200 and served.headers["Content-Type"] == ICS
    calendar = check_structure(served.data)
    assert {str(e["DTSTART"].params["TZID"]) for e in calendar.walk("VEVENT")} == {"Asia/Tokyo"}
    assert "Platform" in signed_in.get("/calendar").text


def test_team_feed_refusals_keep_what_was_typed(signed_in, mo, ana, make_team):
    team = make_team("Platform", mo, ana)
    other = make_team("Elsewhere", ana)
    bad_zone = signed_in.post(
        "/calendar/team-feed", data={"team_id": team.id, "zone": "Mars/Base"}
    )
    assert bad_zone.status_code == 422 and 'value="Mars/Base"' in bad_zone.text
    not_mine = signed_in.post("/calendar/team-feed", data={"team_id": other.id, "zone": "UTC"})
    assert not_mine.status_code == 422 and "only to teams you are in" in not_mine.text


def test_one_off_download(signed_in):
    response = signed_in.get("/calendar/meeting-friendly-hours.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == ICS
    assert response.headers["Content-Disposition"].startswith("attachment;")
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {
        "Open for meetings",
        "Focus time",
        "Unavailable",
    }


# --- invitations ----------------------------------------------------------------------------


def test_invite_for_organiser_and_attendees_only(client, auth, mo, ana, make_member):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    stranger = make_member("Sam Stranger", email="sam@example.test")
    url = f"/meetings/{meeting.id}/invite.ics"
    assert "/login" in client.get(url).headers["Location"]
    for person in (mo, ana):
        auth.login(person.email)
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Content-Type"] == ICS
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["ETag"]
        assert (
            client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
        )
        auth.logout()
    auth.login(stranger.email)
    assert client.get(url).status_code == 404
    assert client.get("/meetings/987654/invite.ics").status_code == 404


def test_meeting_page_links_its_invite(signed_in, mo, ana):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    page = signed_in.get(f"/meetings/{meeting.id}").text
    assert f'href="/meetings/{meeting.id}/invite.ics"' in page


def test_invite_after_reschedule_and_cancel(signed_in, mo, ana):
    meeting = book(mo.id, ana.id, start=utc(2026, 12, 1, 13))
    url = f"/meetings/{meeting.id}/invite.ics"
    before = events_by_uid(check_structure(signed_in.get(url).data).to_ical())[meeting.uid]
    meetings.reschedule(mo.id, meeting.id, start=utc(2026, 12, 2, 13), now=NOW)
    after_body = signed_in.get(url).data
    after = events_by_uid(check_structure(after_body).to_ical())[meeting.uid]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == utc(2026, 12, 2, 13)
    meetings.cancel(mo.id, meeting.id, now=NOW)
    cancelled = signed_in.get(url).data
    assert b"METHOD:CANCEL" in cancelled and b"STATUS:CANCELLED" in cancelled
    assert events_by_uid(cancelled)[meeting.uid]["SEQUENCE"] == after["SEQUENCE"] + 1


def test_no_routine_name_in_any_export(client, auth, mo, ana, make_team):
    team = make_team("Platform", mo, ana)
    meeting = book(ana.id, mo.id, start=utc(2026, 12, 1, 13))
    auth.login(mo.email)
    bodies = [
        client.get(turn_on(client)).data,
        client.get(
            feed_url(
                client.post(
                    "/calendar/team-feed",
                    data={"team_id": team.id, "zone": "UTC"},
                    follow_redirects=True,
                ).text
            )
        ).data,
        client.get("/calendar/meeting-friendly-hours.ics").data,
        client.get(f"/meetings/{meeting.id}/invite.ics").data,
    ]
    auth.logout()
    auth.login(ana.email)  # a teammate's own exports
    bodies.append(client.get(turn_on(client)).data)
    bodies.append(client.get(f"/meetings/{meeting.id}/invite.ics").data)
    for body in bodies:
        assert body.startswith(b"BEGIN:VCALENDAR")
        assert PRIVATE_ROUTINE.encode() not in body and PUBLIC_ROUTINE.encode() not in body
