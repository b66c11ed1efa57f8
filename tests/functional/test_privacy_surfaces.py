"""What an owner keeps to themself appears on no surface anyone else can reach.

The owner plants distinctive words: every manual section marked "only me", a private hard
routine and a private soft routine, and an imported calendar whose source and event carry
telling names. Then a teammate (a new hire in the owner's team, so "meet your team" has
a card for the owner) and an admin (in no team with the owner) open every surface that
could leak them: "Find a time" and its JSON with the owner as attendee (suggestions and
"nothing fits" reasons), the booking form, a booked meeting's page and its invite .ics,
meet-your-team, the admin's onboarding progress, the directory searched for each hidden
word, the profile and the team page; the owner's personal and team feeds are read by
their secret URLs. The owner still sees their own private routine and sections, which
shows the words were really planted.

Views read the real clock, so the owner's week covers every day and meeting times come
from the suggestions the app itself offers.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.manual import SECTION_KEYS
from app.domain.scheduling import MeetingType
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.services import calendar_import, feeds, meetings, pattern_editing
from app.services.meetings import MeetingDetails
from tests.calendar_helpers import ics, vevent
from tests.functional.test_onboarding_wizard import hire
from tests.manual_helpers import whole_week, write_manual

BERLIN = "Europe/Berlin"
HARD_ROUTINE = "Kestrelclinic"
SOFT_ROUTINE = "Heronpilates"
EVENT_TITLE = "Marmotdentist"
CALENDAR_SOURCE = "Ocelotdiary"
SECTION_WORDS = {key: f"zq{key.replace('_', '')}hidden" for key in SECTION_KEYS}
SECRETS = (HARD_ROUTINE, SOFT_ROUTINE, EVENT_TITLE, CALENDAR_SOURCE, *SECTION_WORDS.values())
VIEWERS = ("teammate", "admin")


def owner_week() -> WeeklyPattern:
    """Working 09-18 every day; the only free hour (09-10) is a soft private routine and
    the rest a hard private one, so every suggestion bends one and long meetings hit both."""
    blocks = []
    for day in range(7):
        blocks += [
            WeeklyBlock(BlockKind.WORKING, day, time(9), time(18)),
            WeeklyBlock(
                BlockKind.ROUTINE,
                day,
                time(9),
                time(10),
                hard=False,
                label=SOFT_ROUTINE,
                private=True,
            ),
            WeeklyBlock(
                BlockKind.ROUTINE,
                day,
                time(10),
                time(18),
                hard=True,
                label=HARD_ROUTINE,
                private=True,
            ),
        ]
    return WeeklyPattern(BERLIN, tuple(blocks))


def import_secret_calendar(member_id: int, now: datetime) -> None:
    """One busy quarter hour tomorrow at 09:30 Berlin, named for nobody's eyes."""
    day = (now + timedelta(days=1)).strftime("%Y%m%d")
    event = vevent("secret", f"DTSTART:{day}T083000Z", f"DTEND:{day}T084500Z", summary=EVENT_TITLE)
    calendar_import.import_calendar(
        member_id,
        ics(event),
        source=CALENDAR_SOURCE,
        now=now,
        weeks=8,
        max_bytes=2 * 1024 * 1024,
    )


@pytest.fixture
def world(app, make_member, make_team, admin):
    now = datetime.now(UTC)
    owner = make_member("Olive Owner", zone=BERLIN)
    team = make_team("Alpha", owner)
    newbie = hire(admin, team, name="Nia New", email="nia@example.test")
    whole_week(newbie.id)
    whole_week(admin.id)
    pattern_editing.save_pattern(owner.id, owner_week(), now)
    sections = {key: (f"Only for me: {word}.", "private") for key, word in SECTION_WORDS.items()}
    write_manual(owner.id, now, **sections)
    import_secret_calendar(owner.id, now)
    return {"owner": owner, "team": team, "teammate": newbie, "admin": admin}


def search(owner_id: int, minutes: int = 30) -> dict:
    first = datetime.now(UTC).astimezone(ZoneInfo(BERLIN)).date()
    return {
        "required_people": owner_id,
        "duration": minutes,
        "meeting_type": "status",
        "notice": 60,
        "window_start": first.isoformat(),
        "window_end": (first + timedelta(days=13)).isoformat(),
    }


