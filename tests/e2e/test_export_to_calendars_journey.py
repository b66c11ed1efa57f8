"""Export to calendars, in a real browser: turn on the feed, copy its address with the
copy button (the clipboard holds it and the button says so), and find one-click "Add to
Google Calendar / Outlook / Apple Calendar" links; without JavaScript the address is
plain selectable text and no copy button shows. Every step fits 390 and 1,280 px and
passes axe."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD
from tests.e2e.journey_checks import check_step
from tests.e2e.nojs_checks import check_step_without_js

pytestmark = pytest.mark.e2e


def _sign_in(tab, live_app) -> None:
    with live_app.app_context():
        accounts.create_member(
            email="cal@example.test",
            display_name="Cal Endar",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )
    tab.goto("/login")
    tab.get_by_label("Email").fill("cal@example.test")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()


def test_copy_the_address_and_add_it_to_calendar_apps(page, live_app, live_server, screenshot):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _sign_in(page, live_app)
    page.goto("/calendar")
    check_step(page, screenshot, "calendar page")
    page.get_by_role("button", name="Turn on my feed").click()
    address = page.get_by_role("textbox", name="Feed address")
    url = address.input_value()
    assert url.startswith(live_server.url + "/feeds/")

    copy = page.get_by_role("button", name="Copy address")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Address copied")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    check_step(page, screenshot, "address copied")

    webcal = "webcal://" + url.split("://", 1)[1]
    expect(page.get_by_role("link", name=webcal)).to_have_attribute("href", webcal)
    google = page.get_by_role("link", name="Add to Google Calendar").get_attribute("href")
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    assert google.startswith("https://calendar.google.com/calendar/r?")
    outlook = page.get_by_role("link", name="Add to Outlook").get_attribute("href")
    assert outlook.startswith("https://outlook.live.com/calendar/0/addfromweb?")
    assert parse_qs(urlsplit(outlook).query) == {"url": [url], "name": ["Teamshape: Cal Endar"]}
    expect(page.get_by_role("link", name="Add to Apple Calendar")).to_have_attribute(
        "href", webcal
    )
    expect(page.get_by_text("Opens Google Calendar in the browser")).to_be_visible()

    page.reload()  # shown once: a reload shows no address and makes no new one
    expect(page.get_by_role("textbox", name="Feed address")).to_have_count(0)
    expect(page.get_by_role("link", name="Add to Google Calendar")).to_have_count(0)
    check_step(page, screenshot, "after reload")


def test_without_javascript_the_address_is_selectable_text(nojs_page, live_app, screenshot):
    _sign_in(nojs_page, live_app)
    nojs_page.goto("/calendar")
    nojs_page.get_by_role("button", name="Turn on my feed").click()
    address = nojs_page.get_by_role("textbox", name="Feed address")
    assert address.input_value().endswith(".ics")
    expect(address).to_have_attribute("readonly", "")
    expect(nojs_page.get_by_role("button", name="Copy address")).to_have_count(0)
    expect(nojs_page.get_by_role("link", name="Add to Outlook")).to_be_visible()
    check_step_without_js(nojs_page, screenshot, "new address without javascript")
