"""Team pages through the test client: members now, the heatmap's text table, core
overlap hours, privacy of routines, and a query count that ignores team size.

The clock is pinned to Monday 2026-11-30 09:00 UTC (10:00 in Berlin), a week with no
DST change, so every number below can be checked by hand.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import event

from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.extensions import db
from app.services import pattern_editing, teams

FIXED_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
MON = 0


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: FIXED_NOW)


def block(kind, weekday, start, end, **kw) -> WeeklyBlock:
    return WeeklyBlock(kind, weekday, time.fromisoformat(start), time.fromisoformat(end), **kw)


def office(zone: str, *extra: WeeklyBlock) -> WeeklyPattern:
    days = tuple(block(BlockKind.WORKING, d, "09:00", "17:00") for d in range(5))
    return WeeklyPattern(zone, days + extra)


def give_week(person, pattern: WeeklyPattern) -> None:
    pattern_editing.save_pattern(person.id, pattern, FIXED_NOW)


@pytest.fixture
def trio(make_member, admin):
    """Bea (Berlin, Monday peak 09-11 and protected focus 09-10), Leo (London),
    Kiran (Kolkata, 09:00-17:00 = 04:30-12:30 Berlin), all 09:00-17:00 weekdays."""
    bea = make_member("Bea Berlin", zone="Europe/Berlin", email="bea@example.test")
    leo = make_member("Leo London", zone="Europe/London", email="leo@example.test")
    kiran = make_member("Kiran Kolkata", zone="Asia/Kolkata", email="kiran@example.test")
    give_week(
        bea,
        office(
            "Europe/Berlin",
            block(BlockKind.ENERGY, MON, "09:00", "11:00", energy=Energy.PEAK),
            block(BlockKind.FOCUS, MON, "09:00", "10:00", hard=True),
        ),
    )
    give_week(leo, office("Europe/London"))
    give_week(kiran, office("Asia/Kolkata"))
    team = teams.create_team(admin.id, name="Platform", description="Infra and tools.")
    for person, role in ((bea, "Tech lead"), (leo, "Engineer"), (kiran, "SRE")):
        teams.add_member(admin.id, team.id, person.id, role)
    return team, bea, leo, kiran


def cells(page: str, time_text: str) -> list[str]:
    """The seven day cells of the heatmap table row for `time_text`."""
    table = page[page.index('class="compact heatmap-table"') :]
    match = re.search(rf'<th scope="row">{re.escape(time_text)}</th>(.*?)</tr>', table, re.S)
    assert match, time_text
    return [c.strip() for c in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_teams_list_shows_teams_with_member_counts(client, auth, trio, make_team, member):
    make_team("Empty")
    auth.login(member.email)
    page = client.get("/teams").data.decode()
    assert "Platform" in page and "3 members" in page
    assert "Empty" in page and "0 members" in page


def test_team_page_lists_members_with_role_local_time_and_status(client, auth, trio):
    team, bea, _leo, _kiran = trio
    auth.login(bea.email)
    page = text(client.get(f"/teams/{team.id}").data.decode())
    assert "Bea Berlin Tech lead Mon 10:00 Europe/Berlin Working" in page
    assert "Kiran Kolkata SRE Mon 14:30 Asia/Kolkata Working" in page
    assert "Leo London Engineer Mon 09:00 Europe/London Working" in page


def test_heatmap_table_counts_match_a_hand_check(client, auth, trio):
    team, bea, _leo, _kiran = trio
    auth.login(bea.email)
    page = client.get(f"/teams/{team.id}").data.decode()
    # Berlin 09:00: Bea (peak, focus) and Kiran (13:30); Leo's day starts at 10:00 ours.
    assert cells(page, "09:00")[MON] == "2 working, 1 peak, 1 focus"
    assert cells(page, "10:00")[MON] == "3 working, 1 peak, 0 focus"
    assert cells(page, "11:00")[MON] == "3 working, 0 peak, 0 focus"
    assert cells(page, "12:30")[MON] == "2 working, 0 peak, 0 focus"
    assert cells(page, "04:30")[1] == "1 working, 0 peak, 0 focus"  # Kiran alone, Tuesday
    assert cells(page, "17:30")[4] == "1 working, 0 peak, 0 focus"  # Leo until 18:00 ours
    assert '<th scope="row">18:00</th>' not in page  # rows where nobody works are left out
    assert cells(page, "10:00")[5] == "0 working, 0 peak, 0 focus"  # Saturday
    assert "in your time (Europe/Berlin)" in page


def test_core_overlap_is_listed_in_the_viewers_time(client, auth, trio):
    team, bea, _leo, kiran = trio
    auth.login(bea.email)
    page = text(client.get(f"/teams/{team.id}").data.decode())
    assert "(3 of 3)" in page
    assert "Mon–Fri 10:00–12:30 your time" in page
    auth.logout()
    auth.login(kiran.email)
    page = text(client.get(f"/teams/{team.id}").data.decode())
    assert "Mon–Fri 14:30–17:00 your time" in page


def test_unknown_team_is_404_and_pages_need_sign_in(client, auth, trio):
    team, bea, *_ = trio
    assert client.get(f"/teams/{team.id}").status_code == 302
    auth.login(bea.email)
    assert client.get("/teams/9999").status_code == 404


@pytest.fixture
def pia(make_member, trio, admin):
    """Pia (Rome) is in a private routine 'Therapy' at the pinned time (10:00 Rome)."""
    team = trio[0]
    person = make_member("Pia Private", zone="Europe/Rome", email="pia@example.test")
    give_week(
        person,
        office(
            "Europe/Rome",
            block(BlockKind.ROUTINE, MON, "10:00", "11:00", label="Therapy", private=True),
            block(BlockKind.ROUTINE, MON, "12:00", "13:00", label="Lunch walk", hard=False),
        ),
    )
    teams.add_member(admin.id, team.id, person.id, "Designer")
    return person


def test_private_routine_is_only_unavailable_to_teammates_and_admins(
    client, auth, trio, pia, admin
):
    team, bea, *_ = trio
    for viewer in (bea, admin):
        auth.login(viewer.email)
        page = client.get(f"/teams/{team.id}").data.decode()
        assert "Therapy" not in page
        assert "Pia Private Designer Mon 10:00 Europe/Rome Unavailable" in text(page)
        profile = client.get(f"/people/{pia.id}").data.decode()
        assert profile.count("Therapy") == 0
        assert "unavailable" in profile
        assert "Lunch walk" in profile  # a routine that is not private keeps its name
        search = client.get("/people?q=Therapy").data.decode()
        assert "Therapy" not in search.replace('value="Therapy"', "")
        auth.logout()


def test_owner_sees_their_private_routine_by_name(client, auth, trio, pia):
    team = trio[0]
    auth.login(pia.email)
    assert "Routine: Therapy" in text(client.get(f"/teams/{team.id}").data.decode())
    assert "Therapy" in client.get("/manual/pattern").data.decode()


def test_week_chart_on_a_profile_is_in_the_viewers_zone(client, auth, trio):
    _team, bea, _leo, kiran = trio
    auth.login(bea.email)
    page = text(client.get(f"/people/{kiran.id}").data.decode())
    assert "Mon–Fri 09:00–17:00 Asia/Kolkata = 04:30–12:30 your time" in page


@contextmanager
def counted_statements():
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_team_page_queries_do_not_grow_with_team_size(client, auth, make_member, admin, trio):
    small, bea, *_ = trio
    big = teams.create_team(admin.id, name="Everyone")
    for n in range(9):
        person = make_member(f"Person {n}", zone=("Asia/Tokyo", "America/Denver")[n % 2])
        give_week(person, office(person.time_zone))
        teams.add_member(admin.id, big.id, person.id)
    teams.add_member(admin.id, big.id, bea.id)
    small_id, big_id = small.id, big.id
    auth.login(bea.email)
    client.get(f"/teams/{small_id}")  # warm up the patterns cached per process
    client.get(f"/teams/{big_id}")
    forget_kept_by_version()  # as a write would: the roster and log are read again
    db.session.expunge_all()  # the test's session would otherwise remember rows
    with counted_statements() as few:
        assert client.get(f"/teams/{small_id}").status_code == 200
    db.session.expunge_all()
    with counted_statements() as many:
        assert client.get(f"/teams/{big_id}").status_code == 200
    assert len(few) == len(many) == 3  # sign-in, roster, membership log
    db.session.expunge_all()
    with counted_statements() as again:
        assert client.get(f"/teams/{big_id}").status_code == 200
    assert len(again) == 1  # only the sign-in: the rest is kept for the data version


def forget_kept_by_version():
    from app.services import charts, team_page

    charts._ROSTERS.forget_all()
    team_page._CHANGES.forget_all()
    team_page._OVERVIEWS.forget_all()


def test_demo_workspace_has_a_week_for_everyone_and_private_stays_private(client, auth):
    from app import demo
    from app.models import Member, Team
    from app.services.patterns import load_patterns

    demo.seed(now=FIXED_NOW)
    members = {m.email.split("@")[0]: m for m in db.session.query(Member)}
    patterns = load_patterns(m.id for m in members.values())
    assert all(patterns[m.id].blocks for m in members.values())
    sofia = patterns[members["sofia"].id]
    assert [b.private for b in sofia.blocks if b.label == "School pick-up"] == [True] * 5
    assert not any(
        b.weekday == 4 for b in patterns[members["aroha"].id].blocks_of(BlockKind.WORKING)
    )
    product = db.session.query(Team).filter_by(name="Product").one()
    auth.login(members["hana"].email, demo.DEMO_PASSWORD)
    page = client.get(f"/teams/{product.id}").data.decode()
    assert "Sofia Rossi" in page and "School pick-up" not in page
    assert "School pick-up" not in client.get(f"/people/{members['sofia'].id}").data.decode()