def text(client, url: str, **params) -> str:
    response = client.get(url, query_string=params)
    assert response.status_code == 200, url
    body = response.get_data(as_text=True)
    return body.replace("\r\n ", "") if url.endswith(".ics") else body  # unfold lines


def leaks(surfaces: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, word) for name, body in surfaces.items() for word in SECRETS if word in body]


def scheduler_surfaces(client, owner, viewer) -> dict[str, str]:
    """Find a time (fits and nothing fits), its JSON, the booking form, a booked meeting."""
    fits, too_long = search(owner.id), search(owner.id, minutes=120)
    surfaces = {
        "find": text(client, "/find", **fits),
        "find, nothing fits": text(client, "/find", **too_long),
        "suggestions json": text(client, "/api/suggestions", **fits),
        "suggestions json, nothing fits": text(client, "/api/suggestions", **too_long),
    }
    for name in ("find", "suggestions json", "find, nothing fits"):
        assert "unavailable time" in surfaces[name], name  # the routines were in play
    first = client.get("/api/suggestions", query_string=fits).get_json()["suggestions"][0]
    start = datetime.fromisoformat(first["start"].replace("Z", "+00:00"))
    surfaces["booking form"] = text(
        client,
        "/meetings/new",
        start=first["start"],
        duration=30,
        meeting_type="status",
        required=[viewer.id, owner.id],
    )
    meeting = meetings.book(
        viewer.id,
        MeetingDetails("Quick sync", MeetingType.STATUS),
        start=start,
        duration=timedelta(minutes=30),
        required_ids=(owner.id,),
        now=datetime.now(UTC),
    )
    surfaces["meeting page"] = text(client, f"/meetings/{meeting.id}")
    surfaces["meeting invite"] = text(client, f"/meetings/{meeting.id}/invite.ics")
    assert "Olive Owner" in surfaces["meeting page"]
    return surfaces


def directory_surfaces(client, owner, team) -> dict[str, str]:
    """The profile, the team page, and the directory searched for every hidden word."""
    surfaces = {
        "profile": text(client, f"/people/{owner.id}"),
        "team page": text(client, f"/teams/{team.id}"),
        "directory listing": text(client, "/people", q="olive"),
    }
    assert "Olive Owner" in surfaces["directory listing"]
    for word in SECRETS:
        page = text(client, "/people", q=word)
        results = page.split('class="result-count"', 1)[1]  # past the echoed search box
        assert "Olive Owner" not in results, word
        surfaces[f"directory search for {word}"] = results
    return surfaces


@pytest.mark.parametrize("viewer", VIEWERS)
def test_nothing_the_owner_keeps_private_reaches_a_teammate_or_an_admin(
    client, auth, world, viewer
):
    owner, team, person = world["owner"], world["team"], world[viewer]
    auth.login(person.email)
    surfaces = scheduler_surfaces(client, owner, person)
    surfaces |= directory_surfaces(client, owner, team)
    if viewer == "teammate":
        surfaces["meet your team"] = text(client, "/onboarding/team")
        assert "Olive Owner" in surfaces["meet your team"]
    else:
        surfaces["admin onboarding"] = text(client, "/admin/onboarding")
        assert "Nia New" in surfaces["admin onboarding"]
    assert leaks(surfaces) == []
    assert "unavailable" in surfaces["profile"].lower()  # the week chart hides the names


def test_the_owners_feeds_never_carry_private_words(client, world):
    owner, team = world["owner"], world["team"]
    now = datetime.now(UTC)
    personal = feeds.turn_on_personal(owner.id, now)
    team_token = feeds.turn_on_team(owner.id, team.id, BERLIN, now)
    surfaces = {
        "personal feed": text(client, f"/feeds/{personal}.ics"),
        "team feed": text(client, f"/feeds/team/{team_token}.ics"),
    }
    assert "SUMMARY:Unavailable" in surfaces["personal feed"]  # the routines, unnamed
    assert "BEGIN:VEVENT" in surfaces["team feed"]
    assert leaks(surfaces) == []


def test_the_owner_still_sees_their_own_private_routines_and_sections(client, auth, world):
    owner = world["owner"]
    auth.login(owner.email)
    profile = text(client, f"/people/{owner.id}")
    chart = profile.split('class="week-chart"', 1)[1].split("</figure>", 1)[0]
    assert HARD_ROUTINE in chart and SOFT_ROUTINE in chart
    assert all(word in profile for word in SECTION_WORDS.values())
