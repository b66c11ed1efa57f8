"""Browser journeys for Home and the directory, on the demo workspace.

Browse: type in the directory's filter and the list updates without a page load (the
address bar follows), a typo still finds the person, the matched words show on the
card (never one from a section the viewer may not see), and a card opens the profile.
Home: a member signs in and lands on the dashboard; a new hire part-way through the
wizard signs in and is offered "Continue: step 3 of 4", which opens that step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import demo
from app.extensions import db
from app.models import Member
from app.services import onboarding
from tests.e2e.journey_checks import check_step

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "directory.png"
AMARA = "amara@demo.teamshape.test"
ZOE = "zoe@demo.teamshape.test"


@pytest.fixture
def workspace(live_app):
    with live_app.app_context():
        demo.seed(datetime.now(UTC))
        zoe = db.session.scalar(select(Member.id).where(Member.email == ZOE))
        progress = onboarding.wizard_progress(zoe)
        if progress.current == "energy":  # the demo leaves Zoe on step 2: one more
            onboarding.skip_step(zoe, "energy", datetime.now(UTC))
    return live_app


def sign_in(tab, email: str) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()


def type_search(tab, text: str) -> None:
    box = tab.get_by_label("Search", exact=True)
    box.fill("")
    box.press_sequentially(text, delay=30)


def test_browse_filter_as_you_type_typo_matches_and_profile(page, workspace, screenshot):
    sign_in(page, AMARA)
    page.goto("/people")
    expect(page.locator("form.directory-filters[data-live]")).to_have_count(1)
    check_step(page, screenshot, "directory")
    page.evaluate("() => { window.__sameDocument = true; }")

    type_search(page, "Priay")  # a typo
    expect(page.locator("#result-count")).to_have_text("1 person found.")
    card = page.locator(".person-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name="Priya Raman")).to_be_visible()
    expect(card.locator("mark")).to_have_text("Priya")
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"
    assert "q=Priay" in page.url
    check_step(page, screenshot, "typo finds Priya")

    type_search(page, "mornings")
    expect(page.get_by_role("link", name="Priya Raman")).to_be_visible()
    priya = page.locator(".person-card", has=page.get_by_role("link", name="Priya Raman"))
    expect(priya.locator(".person-matches")).to_contain_text("mornings")
    expect(priya.locator(".person-matches")).to_contain_text("(manual)")
    assert "q=mornings" in page.url
    check_step(page, screenshot, "matched words on the card")

    type_search(page, "specific")  # only in Priya's "only me" feedback section
    expect(page.locator("#result-count")).not_to_have_text("1 person found.")
    expect(page.get_by_role("link", name="Priya Raman")).to_have_count(0)
    assert page.evaluate("() => window.__sameDocument === true")

    type_search(page, "platform")
    expect(page.get_by_role("link", name="Priya Raman")).to_be_visible()
    expect(page.locator(".person-matches").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), animations="disabled")
    check_step(page, screenshot, "filtered by team and role")

    page.get_by_role("link", name="Priya Raman").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Raman")
    expect(page.locator(".profile-headline")).to_have_text("Backend engineer, search and data")
    expect(page.get_by_text("Written and specific")).to_have_count(0)
    check_step(page, screenshot, "profile")

    page.go_back()
    expect(page.get_by_label("Search", exact=True)).to_have_value("platform")


def test_browse_without_javascript_still_filters(nojs_page, workspace):
    sign_in(nojs_page, AMARA)
    nojs_page.goto("/people")
    nojs_page.get_by_label("Search", exact=True).fill("Priay")
    nojs_page.get_by_role("button", name="Find people").click()
    expect(nojs_page.locator("#result-count")).to_have_text("1 person found.")
    expect(nojs_page.get_by_role("link", name="Priya Raman")).to_be_visible()


def test_home_for_a_member(page, workspace, screenshot):
    sign_in(page, AMARA)
    expect(page).to_have_url(page.url.split("/login")[0].rstrip("/") + "/")
    expect(page.get_by_role("heading", name="Hello, Amara Okafor")).to_be_visible()
    for heading in ("Working now on your teams", "Today’s overlap", "Your next meetings"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name="Your manual", exact=True)).to_be_visible()
    expect(page.get_by_text("sections written")).to_be_visible()
    expect(page.get_by_text("Continue: step")).to_have_count(0)
    helps = page.locator(".meeting-list details summary")
    if helps.count():
        helps.first.click()
        expect(page.locator(".help-note").first).to_be_visible()
    check_step(page, screenshot, "home for a member")


def test_home_for_a_new_hire_continues_the_wizard(page, workspace, screenshot):
    sign_in(page, ZOE)
    assert page.url.endswith("/"), page.url  # sign-in lands on Home
    cta = page.get_by_role("button", name="Continue: step 3 of 4")
    expect(cta).to_be_visible()
    check_step(page, screenshot, "home for a new hire")
    cta.click()
    assert page.url.endswith("/onboarding/wizard/communication"), page.url
    check_step(page, screenshot, "wizard step 3")
