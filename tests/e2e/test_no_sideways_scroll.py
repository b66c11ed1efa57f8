"""No page scrolls sideways, on a phone (390 px) or a laptop (1,280 px).

The demo workspace is served once for the module, with a personal and a team feed
turned on for everyone who signs in here (so /calendar shows its feed list). Every page
of the main journeys is visited at both widths by the people who use it: a member
(Jonas), an admin (Amara), a new hire part-way through onboarding (Zoe) and somebody
signed out. On each, the document must be no wider than the viewport. A screenshot of
every page at every width lands in tests/e2e/artifacts/.

At 390 px the main navigation folds behind a "Menu" button (a <details> disclosure: no
JavaScript needed) that opens the links and closes again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, MeetingAttendee, Member, Team
from app.services import feeds
from tests.conftest import USING_POSTGRES, _clear_rows, make_app
from tests.e2e.conftest import LiveServer
from tests.e2e.test_accessibility import (
    ADMIN_EMAIL,
    HIRE_EMAIL,
    _book_path,
    _find_query,
    _seed_values,
    _sign_in,
)

pytestmark = pytest.mark.e2e

MEMBER_EMAIL = "jonas@demo.teamshape.test"
WIDTHS = (390, 1280)

SHARED = [
    "/",
    "/people",
    "/people?q=deep+work",
    "/people/{priya}",
    "/manual",
    "/manual/revisions",
    "/manual/pattern",
    "/teams",
    "/teams/{team}",
    "/meetings",
    "/account",
    "/calendar",
]
JOURNEYS = {
    "member": [
        *SHARED,
        "/people/{amara}",
        "/find?{member_find}",
        "{member_book}",
        "/meetings/{member_meeting}",
    ],
    "admin": [
        *SHARED,
        "/find?{find_query}",
        "{book_path}",
        "/meetings/{meeting}",
        "/admin/members",
        "/admin/teams",
        "/admin/teams/{team}",
        "/admin/invites",
        "/admin/onboarding",
    ],
    "hire": [
        *SHARED,
        "/onboarding",
        "/onboarding/wizard/hours",
        "/onboarding/wizard/energy",
        "/onboarding/wizard/communication",
        "/onboarding/wizard/story",
        "/onboarding/team",
        "/onboarding/intros",
        "/onboarding/intros/plan",
    ],
    "signed out": ["/login", "/invite/{invite_token}"],
}
EMAILS = {"member": MEMBER_EMAIL, "admin": ADMIN_EMAIL, "hire": HIRE_EMAIL, "signed out": None}

DOCUMENT_WIDTH = """() => Math.max(
  document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0)"""
WIDEST = """() => {
  const limit = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 0.5 && box.width > 0) {
      const classes = typeof el.className === 'string' ? el.className.trim() : '';
      wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
        + `${classes ? "." + classes.split(/\\s+/).join(".") : ""} @${Math.round(box.right)}`);
    }
  }
  return wide.slice(0, 5);
}"""


@dataclass
class Site:
    server: LiveServer
    values: dict[str, str]


def _member_values(now: datetime) -> dict[str, str]:
    ids = {
        email.split("@")[0]: member_id
        for email, member_id in db.session.execute(select(Member.email, Member.id))
    }
    jonas, priya = ids["jonas"], ids["priya"]
    meeting = db.session.scalar(
        select(Meeting.id)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(MeetingAttendee.member_id == jonas)
        .order_by(Meeting.id)
    )
    assert meeting is not None, "the demo seed booked no meeting for Jonas"
    return {
        "amara": str(ids["amara"]),
        "priya": str(priya),
        "member_find": _find_query(priya, "Europe/Berlin"),
        "member_book": _book_path(jonas, priya, "Europe/Berlin", now),
        "member_meeting": str(meeting),
    }


def _turn_on_feeds(now: datetime) -> None:
    """A personal and a team feed for each person signing in here."""
    for email in (MEMBER_EMAIL, ADMIN_EMAIL, HIRE_EMAIL):
        member = db.session.scalar(select(Member).where(Member.email == email))
        feeds.turn_on_personal(member.id, now)
        team_id, _name = feeds.subscribable_teams(member.id)[0]
        feeds.turn_on_team(member.id, team_id, member.time_zone, now)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.conftest import CSRFConfig

    database = tmp_path_factory.mktemp("widths") / "widths.sqlite"

    class WidthConfig(CSRFConfig):
        SQLALCHEMY_DATABASE_URI = (
            os.environ["TEST_DATABASE_URL"] if USING_POSTGRES else f"sqlite:///{database}"
        )

    app = make_app(WidthConfig)
    now = datetime.now(UTC)
    with app.app_context():
        values = _seed_values(now)
        values.update(_member_values(now))
        _turn_on_feeds(now)
        assert db.session.scalar(select(Team.id)) is not None
        db.session.remove()
    server = LiveServer(app)
    server.start()
    yield Site(server, values)
    server.stop()
    with app.app_context():
        db.session.remove()
        if USING_POSTGRES:
            _clear_rows()
        db.engine.dispose()


def _tab(browser, site: Site, who: str, width: int):
    context = browser.new_context(
        base_url=site.server.url,
        viewport={"width": width, "height": 900},
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    if EMAILS[who]:
        _sign_in(page, EMAILS[who])
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", list(JOURNEYS))
def test_no_page_scrolls_sideways(browser, site, screenshot, who, width):
    context, page = _tab(browser, site, who, width)
    too_wide = []
    try:
        for template in JOURNEYS[who]:
            path = template.format(**site.values)
            response = page.goto(path)
            assert response is not None and response.status == 200, (who, path, response.status)
            screenshot(page, f"{width}px {path}")
            document = page.evaluate(DOCUMENT_WIDTH)
            if document > width:
                too_wide.append((path.split("?")[0], document, page.evaluate(WIDEST)))
    finally:
        context.close()
    assert not too_wide, f"{who} at {width} px: pages wider than the screen: {too_wide}"


def test_the_width_check_reports_a_page_wider_than_the_screen(browser, site):
    """A control: a 600 px wide box on a 390 px screen is caught."""
    context, page = _tab(browser, site, "signed out", 390)
    page.set_content('<body><div style="width:600px">wide</div></body>')
    width = page.evaluate(DOCUMENT_WIDTH)
    context.close()
    assert width > 390


def test_the_menu_button_folds_the_navigation_on_a_phone(browser, site, screenshot):
    context, page = _tab(browser, site, "admin", 390)
    try:
        page.goto("/")
        navigation = page.get_by_role("navigation", name="Main")
        menu = navigation.get_by_text("Menu", exact=True)
        expect(menu).to_be_visible()
        people = navigation.get_by_role("link", name="People", exact=True)
        expect(people).to_be_hidden()
        screenshot(page, "menu closed")
        menu.click()
        expect(people).to_be_visible()
        expect(navigation.get_by_role("link", name="Admin", exact=True)).to_be_visible()
        screenshot(page, "menu open")
        people.click()
        expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
        expect(page.get_by_role("navigation", name="Main").get_by_text("Menu")).to_be_visible()
    finally:
        context.close()


def test_the_navigation_needs_no_menu_button_on_a_laptop(browser, site):
    context, page = _tab(browser, site, "admin", 1280)
    try:
        page.goto("/")
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.get_by_text("Menu", exact=True)).to_be_hidden()
        expect(navigation.get_by_role("link", name="People", exact=True)).to_be_visible()
    finally:
        context.close()


def test_the_menu_opens_without_javascript(browser, site):
    context = browser.new_context(
        base_url=site.server.url, viewport={"width": 390, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _sign_in(page, MEMBER_EMAIL)
        navigation = page.get_by_role("navigation", name="Main")
        navigation.get_by_text("Menu", exact=True).click()
        navigation.get_by_role("link", name="My week", exact=True).click()
        expect(page.get_by_role("heading", name="My week", exact=True)).to_be_visible()
    finally:
        context.close()


def test_invite_actions_are_on_screen_on_a_phone(browser, site, screenshot):
    """The invites table used to scroll inside itself, its buttons clipped off screen."""
    context, page = _tab(browser, site, "admin", 390)
    try:
        page.goto("/admin/invites")
        buttons = page.get_by_role("button", name="Resend to ")
        assert buttons.count() >= 2
        for index in range(buttons.count()):
            button = buttons.nth(index)
            # Scroll the window only (vertically): no scroller may be nudged sideways.
            button.evaluate("b => scrollTo(0, scrollY + b.getBoundingClientRect().top - 300)")
            box = button.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            # Nothing (no scroller's edge) covers the button's middle: it can be tapped.
            assert page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y).closest('button') !== null",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            )
        screenshot(page, "invites on a phone")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_my_week_rows_fit_without_a_sideways_scroller(browser, site, screenshot, width):
    """At 1,280 px the rows fit the page; at 390 px each row wraps as a small card."""
    context, page = _tab(browser, site, "member", width)
    try:
        page.goto("/manual/pattern")
        table = page.locator("table.block-rows")
        sizes = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        screenshot(page, f"my week rows at {width}px")
        assert sizes[0] <= sizes[1], sizes
        if width == 390:  # the row labels show, as the table's header is hidden
            expect(page.get_by_text("Row 1: Kind", exact=True)).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/manual/pattern", "/admin/invites", "/calendar"])
def test_axe_finds_nothing_serious_on_a_phone_with_the_menu_open(browser, site, path):
    from tests.e2e.test_accessibility import AXE, BLOCKING, _describe

    context = browser.new_context(
        base_url=site.server.url, viewport={"width": 390, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _sign_in(page, ADMIN_EMAIL)
        page.goto(path)
        page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True).click()
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    blocking = [_describe(v) for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking
