"""Reloading the page that shows a new secret address never rotates it.

Turning on the personal or the team feed used to answer the POST with the page that
shows the address: the address bar kept the POST URL, and a reload posted again and
silently issued a new address, so the one just copied answered 404. Now every POST
redirects to a GET page, which shows the new address once (from a one-time session
slot); a reload shows the page without it and changes nothing.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts, teams
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

EMAIL = "fern@example.test"


def _make_people(live_app) -> None:
    with live_app.app_context():
        fern = accounts.create_member(
            email=EMAIL,
            display_name="Fern Feeder",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
            admin=True,
        )
        team = teams.create_team(fern.id, name="Platform", description="")
        teams.add_member(fern.id, team.id, fern.id, "")


def _sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello,", exact=False)).to_be_visible()


def _answers(page, url: str) -> int:
    return page.request.get(url).status


def _reload(page) -> None:
    """Reload, and check the browser asked with a GET (it re-sends a POST it answered)."""
    with page.expect_request(lambda request: request.is_navigation_request()) as sent:
        page.reload()
    assert sent.value.method == "GET", "the reload posted the form again"


def _reload_and_check(page, address: str, screenshot, step: str) -> None:
    _reload(page)
    screenshot(page, step)
    assert _answers(page, address) == 200, "the reload rotated the address just copied"
    assert page.url.endswith("/calendar"), page.url  # the GET page, not the POST URL
    expect(page.locator("#feed-url")).to_have_count(0)  # shown once


def test_reloading_after_turning_on_a_feed_keeps_its_address(page, live_app, screenshot):
    _make_people(live_app)
    _sign_in(page)
    page.goto("/calendar")
    page.get_by_role("button", name="Turn on my feed").click()
    personal = page.locator("#feed-url").input_value()
    assert "/feeds/" in personal and _answers(page, personal) == 200
    screenshot(page, "personal feed address shown")
    _reload_and_check(page, personal, screenshot, "personal feed after reload")
    expect(page.get_by_text("Your feed is on")).to_be_visible()

    page.get_by_label("Team", exact=True).select_option(label="Platform")
    page.get_by_role("button", name="Turn on team feed").click()
    team = page.locator("#feed-url").input_value()
    assert "/feeds/team/" in team and _answers(page, team) == 200
    screenshot(page, "team feed address shown")
    _reload_and_check(page, team, screenshot, "team feed after reload")
    assert _answers(page, personal) == 200

    page.get_by_role("button", name="Make a new address").first.click()
    renewed = page.locator("#feed-url").input_value()
    assert renewed != personal and _answers(page, personal) == 404
    _reload_and_check(page, renewed, screenshot, "new address after reload")


def test_reloading_after_making_an_invite_makes_no_new_link(page, live_app, screenshot):
    _make_people(live_app)
    _sign_in(page)
    page.goto("/admin/invites")
    page.get_by_label("Email").fill("nell@example.test")
    page.get_by_role("button", name="Create invite").click()
    link = page.get_by_label("Link to copy").input_value()
    assert "/invite/" in link and page.url.endswith("/admin/invites")
    screenshot(page, "invite link shown")
    _reload(page)
    expect(page.get_by_label("Link to copy")).to_have_count(0)
    expect(page.locator("tbody tr", has_text="nell@example.test")).to_have_count(1)
    screenshot(page, "invites after reload")
    assert _answers(page, link) == 200


def test_the_new_address_fits_a_phone(browser, live_server, live_app, screenshot):
    """/calendar with a new team feed address, at 390 px: nothing wider than the screen."""
    _make_people(live_app)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page)
        page.goto("/calendar")
        page.get_by_label("Team", exact=True).select_option(label="Platform")
        page.get_by_label("Show the hours in this time zone").fill(
            "America/Argentina/ComodRivadavia"
        )
        page.get_by_role("button", name="Turn on team feed").click()
        expect(page.locator("#feed-url")).to_be_visible()
        screenshot(page, "team feed on a phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
