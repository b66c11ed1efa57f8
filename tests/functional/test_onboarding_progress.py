"""Intro 1:1s (propose, drop, swap, book all-or-none, one .ics) and onboarding progress:
the hire's checklist, the admin page (counts and dates only), "new on your team"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from app.domain.manual import Preferences
from app.domain.scheduling import MeetingType
from app.extensions import db
from app.models import Meeting, OnboardingState
from app.services import meetings, pattern_editing, teams
from app.services.meetings import MeetingDetails
from tests.functional.test_meet_team import weekdays
from tests.functional.test_onboarding_wizard import hire
from tests.manual_helpers import whole_week, write_manual

SECRET = "Zq-only-me-secret"
SECRET_ROUTINE = "Zq-private-pickup"
WORKSPACE_TEXT = "Zq-workspace-visible-story"


@pytest.fixture
def world(app, admin, make_member):
    now = datetime.now(UTC)
    jonas = make_member("Jonas Becker", zone="Europe/Berlin")
    priya = make_member("Priya Raman", zone="Asia/Kolkata")
    kai = make_member("Kai Nohours", zone="UTC")
    oda = make_member("Oda Other", zone="America/New_York")
    platform = teams.create_team(admin.id, name="Platform")
    for person in (jonas, priya, kai):
        teams.add_member(admin.id, platform.id, person.id, "Engineer")
    other = teams.create_team(admin.id, name="Other")
    teams.add_member(admin.id, other.id, oda.id)
    new = hire(admin, platform, zone="Europe/Lisbon")
    pattern_editing.save_pattern(new.id, weekdays("Europe/Lisbon"), now)
    pattern_editing.save_pattern(jonas.id, weekdays("Europe/Berlin"), now)
    pattern_editing.save_pattern(priya.id, weekdays("Asia/Kolkata"), now)
    write_manual(priya.id, now, Preferences(), feedback=(SECRET, "private"))
    return {"hire": new, "jonas": jonas, "priya": priya, "kai": kai, "oda": oda}


@pytest.fixture
def hire_client(client, auth, world):
    auth.login(world["hire"].email)
    return client


def proposed(client) -> dict[int, str]:
    """The review page's pre-selected time per teammate id."""
    response = client.get("/onboarding/intros/plan")
    assert response.status_code == 200
    picks = {}
    for tid, options in re.findall(r'name="slot-(\d+)"[^>]*>(.*?)</select>', response.text, re.S):
        picks[int(tid)] = re.search(r'value="([^"]+)" selected', options)[1]
    return picks


def options_of(client, teammate_id: int) -> list[str]:
    page = client.get("/onboarding/intros/plan").text
    block = re.search(rf'name="slot-{teammate_id}"[^>]*>(.*?)</select>', page, re.S)[1]
    return re.findall(r'value="([^"]+)"', block)


def book(client, picks: dict[int, str]):
    data = {"include": [str(t) for t in picks]}
    data.update({f"slot-{t}": start for t, start in picks.items()})
    return client.post("/onboarding/intros/book", data=data)


def intros_of(member_id: int) -> list[Meeting]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(Meeting).where(Meeting.organiser_id == member_id).order_by(Meeting.start)
        )
    )


def test_one_action_proposes_a_batch_and_explains_who_cannot_fit(hire_client, world):
    page = hire_client.get("/onboarding/intros/plan").text
    picks = proposed(hire_client)
    assert set(picks) == {world["jonas"].id, world["priya"].id}
    assert "Could not fit" in page and "Kai Nohours" in page
    starts = sorted(datetime.fromisoformat(s) for s in picks.values())
    assert starts[1] - starts[0] >= timedelta(minutes=30)  # no overlap


def test_booking_the_batch_books_every_intro_and_downloads_one_ics(hire_client, world):
    picks = proposed(hire_client)
    response = book(hire_client, picks)
    assert response.status_code == 302 and response.headers["Location"] == "/onboarding/intros"
    booked = intros_of(world["hire"].id)
    assert {m.start for m in booked} == {datetime.fromisoformat(s) for s in picks.values()}
    assert all(m.meeting_type == MeetingType.ONE_ON_ONE.value for m in booked)
    state = db.session.get(OnboardingState, world["hire"].id)
    assert state.intros_booked == 2 and state.intros_booked_at is not None
    page = hire_client.get("/onboarding/intros").text
    assert "Intro: Nia New &amp; Jonas Becker" in page and "Download all invites" in page
    ics = hire_client.get("/onboarding/intros.ics")
    assert ics.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in ics.headers["Content-Disposition"]
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {m.uid for m in booked}
    assert {e.decoded("DTSTART") for e in events} == {m.start for m in booked}
    # Booked teammates are not proposed again.
    assert proposed(hire_client) == {}


