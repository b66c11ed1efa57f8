"""Password reset through a one-time, expiring link that an admin generates.

These run without mail, so every link needs the member's recovery code (made here
through the service; tests/functional/test_reset_reaches_the_member.py covers the rest).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import PasswordReset
from app.services import accounts, recovery_codes
from tests.conftest import PASSWORD

LINK = re.compile(r'value="http://localhost/reset/([A-Za-z0-9_\-]+)"')
NEW = "a fresh long password"


CODE = {"member": ""}  # the recovery code the member holds in the current test


def _link(admin_client, member) -> str:
    if accounts.get_member(member.id).recovery_code_hash is None:
        CODE["member"] = recovery_codes.make_code(member.id)
    response = admin_client.post(f"/admin/members/{member.id}/reset-link")
    assert response.status_code == 302  # post/redirect/get: a GET page shows it once
    shown = admin_client.get(response.headers["Location"])
    return LINK.search(shown.data.decode()).group(1)


def _use(client, token, password=NEW):
    data = {"password": password, "confirm": password, "recovery_code": CODE["member"]}
    return client.post(f"/reset/{token}", data=data)


def test_reset_link_sets_a_new_password_once(app, admin_client, member):
    token = _link(admin_client, member)
    visitor = app.test_client()
    assert visitor.get(f"/reset/{token}").status_code == 200
    assert _use(visitor, token).status_code == 302
    assert accounts.authenticate(member.email, NEW) is not None
    assert accounts.authenticate(member.email, PASSWORD) is None
    again = _use(visitor, token, "yet another password")
    assert again.status_code == 410 and b"not valid any more" in again.data


def test_reset_ends_open_sessions(app, admin_client, member):
    open_session = app.test_client()
    open_session.post("/login", data={"email": member.email, "password": PASSWORD})
    assert open_session.get("/account").status_code == 200
    _use(app.test_client(), _link(admin_client, member))
    assert open_session.get("/account").status_code == 302


def test_expired_and_superseded_links_are_refused(app, admin_client, member):
    first = _link(admin_client, member)
    second = _link(admin_client, member)
    visitor = app.test_client()
    assert visitor.get(f"/reset/{first}").status_code == 410
    reset = db.session.scalar(db.select(PasswordReset).where(PasswordReset.used_at.is_(None)))
    reset.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert visitor.get(f"/reset/{second}").status_code == 410


def test_short_password_refused_and_link_still_usable(app, admin_client, member):
    token = _link(admin_client, member)
    visitor = app.test_client()
    refused = _use(visitor, token, "short")
    assert refused.status_code == 422 and b"at least 10" in refused.data
    assert _use(visitor, token).status_code == 302


def test_only_admins_make_reset_links(member_client, admin):
    assert member_client.post(f"/admin/members/{admin.id}/reset-link").status_code == 403
