"""An admin cannot become a member through a reset link (issue 17, finding 3).

The attack: an admin makes a reset link for a member, opens it herself, sets a password,
signs in as the member and reads their "only me" sections. These tests play it through
the pages, with and without mail, and check the member is told.
"""

from __future__ import annotations

import re
import time

import pytest

from app.cli import reset_link_command
from app.extensions import db
from app.models import PasswordReset
from app.services import accounts, recovery_codes
from tests.conftest import PASSWORD
from tests.functional.test_invites import smtp_server  # noqa: F401 (a fixture)
from tests.manual_helpers import write_manual

SECRET = "my only-me diary entry"
NEW = "the admin's chosen password"
SHOWN_LINK = re.compile(r"/reset/([A-Za-z0-9_\-]{20,})")


@pytest.fixture
def diarist(member, now):
    write_manual(member.id, now, story=(SECRET, "private"), work_best=("Mornings", "workspace"))
    return member


def _ask_for_link(admin_client, member):
    """The admin asks for a link and lands where the app sends her (the link is shown on
    a GET page after a redirect, never on the POST's own response)."""
    return admin_client.post(f"/admin/members/{member.id}/reset-link", follow_redirects=True)


def _live_resets() -> int:
    query = db.select(db.func.count(PasswordReset.id)).where(PasswordReset.used_at.is_(None))
    return db.session.scalar(query)


def _sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def _wait_for(inbox, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_without_mail_or_recovery_code_no_link_is_made(app, admin_client, diarist):
    response = _ask_for_link(admin_client, diarist)
    assert response.status_code == 409
    body = response.data.decode()
    assert not SHOWN_LINK.search(body)
    assert "teamshape reset-link" in body
    assert _live_resets() == 0


def test_without_mail_the_admin_s_link_is_useless_without_the_member_s_code(
    app, admin_client, auth, diarist
):
    code = recovery_codes.make_code(diarist.id)
    response = _ask_for_link(admin_client, diarist)
    assert response.status_code == 200
    token = SHOWN_LINK.search(response.data.decode()).group(1)
    # The admin opens it herself: first signed in, then signed out in another browser.
    assert admin_client.get(f"/reset/{token}").status_code == 409
    thief = app.test_client()
    page = thief.get(f"/reset/{token}")
    assert page.status_code == 200 and b"recovery code" in page.data
    for guess in ("", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"):
        refused = thief.post(
            f"/reset/{token}", data={"password": NEW, "confirm": NEW, "recovery_code": guess}
        )
        assert refused.status_code == 422 and b"not your recovery code" in refused.data
    assert accounts.authenticate(diarist.email, NEW) is None
    attempt = app.test_client()
    _sign_in(attempt, diarist.email, NEW)
    assert SECRET not in attempt.get("/manual").data.decode()
    # The member, with her code (typed loosely), gets in, and the code is spent.
    member = app.test_client()
    used = member.post(
        f"/reset/{token}",
        data={"password": NEW, "confirm": NEW, "recovery_code": code.lower().replace("-", " ")},
    )
    assert used.status_code == 302
    assert accounts.get_member(diarist.id).recovery_code_hash is None


def test_with_mail_the_link_goes_to_the_member_and_never_to_the_admin(
    app,
    admin_client,
    diarist,
    smtp_server,  # noqa: F811
):
    port, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="ts@example.test")
    response = _ask_for_link(admin_client, diarist)
    assert response.request.path == "/admin/members"  # back to the list, no link page
    followed = response.data.decode()
    assert "mailed to mo@example.test" in followed
    assert not SHOWN_LINK.search(followed)
    _wait_for(inbox, 1)
    message = inbox.messages[0]
    assert message["To"] == diarist.email
    token = SHOWN_LINK.search(message.get_payload()).group(1)
    # No recovery code needed: the mailbox is the member's proof.
    member = app.test_client()
    used = member.post(f"/reset/{token}", data={"password": NEW, "confirm": NEW})
    assert used.status_code == 302
    _wait_for(inbox, 2)
    assert "was just changed" in inbox.messages[1].get_payload()


def test_a_reset_mail_that_cannot_be_sent_leaves_no_live_link(app, admin_client, diarist):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=9)  # nothing listens on discard
    followed = _ask_for_link(admin_client, diarist).data.decode()
    assert "could not be sent" in followed
    assert not SHOWN_LINK.search(followed)
    assert _live_resets() == 0