def test_dropping_and_swapping_before_booking(hire_client, world):
    jonas = world["jonas"].id
    other_time = options_of(hire_client, jonas)[-1]
    assert other_time != proposed(hire_client)[jonas]
    response = book(hire_client, {jonas: other_time})  # Priya dropped, Jonas swapped
    assert response.status_code == 302
    (meeting,) = intros_of(world["hire"].id)
    assert meeting.start == datetime.fromisoformat(other_time)
    assert {a.member_id for a in meeting.attendees} == {world["hire"].id, jonas}


def test_if_one_intro_no_longer_fits_none_is_booked(hire_client, world):
    picks = proposed(hire_client)
    # The LATER intro fails, so the earlier one was already added in the transaction.
    last_id = max(picks, key=lambda t: datetime.fromisoformat(picks[t]))
    last = world["jonas"] if last_id == world["jonas"].id else world["priya"]
    taken = datetime.fromisoformat(picks[last.id])
    meetings.book(  # meanwhile that teammate books the time for something else
        last.id,
        MeetingDetails("Release review", MeetingType.STATUS),
        start=taken,
        duration=timedelta(minutes=30),
        required_ids=(),
        now=datetime.now(UTC),
    )
    response = book(hire_client, picks)
    assert response.status_code == 409
    assert "Nothing was booked" in response.text and last.display_name in response.text
    assert [m.title for m in intros_of(world["hire"].id)] == []
    assert [m.title for m in intros_of(last.id)] == ["Release review"]
    assert db.session.get(OnboardingState, world["hire"].id).intros_booked == 0
    fresh = re.search(rf'name="slot-{last.id}"[^>]*>(.*?)</select>', response.text, re.S)[1]
    assert picks[last.id] not in fresh  # fresh suggestions, without the taken time


def test_overlapping_or_tampered_choices_are_refused(hire_client, world):
    picks = proposed(hire_client)
    same = next(iter(picks.values()))
    clash = book(hire_client, {t: same for t in picks})
    assert clash.status_code == 422 and "overlap" in clash.text
    assert intros_of(world["hire"].id) == []
    outsider = book(hire_client, {world["oda"].id: same})
    assert outsider.status_code == 422 and "people on your teams" in outsider.text
    bad = hire_client.post(
        "/onboarding/intros/book", data={"include": ["x"], "slot-x": "tomorrow"}
    )
    assert bad.status_code == 400
    assert book(hire_client, {}).status_code == 422
    assert intros_of(world["hire"].id) == []


def test_the_checklist_on_home_and_overview_follows_progress(hire_client, world):
    home = hire_client.get("/").text
    assert "Your first weeks" in home and "0 of 3 teammates" in home and "none yet" in home
    hire_client.post(f"/onboarding/team/{world['jonas'].id}/read")
    book(hire_client, proposed(hire_client))
    page = hire_client.get("/onboarding").text
    assert "1 of 3 teammates" in page and "2 booked on" in page


def test_teammates_see_new_on_your_team_with_a_link_to_the_manual(client, auth, world):
    auth.login(world["jonas"].email)
    home = client.get("/").text
    assert "New on your team" in home
    assert f'href="/people/{world["hire"].id}"' in home and "Nia New" in home
    assert "Your first weeks" not in home
    auth.logout()
    auth.login(world["oda"].email)
    assert "New on your team" not in client.get("/").text


@pytest.fixture
def planted(world):
    """Distinctive text everywhere a careless admin page could leak it."""
    now = datetime.now(UTC)
    write_manual(
        world["hire"].id,
        now,
        story=(WORKSPACE_TEXT, "workspace"),
        feedback=(SECRET + "-hire", "private"),
    )
    whole_week(world["priya"].id, "routine", label=SECRET_ROUTINE, private=True)
    return world


def test_the_admin_page_shows_counts_and_dates_never_content(client, auth, planted, admin):
    auth.login(planted["hire"].email)
    client.post(f"/onboarding/team/{planted['jonas'].id}/read")
    client.post("/onboarding/wizard/hours", data={"skip": "1"})
    auth.logout()
    auth.login(admin.email)
    response = client.get("/admin/onboarding")
    assert response.status_code == 200
    page = response.text
    assert "Nia New" in page and "0 of 4 saved, 1 skipped" in page and "1 of 3" in page
    for text in (SECRET, SECRET_ROUTINE, WORKSPACE_TEXT, "unavailable"):
        assert text not in page
    assert 'href="/admin/onboarding"' in client.get("/admin/invites").text


def test_only_admins_see_onboarding_progress(hire_client):
    assert hire_client.get("/admin/onboarding").status_code == 403


def test_intro_titles_fit_the_meeting_title_column_even_for_long_names():
    from app.services.onboarding.intros import TITLE_LIMIT, intro_title

    long_title = intro_title("A" * 80, "B" * 80)
    assert len(long_title) == TITLE_LIMIT and long_title.endswith("…")
    assert intro_title("Zoe Park", "Amara Okafor") == "Intro: Zoe Park & Amara Okafor"
