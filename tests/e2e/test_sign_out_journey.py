"""Signing out in a real browser (issue 17): the remember cookie goes, copies die.

Chromium signs in with "Keep me signed in", a second browser context gets a copy of
its cookies (as a thief with access to the disk would), then the first signs out; the
copy must land on the sign-in page. Then "Sign out everywhere" from Settings ends a
phone's sign-in.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _make_member(live_app) -> None:
    with live_app.app_context():
        accounts.create_member(
            email="sol@example.test",
            display_name="Sol Signer",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )


def _new_tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _sign_in(tab, remember: bool) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill("sol@example.test")
    tab.get_by_label("Password").fill(PASSWORD)
    if remember:
        tab.get_by_label("Keep me signed in on this device").check()
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name="Hello,", exact=False)).to_be_visible()


def test_sign_out_kills_this_browser_s_cookies_and_their_copies(
    browser, live_app, live_server, page
):
    _make_member(live_app)
    _sign_in(page, remember=True)
    cookies = page.context.cookies()
    assert {c["name"] for c in cookies} >= {"session", "remember_token"}
    thief_context, thief = _new_tab(browser, live_server)
    thief_context.add_cookies(cookies)
    thief.goto("/manual")
    expect(thief.get_by_role("button", name="Sign out", exact=True)).to_be_visible()  # it works

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "remember_token" not in {c["name"] for c in page.context.cookies()}
    page.goto("/manual")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    thief.goto("/manual")
    expect(thief.get_by_role("heading", name="Sign in")).to_be_visible()
    thief_context.close()


def test_sign_out_everywhere_from_settings_ends_the_phone_s_sign_in(
    browser, live_app, live_server, page
):
    _make_member(live_app)
    phone_context, phone = _new_tab(browser, live_server)
    _sign_in(phone, remember=True)
    _sign_in(page, remember=False)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You are signed out on every device")).to_be_visible()
    phone.goto("/manual")
    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible()
    phone_context.close()
