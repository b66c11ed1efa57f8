"""A person writes their manual in a real browser, sees it on their profile, and a
colleague finds them in the directory by a word from it (and not by a private word)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services import accounts
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def make_people(live_app):
    with live_app.app_context():
        for email, name, zone in (
            ("wren@example.test", "Wren Writer", "Europe/Berlin"),
            ("rae@example.test", "Rae Reader", "America/Chicago"),
        ):
            accounts.create_member(
                email=email, display_name=name, password=PASSWORD, time_zone=zone, min_length=10
            )


def sign_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello,", exact=False)).to_be_visible()


def write_manual(page):
    page.get_by_role("link", name="My manual").click()
    expect(page.get_by_role("heading", name="My manual", exact=True)).to_be_visible()
    page.get_by_label("My story", exact=True).fill(
        "I build **calm** tools.\n\nOn weekends I go *kayaking*."
    )
    page.get_by_label("Who may see “My story”").select_option(label="Everyone in the workspace")
    page.get_by_label("How I work best", exact=True).fill("Mornings with a pot of tea.")
    page.get_by_label("Who may see “How I work best”").select_option(label="Only me")
    page.get_by_label("1st choice").select_option(label="Email")
    page.get_by_label("2nd choice").select_option(label="Chat")
    page.get_by_role("button", name="Save my manual").click()


def test_write_manual_see_profile_and_be_found_by_a_word(page, live_app):
    make_people(live_app)
    sign_in(page, "wren@example.test")
    write_manual(page)

    expect(page.get_by_role("heading", name="Wren Writer")).to_be_visible()
    expect(page.get_by_text("Your manual is saved.")).to_be_visible()
    expect(page.locator(".markdown strong", has_text="calm")).to_be_visible()
    expect(page.get_by_text("Mornings with a pot of tea.")).to_be_visible()  # mine to see
    expect(page.get_by_text("Email, Chat")).to_be_visible()  # communication: "My teams"

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "rae@example.test")
    page.get_by_role("link", name="People").click()
    page.get_by_label("Search").fill("kayaking")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_text("1 person found.")).to_be_visible()
    page.get_by_role("link", name="Wren Writer").click()
    expect(page.locator(".markdown em", has_text="kayaking")).to_be_visible()
    expect(page.get_by_text("Mornings with a pot of tea.")).to_have_count(0)
    expect(page.get_by_text("Email, Chat")).to_have_count(0)  # Rae is not in Wren's teams

    page.get_by_role("link", name="People").click()
    page.get_by_label("Search").fill("tea")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_text("0 people found.")).to_be_visible()


def test_a_refused_manual_keeps_what_was_typed_without_javascript(nojs_page, live_app):
    make_people(live_app)
    page = nojs_page
    page.goto("/login")
    page.get_by_label("Email").fill("wren@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/manual")
    page.get_by_label("My story", exact=True).fill("Still here after the refusal")
    page.get_by_label("1st choice").select_option(label="Chat")
    page.get_by_label("2nd choice").select_option(label="Chat")
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text("Chat is already an earlier choice.")).to_be_visible()
    expect(page.get_by_label("My story", exact=True)).to_have_value("Still here after the refusal")
    page.get_by_label("2nd choice").select_option(label="Video call")
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text("Your manual is saved.")).to_be_visible()
    expect(page.get_by_text("Chat, Video call")).to_be_visible()
