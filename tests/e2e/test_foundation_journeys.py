"""First run and sign-in, as a person does it in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_first_run_setup_then_sign_in_shows_name(page, live_app):
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome to Teamshape")).to_be_visible()
    # With JavaScript on, the zone field is prefilled from the browser's zone.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create workspace").click()
    expect(page.get_by_role("heading", name="Hello, Grace Hopper")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill("grace@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Grace Hopper")).to_be_visible()
    with live_app.app_context():
        grace = accounts.authenticate("grace@example.test", PASSWORD)
        assert grace is not None and grace.time_zone == "Europe/Berlin"


def test_keyboard_only_sign_in(page, live_app):
    with live_app.app_context():
        accounts.create_member(
            email="kim@example.test",
            display_name="Kim Keys",
            password=PASSWORD,
            time_zone="Asia/Seoul",
            min_length=10,
        )
    page.goto("/login")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(3):  # from main content, tab into the email field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type("kim@example.test")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hello, Kim Keys")).to_be_visible()


def test_setup_works_without_javascript(nojs_page):
    nojs_page.goto("/setup")
    nojs_page.get_by_label("Your name").fill("Nora NoScript")
    nojs_page.get_by_label("Email").fill("nora@example.test")
    nojs_page.get_by_label("Time zone").fill("America/Chicago")
    nojs_page.get_by_label("Password", exact=True).fill(PASSWORD)
    nojs_page.get_by_label("Repeat password").fill(PASSWORD)
    nojs_page.get_by_role("button", name="Create workspace").click()
    expect(nojs_page.get_by_role("heading", name="Hello, Nora NoScript")).to_be_visible()
