"""What the per-request shortcuts (issue 14) must not change.

Every request's fixed cost was cut: the session cookie's signer is built once, an
unchanged session is not written back, security headers are added in one step, CSRF
work is skipped for safe methods, `ensure_sync` is answered once per function, pooled
connections are pinged only after sitting idle, static versions are rechecked once a
second. Each test here pins the behaviour the shortcut must keep.
"""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
from flask import request, session
from sqlalchemy import create_engine, text
from sqlalchemy.pool import QueuePool

from app import cache_policy
from app.db_pool import ping_when_idle
from app.security import SECURITY_HEADERS, security_headers
from app.session_cookie import SessionCookieInterface
from tests.conftest import PASSWORD, USING_POSTGRES, CSRFConfig, dispose_app, make_app

SECURITY_NAMES = [name for name, _ in SECURITY_HEADERS]


def _set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


# --- Session cookie ------------------------------------------------------------------


def test_an_unchanged_session_is_not_written_back(member_client):
    member_client.get("/")  # the first page may add the CSRF token to the session
    for path in ["/", "/people", "/healthz", "/account"]:
        response = member_client.get(path)
        assert response.status_code == 200, path
        assert _set_cookies(response) == [], path
        assert "Cookie" in response.headers.get("Vary", ""), path


def test_a_changed_session_is_written_and_read_back(app, member_client):
    with member_client.session_transaction() as sess:
        sess["probe"] = "kept"
    response = member_client.get("/account")
    assert response.status_code == 200
    with member_client.session_transaction() as sess:
        assert sess["probe"] == "kept"


def test_cookies_signed_by_flasks_own_interface_still_read(app):
    from flask.sessions import SecureCookieSessionInterface

    flask_signed = SecureCookieSessionInterface().get_signing_serializer(app).dumps({"a": 1})
    ours = SessionCookieInterface().get_signing_serializer(app)
    assert ours.loads(flask_signed) == {"a": 1}
    assert SecureCookieSessionInterface().get_signing_serializer(app).loads(
        ours.dumps({"b": 2})
    ) == {"b": 2}


def test_a_new_secret_key_refuses_old_cookies_and_a_fallback_keeps_them(app):
    interface = SessionCookieInterface()
    old = interface.get_signing_serializer(app).dumps({"a": 1})
    app.secret_key = "another-secret"
    with pytest.raises(Exception, match="Signature"):
        interface.get_signing_serializer(app).loads(old)
    app.config["SECRET_KEY_FALLBACKS"] = ["testing-secret-key"]
    assert interface.get_signing_serializer(app).loads(old) == {"a": 1}


def _open(app, interface, cookie):
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        return interface.open_session(app, request)


def test_a_cookie_read_again_is_a_fresh_copy_and_still_expires(app, monkeypatch):
    from app import session_cookie

    interface = SessionCookieInterface()
    cookie = interface.get_signing_serializer(app).dumps({"a": "1", "n": 2})
    first = _open(app, interface, cookie)
    first["a"] = "changed"
    assert dict(_open(app, interface, cookie)) == {"a": "1", "n": 2}
    # One character of the signed text changed (the signature's last character may
    # only carry base64 padding bits, so it is left alone).
    tampered = cookie[:5] + ("B" if cookie[5] == "A" else "A") + cookie[6:]
    assert dict(_open(app, interface, tampered)) == {}
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 10
    monkeypatch.setattr(session_cookie.time, "time", lambda: later)
    assert dict(_open(app, interface, cookie)) == {}  # expired, cached or not


def test_nested_session_values_are_never_shared_between_requests(app):
    interface = SessionCookieInterface()
    cookie = interface.get_signing_serializer(app).dumps({"slots": {"x": "secret"}})
    first = _open(app, interface, cookie)
    first["slots"]["x"] = "taken"
    assert _open(app, interface, cookie)["slots"] == {"x": "secret"}


def test_a_tampered_cookie_gives_an_empty_session(app, member_client):
    cookie = member_client.get_cookie("session")
    value = cookie.value
    member_client.set_cookie("session", value[:5] + ("B" if value[5] == "A" else "A") + value[6:])
    response = member_client.get("/account")
    assert response.status_code == 302  # signed out: off to the login page


def test_clearing_the_session_deletes_the_cookie(app):
    @app.get("/_probe/clear")
    def clear_session():
        session.clear()
        return "ok"

    client = app.test_client()
    with client.session_transaction() as sess:
        sess["x"] = 1
    response = client.get("/_probe/clear")
    assert any(c.startswith("session=;") for c in _set_cookies(response))


