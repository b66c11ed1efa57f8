"""Delete my account: nothing of the member remains in any table or in-process cache,
their meetings' other people keep working pages, a failure changes nothing, and the
last admin is stopped with a clear message.

The scans walk `db.metadata.sorted_tables` and the `app` modules, so a table or cache
added later is covered without editing this file. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import sys
from collections import OrderedDict

import pytest
from sqlalchemy import String, Text, func, select

from app.extensions import db
from app.models import Meeting, Member
from app.services import account_deletion, accounts, api_tokens
from tests.account_data_helpers import MARKER, give_hours, rich_member
from tests.conftest import PASSWORD


@pytest.fixture
def olu(make_member):
    other = make_member("Olu Other", zone="Europe/Berlin")
    give_hours(other.id)
    return other


@pytest.fixture
def team(make_team, olu):
    return make_team("Zeta", olu)


@pytest.fixture
def rich(app, admin, olu, team, now):
    return rich_member(admin, olu, team, now)


def _warm_caches(client, auth, rich, olu, team) -> None:
    """Pages and feeds that fill every in-process cache with the member's things."""
    auth.login(rich.email)
    for url in ("/", "/people", f"/people/{rich.id}", f"/teams/{team.id}", "/manual", "/meetings"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/feeds/{rich.feed_token}.ics").status_code == 200
    auth.logout()
    auth.login(olu.email)
    for url in ("/people", f"/people/{rich.id}", "/people?q=zqxj-story", f"/teams/{team.id}"):
        assert client.get(url).status_code == 200, url
    auth.logout()


def _delete_through_the_page(client, auth, rich) -> None:
    auth.login(rich.email)
    response = client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _member_keys(table):
    return [
        column
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table is Member.__table__
    ]


def test_nothing_of_a_deleted_member_remains_in_any_table(client, auth, rich, olu, team):
    _warm_caches(client, auth, rich, olu, team)
    _delete_through_the_page(client, auth, rich)
    db.session.expire_all()
    found = []
    for table in db.metadata.sorted_tables:
        texts = [c for c in table.columns if isinstance(c.type, String | Text)]
        keys = _member_keys(table) + ([table.c.id] if table is Member.__table__ else [])
        for row in db.session.execute(select(table)).mappings():
            found += [
                f"{table.name}.{c.name}={row[c.name]!r}"
                for c in texts
                if row[c.name] and MARKER in str(row[c.name]).lower()
            ]
            found += [f"{table.name}.{c.name}" for c in keys if row[c.name] == rich.id]
    assert found == []


def _cache_like(value) -> list:
    """The containers an in-process cache keeps values in."""
    if isinstance(value, dict | OrderedDict | list | set | frozenset):
        return [value]
    if isinstance(value, type) or not hasattr(type(value), "forget_all"):
        return []
    return [getattr(value, name) for name in ("_values", "_entries") if hasattr(value, name)]


def test_nothing_of_a_deleted_member_remains_in_any_in_process_cache(
    app, client, auth, rich, olu, team
):
    _warm_caches(client, auth, rich, olu, team)
    _delete_through_the_page(client, auth, rich)
    leftovers = []
    modules = [m for name, m in list(sys.modules.items()) if name.startswith("app.")]
    holders = [(m.__name__, vars(m)) for m in modules]
    holders.append(("jinja globals", dict(app.jinja_env.globals)))
    for where, namespace in holders:
        for name, value in list(namespace.items()):
            ours = (getattr(value, "__module__", "") or "").startswith("app.")
            lru = isinstance(value, functools._lru_cache_wrapper)
            if lru and ours and value.cache_info().currsize:
                leftovers.append(f"{where}.{name}: lru cache still holds entries")
            for container in _cache_like(value):
                if MARKER in repr(container).lower():
                    leftovers.append(f"{where}.{name}")
    from app.services import patterns

    assert not [key for key in patterns._BY_STAMP if key[0] == rich.id]
    verified = app.session_interface._opened.values()
    assert not [data for _, data in verified if data.get("_user_id", "").startswith(f"{rich.id}:")]
    assert leftovers == []


def test_other_attendees_pages_still_work_and_get_the_cancellation(client, auth, rich, olu, team):
    _delete_through_the_page(client, auth, rich)
    organised = db.session.get(Meeting, rich.organised_meeting_id)
    assert organised.status == "cancelled" and organised.organiser_id is None
    assert organised.sequence == 1
    auth.login(olu.email)
    for url in ("/", "/people", f"/teams/{team.id}", "/meetings", "/calendar"):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/meetings/{rich.organised_meeting_id}")
    assert page.status_code == 200 and b"This meeting was cancelled" in page.data
    assert b"A former member" in page.data
    invite = client.get(f"/meetings/{rich.organised_meeting_id}/invite.ics")
    assert invite.status_code == 200
    text = invite.data.decode()
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and "SEQUENCE:1" in text
    attended = client.get(f"/meetings/{rich.attended_meeting_id}")
    assert attended.status_code == 200 and rich.name.encode() not in attended.data
    assert db.session.get(Meeting, rich.attended_meeting_id).sequence == 1


def test_deleted_member_s_feeds_and_tokens_stop_working(client, auth, rich, now):
    _delete_through_the_page(client, auth, rich)
    assert client.get(f"/feeds/{rich.feed_token}.ics").status_code == 404
    assert api_tokens.member_for_token(rich.api_token, now) is None
    assert auth.login(rich.email).status_code == 422  # the form again: no such account


def _row_counts() -> dict[str, int]:
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def test_a_failure_during_deletion_leaves_everything_as_it_was(client, auth, rich, monkeypatch):
    before = _row_counts()
    statuses = dict(db.session.execute(select(Meeting.id, Meeting.status)).all())
    real_erase = account_deletion.erase

    def erase_then_fail(table, condition, depth=0):
        real_erase(table, condition, depth)
        if table.name == "member":
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(account_deletion, "erase", erase_then_fail)
    auth.login(rich.email)
    with pytest.raises(RuntimeError):
        client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    db.session.rollback()
    db.session.expire_all()
    assert _row_counts() == before
    assert dict(db.session.execute(select(Meeting.id, Meeting.status)).all()) == statuses
    assert db.session.get(Member, rich.id).display_name == rich.name


def test_wrong_password_deletes_nothing(client, auth, rich):
    before = _row_counts()
    auth.login(rich.email)
    page = client.post("/account/delete", data={"password": "not my password", "understood": "y"})
    assert page.status_code == 422 and b"That is not your password." in page.data
    assert _row_counts() == before


def test_the_last_admin_cannot_delete_themselves(client, auth, admin):
    auth.login(admin.email)
    page = client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    assert page.status_code == 422
    assert "Make someone else an admin first." in page.data.decode()
    assert db.session.get(Member, admin.id) is not None


def test_an_admin_with_another_admin_can_delete_themselves(client, auth, admin, make_member):
    make_member("Second Admin", admin=True)
    admin_id = admin.id
    auth.login(admin.email)
    client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    db.session.expire_all()
    assert db.session.get(Member, admin_id) is None


def test_an_admin_deletes_a_deactivated_member_but_not_an_active_one(client, auth, admin, rich):
    auth.login(admin.email)
    refused = client.post(f"/admin/members/{rich.id}/delete", follow_redirects=True)
    assert "Deactivate this account first" in refused.data.decode()
    assert db.session.get(Member, rich.id) is not None
    accounts.set_active(admin.id, rich.id, False)
    page = client.get("/admin/members")
    assert f"Delete {rich.name} and all their data".encode() in page.data
    client.post(f"/admin/members/{rich.id}/delete")
    db.session.expire_all()
    assert db.session.get(Member, rich.id) is None


def test_a_member_cannot_use_the_admin_deletion(client, auth, member, rich, admin):
    accounts.set_active(admin.id, rich.id, False)
    auth.login(member.email)
    assert client.post(f"/admin/members/{rich.id}/delete").status_code == 403
    assert db.session.get(Member, rich.id) is not None


def test_settings_explain_export_and_deletion(member_client):
    page = member_client.get("/account").data.decode()
    assert "Download my data (.zip)" in page and "Delete my account" in page
    delete_page = member_client.get("/account/delete").data.decode()
    assert 'type="password"' in delete_page and "cancelled" in delete_page


def test_a_deleted_admin_is_no_longer_named_in_what_they_did_to_others(
    client, auth, admin, olu, make_team, now
):
    """Others keep the record of an act on their account, but not the deleted actor's name."""
    from app.models import AccountEvent
    from app.services import teams

    acting = accounts.create_member(
        email="acting@example.test",
        display_name=f"{MARKER.title()}actor Admin",
        password=PASSWORD,
        time_zone="Europe/Berlin",
        min_length=10,
        admin=True,
        created_by_id=admin.id,
    )
    other_team = make_team("Omega")
    teams.add_member(acting.id, other_team.id, olu.id, now=now)
    account_deletion.delete_own_account(acting.id, PASSWORD, now)
    db.session.expire_all()
    events = db.session.scalars(select(AccountEvent).where(AccountEvent.member_id == olu.id))
    joined = [e for e in events if e.team_id == other_team.id]
    assert joined and all(e.actor_id is None for e in joined)
    assert all(MARKER not in e.actor_name.lower() for e in joined)
    assert {e.actor_name for e in joined} == {account_deletion.FORMER_MEMBER}


def test_other_attendees_own_calendars_hear_of_the_cancellations(
    client, auth, rich, olu, team, monkeypatch
):
    """Write-back is asked about every meeting the deletion cancelled or changed."""
    from app import tasks

    queued = []
    monkeypatch.setattr(tasks, "meetings_changed", lambda ids: queued.extend(ids))
    _delete_through_the_page(client, auth, rich)
    assert sorted(queued) == sorted({rich.organised_meeting_id, rich.attended_meeting_id})
