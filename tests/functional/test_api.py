"""/api/v1 through the test client: tokens, scopes, problem documents, visibility, the
rate limit, and the journeys (manual, pattern, find, book, move, cancel).

A visibility matrix checks each visibility against each kind of viewer, and an "only
me" canary never shows in any reply to another member's token.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.services import accounts, api_tokens
from tests.api_helpers import bearer, make_token
from tests.conftest import TestingConfig, dispose_app, make_app
from tests.manual_helpers import write_manual

PROBLEM = "application/problem+json"
WORKSPACE_CANARY = "canaryworkspace"
TEAMS_CANARY = "canaryteams"
PRIVATE_CANARY = "canaryonlyme"


@pytest.fixture
def author(make_member, now):
    person = make_member("Ana Author")
    write_manual(
        person.id,
        now,
        story=(f"{WORKSPACE_CANARY} story", "workspace"),
        work_best=(f"{TEAMS_CANARY} mornings", "teams"),
        help_me=(f"{PRIVATE_CANARY} secret", "private"),
    )
    return person


@pytest.fixture
def viewers(make_member, make_team, author, admin):
    teammate = make_member("Tia Teammate")
    stranger = make_member("Sam Stranger")
    make_team("Core", author, teammate)
    return {"teammate": teammate, "stranger": stranger, "admin": admin}


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# --- tokens ---------------------------------------------------------------------------


def test_no_wrong_expired_or_revoked_token_gets_401_problems(client, member):
    good = make_token(member.id)
    expired = make_token(member.id, now=datetime.now(UTC) - timedelta(days=10), days=7)
    revoked = make_token(member.id)
    token_id = api_tokens.live_tokens(member.id, datetime.now(UTC))[0].id
    api_tokens.revoke_token(member.id, token_id, datetime.now(UTC))
    assert client.get("/api/v1/members", headers=bearer(good)).status_code == 200
    for headers in (
        {},
        bearer("ts_wrong"),
        bearer(good + "x"),
        bearer(expired),
        bearer(revoked),
        {"Authorization": f"Basic {good}"},
    ):
        response = client.get("/api/v1/members", headers=headers)
        _problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_member_s_token_stops_working(client, admin, member):
    token = make_token(member.id)
    accounts.set_active(admin.id, member.id, False)
    _problem(client.get("/api/v1/me/manual", headers=bearer(token)), 401)


WRITES = [
    ("put", "/api/v1/me/manual", {"sections": {}}),
    ("put", "/api/v1/me/pattern", {"blocks": []}),
    ("post", "/api/v1/me/meetings", {}),
    ("post", "/api/v1/me/meetings/1/reschedule", {}),
    ("post", "/api/v1/me/meetings/1/cancel", None),
]


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_a_read_token_gets_403_on_every_write(client, member, method, url, body):
    token = make_token(member.id, "read")
    response = getattr(client, method)(url, headers=bearer(token), json=body)
    _problem(response, 403)


def test_session_cookies_are_not_accepted(member_client):
    _problem(member_client.get("/api/v1/members"), 401)
    _problem(member_client.get("/api/v1/me/manual"), 401)


def test_api_needs_no_csrf_token_but_a_bearer_token(csrf_app):
    person = accounts.create_member(
        email="cy@example.test",
        display_name="Cy Csrf",
        password="correct horse battery",
        time_zone="UTC",
        min_length=10,
    )
    token = make_token(person.id, "read+write")
    client = csrf_app.test_client()
    body = {"sections": {"story": {"body": "hello", "visibility": "workspace"}}}
    response = client.put("/api/v1/me/manual", json=body, headers=bearer(token))
    assert response.status_code == 200, response.data
    assert client.put("/api/v1/me/manual", json=body).status_code == 401


def test_tokens_are_stored_hashed_and_shown_once(client, auth, member):
    auth.login(member.email)
    made = client.post("/account/tokens", data={"name": "ci", "scope": "read", "days": "30"})
    assert made.status_code == 302 and made.headers["Location"].endswith("/account/tokens/new")
    shown = client.get("/account/tokens/new").data.decode()
    secret = shown.split('id="new-token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert secret.startswith("ts_")
    again = client.get("/account/tokens/new")
    assert again.status_code == 302  # the slot is empty: never shown twice
    from app.extensions import db
    from app.models import ApiToken

    row = db.session.query(ApiToken).one()
    assert row.token_hash != secret and secret not in row.token_hash
    assert row.token_hash == api_tokens.token_hash(secret)
    listing = client.get("/account/tokens").data.decode()
    assert "ci" in listing and secret not in listing and "never" in listing
    assert client.get("/api/v1/members", headers=bearer(secret)).status_code == 200
    assert "never" not in client.get("/account/tokens").data.decode()  # last used is set
    client.post(f"/account/tokens/{row.id}/revoke")
    _problem(client.get("/api/v1/members", headers=bearer(secret)), 401)


def test_someone_else_s_token_cannot_be_revoked(client, auth, member, make_member):
    other = make_member("Oz Other")
    make_token(other.id)
    token_id = api_tokens.live_tokens(other.id, datetime.now(UTC))[0].id
    auth.login(member.email)
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert api_tokens.live_tokens(other.id, datetime.now(UTC))


# --- problem documents -----------------------------------------------------------------


def test_validation_errors_are_problems_with_a_field_map(client, member):
    token = make_token(member.id, "read+write")
    body = _problem(
        client.put(
            "/api/v1/me/manual",
            json={"sections": {"story": {"body": "x", "visibility": "everyone"}}},
            headers=bearer(token),
        ),
        422,
    )
    assert "sections.story.value.visibility" in body["errors"]
    body = _problem(client.get("/api/v1/members?per_page=0", headers=bearer(token)), 422)
    assert "per_page" in body["errors"]
    body = _problem(
        client.put(
            "/api/v1/me/pattern",
            json={"blocks": [{"kind": "working", "weekday": 0, "start": "09:07", "end": "17:00"}]},
            headers=bearer(token),
        ),
        422,
    )
    assert body["errors"]


def test_unknown_api_urls_and_members_are_404_problems(client, member):
    token = make_token(member.id)
    _problem(client.get("/api/v1/nowhere", headers=bearer(token)), 404)
    _problem(client.get("/api/v1/members/999999/manual", headers=bearer(token)), 404)
    _problem(client.get("/api/v1/members/99999999999999999999/manual", headers=bearer(token)), 404)
    _problem(client.get("/api/v1/me/meetings/424242", headers=bearer(token)), 404)


# --- visibility ------------------------------------------------------------------------

EXPECTED = {
    "self": {"story", "work_best", "help_me"},
    "teammate": {"story", "work_best"},
    "stranger": {"story"},
    "admin": {"story"},
}


@pytest.mark.parametrize("viewer", list(EXPECTED))
def test_visibility_matrix(client, author, viewers, viewer):
    person = author if viewer == "self" else viewers[viewer]
    token = make_token(person.id)
    manual = client.get(f"/api/v1/members/{author.id}/manual", headers=bearer(token)).get_json()
    assert {s["key"] for s in manual["sections"]} == EXPECTED[viewer]
    for word, key in (
        (WORKSPACE_CANARY, "story"),
        (TEAMS_CANARY, "work_best"),
        (PRIVATE_CANARY, "help_me"),
    ):
        found = client.get(f"/api/v1/members?q={word}", headers=bearer(token)).get_json()
        ids = {m["id"] for m in found["items"]}
        assert (author.id in ids) == (key in EXPECTED[viewer]), (viewer, word)


def test_only_me_canary_never_reaches_another_member_s_token(client, author, viewers, now):
    for viewer in viewers.values():
        token = make_token(viewer.id, "read+write")
        replies = [
            client.get("/api/v1/members", headers=bearer(token)),
            client.get(f"/api/v1/members?q={PRIVATE_CANARY}", headers=bearer(token)),
            client.get(f"/api/v1/members/{author.id}/manual", headers=bearer(token)),
            client.get("/api/v1/me/manual", headers=bearer(token)),
            client.get("/api/v1/me/meetings", headers=bearer(token)),
            client.post(
                "/api/v1/scheduling/find",
                json={"required_people": [author.id], "notice_minutes": 0},
                headers=bearer(token),
            ),
        ]
        for reply in replies:
            assert reply.status_code == 200, reply.data
            assert PRIVATE_CANARY not in reply.data.decode()


def test_my_own_manual_comes_back_whole(client, author):
    token = make_token(author.id)
    mine = client.get("/api/v1/me/manual", headers=bearer(token)).get_json()
    assert mine["sections"]["help_me"] == {
        "body": f"{PRIVATE_CANARY} secret",
        "visibility": "private",
    }


# --- journeys --------------------------------------------------------------------------


def test_update_my_manual_and_pattern(client, member):
    token = make_token(member.id, "read+write")
    body = {
        "sections": {"story": {"body": "Hello *there*", "visibility": "workspace"}},
        "preferences": {"channels": ["chat", "email"]},
    }
    saved = client.put("/api/v1/me/manual", json=body, headers=bearer(token))
    assert saved.status_code == 200, saved.data
    assert saved.get_json()["sections"]["story"]["body"] == "Hello *there*"
    assert saved.get_json()["preferences"]["channels"] == ["chat", "email"]
    blocks = [
        {"kind": "working", "weekday": d, "start": "09:00", "end": "17:00"} for d in range(5)
    ] + [{"kind": "routine", "weekday": 2, "start": "12:00", "end": "13:00", "label": "Gym"}]
    saved = client.put("/api/v1/me/pattern", json={"blocks": blocks}, headers=bearer(token))
    assert saved.status_code == 200, saved.data
    read = client.get("/api/v1/me/pattern", headers=bearer(token)).get_json()
    assert len(read["blocks"]) == 6 and read["time_zone"] == member.time_zone


def _hours(client, token):
    blocks = [
        {"kind": "working", "weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)
    ]
    response = client.put("/api/v1/me/pattern", json={"blocks": blocks}, headers=bearer(token))
    assert response.status_code == 200, response.data


def test_find_book_reschedule_cancel(client, member, make_member):
    other = make_member("Olu Other")
    mine, theirs = make_token(member.id, "read+write"), make_token(other.id, "read+write")
    _hours(client, mine)
    _hours(client, theirs)
    found = client.post(
        "/api/v1/scheduling/find",
        json={"required_people": [other.id], "duration_minutes": 30, "notice_minutes": 60},
        headers=bearer(mine),
    )
    assert found.status_code == 200, found.data
    suggestions = found.get_json()["suggestions"]
    assert suggestions and {a["id"] for a in suggestions[0]["attendees"]} == {member.id, other.id}
    booked = client.post(
        "/api/v1/me/meetings",
        json={
            "title": "Plan",
            "meeting_type": "status",
            "start": suggestions[0]["start"],
            "duration_minutes": 30,
            "required_people": [other.id],
        },
        headers=bearer(mine),
    )
    assert booked.status_code == 201, booked.data
    meeting = booked.get_json()
    assert meeting["status"] == "booked" and meeting["sequence"] == 0
    listed = client.get("/api/v1/me/meetings", headers=bearer(theirs)).get_json()
    assert [m["id"] for m in listed["items"]] == [meeting["id"]]
    # the attendee may read it but not move or cancel it
    _problem(
        client.post(f"/api/v1/me/meetings/{meeting['id']}/cancel", headers=bearer(theirs)), 403
    )
    moved = client.post(
        f"/api/v1/me/meetings/{meeting['id']}/reschedule",
        json={"start": suggestions[1]["start"]},
        headers=bearer(mine),
    )
    assert moved.status_code == 200, moved.data
    assert moved.get_json()["sequence"] == 1 and moved.get_json()["start"].startswith(
        suggestions[1]["start"][:16]
    )
    cancelled = client.post(f"/api/v1/me/meetings/{meeting['id']}/cancel", headers=bearer(mine))
    assert cancelled.get_json()["status"] == "cancelled"
    _problem(client.post(f"/api/v1/me/meetings/{meeting['id']}/cancel", headers=bearer(mine)), 422)


def test_booking_a_time_that_no_longer_fits_is_a_409(client, member, make_member):
    other = make_member("Olu Other")
    mine = make_token(member.id, "read+write")
    _hours(client, mine)
    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    response = client.post(
        "/api/v1/me/meetings",
        json={
            "title": "Plan",
            "meeting_type": "status",
            "start": start.isoformat(),
            "duration_minutes": 30,
            "required_people": [other.id],  # has no working hours at all
        },
        headers=bearer(mine),
    )
    _problem(response, 409)


# --- rate limit, docs ------------------------------------------------------------------


class LimitedConfig(TestingConfig):
    API_RATE_LIMIT = "3 per minute"


def test_requests_are_limited_per_token():
    app = make_app(LimitedConfig)
    try:
        with app.app_context():
            one = accounts.create_member(
                email="r1@example.test",
                display_name="R1",
                password="correct horse battery",
                time_zone="UTC",
                min_length=10,
            )
            two = accounts.create_member(
                email="r2@example.test",
                display_name="R2",
                password="correct horse battery",
                time_zone="UTC",
                min_length=10,
            )
            first, second = make_token(one.id), make_token(two.id)
            client = app.test_client()
            codes = [
                client.get("/api/v1/me/manual", headers=bearer(first)).status_code
                for _ in range(4)
            ]
            assert codes == [200, 200, 200, 429]
            _problem(client.get("/api/v1/me/manual", headers=bearer(first)), 429)
            assert client.get("/api/v1/me/manual", headers=bearer(second)).status_code == 200
    finally:
        dispose_app(app)


def test_openapi_document_docs_page_and_footer_link(client, member_client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["BearerToken"]["scheme"].lower() == "bearer"
    docs = client.get("/api/v1/docs").data.decode()
    for path in spec["paths"]:
        assert path in docs
    home = member_client.get("/").data.decode()
    assert 'href="/api/v1/openapi.json"' in home and 'href="/api/v1/docs"' in home