# --- Security headers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/healthz", 200),
        ("/login", 302),  # no member yet: off to setup
        ("/people", 302),  # redirect to sign in
        ("/no-such-page", 404),
        ("/static/no-such-file.css", 404),
    ],
)
def test_every_kind_of_response_has_every_security_header_once(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    for name in SECURITY_NAMES:
        assert len(response.headers.getlist(name)) == 1, (path, name)
    assert "Strict-Transport-Security" not in response.headers  # HSTS is production's


def test_signed_in_pages_and_posts_have_the_security_headers(member_client):
    for response in [member_client.get("/"), member_client.post("/logout")]:
        for name in SECURITY_NAMES:
            assert len(response.headers.getlist(name)) == 1, name


def test_a_header_a_view_set_itself_is_kept(app):
    @app.get("/_probe/framed")
    def framed():
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    response = app.test_client().get("/_probe/framed")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_added_only_when_configured():
    names = [name for name, _ in security_headers(True)]
    assert "Strict-Transport-Security" in names
    assert "Strict-Transport-Security" not in [name for name, _ in security_headers(False)]


# --- CSRF ----------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    from app.services import accounts

    app = make_app(CSRFConfig)

    @app.route("/_probe/write", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def write_probe():
        return "written"

    with app.app_context():
        accounts.create_member(
            email="root@example.test",
            display_name="Root",
            admin=True,
            password=PASSWORD,
            time_zone="UTC",
            min_length=10,
        )
        yield app.test_client()
    dispose_app(app)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_tokenless_unsafe_request_is_refused(csrf_client, method):
    response = csrf_client.open("/_probe/write", method=method, data={"email": "a@x.test"})
    assert response.status_code == 400
    assert csrf_client.open("/_probe/write", method=method).status_code == 400


def test_safe_requests_need_no_token_and_do_no_csrf_check(csrf_client, monkeypatch):
    from app.extensions import csrf

    def fail(*args, **kwargs):
        raise AssertionError("CSRF checked on a safe method")

    monkeypatch.setattr(csrf, "protect", fail)
    for method in ["GET", "HEAD", "OPTIONS"]:
        assert csrf_client.open("/_probe/write", method=method).status_code == 200, method


def test_a_post_with_the_forms_token_passes_the_check(csrf_client):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    form = {"email": "nobody@example.test", "password": "wrong password", "csrf_token": token}
    assert csrf_client.post("/login", data=form).status_code == 422  # the form, not CSRF


# --- ensure_sync ---------------------------------------------------------------------


def test_ensure_sync_keeps_plain_functions_and_still_wraps_coroutines(app, monkeypatch):
    def plain():
        return "plain"

    async def coroutine():
        return "async"

    monkeypatch.setattr(app, "async_to_sync", lambda func: ("wrapped", func))
    for _ in range(2):
        assert app.ensure_sync(plain) is plain
        assert app.ensure_sync(coroutine) == ("wrapped", coroutine)


# --- Pool: ping only after idle ------------------------------------------------------


def _engine(tmp_path, idle_seconds: float):
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.sqlite'}", poolclass=QueuePool)
    ping_when_idle(engine, idle_seconds)
    return engine


def test_a_connection_that_fails_its_idle_ping_is_replaced(tmp_path, monkeypatch):
    engine = _engine(tmp_path, idle_seconds=0)
    with engine.connect() as connection:
        first = connection.connection.dbapi_connection
    calls = []

    def dead(dbapi_connection):
        calls.append(dbapi_connection)
        if len(calls) == 1:
            raise sqlite3.OperationalError("server closed the connection unexpectedly")
        return True

    monkeypatch.setattr(engine.dialect, "do_ping", dead)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
        assert connection.connection.dbapi_connection is not first
    assert calls[0] is first
    engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(tmp_path, monkeypatch):
    engine = _engine(tmp_path, idle_seconds=60)
    pings = []
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or True)
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    assert pings == []
    engine.dispose()


# --- Static versions -----------------------------------------------------------------


def test_static_versions_follow_an_edited_file_within_a_second(tmp_path, monkeypatch):
    (tmp_path / "site.css").write_text("a {}")
    first = cache_policy.static_version(str(tmp_path), "site.css")
    (tmp_path / "site.css").write_text("b { color: red }")
    assert cache_policy.static_version(str(tmp_path), "site.css") == first  # kept a second
    clock = cache_policy.time.monotonic() + 2
    monkeypatch.setattr(cache_policy.time, "monotonic", lambda: clock)
    assert cache_policy.static_version(str(tmp_path), "site.css") != first
    assert cache_policy.static_version(str(tmp_path), "missing.css") is None
    assert cache_policy.static_version(str(tmp_path), "../outside.css") is None


@pytest.mark.skipif(not USING_POSTGRES, reason="needs a PostgreSQL server to end a backend")
def test_a_connection_the_server_killed_while_idle_is_replaced():
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    ping_when_idle(engine, idle_seconds=0)
    with engine.connect() as connection:
        killed = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    other = create_engine(os.environ["TEST_DATABASE_URL"])
    with other.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": killed})
    other.dispose()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != killed
    engine.dispose()


# --- Cookies parsed once per header ---------------------------------------------------


def test_the_same_cookie_header_parses_to_the_same_cookies(app):
    with app.test_request_context(headers={"Cookie": 'a=1; b="x y"; session=abc'}):
        first = request.cookies
        assert dict(first) == {"a": "1", "b": "x y", "session": "abc"}
    with app.test_request_context(headers={"Cookie": 'a=1; b="x y"; session=abc'}):
        assert request.cookies is first
    with app.test_request_context(headers={"Cookie": "a=2"}):
        assert dict(request.cookies) == {"a": "2"}
    with app.test_request_context():
        assert dict(request.cookies) == {}
    with pytest.raises(TypeError):
        first["a"] = "changed"  # shared between requests, so it cannot be changed
