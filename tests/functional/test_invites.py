"""The invite lifecycle: create, accept once, expiry, revoke, resend, mail."""

from __future__ import annotations

import re
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.tokens import hash_token
from app.extensions import db
from app.models import Invite, OnboardingState
from app.services import accounts, invites, teams
from tests.conftest import PASSWORD

LINK = re.compile(r'value="http://localhost/invite/([A-Za-z0-9_\-]+)"')


def _invite(admin_client, email="new@example.test", **extra):
    data = {"email": email, "display_name": "Nia New", **extra}
    response = admin_client.post("/admin/invites", data=data)
    assert response.status_code == 302, response.data  # post/redirect/get
    shown = admin_client.get(response.headers["Location"])
    return LINK.search(shown.data.decode()).group(1)


def _accept(client, token, name="Nia New", zone="Europe/Lisbon"):
    return client.post(
        f"/invite/{token}",
        data={
            "display_name": name,
            "time_zone": zone,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )


def test_admin_invites_and_the_hire_joins_their_teams(app, admin_client, make_team):
    team = make_team("Platform")
    token = _invite(admin_client, teams=[team.id], start_date="2026-12-07")
    assert len(token) >= 43  # 256 bits, url-safe base64
    stored = db.session.scalar(db.select(Invite))
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    admin_client.post("/logout")
    page = admin_client.get(f"/invite/{token}")
    assert b"new@example.test" in page.data and b"Platform" in page.data
    response = _accept(admin_client, token)
    assert response.status_code == 302
    member = accounts.authenticate("new@example.test", PASSWORD)
    assert member is not None and not member.is_admin
    assert member.time_zone == "Europe/Lisbon"
    assert str(member.start_date) == "2026-12-07"
    assert teams.team_ids_of(member.id) == {team.id}
    assert db.session.get(OnboardingState, member.id) is not None
    assert b"Nia New" in admin_client.get("/").data


def test_reused_link_is_refused_with_a_clear_page(admin_client, app):
    token = _invite(admin_client)
    admin_client.post("/logout")
    _accept(admin_client, token)
    other = app.test_client()
    again = other.get(f"/invite/{token}")
    assert again.status_code == 410
    assert b"already been used" in again.data
    assert _accept(other, token, name="Impostor").status_code == 410


def test_expired_link_is_refused(admin_client, app):
    token = _invite(admin_client)
    invite = db.session.scalar(db.select(Invite))
    invite.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(f"/invite/{token}")
    assert response.status_code == 410 and b"expired" in response.data


def test_revoked_link_is_refused(admin_client, app):
    token = _invite(admin_client)
    invite = db.session.scalar(db.select(Invite))
    admin_client.post(f"/admin/invites/{invite.id}/revoke")
    response = app.test_client().get(f"/invite/{token}")
    assert response.status_code == 410 and b"withdrawn" in response.data


def test_resend_kills_the_old_token(admin_client, app):
    old = _invite(admin_client)
    invite = db.session.scalar(db.select(Invite))
    response = admin_client.post(f"/admin/invites/{invite.id}/resend", follow_redirects=True)
    new = LINK.search(response.data.decode()).group(1)
    assert new != old
    visitor = app.test_client()
    assert visitor.get(f"/invite/{old}").status_code == 410
    assert visitor.get(f"/invite/{new}").status_code == 200


def test_unknown_token_gives_a_page_not_a_stack_trace(client, admin):
    response = client.get("/invite/not-a-real-token")
    assert response.status_code == 410 and b"not valid" in response.data


def test_only_admins_invite(member_client):
    assert member_client.get("/admin/invites").status_code == 403
    assert (
        member_client.post("/admin/invites", data={"email": "x@example.test"}).status_code == 403
    )


def test_invite_refusals_keep_input(admin_client, member):
    response = admin_client.post(
        "/admin/invites", data={"email": member.email, "display_name": "Dup Licate"}
    )
    assert response.status_code == 422
    assert b"already has an account" in response.data
    assert b'value="Dup Licate"' in response.data
    _invite(admin_client, email="twice@example.test")
    again = admin_client.post("/admin/invites", data={"email": "twice@example.test"})
    assert b"pending invite" in again.data


def test_accept_refusal_keeps_input_and_leaves_the_link_usable(admin_client, app):
    token = _invite(admin_client)
    visitor = app.test_client()
    response = visitor.post(
        f"/invite/{token}",
        data={
            "display_name": "Nia Typed",
            "time_zone": "Moon/Base",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 422
    assert b"not a time zone we know" in response.data and b'value="Nia Typed"' in response.data
    assert _accept(visitor, token).status_code == 302


def test_two_accepts_of_one_link_make_one_account(admin_client):
    token = _invite(admin_client)
    now = datetime.now(UTC)
    invites.accept_invite(
        token, display_name="A", password=PASSWORD, time_zone="UTC", now=now, min_length=10
    )
    with pytest.raises(invites.InviteUnusable):
        invites.accept_invite(
            token, display_name="B", password=PASSWORD, time_zone="UTC", now=now, min_length=10
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def test_invite_is_emailed_through_smtp_when_configured(app, admin_client, smtp_server):
    port, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="ts@example.test")
    token = _invite(admin_client, email="mailed@example.test")
    deadline = time.monotonic() + 5
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "mailed@example.test"
    assert f"/invite/{token}" in message.get_payload()
    assert db.session.scalar(db.select(Invite)).sent_at is not None
