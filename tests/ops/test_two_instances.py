"""Two gunicorn instances behind an imaginary load balancer share everything that matters.

The deployment the README describes, in miniature: two `gunicorn wsgi:app` processes
(production config, CSRF on, 2 sync workers each) on their own loopback ports, one fresh
PostgreSQL database (schema by `teamshape db upgrade`) and one Redis database for rate
limits. Requests are sent as a browser would (cookie jar, CSRF token from the form), to
one instance or the other, to show that no instance keeps state of its own:

- a session made on one instance works on the other;
- failed sign-ins alternated between the instances hit one shared limit;
- a meeting booked on one is there on the other;
- two bookings racing for a member's last free meeting of the day, sent to different
  instances at the same moment, give exactly one meeting.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import func, select

from app import create_app
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.models import Manual, Meeting, MeetingAttendee
from app.services import accounts
from app.services.patterns import row_from_block
from config import TestingConfig
from tests.conftest import PASSWORD
from tests.ops.conftest import Gunicorn, WebClient, upgrade_schema

pytestmark = pytest.mark.ops

LOGIN_LIMIT = 6
PEOPLE = {
    "ana": "Ana Organiser",
    "cy": "Cy Organiser",
    "bea": "Bea Busy",  # one meeting a day at most: the contested "last free meeting"
    "dee": "Dee Attendee",
}


@dataclass
class Deployment:
    instances: tuple[Gunicorn, Gunicorn]
    ids: dict[str, int]
    database_url: str
    redis_url: str

    def url(self, which: int, path: str) -> str:
        return self.instances[which].url + path

    def count(self, statement) -> int:
        app = _seeding_app(self.database_url)
        with app.app_context():
            try:
                return db.session.scalar(statement)
            finally:
                db.session.remove()
                db.engine.dispose()


def _seeding_app(database_url: str):
    class SeedConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return create_app(SeedConfig)


def _seed(database_url: str) -> dict[str, int]:
    """Four members in UTC working 08:00–20:00 every day; Bea takes one meeting a day."""
    app = _seeding_app(database_url)
    ids = {}
    with app.app_context():
        for short, name in PEOPLE.items():
            member = accounts.create_member(
                email=f"{short}@example.test",
                display_name=name,
                password=PASSWORD,
                time_zone="UTC",
                min_length=10,
            )
            ids[short] = member.id
            for day in range(7):
                block = WeeklyBlock(BlockKind.WORKING, day, clock(8), clock(20))
                db.session.add(row_from_block(member.id, block))
        db.session.add(Manual(member_id=ids["bea"], max_meetings_per_day=1))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


@pytest.fixture(scope="module")
def deployment(scratch_database, redis_url):
    upgrade_schema(scratch_database)
    ids = _seed(scratch_database)
    env = {
        "TEAMSHAPE_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "CALENDAR_SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": scratch_database,
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per 5 minutes",
        "SESSION_COOKIE_SECURE": "false",  # plain http on loopback
    }
    instances = (Gunicorn(env, name="one"), Gunicorn(env, name="two"))
    try:
        for instance in instances:
            instance.wait_ready()
        yield Deployment(instances, ids, scratch_database, redis_url)
    finally:
        for instance in instances:
            instance.stop()


@pytest.fixture
def fresh_limits(deployment):
    """Each test starts with no failed sign-ins counted (they share one address)."""
    import redis

    client = redis.Redis.from_url(deployment.redis_url)
    for key in client.scan_iter("LIMITS*"):
        client.delete(key)
    client.close()


def sign_in(deployment: Deployment, which: int, short: str) -> WebClient:
    browser = WebClient()
    form = browser.get(deployment.url(which, "/login"))
    assert form.status == 200
    reply = browser.post(
        deployment.url(which, "/login"),
        {"email": f"{short}@example.test", "password": PASSWORD, "csrf_token": form.csrf_token()},
    )
    assert (reply.status, reply.location) == (302, "/"), reply.body[:500]
    return browser


def _start_at(days_ahead: int, hour: int) -> str:
    day = datetime.now(UTC).date() + timedelta(days=days_ahead)
    return datetime.combine(day, clock(hour), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def booking_form(deployment, browser, which, start, *required) -> dict:
    """Open the booking page for a slot (as a suggestion link would) and fill it in."""
    fields = {"start": start, "duration": "30", "meeting_type": "status"}
    query = "&".join(
        [f"{k}={v}" for k, v in fields.items()]
        + [f"required={deployment.ids[p]}" for p in required]
    )
    page = browser.get(deployment.url(which, f"/meetings/new?{query}"))
    assert page.status == 200, page.body[:500]
    return {
        **fields,
        "required": [deployment.ids[p] for p in required],
        "title": f"Sync about {start}",
        "agenda": "",
        "search": "",
        "csrf_token": page.csrf_token(),
    }


def test_a_member_signed_in_on_one_instance_keeps_working_on_the_other(deployment, fresh_limits):
    browser = sign_in(deployment, 0, "ana")
    for path in ["/", "/people", f"/people/{deployment.ids['dee']}", "/manual", "/meetings"]:
        reply = browser.get(deployment.url(1, path))
        assert reply.status == 200, (path, reply.status, reply.location)
        assert "Sign out" in reply.body  # still signed in
    assert "Ana Organiser" in browser.get(deployment.url(1, "/account")).body
    # A form served by one instance is accepted by the other (same secret, same session).
    token = browser.get(deployment.url(1, "/account")).csrf_token()
    signed_out = browser.post(deployment.url(0, "/logout"), {"csrf_token": token})
    assert (signed_out.status, signed_out.location) == (302, "/login")
    assert browser.get(deployment.url(1, "/people")).location == "/login"


def test_the_login_rate_limit_counts_attempts_on_both_instances(deployment, fresh_limits):
    browser = WebClient()
    token = browser.get(deployment.url(0, "/login")).csrf_token()
    wrong = {"email": "ana@example.test", "password": "not the password", "csrf_token": token}
    statuses = [browser.post(deployment.url(n % 2, "/login"), wrong).status for n in range(8)]
    # Each instance saw only 3 or 4 attempts, far below the limit on its own: the count
    # is shared through Redis, so the 7th attempt overall is refused, on either one.
    assert statuses == [422] * LOGIN_LIMIT + [429, 429]
    right = {**wrong, "password": PASSWORD}
    assert browser.post(deployment.url(1, "/login"), right).status == 429
    assert browser.post(deployment.url(0, "/login"), right).status == 429


def test_a_meeting_booked_on_one_instance_is_seen_on_the_other(deployment, fresh_limits):
    ana = sign_in(deployment, 0, "ana")
    form = booking_form(deployment, ana, 0, _start_at(1, 10), "dee")
    booked = ana.post(deployment.url(0, "/meetings/new"), form)
    assert booked.status == 302 and booked.location.startswith("/meetings/"), booked.body[:500]
    on_other = ana.get(deployment.url(1, booked.location))
    assert on_other.status == 200 and form["title"] in on_other.body
    dee = sign_in(deployment, 1, "dee")
    assert form["title"] in dee.get(deployment.url(1, "/meetings")).body


def _race(deployment, days_ahead: int) -> list[str]:
    """Ana (instance one) and Cy (instance two) book Bea's last free meeting at once."""
    ana, cy = sign_in(deployment, 0, "ana"), sign_in(deployment, 1, "cy")
    forms = [
        (ana, 0, booking_form(deployment, ana, 0, _start_at(days_ahead, 10), "bea")),
        (cy, 1, booking_form(deployment, cy, 1, _start_at(days_ahead, 14), "bea")),
    ]
    barrier = threading.Barrier(len(forms))
    outcomes: list[str] = [""] * len(forms)

    def send(index: int) -> None:
        browser, which, form = forms[index]
        barrier.wait(timeout=10)
        reply = browser.post(deployment.url(which, "/meetings/new"), form)
        outcomes[index] = f"{reply.status} {reply.location}"

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("days_ahead", [2, 3, 4])
def test_racing_bookings_for_the_last_free_meeting_give_exactly_one(
    deployment, fresh_limits, days_ahead
):
    outcomes = _race(deployment, days_ahead)
    booked = [o for o in outcomes if o.startswith("302 /meetings/")]
    refused = [o for o in outcomes if o == "302 /find"]
    assert (len(booked), len(refused)) == (1, 1), outcomes
    day = datetime.now(UTC).date() + timedelta(days=days_ahead)
    start = datetime.combine(day, clock(0), UTC)
    beas_meetings = (
        select(func.count())
        .select_from(Meeting)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.member_id == deployment.ids["bea"],
            Meeting.start >= start,
            Meeting.start < start + timedelta(days=1),
        )
    )
    assert deployment.count(beas_meetings) == 1
