"""Edit my manual in a real browser: section cards with a compact visibility control, a
live preview rendered (and sanitised) by the server, a draft that survives a reload, and
a warning before leaving unsaved changes that does not fire on Save.

Every step is checked at 390 and 1,280 px with axe (tests/e2e/journey_checks.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.domain.manual import SECTIONS
from app.services import accounts
from tests.conftest import PASSWORD
from tests.e2e.journey_checks import check_step

pytestmark = pytest.mark.e2e

EMAIL = "mina@example.test"
STORY = "I build **calm** tools.\n\nOn weekends I go *kayaking*."
INJECTED = (
    '\n\n<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>'
    "\n\n[a link](javascript:window.__pwned=3)"
)
OWN_TEXT = """(el) => [...el.childNodes].filter((n) => n.nodeType === 3)
  .map((n) => n.textContent).join('').trim()"""
DRAFT_KEYS = "() => Object.keys(localStorage).filter((k) => k.startsWith('teamshape:draft:'))"


class Dialogs:
    """Records every dialog; `stay` decides whether a beforeunload keeps the page."""

    def __init__(self, tab) -> None:
        self.seen: list[str] = []
        self.stay = False
        tab.on("dialog", self._answer)

    def _answer(self, dialog) -> None:
        self.seen.append(dialog.type)
        if self.stay:
            dialog.dismiss()
        else:
            dialog.accept()


def _sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello,", exact=False)).to_be_visible()


@pytest.fixture
def author(live_app):
    with live_app.app_context():
        return accounts.create_member(
            email=EMAIL,
            display_name="Mina Maker",
            password=PASSWORD,
            time_zone="Europe/Berlin",
            min_length=10,
        ).id


def _cards_step(page, screenshot) -> None:
    page.get_by_role("link", name="My manual").click()
    expect(page.locator(".manual-card")).to_have_count(len(SECTIONS))
    story_card = page.locator("#section-story")
    expect(story_card.get_by_role("heading", name="My story")).to_be_visible()
    # The visibility control is compact: "Who may see", the section named for screen readers only.
    expect(page.get_by_label("Who may see “My story”")).to_have_value("teams")
    label = story_card.locator("label[for='story_visibility']")
    assert label.evaluate(OWN_TEXT) == "Who may see"
    check_step(page, screenshot, "manual editor as cards")


def _preview_step(page, screenshot):
    """Type Markdown with injected HTML: the preview is the server's, nothing runs."""
    page.get_by_label("My story", exact=True).click()
    page.keyboard.type("I build ")
    page.keyboard.insert_text(STORY.removeprefix("I build ") + INJECTED)
    preview = page.locator("#section-story [data-preview-output]")
    expect(preview.locator("strong", has_text="calm")).to_be_visible()
    expect(preview.locator("em", has_text="kayaking")).to_be_visible()
    expect(preview.locator("img, script")).to_have_count(0)
    expect(preview.locator("a[href^='javascript']")).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None
    expect(page.locator("[data-save-status]")).to_contain_text("a draft is kept on this device")
    check_step(page, screenshot, "live preview")
    return preview


def _draft_step(page, screenshot, dialogs, preview) -> None:
    """A reload warns first, then offers the draft back, including a choice made just
    before the reload (kept at once, not after the typing pause)."""
    page.get_by_label("Who may see “My story”").select_option(label="Only me")
    page.reload()
    assert "beforeunload" in dialogs.seen
    offer = page.get_by_role("region", name="Unsaved draft")
    expect(offer).to_contain_text(re.compile(r"Restore your unsaved draft from \d\d:\d\d\?"))
    expect(page.get_by_label("My story", exact=True)).to_have_value("")
    check_step(page, screenshot, "draft offered after reload")
    offer.get_by_role("button", name="Restore").click()
    expect(page.get_by_label("My story", exact=True)).to_have_value(STORY + INJECTED)
    expect(page.get_by_label("Who may see “My story”")).to_have_value("private")
    expect(preview.locator("strong", has_text="calm")).to_be_visible()
    expect(offer).to_be_hidden()


