"""Sign-out that signs out: copies of a browser's cookies die with it (issue 17, finding 1).

An attacker who copied a member's session cookie or "keep me signed in" cookie before
they signed out must be refused afterwards, and "Sign out everywhere" must end every
other browser's sign-in too. Cookies are replayed exactly as a thief would: the raw
values set on a fresh client.
"""

from __future__ import annotations

import pytest

from app.services import accounts, sign_ins
from tests.conftest import PASSWORD
from tests.manual_helpers import count_queries

SESSION = "session"
REMEMBER = "remember_token"


def _sign_in(app, email: str, remember: bool):
    client = app.test_client()
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302
    assert client.get("/manual").status_code == 200
    return client


def _copy(client, name: str) -> str | None:
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _replay(app, **cookies: str):
    """A fresh browser carrying only the copied cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


@pytest.mark.parametrize("remember", [False, True], ids=["session-only", "keep-me-signed-in"])
def test_sign_out_really_signs_out_this_browser(app, member, remember):
    browser = _sign_in(app, member.email, remember)
    assert (_copy(browser, REMEMBER) is not None) == remember
    browser.post("/logout")
    assert browser.get_cookie(REMEMBER) is None
    assert browser.get("/manual").status_code == 302


@pytest.mark.parametrize("remember", [False, True], ids=["session-only", "keep-me-signed-in"])
def test_copied_cookies_are_refused_after_sign_out(app, member, remember):
    browser = _sign_in(app, member.email, remember)
    stolen_session = _copy(browser, SESSION)
    stolen_remember = _copy(browser, REMEMBER)
    # Before sign-out the copies work: the test would prove nothing otherwise.
    assert _replay(app, session=stolen_session).get("/manual").status_code == 200
    if remember:
        assert _replay(app, remember_token=stolen_remember).get("/manual").status_code == 200
    browser.post("/logout")
    assert _replay(app, session=stolen_session).get("/manual").status_code == 302
    if remember:
        assert _replay(app, remember_token=stolen_remember).get("/manual").status_code == 302
        both = _replay(app, session=stolen_session, remember_token=stolen_remember)
        assert both.get("/manual").status_code == 302


def test_signing_out_one_browser_keeps_the_others(app, member):
    laptop = _sign_in(app, member.email, remember=False)
    phone = _sign_in(app, member.email, remember=True)
    laptop.post("/logout")
    assert laptop.get("/manual").status_code == 302
    assert phone.get("/manual").status_code == 200


def test_sign_out_everywhere_ends_every_browser(app, member):
    laptop = _sign_in(app, member.email, remember=False)
    phone = _sign_in(app, member.email, remember=True)
    stolen_remember = _copy(phone, REMEMBER)
    page = laptop.get("/account")
    assert b"Sign out everywhere" in page.data
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert laptop.get("/manual").status_code == 302
    assert phone.get("/manual").status_code == 302
    assert _replay(app, remember_token=stolen_remember).get("/manual").status_code == 302
    # Signing in again works as usual.
    assert _sign_in(app, member.email, remember=False).get("/manual").status_code == 200


def test_many_sign_outs_stay_bounded_and_correct(app, member):
    """Each sign-out remembers its browser; past the bound everyone is signed out once."""
    phone = _sign_in(app, member.email, remember=True)
    for _ in range(sign_ins.SIGNED_OUT_KEPT + 1):
        _sign_in(app, member.email, remember=False).post("/logout")
    fresh = accounts.get_member(member.id)
    assert len(fresh.signed_out.split()) <= sign_ins.SIGNED_OUT_KEPT
    assert phone.get("/manual").status_code == 302  # the overflow raised the epoch
    assert _sign_in(app, member.email, remember=True).get("/manual").status_code == 200


def test_password_change_ends_copied_remember_cookies(app, auth, member):
    phone = _sign_in(app, member.email, remember=True)
    stolen_remember = _copy(phone, REMEMBER)
    auth.login(member.email)
    auth.client.post(
        "/account/password",
        data={
            "password-current_password": PASSWORD,
            "password-new_password": "a brand new secret",
            "password-confirm": "a brand new secret",
        },
    )
    assert auth.client.get("/manual").status_code == 200
    assert _replay(app, remember_token=stolen_remember).get("/manual").status_code == 302


def test_deactivation_ends_copied_remember_cookies(app, admin, member):
    phone = _sign_in(app, member.email, remember=True)
    stolen_remember = _copy(phone, REMEMBER)
    accounts.set_active(admin.id, member.id, False)
    accounts.set_active(admin.id, member.id, True)
    assert _replay(app, remember_token=stolen_remember).get("/manual").status_code == 302


@pytest.mark.parametrize("remember", [False, True], ids=["session", "remember-cookie"])
def test_loading_the_member_is_still_one_query(app, member, remember):
    """The member row (with its epoch and signed-out list) and the data version come in
    one statement; nothing else on the page reads either."""
    browser = _sign_in(app, member.email, remember)
    cookie = {"remember_token": _copy(browser, REMEMBER)} if remember else {}
    client = _replay(app, **cookie) if remember else browser
    with count_queries() as counter:
        assert client.get("/account").status_code == 200
    loading = [s for s in counter.statements if "FROM member" in s or "data_version" in s]
    assert len(loading) == 1, counter.statements
    assert "data_version" in loading[0] and "member.signed_out" in loading[0]
    assert "member.session_epoch" in loading[0]
