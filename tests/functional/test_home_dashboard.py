"""Home, the dashboard: working now, today's overlap, next meetings with each attendee's
"how to help me" (only as the viewer may see it), manual health, the new hire's
"Continue" step (also right after sign-in), and a statement count that does not grow
with the teams."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest

from app.services import meetings, onboarding
from tests.booking_helpers import HALF_HOUR, STATUS, TUESDAY_10, give_hours
from tests.manual_helpers import count_queries, write_manual

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 10:00 in Berlin
ALLOWED = {
    "workspace": {"self", "teammate", "stranger"},
    "teams": {"self", "teammate"},
    "private": {"self"},
}


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)


@pytest.fixture
def crew(make_member, make_team, admin):
    lead = make_member("Lena Lead")
    mate = make_member("Tom Teammate")
    stranger = make_member("Sam Stranger")
    make_team("Core", lead, mate)
    make_team("Elsewhere", stranger)
    for person in (lead, mate, stranger):
        give_hours(person.id)
    return {"lead": lead, "mate": mate, "stranger": stranger}


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def book(organiser, *required, start=TUESDAY_10):
    return meetings.book(
        organiser.id,
        STATUS,
        start=start,
        duration=HALF_HOUR,
        required_ids=tuple(m.id for m in required),
        optional_ids=(),
        now=NOW,
    )


def test_working_now_and_todays_overlap(client, auth, crew, make_member, make_team):
    late = make_member("Kai Late", zone="Asia/Tokyo")  # 18:00 in Tokyo: off work
    give_hours(late.id, start=clock(9), end=clock(18))  # 09–18 Tokyo = 01–10 Berlin
    make_team("Core Plus", crew["lead"], late)
    auth.login(crew["lead"].email)
    html = home(client)
    now_part = html.split('id="now-heading"', 1)[1].split("</section>", 1)[0]
    assert "Tom Teammate" in now_part and "Sam Stranger" not in now_part
    assert "1 of 2 teammates is working now" in now_part
    overlap = html.split('id="overlap-heading"', 1)[1].split("</section>", 1)[0]
    assert "Core</a>" in overlap and "09:00–17:00" in overlap  # both Berlin, 9–5
    assert "09:00–10:00" in overlap  # with Tokyo's 09–18: Berlin 09:00–10:00
    assert "(all 2)" in overlap


@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("viewer", ["self", "teammate", "stranger"])
def test_how_to_help_me_shows_only_what_the_viewer_may_see(client, auth, crew, visibility, viewer):
    lead, mate, stranger = crew["lead"], crew["mate"], crew["stranger"]
    write_manual(lead.id, NOW, help_me=(f"Send agendas helpme{visibility}", visibility))
    book(lead, mate, stranger)
    who = {"self": lead, "teammate": mate, "stranger": stranger}[viewer]
    auth.login(who.email)
    html = home(client)
    meetings_part = html.split('id="upcoming-heading"', 1)[1].split("</section>", 1)[0]
    assert "Weekly sync" in meetings_part
    if viewer == "self":  # your own note is not "how to help" you
        assert f"helpme{visibility}" not in meetings_part
        return
    assert (f"helpme{visibility}" in meetings_part) is (viewer in ALLOWED[visibility])
    assert ("How to help Lena Lead" in meetings_part) is (viewer in ALLOWED[visibility])


def test_only_me_help_text_never_shows_to_anyone_else(client, auth, crew, admin):
    lead = crew["lead"]
    write_manual(lead.id, NOW, help_me=("Onlyme-secret-help", "private"))
    give_hours(admin.id)
    book(lead, crew["mate"], crew["stranger"], admin)
    for who in (crew["mate"], crew["stranger"], admin, lead):
        auth.login(who.email)
        assert "Onlyme-secret-help" not in home(client)
        auth.logout()


def test_manual_health_lists_stale_and_unwritten_sections(client, auth, crew, monkeypatch):
    lead = crew["lead"]
    old = NOW - timedelta(days=400)
    write_manual(lead.id, old, story=("Old story", "workspace"), work_best=("Mornings", "teams"))
    write_manual(
        lead.id,
        NOW - timedelta(days=3),
        story=("New story", "workspace"),
        work_best=("Mornings", "teams"),
    )
    auth.login(lead.email)
    html = home(client)
    health = html.split('id="health-heading"', 1)[1].split("</section>", 1)[0]
    assert "2 of 7 sections written" in health
    assert "Last reviewed" in health
    stale = health.split("Unchanged for a while", 1)[1].split("</ul>", 1)[0]
    assert "How I work best" in stale and "My story" not in stale
    assert "How to help me" in health.split("Not written yet", 1)[1]


def test_without_a_manual_home_invites_one(client, auth, crew):
    auth.login(crew["stranger"].email)
    assert "write your manual" in home(client)


def test_a_new_hire_lands_on_home_with_continue_step_3_of_4(client, app, admin, make_team):
    team = make_team("Hires")
    from app.services import invites

    issued = invites.create_invite(
        admin.id,
        email="nia@example.test",
        display_name="Nia New",
        team_ids=[team.id],
        start_date=NOW.date(),
        now=NOW,
        valid_days=14,
    )
    hire = invites.accept_invite(
        issued.token,
        display_name="Nia New",
        password="correct horse battery",
        time_zone="Europe/Berlin",
        now=NOW,
        min_length=10,
    )
    onboarding.skip_step(hire.id, "hours", NOW)
    onboarding.skip_step(hire.id, "energy", NOW)
    response = client.post(
        "/login", data={"email": "nia@example.test", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = home(client)
    assert "Continue: step 3 of 4" in html
    assert 'href="/onboarding/wizard/communication"' in html


def test_a_member_who_is_not_onboarding_sees_no_continue(client, auth, crew):
    auth.login(crew["lead"].email)
    assert "Continue: step" not in home(client)


def test_home_statements_do_not_grow_with_teams_or_attendees(
    client, auth, crew, make_member, make_team
):
    lead = crew["lead"]
    write_manual(lead.id, NOW, help_me=("Agenda first", "workspace"))
    auth.login(lead.email)

    def grow(count: int, start: int) -> None:
        people = [make_member(f"Extra {start + n}") for n in range(count)]
        for person in people:
            give_hours(person.id)
            write_manual(person.id, NOW, help_me=(f"Help {person.id}", "teams"))
        make_team(f"Team {start}", lead, *people)
        book(lead, *people[:3], start=TUESDAY_10 + timedelta(hours=start // 50))

    grow(2, 0)
    home(client)
    with count_queries() as small:
        home(client)
    grow(12, 100)
    home(client)
    with count_queries() as large:
        home(client)
    assert small.count == large.count
