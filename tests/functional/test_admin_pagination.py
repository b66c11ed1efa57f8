"""Admin lists paginate with PAGE_SIZE and keep their order across pages: members (by
name or by email), teams, invites and onboarding progress, through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.services import invites
from tests.functional.test_onboarding_wizard import hire

PAGE_SIZE = 2


@pytest.fixture
def small_pages(app):
    app.config["PAGE_SIZE"] = PAGE_SIZE


def rows(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def walk(client, url: str, pattern: str) -> list[list[str]]:
    """Every page's matches, following the pager's Next link until there is none."""
    pages = []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(rows(html, pattern))
        following = re.search(r'<a href="([^"]+)">Next</a>', html)
        url = following.group(1).replace("&amp;", "&") if following else None
    return pages


def test_members_paginate_by_name_and_keep_the_email_sort_across_pages(
    small_pages, admin_client, make_member
):
    # Names and emails sort in opposite orders, so each sort is seen to hold.
    for name, email in [("Bea", "z@example.test"), ("Cy", "y@example.test"), ("Di", "x@ex.test")]:
        make_member(name, email=email)
    # A name cell holds the name, linked to the profile (person_link), then pronouns.
    name_cell = r"<tr>\s*<td>(?:<a [^>]*>)?([^<]+?)\s*(?:</a>)?\s*(?:<small|</td>)"
    email_cell = r"<td>([^<@]+@[^<]+)</td>"
    by_name = walk(admin_client, "/admin/members", name_cell)
    assert by_name == [["Ada Admin", "Bea"], ["Cy", "Di"]]
    by_email = walk(admin_client, "/admin/members?sort=email", email_cell)
    # Page 2 was reached through the pager's link, which kept sort=email.
    assert by_email == [["ada@example.test", "x@ex.test"], ["y@example.test", "z@example.test"]]


def test_teams_paginate_by_name(small_pages, admin_client, make_team):
    for name in ["delta", "Alpha", "charlie", "Bravo", "echo"]:
        make_team(name)
    pages = walk(admin_client, "/admin/teams", r'/admin/teams/\d+">([^<]+)</a>')
    assert pages == [["Alpha", "Bravo"], ["charlie", "delta"], ["echo"]]


def test_invites_paginate_newest_first(small_pages, admin_client, admin):
    start = datetime.now(UTC) - timedelta(hours=1)
    for n in range(5):
        invites.create_invite(
            admin.id,
            email=f"new{n}@example.test",
            display_name="",
            team_ids=[],
            start_date=None,
            now=start + timedelta(minutes=n),
            valid_days=14,
        )
    pages = walk(admin_client, "/admin/invites", r"<td[^>]*>(new\d)@example.test")
    assert pages == [["new4", "new3"], ["new2", "new1"], ["new0"]]


def test_onboarding_progress_paginates(small_pages, admin_client, admin, make_team):
    team = make_team("Platform", admin)
    for n in range(3):
        hire(admin, team, name=f"Hire {n}", email=f"hire{n}@example.test")
    pages = walk(admin_client, "/admin/onboarding", r'<th scope="row"><a [^>]*>(Hire \d)</a></th>')
    assert [len(page) for page in pages] == [2, 1]
    assert sorted(name for page in pages for name in page) == ["Hire 0", "Hire 1", "Hire 2"]


def test_a_page_past_the_end_is_empty_not_an_error(small_pages, admin_client):
    response = admin_client.get("/admin/teams?page=9")
    assert response.status_code == 200 and "No teams yet." in response.get_data(as_text=True)
