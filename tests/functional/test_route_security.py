"""Security checks that walk Flask's URL map, so a new route is covered the day it lands.

- Anonymous visitors reach only the explicit public list; everything else sends them to
  sign in (or answers 401/404).
- Every admin route answers 403 to a member.
- Every state-changing route refuses a request without a valid CSRF token.
- Ids nobody may reach (they don't exist) give 403/404, never 200 and never 500.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from app import create_app
from app.services import teams
from config import TestingConfig
from tests.conftest import CSRFConfig, dispose_app, make_app

# Endpoints anyone may open without signing in. Adding one here is a deliberate act.
PUBLIC_ENDPOINTS = {
    "static",
    "health.healthz",
    "health.readyz",
    "home.index",  # redirects to setup or sign-in; shows nothing itself
    "auth.login",
    "auth.setup",
    "onboarding.accept",
    "calendars.personal_feed",
    "calendars.team_feed",
    "auth.reset_password",
    "openapi.spec",  # the API's description is public; every operation needs a token
    "api_docs.docs",
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
UNREACHABLE_ID = 987_654
API = "/api/v1/"  # bearer tokens only; tests/functional/test_api*.py check it with tokens


def _rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"),
        key=lambda r: r.rule,
    )


def _url(rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        numeric = isinstance(rule._converters[name], IntegerConverter)
        values[name] = UNREACHABLE_ID if numeric else "not-a-real-token-value"
    return rule.build(values, append_unknown=False)[1]


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


class RoutesOnlyConfig(TestingConfig):
    """Just enough app to read the URL map: no database is touched."""

    SQLALCHEMY_DATABASE_URI = "sqlite://"


URL_MAP_APP = create_app(RoutesOnlyConfig)
ROUTES = [(r.endpoint, _url(r), m) for r in _rules(URL_MAP_APP) for m in _methods(r)]


def _ids(route):
    return f"{route[2]} {route[1]}"


PRIVATE_ROUTES = [r for r in ROUTES if r[0] not in PUBLIC_ENDPOINTS]


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_ids)
def test_anonymous_visitors_are_sent_to_sign_in(client, admin, route):
    _, url, method = route
    response = client.open(url, method=method)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"], url
    else:
        assert response.status_code in (401, 404), (url, response.status_code)


def test_public_list_names_only_real_endpoints():
    endpoints = {r.endpoint for r in URL_MAP_APP.url_map.iter_rules()}
    assert PUBLIC_ENDPOINTS <= endpoints, PUBLIC_ENDPOINTS - endpoints


ADMIN_ROUTES = [r for r in ROUTES if r[1].startswith("/admin")]


def test_there_are_admin_routes_to_check():
    assert len(ADMIN_ROUTES) >= 8


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=_ids)
def test_admin_routes_refuse_members(member_client, route):
    _, url, method = route
    assert member_client.open(url, method=method).status_code == 403


MUTATING_ROUTES = [r for r in ROUTES if r[2] in STATE_CHANGING]


@pytest.fixture
def csrf_admin_client():
    from app.services import accounts

    app = make_app(CSRFConfig)
    with app.app_context():
        accounts.create_member(
            email="root@example.test",
            display_name="Root",
            admin=True,
            password="correct horse battery",
            time_zone="UTC",
            min_length=10,
        )
        client = app.test_client()
        page = client.get("/login").data.decode()
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login",
            data={
                "email": "root@example.test",
                "password": "correct horse battery",
                "csrf_token": token,
            },
        )
        assert client.get("/account").status_code == 200
        yield client
    dispose_app(app)


@pytest.mark.parametrize("route", MUTATING_ROUTES, ids=_ids)
def test_state_changing_routes_need_a_csrf_token(csrf_admin_client, route):
    _, url, method = route
    response = csrf_admin_client.open(url, method=method, data={"anything": "x"})
    if url.startswith(API):  # bearer tokens only: a signed-in browser gets nothing to forge
        assert response.status_code == 401, (url, response.status_code)
        return
    assert response.status_code == 400, (url, response.status_code)
    bad_token = csrf_admin_client.open(url, method=method, data={"csrf_token": "forged"})
    assert bad_token.status_code == 400


ID_ROUTES = [r for r in ROUTES if str(UNREACHABLE_ID) in r[1] or "not-a-real-token" in r[1]]


@pytest.mark.parametrize("route", ID_ROUTES, ids=_ids)
def test_unreachable_ids_give_403_or_404(member_client, route):
    _, url, method = route
    status = member_client.open(url, method=method).status_code
    assert status in (401,) if url.startswith(API) else (403, 404, 410), (url, status)


# --- Someone else's existing things ------------------------------------------------
# Routes where opening another member's object is the point (a workspace directory).
SHARED_BY_DESIGN = {"directory.profile", "team_pages.show"}


@pytest.fixture
def owned(app, make_member, admin):
    """An owner with one of everything, and an intruder in no team with them."""
    from datetime import UTC, date, datetime, timedelta

    from app.domain.tokens import new_token
    from app.extensions import db
    from app.models import (
        CalendarImport,
        FeedToken,
        Meeting,
        MeetingAttendee,
        OneOffHoursEntry,
        TimeOffEntry,
    )

    owner = make_member("Olive Owner")
    intruder = make_member("Ivan Intruder")
    team = teams.create_team(admin.id, name="Owners only")
    teams.add_member(admin.id, team.id, owner.id)
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    meeting = Meeting(
        uid="owned@teamshape",
        title="Private planning",
        meeting_type="status",
        organiser_id=owner.id,
        start=start,
        end=start + timedelta(minutes=30),
    )
    meeting.attendees.append(MeetingAttendee(member_id=owner.id, required=True))
    feed = FeedToken(token_hash=new_token()[1], kind="personal", member_id=owner.id)
    revoked_token, revoked_hash = new_token()
    revoked = FeedToken(
        token_hash=revoked_hash, kind="personal", member_id=owner.id, revoked_at=start
    )
    imported = CalendarImport(member_id=owner.id, source="Work", event_count=1)
    off = TimeOffEntry(
        member_id=owner.id, first_day=date(2026, 12, 24), last_day=date(2026, 12, 26)
    )
    one_off = OneOffHoursEntry(member_id=owner.id, day=date(2026, 12, 2), blocks="10:00-12:00")
    db.session.add_all([meeting, feed, revoked, imported, off, one_off])
    db.session.commit()
    ids = {
        "meeting_id": meeting.id,
        "feed_id": feed.id,
        "import_id": imported.id,
        "member_id": owner.id,
        "team_id": team.id,
        "number": 1,
    }
    entry_ids = {"patterns.delete_time_off": off.id, "patterns.delete_one_off_hours": one_off.id}
    return owner, intruder, ids, entry_ids, revoked_token


def _owned_url(rule: Rule, ids: dict, entry_ids: dict) -> str | None:
    values = {}
    for name in rule.arguments:
        if name == "entry_id":
            values[name] = entry_ids[rule.endpoint]
        elif name in ids:
            values[name] = ids[name]
        else:
            return None
    return rule.build(values, append_unknown=False)[1]


def test_other_members_things_are_out_of_reach(app, client, owned):
    from app.extensions import db
    from app.models import CalendarImport, FeedToken, Meeting, OneOffHoursEntry, TimeOffEntry

    owner, intruder, ids, entry_ids, revoked_token = owned
    client.post("/login", data={"email": intruder.email, "password": "correct horse battery"})
    checked = []
    for rule in _rules(app):
        if not rule.arguments or rule.endpoint in SHARED_BY_DESIGN | PUBLIC_ENDPOINTS:
            continue
        url = _owned_url(rule, ids, entry_ids)
        if url is None:
            continue
        for method in _methods(rule):
            status = client.open(url, method=method).status_code
            checked.append((method, url, status))
            allowed = (401,) if url.startswith(API) else (403, 404)  # API: no session
            assert status in allowed, (method, url, status)
    assert len(checked) >= 12, checked
    assert client.get(f"/feeds/{revoked_token}.ics").status_code == 404
    # Nothing of the owner's changed.
    db.session.expire_all()
    assert db.session.get(Meeting, ids["meeting_id"]).status == "booked"
    assert db.session.get(FeedToken, ids["feed_id"]).revoked_at is None
    assert db.session.get(CalendarImport, ids["import_id"]) is not None
    assert db.session.get(TimeOffEntry, entry_ids["patterns.delete_time_off"]) is not None
    assert db.session.get(OneOffHoursEntry, entry_ids["patterns.delete_one_off_hours"])
