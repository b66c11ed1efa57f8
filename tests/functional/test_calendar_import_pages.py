"""Importing busy time through the calendar page's upload form (test client).

Every kind of event through the upload form, every bad file refused with its message
and the previous busy time intact (a 5 MB file too, with CSRF on: the calendar's
message, not a 413); imported titles are never shown to others.
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import BusyInterval
from app.services import accounts
from tests.calendar_helpers import (
    BAD_FILES,
    EVERYTHING_BUSY,
    NOW,
    SECRET_TITLE,
    everything_calendar,
    give_week,
    ics,
    office_week,
    one_event_calendar,
    routines_week,
    vevent,
)
from tests.conftest import PASSWORD

ICS = "text/calendar; charset=utf-8"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: NOW)


@pytest.fixture
def mo(member):
    give_week(member.id, routines_week())
    return member


@pytest.fixture
def ana(make_member):
    person = make_member("Ana Lima", email="ana@example.test")
    give_week(person.id, office_week())
    return person


@pytest.fixture
def signed_in(client, auth, mo):
    auth.login(mo.email)
    return client


def post_file(client, fields: dict, data: bytes, name: str = "export.ics"):
    """A multipart upload built in memory (the test client would spool a big one to a
    temporary file it never closes)."""
    files = MultiDict(fields)
    files.add("file", FileStorage(io.BytesIO(data), filename=name))
    boundary, body = encode_multipart(files)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.post("/calendar/imports", data=body, content_type=content_type)


def upload(client, data: bytes, name: str = "export.ics", source: str | None = None):
    return post_file(client, {} if source is None else {"source": source}, data, name)


def busy_count(member_id: int) -> int:
    return db.session.scalar(
        select(func.count(BusyInterval.id)).where(BusyInterval.member_id == member_id)
    )


# --- importing busy time -----------------------------------------------------------------


def test_upload_every_kind_of_event(signed_in, mo):
    response = upload(signed_in, everything_calendar(), source="Work")
    assert response.status_code == 302
    page = signed_in.get("/calendar").text
    assert "Imported “Work”: 6 events, 6 busy spans in the next 8 weeks." in page
    assert "Tue 01 Dec 2026" in page and "Tue 22 Dec 2026" in page  # the date range
    assert SECRET_TITLE not in page
    rows = db.session.execute(
        select(BusyInterval.start, BusyInterval.end)
        .where(BusyInterval.member_id == mo.id)
        .order_by(BusyInterval.start)
    )
    assert [tuple(r) for r in rows] == EVERYTHING_BUSY


def test_upload_again_replaces_and_delete_removes(signed_in, mo):
    upload(signed_in, everything_calendar())
    upload(signed_in, one_event_calendar(10))
    assert busy_count(mo.id) == 1
    page = signed_in.get("/calendar").text
    assert page.count("/delete") == 1 and "My calendar" in page
    import_id = re.search(r"/calendar/imports/(\d+)/delete", page)[1]
    deleted = signed_in.post(f"/calendar/imports/{import_id}/delete", follow_redirects=True)
    assert "no longer counts" in deleted.text and "No calendars imported." in deleted.text
    assert busy_count(mo.id) == 0


def test_cannot_delete_someone_elses_import(client, auth, mo, ana):
    auth.login(mo.email)
    upload(client, one_event_calendar(10))
    import_id = re.search(r"/calendar/imports/(\d+)/delete", client.get("/calendar").text)[1]
    auth.logout()
    auth.login(ana.email)
    assert client.post(f"/calendar/imports/{import_id}/delete").status_code == 404
    assert busy_count(mo.id) == 1


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_are_refused_with_their_message(signed_in, mo, kind):
    upload(signed_in, everything_calendar())
    data, message = BAD_FILES[kind]
    response = upload(signed_in, data, source="My calendar")
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert busy_count(mo.id) == len(EVERYTHING_BUSY)
    assert "6 <small" in response.text  # the earlier import still listed with its count


def test_a_missing_file_is_asked_for(signed_in):
    response = signed_in.post("/calendar/imports", data={"source": "Work"})
    assert response.status_code == 422 and "Choose a calendar file" in response.text
    assert 'value="Work"' in response.text


def test_imported_titles_are_never_shown_to_others(client, auth, mo, ana, make_team):
    make_team("Platform", mo, ana)
    auth.login(mo.email)
    upload(client, everything_calendar())
    auth.logout()
    auth.login(ana.email)
    for path in ("/calendar", f"/people/{mo.id}", "/teams", "/find", "/meetings"):
        response = client.get(path)
        assert SECRET_TITLE not in response.text, path


# --- large uploads with CSRF on, as in production --------------------------------------


@pytest.fixture
def csrf_client(csrf_app):
    person = accounts.create_member(
        email="cy@example.test",
        display_name="Cy Csrf",
        password=PASSWORD,
        time_zone="Europe/Berlin",
        min_length=10,
    )
    give_week(person.id, office_week())
    client = csrf_app.test_client()
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)[1]
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    return client, person


def _csrf(client) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/calendar").text
    )[1]


def test_a_5_mb_file_gets_the_calendar_message_not_a_413(csrf_client):
    client, person = csrf_client
    response = post_file(client, {"csrf_token": _csrf(client)}, BAD_FILES["5 MB"][0], "big.ics")
    assert response.status_code == 422
    assert "The file is larger than the 2 MB limit." in response.text


def test_a_huge_body_is_413_with_the_same_message(csrf_client):
    client, person = csrf_client
    huge = ics(vevent("x", "DTSTART:20261210T100000Z", "DTEND:20261210T110000Z")) + b" " * (
        12 * 1024 * 1024
    )
    response = post_file(client, {"csrf_token": _csrf(client)}, huge, "huge.ics")
    assert response.status_code == 413
    assert "The file is larger than the 2 MB limit." in response.text
    assert busy_count(person.id) == 0


def test_other_routes_keep_the_app_wide_body_limit(csrf_client):
    client, _person = csrf_client
    response = client.post("/manual/pattern", data={"x": "y" * (5 * 1024 * 1024)})
    assert response.status_code == 413