def _leave_step(page, dialogs) -> None:
    """Leaving with unsaved changes asks first; staying keeps everything."""
    dialogs.seen.clear()
    dialogs.stay = True
    page.get_by_role("link", name="See my profile").click()
    page.wait_for_timeout(300)
    assert dialogs.seen == ["beforeunload"]
    assert page.url.endswith("/manual")
    expect(page.get_by_label("My story", exact=True)).to_have_value(STORY + INJECTED)


def test_edit_my_manual_with_preview_draft_and_leave_warning(page, author, screenshot):
    dialogs = Dialogs(page)
    _sign_in(page)
    _cards_step(page, screenshot)
    preview = _preview_step(page, screenshot)
    _draft_step(page, screenshot, dialogs, preview)
    _leave_step(page, dialogs)

    # Saving does not ask, and the draft is gone once saved.
    dialogs.seen.clear()
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text("Your manual is saved.")).to_be_visible()
    assert dialogs.seen == []
    assert page.evaluate(DRAFT_KEYS) == []
    expect(page.locator(".markdown strong", has_text="calm")).to_be_visible()
    expect(page.locator(".markdown img, .markdown script")).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None
    check_step(page, screenshot, "saved profile")

    page.goto("/manual")
    expect(page.get_by_role("region", name="Unsaved draft")).to_be_hidden()
    expect(page.get_by_label("Who may see “My story”")).to_have_value("private")
    page.get_by_role("link", name="See my profile").click()  # nothing unsaved: no question
    expect(page.get_by_role("heading", name="Mina Maker")).to_be_visible()
    assert dialogs.seen == []


def test_a_discarded_draft_is_not_offered_again(page, author, screenshot):
    Dialogs(page)
    _sign_in(page)
    page.goto("/manual")
    page.get_by_label("How I work best", exact=True).click()
    page.keyboard.type("Early mornings")
    expect(page.locator("[data-save-status]")).to_contain_text("a draft is kept")
    page.reload()
    offer = page.get_by_role("region", name="Unsaved draft")
    offer.get_by_role("button", name="Discard").click()
    expect(offer).to_be_hidden()
    assert page.evaluate(DRAFT_KEYS) == []
    page.reload()
    expect(offer).to_be_hidden()
    expect(page.get_by_label("How I work best", exact=True)).to_have_value("")
    check_step(page, screenshot, "no draft after discard")


def test_signing_out_forgets_the_drafts_kept_on_this_device(page, author, screenshot):
    dialogs = Dialogs(page)
    _sign_in(page)
    page.goto("/manual")
    page.get_by_label("How I work best", exact=True).click()
    page.keyboard.type("Only for me")
    expect(page.locator("[data-save-status]")).to_contain_text("a draft is kept")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert dialogs.seen == ["beforeunload"]  # unsaved work: asked first
    assert page.evaluate(DRAFT_KEYS) == []
    check_step(page, screenshot, "signed out")


def test_without_javascript_the_manual_saves_from_its_cards(nojs_page, author, screenshot):
    page = nojs_page
    _sign_in(page)
    page.goto("/manual")
    expect(page.locator(".manual-card")).to_have_count(len(SECTIONS))
    expect(page.locator("[data-preview-for]").first).to_be_hidden()
    page.get_by_label("My story", exact=True).fill(STORY)
    page.get_by_label("Who may see “My story”").select_option(label="Everyone in the workspace")
    screenshot(page, "filled without javascript")
    page.get_by_role("button", name="Save my manual").click()
    expect(page.get_by_text("Your manual is saved.")).to_be_visible()
    expect(page.locator(".markdown strong", has_text="calm")).to_be_visible()
    screenshot(page, "saved without javascript")
