"""Pages whose reads are kept per data version (profile, team page, feeds, suggestions,
the menu) never show one viewer what another may see, and show every write on the very
next request.

Each test warms the kept values with one viewer or one state, then changes the viewer
or writes through the services the pages' forms call, and reads the page again at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from app.domain.manual import Preferences
from app.domain.scheduling import MeetingType
from app.extensions import db
from app.services import feeds, meetings, teams
from app.services.meetings import MeetingDetails
from tests.conftest import PASSWORD
from tests.manual_helpers import whole_week, write_manual

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
TEAMS_ONLY = "markteamsonly"
ONLY_ME = "markonlyme"
EVERYONE = "markeveryone"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)


@pytest.fixture
def world(make_member, make_team):
    """Olive writes a manual with one section per visibility; Tom shares her team,
    Oda does not."""
    olive = make_member("Olive Owner", zone="UTC")
    tom = make_member("Tom Teammate", zone="UTC")
    oda = make_member("Oda Outsider", zone="UTC")
    team = make_team("Alpha", olive, tom)
    write_manual(
        olive.id,
        NOW,
        story=(f"Story {EVERYONE} here", "workspace"),
        work_best=(f"Best {TEAMS_ONLY} here", "teams"),
        energy=(f"Energy {ONLY_ME} here", "private"),
    )
    for person in (olive, tom, oda):
        whole_week(person.id)
    return olive, tom, oda, team


@pytest.fixture
def signed_in(app):
    """A client per member, each signed in once: signing in writes (and so would start
    every kept value over), so the tests sign everyone in first and then only read."""
    clients = {}

    def _client(member):
        if member.id not in clients:
            clients[member.id] = app.test_client()
            clients[member.id].post("/login", data={"email": member.email, "password": PASSWORD})
        return clients[member.id]

    return _client


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_profile_kept_for_a_teammate_is_never_shown_to_an_outsider(signed_in, admin, world):
    olive, tom, oda, _team = world
    viewers = [signed_in(m) for m in (olive, tom, oda, admin)]
    olive_sees, tom_sees, oda_sees, admin_sees = viewers
    url = f"/people/{olive.id}"
    for order in (viewers, viewers[::-1]):  # each viewer after every other one
        for viewer in order:
            seen = text(viewer, url)
            assert EVERYONE in seen
            assert (TEAMS_ONLY in seen) is (viewer in (olive_sees, tom_sees))
            assert (ONLY_ME in seen) is (viewer is olive_sees)
    assert ONLY_ME not in text(admin_sees, url) + text(oda_sees, url) + text(tom_sees, url)


def test_directory_cards_kept_for_a_teammate_are_never_shown_to_an_outsider(signed_in, world):
    olive, tom, oda, _team = world
    write_manual(
        olive.id,
        NOW,
        Preferences(("in_person",), "few_days"),
        communication=("Talk to me", "teams"),
    )
    tom_sees, oda_sees = signed_in(tom), signed_in(oda)
    for _ in range(2):
        assert "Prefers In person" in text(tom_sees, "/people")
        assert "Prefers In person" not in text(oda_sees, "/people")
    write_manual(olive.id, NOW, Preferences(("video",), "few_days"))  # now hidden: none said
    assert "Prefers In person" not in text(tom_sees, "/people")


def test_a_manual_save_shows_on_the_next_profile_view(signed_in, world):
    olive, tom, _oda, _team = world
    url = f"/people/{olive.id}"
    client = signed_in(tom)
    assert TEAMS_ONLY in text(client, url)
    write_manual(olive.id, NOW, work_best=("Rewritten markrewritten", "teams"))
    seen = client.get(url).get_data(as_text=True)
    assert "markrewritten" in seen and TEAMS_ONLY not in seen and EVERYONE not in seen
    write_manual(olive.id, NOW, work_best=("Rewritten markrewritten", "private"))
    assert "markrewritten" not in client.get(url).get_data(as_text=True)


def test_joining_and_leaving_a_team_shows_on_the_next_request(signed_in, admin, world):
    olive, _tom, oda, team = world
    profile, team_page = f"/people/{olive.id}", f"/teams/{team.id}"
    client = signed_in(oda)
    assert TEAMS_ONLY not in text(client, profile)
    assert "Oda Outsider" not in client.get(team_page).get_data(as_text=True)
    teams.add_member(admin.id, team.id, oda.id)
    assert TEAMS_ONLY in client.get(profile).get_data(as_text=True)
    shown = client.get(team_page).get_data(as_text=True)
    assert shown.count("Oda Outsider") >= 2  # in the roster and in the membership log
    teams.remove_member(admin.id, team.id, oda.id)
    assert TEAMS_ONLY not in client.get(profile).get_data(as_text=True)
    assert "left" in client.get(team_page).get_data(as_text=True).lower()


def test_a_pattern_change_shows_on_the_next_request(signed_in, world):
    olive, tom, _oda, team = world
    team_page, profile = f"/teams/{team.id}", f"/people/{olive.id}"
    client, owner = signed_in(tom), signed_in(olive)
    assert "unavailable" not in text(client, team_page).lower()
    assert "unavailable" not in client.get(profile).get_data(as_text=True).lower()
    whole_week(olive.id, "routine", label="Secret-gym", private=True)
    for url in (team_page, profile):
        shown = client.get(url).get_data(as_text=True)
        assert "unavailable" in shown.lower() and "Secret-gym" not in shown, url
    for url in (profile, team_page):  # her own routine by name to her alone, either way
        assert "Secret-gym" in text(owner, url) and "Secret-gym" not in text(client, url)


def book(olive, tom, start: datetime, title: str):
    return meetings.book(
        olive.id,
        MeetingDetails(title, MeetingType.STATUS),
        start=start,
        duration=timedelta(minutes=30),
        required_ids=(tom.id,),
        now=NOW,
    )


def test_a_booked_meeting_shows_on_the_next_feed_poll(client, world):
    olive, tom, _oda, _team = world
    url = f"/feeds/{feeds.turn_on_personal(tom.id, NOW)}.ics"
    assert client.get(url).status_code == 200
    first = client.get(url)
    assert b"Kept-cache check" not in first.data
    book(olive, tom, NOW + timedelta(days=1), "Kept-cache check")
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and b"Kept-cache check" in again.data


def test_leaving_the_team_ends_its_feed_on_the_next_poll(client, admin, world):
    _olive, tom, _oda, team = world
    url = f"/feeds/team/{feeds.turn_on_team(tom.id, team.id, 'UTC', NOW)}.ics"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    teams.remove_member(admin.id, team.id, tom.id)
    assert client.get(url).status_code == 404


def test_a_booked_slot_leaves_the_next_suggestions(signed_in, world):
    olive, tom, _oda, _team = world
    url = (
        f"/api/suggestions?required_people={tom.id}&window_start=2026-12-01"
        "&window_end=2026-12-01&duration=30&notice=0"
    )
    client = signed_in(olive)
    first = client.get(url).get_json()["suggestions"]
    assert client.get(url).get_json()["suggestions"] == first  # kept, and the same
    taken = datetime.fromisoformat(first[0]["start"].replace("Z", "+00:00"))
    book(olive, tom, taken, "Takes the best slot")
    starts = [s["start"] for s in client.get(url).get_json()["suggestions"]]
    assert first[0]["start"] not in starts


def test_the_menu_shows_admin_links_to_admins_only(signed_in, admin, world):
    _olive, tom, _oda, _team = world
    for _ in range(2):
        assert ">Admin</a>" in text(signed_in(admin), "/people")
        shown = text(signed_in(tom), "/people")
        assert ">Admin</a>" not in shown
        assert shown.count('aria-current="page">People') == 2  # menu and row


def statements_of(client, url: str) -> int:
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def test_repeat_views_read_only_what_they_must(client, auth, world):
    olive, tom, _oda, team = world
    auth.login(tom.email)
    feed = f"/feeds/{feeds.turn_on_personal(tom.id, NOW)}.ics"
    for url in (f"/people/{olive.id}", f"/teams/{team.id}", feed):
        client.get(url)  # warm: the first poll of a feed also stores its hash
        db.session.expunge_all()
        assert statements_of(client, url) == 1, url  # the sign-in, or the feed's token
