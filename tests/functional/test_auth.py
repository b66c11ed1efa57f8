"""Setup, sign-in, sign-out and sessions, through the test client."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.services import accounts
from tests.conftest import PASSWORD


def test_empty_workspace_sends_everyone_to_setup(client):
    assert client.get("/").headers["Location"].endswith("/setup")
    assert client.get("/login").headers["Location"].endswith("/setup")
    page = client.get("/setup")
    assert page.status_code == 200
    assert b"Create workspace" in page.data


def test_setup_creates_the_first_admin_and_signs_them_in(client):
    response = client.post(
        "/setup",
        data={
            "display_name": "Grace Hopper",
            "email": "Grace@Example.test",
            "time_zone": "America/New_York",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert b"Hello, Grace Hopper" in response.data
    member = accounts.authenticate("grace@example.test", PASSWORD)
    assert member is not None and member.is_admin


def test_setup_is_gone_once_someone_exists(client, admin):
    response = client.get("/setup")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    client.post(
        "/setup",
        data={
            "display_name": "Mallory",
            "email": "m@example.test",
            "time_zone": "UTC",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert accounts.authenticate("m@example.test", PASSWORD) is None


def test_setup_refusal_keeps_what_was_typed(client):
    response = client.post(
        "/setup",
        data={
            "display_name": "Grace Hopper",
            "email": "grace@example.test",
            "time_zone": "Mars/Olympus",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 422
    assert b"not a time zone we know" in response.data
    assert b'value="Grace Hopper"' in response.data
    assert b'value="grace@example.test"' in response.data
    assert accounts.needs_setup()


def test_login_success_lands_on_home_with_name(client, auth, member):
    response = auth.login(member.email.upper())
    assert response.status_code == 302
    home = client.get("/")
    assert b"Hello, Mo Member" in home.data


def test_wrong_password_and_unknown_email_read_the_same(client, auth, member):
    wrong = auth.login(member.email, "not the password")
    unknown = auth.login("nobody@example.test", "not the password")
    assert wrong.status_code == unknown.status_code == 422
    message = "don’t match an active account".encode()
    assert message in wrong.data and message in unknown.data
    assert b'value="nobody@example.test"' in unknown.data


def test_repeated_failures_are_rate_limited(client, auth, member):
    statuses = [auth.login(member.email, "wrong password!").status_code for _ in range(12)]
    assert statuses[:10] == [422] * 10
    assert statuses[-1] == 429
    assert b"Slow down" in auth.login(member.email).data


def test_external_next_is_refused(client, auth, member):
    for target in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/.//evil.example",
        "/a/..//evil.example",
        "///evil.example",
    ):
        response = client.post(
            f"/login?next={target}", data={"email": member.email, "password": PASSWORD}
        )
        location = response.headers["Location"]
        assert not location.startswith("//"), target
        assert urlsplit(location).netloc in ("", "localhost"), target
        auth.logout()


def test_internal_next_is_followed(client, member):
    response = client.post(
        "/login?next=/account", data={"email": member.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_logout_ends_the_session(member_client):
    assert member_client.get("/account").status_code == 200
    member_client.post("/logout")
    assert member_client.get("/account").status_code == 302


def test_login_starts_a_fresh_session(client, auth, member):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(member.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_remember_me_sets_a_lasting_cookie(client, auth, member):
    auth.login(member.email, remember="y")
    assert client.get_cookie("remember_token") is not None


def test_deactivated_member_is_locked_out_and_signed_out(app, client, auth, admin, member):
    auth.login(member.email, remember="y")
    assert client.get("/account").status_code == 200
    accounts.set_active(admin.id, member.id, False)
    assert client.get("/account").status_code == 302  # open session no longer works
    assert b"don\xe2\x80\x99t match" in auth.login(member.email).data


def test_password_change_keeps_this_session_and_ends_others(app, auth, member):
    other = app.test_client()
    other.post("/login", data={"email": member.email, "password": PASSWORD})
    auth.login(member.email)
    response = auth.client.post(
        "/account/password",
        data={
            "password-current_password": PASSWORD,
            "password-new_password": "a brand new secret",
            "password-confirm": "a brand new secret",
        },
    )
    assert response.status_code == 302
    assert auth.client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_password_change_refusal_says_why(member_client):
    response = member_client.post(
        "/account/password",
        data={
            "password-current_password": "wrong one!",
            "password-new_password": "a brand new secret",
            "password-confirm": "a brand new secret",
        },
    )
    assert response.status_code == 422
    assert b"not your current password" in response.data


def test_settings_update_profile_and_refuse_unknown_zone(member_client, member):
    response = member_client.post(
        "/account",
        data={
            "profile-display_name": "Mo M.",
            "profile-pronouns": "they/them",
            "profile-time_zone": "Asia/Kolkata",
            "profile-submit": "Save settings",
        },
    )
    assert response.status_code == 302
    assert accounts.get_member(member.id).time_zone == "Asia/Kolkata"
    refused = member_client.post(
        "/account",
        data={
            "profile-display_name": "Mo Renamed",
            "profile-pronouns": "",
            "profile-time_zone": "Europe/Atlantis",
            "profile-submit": "Save settings",
        },
    )
    assert b"not a time zone we know" in refused.data
    assert b'value="Mo Renamed"' in refused.data
    assert accounts.get_member(member.id).display_name == "Mo M."


def test_settings_offers_searchable_zone_list(member_client):
    page = member_client.get("/account").data
    assert b'<datalist id="time-zones">' in page
    assert b'<option value="Pacific/Auckland">' in page
    assert b'list="time-zones"' in page
