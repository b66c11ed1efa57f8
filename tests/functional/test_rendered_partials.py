"""Chart partials are rendered once per chart object (`app.templating.render_partial`):
a repeat view gets the stored HTML, and any change to what a chart shows - a pattern
saved, another viewer zone - renders afresh, never a stale copy.

The team page's clock is pinned to Monday 2026-11-30 09:00 UTC (10:00 in Berlin); the
profile reads the real clock, so its checks do not depend on the week's offsets.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest

from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.services import pattern_editing, teams

FIXED_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setattr("app.clock.now", lambda: FIXED_NOW)


def weekdays(zone: str, start: str, end: str) -> WeeklyPattern:
    begin, finish = time.fromisoformat(start), time.fromisoformat(end)
    return WeeklyPattern(
        zone, tuple(WeeklyBlock(BlockKind.WORKING, d, begin, finish) for d in range(5))
    )


def without_csrf(page: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', 'name="csrf_token"', page)


def text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def pair(make_member, admin):
    bea = make_member("Bea Berlin", zone="Europe/Berlin", email="bea@example.test")
    kiran = make_member("Kiran Kolkata", zone="Asia/Kolkata", email="kiran@example.test")
    pattern_editing.save_pattern(bea.id, weekdays("Europe/Berlin", "09:00", "17:00"), FIXED_NOW)
    pattern_editing.save_pattern(kiran.id, weekdays("Asia/Kolkata", "09:00", "17:00"), FIXED_NOW)
    team = teams.create_team(admin.id, name="Platform", description="")
    for person in (bea, kiran):
        teams.add_member(admin.id, team.id, person.id, "")
    return team, bea, kiran


def test_team_heatmap_is_the_same_on_repeat_and_follows_a_saved_pattern(client, auth, pair):
    team, bea, kiran = pair
    auth.login(bea.email)
    first = client.get(f"/teams/{team.id}").data.decode()
    # The same page but for the forms' CSRF tokens, which carry a timestamp in seconds.
    assert without_csrf(client.get(f"/teams/{team.id}").data.decode()) == without_csrf(first)
    assert '<th scope="row">04:30</th>' in first  # Kiran from 09:00 Kolkata
    pattern_editing.save_pattern(kiran.id, weekdays("Asia/Kolkata", "11:00", "17:00"), FIXED_NOW)
    after = client.get(f"/teams/{team.id}").data.decode()
    assert '<th scope="row">04:30</th>' not in after
    assert '<th scope="row">06:30</th>' in after


def test_team_heatmap_follows_the_viewers_zone(client, auth, pair):
    team, bea, kiran = pair
    auth.login(bea.email)
    assert "in your time (Europe/Berlin)" in client.get(f"/teams/{team.id}").data.decode()
    auth.logout()
    auth.login(kiran.email)
    page = client.get(f"/teams/{team.id}").data.decode()
    assert "in your time (Asia/Kolkata)" in page
    assert "in your time (Europe/Berlin)" not in page


def test_profile_week_chart_follows_a_saved_pattern(client, auth, pair):
    _team, bea, kiran = pair
    auth.login(bea.email)
    page = text(client.get(f"/people/{kiran.id}").data.decode())
    assert "Mon–Fri 09:00–17:00 Asia/Kolkata = " in page
    assert text(client.get(f"/people/{kiran.id}").data.decode()) == page
    pattern_editing.save_pattern(kiran.id, weekdays("Asia/Kolkata", "10:00", "17:00"), FIXED_NOW)
    page = text(client.get(f"/people/{kiran.id}").data.decode())
    assert "Mon–Fri 10:00–17:00 Asia/Kolkata = " in page
