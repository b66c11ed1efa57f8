"""/api/v1 meetings carry a location: booked with one, read back, refused when the link
is not http(s) (422 problem naming the field)."""

from __future__ import annotations

from tests.api_helpers import bearer, make_token

LINK = "https://meet.example.com/api-room"


def _hours(client, token):
    blocks = [
        {"kind": "working", "weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)
    ]
    response = client.put("/api/v1/me/pattern", json={"blocks": blocks}, headers=bearer(token))
    assert response.status_code == 200, response.data


def _book(client, token, other_id, **extra):
    found = client.post(
        "/api/v1/scheduling/find",
        json={"required_people": [other_id], "duration_minutes": 30, "notice_minutes": 60},
        headers=bearer(token),
    ).get_json()
    body = {
        "title": "Plan",
        "meeting_type": "status",
        "start": found["suggestions"][0]["start"],
        "duration_minutes": 30,
        "required_people": [other_id],
    }
    return client.post("/api/v1/me/meetings", json=body | extra, headers=bearer(token))


def test_a_booking_keeps_its_location(client, member, make_member):
    other = make_member("Olu Other")
    mine, theirs = make_token(member.id, "read+write"), make_token(other.id, "read+write")
    _hours(client, mine)
    _hours(client, theirs)
    booked = _book(client, mine, other.id, location=LINK)
    assert booked.status_code == 201, booked.data
    assert booked.get_json()["location"] == LINK
    meeting_id = booked.get_json()["id"]
    read = client.get(f"/api/v1/me/meetings/{meeting_id}", headers=bearer(theirs)).get_json()
    assert read["location"] == LINK
    plain = _book(client, mine, other.id, title="No place")
    assert plain.status_code in {201, 409}
    if plain.status_code == 201:
        assert plain.get_json()["location"] == ""


def test_a_bad_link_is_a_422_problem(client, member, make_member):
    other = make_member("Olu Other")
    mine, theirs = make_token(member.id, "read+write"), make_token(other.id, "read+write")
    _hours(client, mine)
    _hours(client, theirs)
    refused = _book(client, mine, other.id, location="javascript:alert(1)")
    assert refused.status_code == 422, refused.data
    assert "https://" in refused.get_data(as_text=True)
    too_long = _book(client, mine, other.id, location="x" * 501)
    assert too_long.status_code == 422