def test_the_member_is_told_on_next_sign_in_once(app, admin_client, admin, diarist):
    recovery_codes.make_code(diarist.id)
    _ask_for_link(admin_client, diarist)
    member = app.test_client()
    response = _sign_in(member, diarist.email, PASSWORD)
    home = member.get(response.headers["Location"]).data.decode()
    assert "Ada Admin made a password-reset link for you." in home
    assert "tell your admins" in home
    member.post("/logout")
    again = _sign_in(member, diarist.email, PASSWORD)
    assert "password-reset link" not in member.get(again.headers["Location"]).data.decode()
    assert "Ada Admin made a password-reset link for you." in member.get("/account").data.decode()


def test_a_used_reset_is_announced_with_who_made_it(app, admin_client, diarist):
    code = recovery_codes.make_code(diarist.id)
    token = SHOWN_LINK.search(_ask_for_link(admin_client, diarist).data.decode()).group(1)
    app.test_client().post(
        f"/reset/{token}", data={"password": NEW, "confirm": NEW, "recovery_code": code}
    )
    member = app.test_client()
    response = _sign_in(member, diarist.email, NEW)
    home = member.get(response.headers["Location"]).data.decode()
    assert "A reset link made by Ada Admin set a new password for you." in home


def test_the_operator_can_make_a_link_on_the_command_line(app, diarist):
    result = app.test_cli_runner().invoke(reset_link_command, ["--email", diarist.email])
    assert result.exit_code == 0, result.output
    token = SHOWN_LINK.search(result.output).group(1)
    used = app.test_client().post(f"/reset/{token}", data={"password": NEW, "confirm": NEW})
    assert used.status_code == 302
    member = app.test_client()
    response = _sign_in(member, diarist.email, NEW)
    home = member.get(response.headers["Location"]).data.decode()
    assert "the server’s operator" in home


def test_an_admin_joining_a_team_is_shown_to_its_members(
    app, admin_client, admin, make_member, make_team
):
    ben = make_member("Ben Teammate")
    team = make_team("Design", ben)
    admin_client.post(f"/admin/teams/{team.id}/members", data={"add-member_id": admin.id})
    teammate = app.test_client()
    _sign_in(teammate, ben.email, PASSWORD)
    page = teammate.get(f"/teams/{team.id}").data.decode()
    assert "Ada Admin added Ada Admin to the team “Design”." in page
    assert "Ada Admin added Ben Teammate to the team “Design”." in page
    admin_client.post(f"/admin/teams/{team.id}/members/{ben.id}/remove")
    settings = teammate.get("/account").data.decode()
    assert "Ada Admin removed you from the team “Design”." in settings
    assert "Ada Admin added you to the team “Design”." in settings


def test_a_password_an_admin_chose_is_flagged_until_the_member_changes_it(app, admin_client):
    made = admin_client.post(
        "/admin/members",
        data={
            "display_name": "Nell New",
            "email": "nell@example.test",
            "time_zone": "UTC",
            "password": PASSWORD,
        },
    )
    assert made.status_code == 302
    nell = app.test_client()
    first = _sign_in(nell, "nell@example.test", PASSWORD)
    assert first.headers["Location"] == "/account#password-heading"
    settings = nell.get("/account").data.decode()
    assert "An admin chose your password" in settings
    assert "Ada Admin made your account with a password they chose." in settings
    nell.post(
        "/account/password",
        data={
            "password-current_password": PASSWORD,
            "password-new_password": NEW,
            "password-confirm": NEW,
        },
    )
    assert "Your password was changed in Settings." in nell.get("/account").data.decode()
    nell.post("/logout")
    assert _sign_in(nell, "nell@example.test", NEW).headers["Location"] == "/"
