"""The data version: every transaction that writes raises it, whatever it wrote and
however (ORM changes or statements); a read-only one does not; and what is cached by it
(the directory's filter lists) is read afresh after any write."""

from __future__ import annotations

from sqlalchemy import delete, update

from app.extensions import db
from app.models import Member, Team
from app.services import data_version, teams
from app.services.directory import filter_options
from tests.manual_helpers import count_queries


def version() -> int:
    db.session.rollback()  # a new transaction reads the committed version
    return data_version.current(db.session)


def test_orm_writes_and_statements_raise_it_reads_do_not(app, make_member):
    ana = make_member("Ana")
    start = version()
    db.session.get(Member, ana.id)
    db.session.commit()
    assert version() == start  # read only

    db.session.get(Member, ana.id).pronouns = "she/her"
    db.session.commit()
    after_orm = version()
    assert after_orm == start + 1

    db.session.execute(update(Member).values(pronouns="they/them"))
    db.session.commit()
    after_statement = version()
    assert after_statement == after_orm + 1

    db.session.execute(delete(Team))  # a statement that changes no row still counts
    db.session.rollback()
    assert version() == after_statement  # rolled back: nothing happened


def test_it_is_read_once_per_transaction(app, make_member):
    make_member("Ana")
    db.session.rollback()
    with count_queries() as counter:
        first = data_version.current(db.session)
        again = data_version.current(db.session)
    assert (first, counter.count) == (again, 1)


def test_filter_lists_follow_every_write(app, admin, make_member):
    make_member("Ana", zone="Asia/Tokyo")
    before = filter_options()
    assert "Asia/Tokyo" in before.zones and before.teams == ()
    teams.create_team(admin.id, name="Design")
    db.session.rollback()
    assert [name for _id, name in filter_options().teams] == ["Design"]
    make_member("Bo", zone="America/Lima")
    db.session.rollback()
    assert "America/Lima" in filter_options().zones


def test_a_directory_page_kept_for_everyone_follows_every_write(
    app, admin, member, make_member, member_client
):
    first = member_client.get("/people").get_data(as_text=True)
    again = member_client.get("/people").get_data(as_text=True)
    assert "Newcomer" not in first + again  # the second view is served from what was kept
    make_member("Newcomer")
    assert "Newcomer" in member_client.get("/people").get_data(as_text=True)
    teams.create_team(admin.id, name="Design")
    team = teams.list_teams()[0]
    assert "1 person found" not in member_client.get(f"/people?team={team.id}").get_data(
        as_text=True
    )
    teams.add_member(admin.id, team.id, member.id)
    assert "1 person found" in member_client.get(f"/people?team={team.id}").get_data(as_text=True)


def test_kept_values_are_worked_out_once_per_version(app, admin):
    kept: data_version.KeptByVersion[int] = data_version.KeptByVersion(8)
    calls = []

    def work_out() -> int:
        calls.append(1)
        return len(calls)

    db.session.rollback()
    assert kept.get(db.session, "k", work_out) == kept.get(db.session, "k", work_out) == 1
    teams.create_team(admin.id, name="Design")  # a write: a new version
    db.session.rollback()
    assert kept.get(db.session, "k", work_out) == 2
