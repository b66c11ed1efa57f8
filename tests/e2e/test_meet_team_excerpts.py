"""Meet-your-team cards show their highlights as plain text, never raw Markdown.

In the demo, Jonas writes "My peak is **07:00–10:00**" in "How I work best"; his card
used to show the asterisks. A new hire who joins his team now reads "07:00–10:00".
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import demo
from app.extensions import db
from app.models import Member
from app.services import teams

pytestmark = pytest.mark.e2e


def test_card_excerpts_are_plain_text(page, live_app, screenshot):
    with live_app.app_context():
        demo.seed(datetime.now(UTC))
        admin_id = db.session.scalar(select(Member.id).where(Member.email.like("amara@%")))
        zoe_id = db.session.scalar(select(Member.id).where(Member.email.like("zoe@%")))
        platform = next(t for t in teams.list_teams() if t.name == "Platform")
        teams.add_member(admin_id, platform.id, zoe_id, "Engineer")
    page.goto("/login")
    page.get_by_label("Email").fill("zoe@demo.teamshape.test")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/onboarding/team")
    card = page.locator("article.team-card", has=page.get_by_role("heading", name="Jonas Becker"))
    expect(card).to_contain_text("Early. My peak is 07:00–10:00: I keep it for deep work")
    cards = page.locator("article.team-card")
    assert cards.count() >= 5
    for text in cards.all_inner_texts():
        assert "**" not in text and "__" not in text, text
    card.scroll_into_view_if_needed()
    screenshot(page, "meet your team with plain excerpts")
