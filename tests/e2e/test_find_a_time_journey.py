"""Find a time and book, in a real browser: with the chips picker (JavaScript on) and
with the plain server form (JavaScript off). Each step fits 390 and 1,280 px, passes axe
and is kept as a screenshot; the finder with results is also saved for the README.

The reasons are plain words; Priya's "afternoon" preference (shared with the workspace)
is cited, Sam's "only me" one never is; the location typed when booking reaches the
meeting page and the downloaded invite (LOCATION, URL back to the meeting).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.domain.manual import Preferences
from app.domain.workstyle import BlockKind, WeeklyBlock
from app.extensions import db
from app.services import accounts, manuals, teams
from app.services.patterns import row_from_block
from tests.conftest import PASSWORD
from tests.e2e.journey_checks import check_step
from tests.e2e.nojs_checks import check_step_without_js

pytestmark = pytest.mark.e2e

README_SHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "find-a-time.png"
LINK = "https://meet.example.com/find-e2e"


def _member(name: str, email: str, *, admin: bool = False):
    member = accounts.create_member(
        email=email,
        display_name=name,
        password=PASSWORD,
        time_zone="Europe/Berlin",
        min_length=10,
        admin=admin,
    )
    for day in range(5):  # Monday to Friday, as the README's screenshot should show
        block = WeeklyBlock(BlockKind.WORKING, day, time(8), time(18))
        db.session.add(row_from_block(member.id, block))
    db.session.commit()
    return member


def _workspace(live_app) -> None:
    with live_app.app_context():
        mo = _member("Mo Organiser", "mo@example.test", admin=True)
        priya = _member("Priya Patel", "priya@example.test")
        sam = _member("Sam Reyes", "sam@example.test")
        now = datetime.now(UTC)
        manuals.save_manual(
            priya.id,
            sections={"communication": ("Chat first.", "workspace")},
            preferences=Preferences(meeting_preference="afternoons"),
            now=now,
        )
        manuals.save_manual(
            sam.id,
            sections={"communication": ("Call me.", "private")},
            preferences=Preferences(meeting_preference="mornings"),
            now=now,
        )
        team = teams.create_team(mo.id, name="Design")
        teams.add_member(mo.id, team.id, priya.id)
        teams.add_member(mo.id, team.id, sam.id)


def _sign_in(tab) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill("mo@example.test")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()


def _results_read_as_plain_words(tab) -> None:
    expect(tab.get_by_role("heading", name="best first")).to_be_visible()
    cards = tab.locator("article.suggestion")
    expect(cards.first).to_contain_text("Everyone is in working hours")
    expect(cards.first).to_contain_text("Priya Patel prefers meetings in their afternoon")
    body = tab.locator("main").inner_text()
    assert "Score" not in body and "nobody bends" not in body
    assert "Sam Reyes prefers" not in body and "morning" not in body  # only me: never cited


def _book_and_check_the_invite(tab, screenshot, title: str, check=check_step) -> None:
    tab.locator("article.suggestion").first.get_by_role("button", name="Book #").click()
    expect(tab.get_by_role("heading", name="Book a meeting")).to_be_visible()
    expect(tab.get_by_label("Title")).to_have_value(title)
    tab.get_by_label("Location or video link (optional)").fill("javascript:alert(1)")
    tab.get_by_role("button", name="Book this meeting").click()
    expect(tab.get_by_text("A link must start with https://")).to_be_visible()
    expect(tab.get_by_label("Location or video link (optional)")).to_have_value(
        "javascript:alert(1)"
    )
    check(tab, screenshot, "location refused, typed text kept")
    tab.get_by_label("Location or video link (optional)").fill(LINK)
    tab.get_by_role("button", name="Book this meeting").click()
    expect(tab.get_by_role("heading", name=title)).to_be_visible()
    expect(tab.get_by_role("link", name=LINK)).to_have_attribute("href", LINK)
    check(tab, screenshot, "booked meeting")
    href = tab.get_by_role("link", name="Download invite (.ics)").get_attribute("href")
    invite = tab.request.get(href).text().replace("\r\n ", "")
    assert f"LOCATION:{LINK}" in invite
    meeting_path = href.removesuffix("/invite.ics")
    assert f"URL:{tab.url.split('/meetings/')[0]}{meeting_path}" in invite


def test_find_a_time_with_chips_and_book(page, live_app, screenshot):
    _workspace(live_app)
    _sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Find a time"
    ).first.click()
    search = page.get_by_role("combobox", name="Add people or teams")
    expect(search).to_be_visible()
    expect(page.get_by_label("Required people")).to_be_hidden()  # the lists became chips
    check_step(page, screenshot, "finder")

    search.fill("pri")
    expect(page.get_by_role("option", name="Priya Patel")).to_be_visible()
    search.press("Enter")
    chips = page.locator("ul.chips")
    expect(chips).to_contain_text("Priya Patel")
    search.fill("des")
    page.get_by_role("option", name="Design").click()
    expect(chips).to_contain_text("Design")
    chips.get_by_role("button", name="Design: required, make optional").click()
    expect(chips.get_by_role("button", name="Design: optional, make required")).to_be_visible()
    chips.get_by_role("button", name="Design: optional, make required").click()
    check_step(page, screenshot, "picker with chips")

    page.get_by_role("button", name="Find a time").click()
    _results_read_as_plain_words(page)
    expect(chips).to_contain_text("Priya Patel")  # the choice stays visible with results
    check_step(page, screenshot, "results")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("() => window.scrollTo(0, 0)")
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SHOT), animations="disabled")

    _book_and_check_the_invite(page, screenshot, "Priya Patel and Sam Reyes")


def test_find_a_time_and_book_without_javascript(nojs_page, live_app, screenshot):
    _workspace(live_app)
    tab = nojs_page
    _sign_in(tab)
    tab.goto("/find")
    expect(tab.get_by_role("combobox", name="Add people or teams")).to_have_count(0)
    tab.get_by_label("Required people").select_option(label="Priya Patel")
    check_step_without_js(tab, screenshot, "finder without javascript")
    tab.get_by_role("button", name="Find a time").click()
    _results_read_as_plain_words(tab)
    check_step_without_js(tab, screenshot, "results without javascript")
    _book_and_check_the_invite(tab, screenshot, "Priya Patel", check_step_without_js)


def test_find_a_time_from_a_profile(page, live_app, screenshot):
    _workspace(live_app)
    _sign_in(page)
    page.goto("/people")
    page.get_by_role("link", name="Priya Patel").first.click()
    page.get_by_role("button", name="Find a time with Priya Patel").click()
    expect(page.locator("ul.chips")).to_contain_text("Priya Patel")
    _results_read_as_plain_words(page)
    check_step(page, screenshot, "prefilled from a profile")
