"""The issue's "done when" journey in a real browser: Bea subscribes to Ana's own
Teamshape feed as a live calendar, presses "Refresh now", and "Find a time" for Bea
then avoids Ana's hard routine (exported as busy in Ana's feed). No page shows the
feed's secret address after it was pasted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services import accounts, feeds
from app.services.patterns import row_from_block
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
BERLIN = ZoneInfo("Europe/Berlin")


def _person(email: str, name: str, *extra: WeeklyBlock) -> int:
    member = accounts.create_member(
        email=email,
        display_name=name,
        password=PASSWORD,
        time_zone="Europe/Berlin",
        min_length=10,
    )
    blocks = [WeeklyBlock(BlockKind.WORKING, day, time(8), time(18)) for day in range(7)]
    for block in [*blocks, *extra]:
        db.session.add(row_from_block(member.id, block))
    db.session.commit()
    return member.id


def _suggested_local_hours(page) -> list[tuple[int, int]]:
    day = (datetime.now(UTC) + timedelta(days=2)).astimezone(BERLIN).date()
    query = {
        "duration": 30,
        "meeting_type": "status",
        "notice": 60,
        "window_start": day.isoformat(),
        "window_end": day.isoformat(),
    }
    data = page.request.get("/api/suggestions", params=query).json()
    spans = []
    for s in data["suggestions"]:
        start = datetime.fromisoformat(s["start"]).astimezone(BERLIN)
        end = datetime.fromisoformat(s["end"]).astimezone(BERLIN)
        spans.append((start.hour * 60 + start.minute, end.hour * 60 + end.minute))
    return spans


def test_subscribe_to_a_teammates_feed_and_find_a_time_avoids_it(page, live_app, live_server):
    with live_app.app_context():
        routine = WeeklyBlock(
            BlockKind.ROUTINE, 0, time(9), time(17), hard=True, label="Deep work"
        )
        ana = _person(
            "ana@example.test",
            "Ana Lima",
            *(
                WeeklyBlock(
                    routine.kind, d, routine.start, routine.end, hard=True, label="Deep work"
                )
                for d in range(7)
            ),
        )
        _person("bea@example.test", "Bea Berg")
        token = feeds.turn_on_personal(ana, datetime.now(UTC))
    address = f"{live_server.url}/feeds/{token}.ics"

    page.goto("/login")
    page.get_by_label("Email").fill("bea@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    before = _suggested_local_hours(page)
    assert any(9 * 60 <= start < 17 * 60 for start, _end in before)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    page.get_by_role("link", name="Connect a calendar").click()
    page.get_by_label("Calendar address (iCal / .ics)").fill(address)
    page.get_by_label("Name for this calendar").fill("Ana's week")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Subscribed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ana's week")).to_be_visible()
    page.get_by_role("button", name="Refresh now").click()
    expect(page.get_by_text("Refreshing now")).to_be_visible()
    assert token not in page.content()

    after = _suggested_local_hours(page)
    assert after, "Bea still has 08-09 and 17-18 free"
    assert all(end <= 9 * 60 or start >= 17 * 60 for start, end in after), after
