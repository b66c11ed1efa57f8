"""Meet your team: teammate cards, overlap hours, visible highlights only, read marks."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.domain.manual import Preferences
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.extensions import db
from app.models import CardRead
from app.services import data_version, pattern_editing, teams
from tests.functional.test_onboarding_wizard import hire
from tests.manual_helpers import count_queries, whole_week, write_manual

PRIVATE_TEXT = "Zq-private-feedback-words"
PRIVATE_ROUTINE = "Zq-therapy-appointment"


def weekdays(zone: str, start: str = "09:00", end: str = "17:00") -> WeeklyPattern:
    blocks = tuple(
        WeeklyBlock(BlockKind.WORKING, d, time.fromisoformat(start), time.fromisoformat(end))
        for d in range(5)
    )
    return WeeklyPattern(zone, blocks)


@pytest.fixture
def world(app, admin, make_member):
    """A hire in Platform with Jonas (open manual) and Priya (private bits), Oda elsewhere."""
    now = datetime.now(UTC)
    jonas = make_member("Jonas Becker", zone="Europe/Berlin", pronouns="he/him")
    priya = make_member("Priya Raman", zone="Asia/Kolkata", pronouns="she/her")
    oda = make_member("Oda Other", zone="America/New_York")
    platform = teams.create_team(admin.id, name="Platform")
    teams.add_member(admin.id, platform.id, jonas.id, "Tech lead")
    teams.add_member(admin.id, platform.id, priya.id, "Engineer")
    other = teams.create_team(admin.id, name="Other")
    teams.add_member(admin.id, other.id, oda.id)
    person = hire(admin, platform, zone="Europe/Lisbon")
    pattern_editing.save_pattern(person.id, weekdays("Europe/Lisbon"), now)
    pattern_editing.save_pattern(jonas.id, weekdays("Europe/Berlin"), now)
    write_manual(
        jonas.id,
        now,
        Preferences(("chat", "email")),
        work_best=("Mornings are for deep work.\nAfternoons for people.", "teams"),
        help_me=("Send the agenda ahead.", "workspace"),
        communication=("Chat is fine.", "teams"),
        feedback=(PRIVATE_TEXT, "private"),
    )
    write_manual(
        priya.id,
        now,
        Preferences(("video",)),
        work_best=(PRIVATE_TEXT + " work best", "private"),
        communication=("Video please " + PRIVATE_TEXT, "private"),
    )
    whole_week(priya.id, "routine", label=PRIVATE_ROUTINE, private=True)
    return {"hire": person, "jonas": jonas, "priya": priya, "oda": oda}


@pytest.fixture
def hire_client(client, auth, world):
    auth.login(world["hire"].email)
    return client


def _page(client) -> str:
    response = client.get("/onboarding/team")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_card_per_teammate_with_name_pronouns_role_and_time(hire_client, world):
    page = _page(hire_client)
    assert "Jonas Becker" in page and "(he/him)" in page and "Tech lead in Platform" in page
    assert "Priya Raman" in page and "(she/her)" in page and "Engineer in Platform" in page
    assert "Oda Other" not in page
    assert "(Europe/Berlin)" in page and "(Asia/Kolkata)" in page
    assert f'href="/people/{world["jonas"].id}"' in page
    assert f'action="/onboarding/team/{world["jonas"].id}/read"' in page


def test_overlap_hours_come_from_both_weekly_patterns(hire_client):
    page = _page(hire_client)
    # Lisbon 09-17 and Berlin 09-17 share 7 hours a weekday (Berlin is one hour ahead).
    jonas_card = page[page.index("Jonas Becker") : page.index("Priya Raman")]
    assert "35 h a week" in jonas_card
    priya_card = page[page.index("Priya Raman") :]
    assert "0 h a week" in priya_card  # she has no working hours


def test_visible_highlights_and_channel_only(hire_client):
    page = _page(hire_client)
    jonas_card = page[page.index("Jonas Becker") : page.index("Priya Raman")]
    assert "Mornings are for deep work." in jonas_card
    assert "Afternoons for people." not in jonas_card  # first lines only
    assert "Send the agenda ahead." in jonas_card
    assert "Preferred channel" in jonas_card and "Chat" in jonas_card
    priya_card = page[page.index("Priya Raman") :]
    assert "Preferred channel" not in priya_card and "Video" not in priya_card


def test_only_me_content_never_reaches_the_cards(hire_client):
    page = _page(hire_client)
    assert PRIVATE_TEXT not in page
    assert PRIVATE_ROUTINE not in page
    assert "unavailable" in page  # Priya's private routine, as others see it


def _reads() -> list[tuple[int, int]]:
    return [(r.member_id, r.teammate_id) for r in db.session.scalars(db.select(CardRead))]


def _data_version() -> int:
    """The data version as committed now (a fresh transaction: no value kept from before)."""
    db.session.rollback()
    return data_version.current(db.session)


def test_opening_a_card_goes_to_the_profile_and_records_nothing(hire_client, world):
    jonas = world["jonas"]
    version = _data_version()
    response = hire_client.get(f"/onboarding/team/{jonas.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/people/{jonas.id}"
    assert hire_client.get(f"/people/{jonas.id}").status_code == 200
    _page(hire_client)
    assert _reads() == []
    assert _data_version() == version  # no GET wrote anything
    assert "card-read" not in _page(hire_client)


def test_i_have_read_this_records_the_read_once_by_post(hire_client, world):
    jonas = world["jonas"]
    version = _data_version()
    response = hire_client.post(f"/onboarding/team/{jonas.id}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/onboarding/team#card-{jonas.id}"
    assert _data_version() > version  # the data version does see a write
    hire_client.post(f"/onboarding/team/{jonas.id}/read")
    assert _reads() == [(world["hire"].id, jonas.id)]
    page = _page(hire_client)
    jonas_card = page[page.index("Jonas Becker") : page.index("Priya Raman")]
    priya_card = page[page.index("Priya Raman") :]
    assert "card-read" in jonas_card and "card-read" not in priya_card
    assert "I’ve read this" not in jonas_card and "I’ve read this" in priya_card


def test_reading_needs_a_post(hire_client, world):
    assert hire_client.get(f"/onboarding/team/{world['jonas'].id}/read").status_code == 405
    assert _reads() == []


def test_only_teammates_cards_can_be_opened_or_marked(hire_client, world):
    assert hire_client.get(f"/onboarding/team/{world['oda'].id}").status_code == 404
    assert hire_client.get("/onboarding/team/99999").status_code == 404
    assert hire_client.post(f"/onboarding/team/{world['oda'].id}/read").status_code == 404
    assert hire_client.post("/onboarding/team/99999/read").status_code == 404
    assert _reads() == []


def test_only_new_hires_record_reads(client, auth, world):
    auth.login(world["jonas"].email)  # a teammate of long standing, not being onboarded
    page = _page(client)
    assert "Nia New" in page and "I’ve read this" not in page
    assert client.post(f"/onboarding/team/{world['hire'].id}/read").status_code == 403
    assert client.get(f"/onboarding/team/{world['hire'].id}").status_code == 302
    assert _reads() == []


def test_the_page_needs_sign_in(client):
    assert client.get("/onboarding/team").status_code == 302


def test_cards_take_a_constant_number_of_queries(hire_client, world, admin, make_member):
    _page(hire_client)
    with count_queries() as few:
        _page(hire_client)
    platform = teams.list_teams()[1]
    for n in range(6):
        extra = make_member(f"Extra {n}", zone="America/New_York")
        teams.add_member(admin.id, platform.id, extra.id, "Engineer")
    _page(hire_client)  # the same warm-up as before: the signed-in member is loaded once
    with count_queries() as many:
        page = _page(hire_client)
    assert "Extra 5" in page
    assert many.count == few.count
