"""What the app serves (not just what the domain builds) is read alike by a real CalDAV
server and two independent parsers.

The personal feed, a team feed and a meeting invitation are fetched through the test
client, exactly as a calendar app would get them, uploaded to Radicale one VEVENT per
object (via `split_for_caldav` from the domain's real-client test), and read back with
a time-range query that Radicale expands itself. `recurring_ical_events` and vobject
expand the same bytes. All three agree on every occurrence's UID and UTC start over a
year that spans the March and October 2027 DST changes, weekly events keep their local
wall-clock time across them, and no routine is ever named.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from tests.calendar_helpers import (
    NOW,
    PRIVATE_ROUTINE,
    PUBLIC_ROUTINE,
    book,
    check_structure,
    give_week,
    office_week,
    routines_week,
    utc,
)
from tests.realclient.test_calendar_clients import split_for_caldav

pytestmark = pytest.mark.realclient

WINDOW_START = datetime(2026, 11, 1, tzinfo=UTC)
WINDOW_END = datetime(2027, 11, 30, tzinfo=UTC)
PAD = timedelta(days=2)
DST = {
    "Europe/Berlin": [datetime(2027, 3, 28).date(), datetime(2027, 10, 31).date()],
    "America/New_York": [datetime(2027, 3, 14).date(), datetime(2027, 11, 7).date()],
}


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)


def shown_url(page: str) -> str:
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page)[1]
    return url.removeprefix("http://localhost")


@pytest.fixture
def served(client, auth, member, make_member, make_team) -> dict[str, bytes]:
    """The three files as the app serves them to Mo (Berlin)."""
    give_week(member.id, routines_week())
    nia = make_member("Nia York", zone="America/New_York", email="nia@example.test")
    give_week(nia.id, office_week("America/New_York"))
    team = make_team("Platform", member, nia)
    meeting = book(member.id, nia.id, start=utc(2026, 12, 1, 15))
    auth.login(member.email)
    personal = shown_url(client.post("/calendar/feed", follow_redirects=True).text)
    team_page = client.post(
        "/calendar/team-feed",
        data={"team_id": team.id, "zone": "America/New_York"},
        follow_redirects=True,
    ).text
    files = {
        "personal": client.get(personal),
        "team": client.get(shown_url(team_page)),
        "invite": client.get(f"/meetings/{meeting.id}/invite.ics"),
    }
    assert all(r.status_code == 200 for r in files.values())
    return {kind: response.data for kind, response in files.items()}


def in_window(found) -> list[tuple[str, datetime]]:
    return sorted(o for o in found if WINDOW_START <= o[1] < WINDOW_END)


def server_occurrences(calendar) -> list[tuple[str, datetime]]:
    objects = calendar.search(
        start=WINDOW_START - PAD,
        end=WINDOW_END + PAD,
        event=True,
        server_expand=True,
        post_filter=False,
    )
    found = []
    for item in objects:
        for component in item.icalendar_instance.walk("VEVENT"):
            assert "RRULE" not in component, "Radicale returned an unexpanded series"
            found.append((str(component["UID"]), component.decoded("DTSTART").astimezone(UTC)))
    return in_window(found)


def recurring_occurrences(data: bytes) -> list[tuple[str, datetime]]:
    found = recurring_ical_events.of(Calendar.from_ical(data)).between(
        WINDOW_START - PAD, WINDOW_END + PAD
    )
    return in_window((str(o["UID"]), o.decoded("DTSTART").astimezone(UTC)) for o in found)


def vobject_occurrences(data: bytes) -> list[tuple[str, datetime]]:
    found = []
    for vevent in vobject.readOne(data.decode()).vevent_list:
        rules = vevent.getrruleset(addRDate=True)
        starts = (
            [vevent.dtstart.value]
            if rules is None
            else rules.between(WINDOW_START - PAD, WINDOW_END + PAD, inc=True)
        )
        found += [(vevent.uid.value, start.astimezone(UTC)) for start in starts]
    return in_window(found)


@pytest.mark.parametrize("kind", ["personal", "team", "invite"])
def test_server_and_both_parsers_agree_on_what_the_app_serves(served, fresh_calendar, kind):
    data = served[kind]
    check_structure(data)
    for text in split_for_caldav(data):
        fresh_calendar.add_event(text, increase_seqno=False)
    server = server_occurrences(fresh_calendar)
    assert server, "the server found nothing in the window"
    assert server == recurring_occurrences(data)
    assert server == vobject_occurrences(data)
    uids = sorted(str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT"))
    stored = sorted(str(e.icalendar_component["UID"]) for e in fresh_calendar.events())
    assert stored == uids


@pytest.mark.parametrize(
    ("kind", "zone"), [("personal", "Europe/Berlin"), ("team", "America/New_York")]
)
def test_weekly_events_keep_local_time_across_dst(served, fresh_calendar, kind, zone):
    data = served[kind]
    for text in split_for_caldav(data):
        fresh_calendar.add_event(text, increase_seqno=False)
    server = server_occurrences(fresh_calendar)
    tz = ZoneInfo(zone)
    for event in Calendar.from_ical(data).walk("VEVENT"):
        if "RRULE" not in event:
            continue
        local_start = event.decoded("DTSTART").time()
        starts = sorted(s.astimezone(tz) for uid, s in server if uid == str(event["UID"]))
        assert len(starts) >= 52
        assert {s.time() for s in starts} == {local_start}
        for change in DST[zone]:
            before = max(s for s in starts if s.date() < change)
            after = min(s for s in starts if s.date() > change)
            assert before.utcoffset() != after.utcoffset()


def test_what_the_server_stores_names_no_routine(served, fresh_calendar):
    for data in served.values():
        for text in split_for_caldav(data):
            fresh_calendar.add_event(text, increase_seqno=False)
    for stored in fresh_calendar.events():
        text = stored.data
        assert PRIVATE_ROUTINE not in text and PUBLIC_ROUTINE not in text
