"""A member's calendar journey in a real browser: turn on the feed, copy its address
from the page, fetch it like a calendar app would; then import a calendar whose event
fills one whole working day and see "Find a time" propose nothing on that day."""

from __future__ import annotations

import re
import urllib.request
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services import accounts
from app.services.patterns import row_from_block
from tests.calendar_helpers import SECRET_TITLE, check_structure, ics, vevent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

BERLIN = ZoneInfo("Europe/Berlin")


def _person(email: str) -> None:
    member = accounts.create_member(
        email=email,
        display_name="Mo Member",
        password=PASSWORD,
        time_zone="Europe/Berlin",
        min_length=10,
    )
    for day in range(7):
        db.session.add(
            row_from_block(member.id, WeeklyBlock(BlockKind.WORKING, day, time(8), time(18)))
        )
    db.session.commit()


def _sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_turn_on_the_feed_copy_the_address_and_fetch_it(page, live_app, live_server):
    with live_app.app_context():
        _person("mo@example.test")
    _sign_in(page, "mo@example.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Your calendar", exact=True)).to_be_visible()
    page.get_by_role("button", name="Turn on my feed").click()

    address = page.get_by_role("textbox", name="Feed address")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(live_server.url + "/feeds/") and url.endswith(".ics")

    # A calendar app has no session: fetch it from outside the browser.
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        etag = response.headers["ETag"]
        body = response.read()
    calendar = check_structure(body)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"Open for meetings"}
    again = page.request.get(url, headers={"If-None-Match": etag})
    assert again.status == 304

    # Shown once: the page no longer carries the address.
    page.goto("/calendar")
    expect(page.get_by_role("textbox", name="Feed address")).to_have_count(0)
    expect(page.get_by_text("Your feed is on")).to_be_visible()


def _blocked_day_calendar(day) -> bytes:
    start = datetime.combine(day, time(7), BERLIN).astimezone(UTC)
    end = datetime.combine(day, time(19), BERLIN).astimezone(UTC)
    return ics(
        vevent(
            "offsite",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        )
    )


def test_an_imported_calendar_keeps_the_scheduler_off_its_events(page, live_app):
    with live_app.app_context():
        _person("mo@example.test")
    today = datetime.now(UTC).astimezone(BERLIN).date()
    blocked = today + timedelta(days=2)

    _sign_in(page, "mo@example.test")
    page.goto("/calendar")
    page.get_by_label("Calendar file (.ics)").set_input_files(
        files=[
            {
                "name": "work.ics",
                "mimeType": "text/calendar",
                "buffer": _blocked_day_calendar(blocked),
            }
        ]
    )
    page.get_by_label("Name for this calendar").fill("Work")
    page.get_by_role("button", name="Import busy time").click()
    expect(page.get_by_text("Imported “Work”: 1 events, 1 busy spans")).to_be_visible()
    imports = page.get_by_role("table", name=re.compile("Your imported calendars"))
    expect(imports).to_contain_text("Work")
    expect(imports).to_contain_text(blocked.strftime("%d %b %Y"))
    assert SECRET_TITLE not in page.content()

    page.goto("/find")
    page.get_by_label("From").fill((blocked - timedelta(days=1)).isoformat())
    page.get_by_label("To").fill((blocked + timedelta(days=1)).isoformat())
    page.get_by_label("Duration (minutes)").fill("30")
    page.get_by_role("button", name="Find a time").click()

    headings = page.locator("article.suggestion h3")
    expect(headings.first).to_be_visible()
    texts = headings.all_inner_texts()
    blocked_text = blocked.strftime("%a %d %b")
    assert texts and not any(blocked_text in t for t in texts), texts
    days = {(blocked + timedelta(days=d)).strftime("%a %d %b") for d in (-1, 1)}
    assert all(any(day in t for day in days) for t in texts)
    starts = [
        datetime.strptime(m, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        for m in re.findall(r"start=([0-9T:%A-F-]+Z)", page.content().replace("%3A", ":"))
    ]
    assert starts and all(s.astimezone(BERLIN).date() != blocked for s in starts)

    # Deleting the import frees the day again.
    page.goto("/calendar")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("no longer counts")).to_be_visible()
    page.goto("/find")
    page.get_by_label("From").fill(blocked.isoformat())
    page.get_by_label("To").fill(blocked.isoformat())
    page.get_by_role("button", name="Find a time").click()
    expect(page.locator("article.suggestion").first).to_contain_text(blocked_text)
