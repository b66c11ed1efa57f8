"""A paste longer than a section's limit is never cut silently.

The manual's text areas used to carry `maxlength="10000"`: a 20,000-character paste
was cut in half and the save reported success. Now the whole paste stays in the box,
a live counter says how far over the limit it is, and saving is refused by the server
with its clear message, everything typed kept. Without JavaScript the same refusal
happens (there is simply no counter).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

EMAIL = "paula@example.test"
LIMIT_MESSAGE = "Please keep this under 10,000 characters."
PASTE = ("I write long, careful answers about how I work. " * 420)[:20_000]


def _make_person(live_app) -> None:
    with live_app.app_context():
        accounts.create_member(
            email=EMAIL,
            display_name="Paula Paster",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        )


def _sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello,", exact=False)).to_be_visible()


def _paste_story(page) -> None:
    story = page.get_by_label("My story", exact=True)
    story.click()
    page.keyboard.insert_text(PASTE)  # what a paste does: one insertion, maxlength applies


def test_a_long_paste_is_kept_counted_and_refused_with_a_clear_message(page, live_app, screenshot):
    assert len(PASTE) == 20_000
    _make_person(live_app)
    _sign_in(page)
    page.goto("/manual")
    story = page.get_by_label("My story", exact=True)
    counter = page.locator("#story_body-count")
    expect(counter).to_have_text("0 of 10,000 characters")
    screenshot(page, "empty manual with counters")

    _paste_story(page)
    assert len(story.input_value()) == 20_000, "the browser cut the paste"
    expect(counter).to_contain_text("20,000 of 10,000 characters")
    expect(counter).to_contain_text("10,000 over the limit")
    expect(counter).to_have_class("char-count is-over")
    screenshot(page, "pasted 20,000 characters")

    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text(LIMIT_MESSAGE)).to_be_visible()
    expect(page.get_by_text("Your manual is saved.")).to_have_count(0)
    assert page.get_by_label("My story", exact=True).input_value() == PASTE
    expect(page.get_by_label("My story", exact=True)).to_have_attribute("aria-invalid", "true")
    screenshot(page, "refused with the text kept")

    # Shortened, it saves.
    page.get_by_label("My story", exact=True).fill(PASTE[:9_000])
    expect(page.locator("#story_body-count")).to_have_text("9,000 of 10,000 characters")
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text("Your manual is saved.")).to_be_visible()
    screenshot(page, "saved once shortened")


def test_without_javascript_the_server_refuses_and_keeps_the_text(nojs_page, live_app, screenshot):
    page = nojs_page
    _make_person(live_app)
    _sign_in(page)
    page.goto("/manual")
    _paste_story(page)
    assert len(page.get_by_label("My story", exact=True).input_value()) == 20_000
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text(LIMIT_MESSAGE)).to_be_visible()
    assert page.get_by_label("My story", exact=True).input_value() == PASTE
    screenshot(page, "refused without javascript")
