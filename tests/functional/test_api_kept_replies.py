"""The API's kept replies and its throttled last-used write keep every behaviour.

`GET /members` and `GET /members/<id>/manual` keep their encoded body per data
version and token owner (`app.api.replies`): a write shows on the very next request,
each owner gets only what they may see, and a status is never older than its minute.
A token's last-used time is written at most once a minute, truthfully, and that write
does not empty the caches kept by version.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.models import ApiToken
from app.services import data_version
from tests.api_helpers import bearer, make_token
from tests.manual_helpers import write_manual


@pytest.fixture
def pinned(monkeypatch, now):
    """Pin `app.clock.now`; returns a setter to move it."""
    moment = {"now": now}
    monkeypatch.setattr("app.clock.now", lambda: moment["now"])

    def move(to):
        moment["now"] = to

    return move


def _manual(client, token, member_id):
    reply = client.get(f"/api/v1/members/{member_id}/manual", headers=bearer(token))
    assert reply.status_code == 200, reply.data
    return reply.get_json()


def test_a_write_shows_on_the_next_request(client, make_member, member, now):
    author = make_member("Wren Writer")
    write_manual(author.id, now, story=("first words", "workspace"))
    token = make_token(member.id)
    assert _manual(client, token, author.id)["sections"][0]["body"] == "first words"
    assert _manual(client, token, author.id)["sections"][0]["body"] == "first words"
    write_manual(author.id, now, story=("second words", "workspace"))
    assert _manual(client, token, author.id)["sections"][0]["body"] == "second words"
    write_manual(author.id, now, story=("now hidden", "private"))
    assert _manual(client, token, author.id)["sections"] == []


def test_each_owner_gets_only_their_own_view(client, make_member, make_team, now):
    author = make_member("Ola Owner")
    teammate, stranger = make_member("Tam Mate"), make_member("Sol Stranger")
    make_team("Core", author, teammate)
    write_manual(author.id, now, story=("for the team", "teams"))
    tokens = {who.id: make_token(who.id) for who in (author, teammate, stranger)}
    for _ in range(2):  # the second round is answered from what the first kept
        for who, expected in ((author, 1), (teammate, 1), (stranger, 0)):
            sections = _manual(client, tokens[who.id], author.id)["sections"]
            assert len(sections) == expected, who.display_name


def test_a_member_list_is_rebuilt_every_minute(client, member, pinned, now):
    token = make_token(member.id)
    first = client.get("/api/v1/members", headers=bearer(token)).get_json()
    pinned(now + timedelta(seconds=30))
    same = client.get("/api/v1/members", headers=bearer(token)).get_json()
    assert same == first
    pinned(now + timedelta(minutes=1, seconds=5))
    later = client.get("/api/v1/members", headers=bearer(token)).get_json()
    assert _local_time(later, member.id) - _local_time(first, member.id) == timedelta(minutes=1)


def _local_time(page: dict, member_id: int) -> datetime:
    card = next(m for m in page["items"] if m["id"] == member_id)
    return datetime.fromisoformat(card["status"]["local_time"])


def test_a_deactivated_member_leaves_the_kept_list(client, admin, make_member, member):
    from app.services import accounts

    leaver = make_member("Lee Leaver")
    token = make_token(member.id)
    ids = {m["id"] for m in client.get("/api/v1/members", headers=bearer(token)).json["items"]}
    assert leaver.id in ids
    accounts.set_active(admin.id, leaver.id, False)
    ids = {m["id"] for m in client.get("/api/v1/members", headers=bearer(token)).json["items"]}
    assert leaver.id not in ids


def _last_used(secret_owner_id: int):
    db.session.rollback()
    return db.session.query(ApiToken.last_used_at).filter_by(member_id=secret_owner_id).scalar()


def _version() -> int:
    db.session.rollback()
    return data_version.current(db.session)


def test_last_used_is_written_once_a_minute_and_leaves_the_version(client, member, pinned, now):
    token = make_token(member.id)
    assert _last_used(member.id) is None
    before = _version()
    client.get("/api/v1/members", headers=bearer(token))
    assert _last_used(member.id) == now
    assert _version() == before  # the bookkeeping write empties no cache
    pinned(now + timedelta(seconds=59))
    client.get("/api/v1/members", headers=bearer(token))
    assert _last_used(member.id) == now  # within the minute: not written again
    pinned(now + timedelta(minutes=1))
    client.get("/api/v1/members", headers=bearer(token))
    assert _last_used(member.id) == now + timedelta(minutes=1)
