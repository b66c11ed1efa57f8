"""The directory's cards: headline, initials avatar, matched words (visibility matrix),
typo-tolerant names, and the results fragment that filter-as-you-type fetches."""

from __future__ import annotations

import pytest

from app.services import accounts
from tests.manual_helpers import write_manual

ALLOWED = {
    "workspace": {"self", "teammate", "stranger"},
    "teams": {"self", "teammate"},
    "private": {"self"},
}


def set_headline(member, headline: str) -> None:
    accounts.update_profile(
        member.id,
        display_name=member.display_name,
        pronouns=member.pronouns,
        time_zone=member.time_zone,
        headline=headline,
    )


@pytest.fixture
def people(make_member, make_team, admin, now):
    priya = make_member("Priya Raman", zone="Asia/Kolkata")
    mate = make_member("Tom Teammate")
    stranger = make_member("Sam Stranger")
    make_team("Search", priya, mate)
    set_headline(priya, "Staff engineer, payments")
    write_manual(
        priya.id,
        now,
        story=("I guard quiet-workspace mornings.", "workspace"),
        work_best=("Pairing on quiet-teams problems.", "teams"),
        help_me=("Never schedule quiet-private stuff.", "private"),
    )
    return {"self": priya, "teammate": mate, "stranger": stranger}


def results_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True).split('class="result-count"', 1)[1]


def test_card_shows_headline_and_a_decorative_initials_avatar(client, auth, people):
    auth.login(people["stranger"].email)
    html = results_of(client, "/people")
    assert "Staff engineer, payments" in html
    assert '<span class="avatar avatar-hue-' in html
    assert 'aria-hidden="true">PR</span>' in html


def test_a_headline_is_searchable_and_shown_as_the_match(client, auth, people):
    auth.login(people["stranger"].email)
    html = results_of(client, "/people?q=payments")
    assert "Priya Raman" in html
    assert "<mark>payments,</mark>" not in html
    assert "<mark>payments</mark>" in html and "(headline)" in html


@pytest.mark.parametrize("viewer", ["self", "teammate", "stranger"])
@pytest.mark.parametrize("visibility", list(ALLOWED))
def test_matched_words_come_only_from_sections_the_viewer_may_see(
    client, auth, people, viewer, visibility
):
    """One query word ("quiet") is in sections of all three visibilities: the card
    shows a word from a section the viewer may see, never one from a hidden one."""
    auth.login(people[viewer].email)
    html = results_of(client, "/people?q=quiet")
    if viewer not in ALLOWED[visibility]:
        assert f"quiet-{visibility}" not in html
    searched = results_of(client, f"/people?q=quiet-{visibility}")
    assert ("Priya Raman" in searched) is (viewer in ALLOWED[visibility])
    assert (f"<mark>quiet-{visibility}</mark>" in searched) is (viewer in ALLOWED[visibility])


def test_only_me_words_never_leave_their_author(client, auth, people, admin):
    priya = people["self"]
    for who in (people["teammate"], people["stranger"], admin):
        auth.login(who.email)
        for url in (
            "/people?q=quiet",
            "/people/results?q=quiet",
            "/people?q=private",
            "/people/results?q=stuff",
            f"/people/{priya.id}",
        ):
            assert "quiet-private" not in client.get(url).get_data(as_text=True), url
        auth.logout()
    auth.login(priya.email)
    assert "<mark>quiet-private</mark>" in client.get("/people?q=private").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["Priay", "priay raman", "Pria", "Ramna"])
def test_a_mistyped_name_still_finds_the_person(client, auth, people, typed):
    auth.login(people["stranger"].email)
    html = results_of(client, f"/people?q={typed}")
    assert "Priya Raman" in html
    assert "Sam Stranger" not in html
    assert "(name)" in html


def test_short_words_are_not_matched_loosely(client, auth, people):
    auth.login(people["stranger"].email)
    assert "Priya Raman" not in results_of(client, "/people?q=Pri_")
    assert "1 person found" in client.get("/people?q=Tom").get_data(as_text=True)


def test_results_fragment_is_just_the_list_with_its_count(client, auth, people):
    auth.login(people["stranger"].email)
    response = client.get("/people/results?q=priay")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert 'data-count-text="1 person found."' in html
    assert "Priya Raman" in html


def test_results_fragment_needs_sign_in(client, people):
    response = client.get("/people/results?q=priya")
    assert response.status_code in (302, 401)
    assert "Priya" not in response.get_data(as_text=True)


def test_the_page_works_without_javascript_and_carries_the_hooks(client, auth, people):
    auth.login(people["stranger"].email)
    html = client.get("/people?q=Priay").get_data(as_text=True)
    assert 'method="get"' in html and 'data-results-url="/people/results"' in html
    assert 'role="status" class="result-count" id="result-count"' in html
    assert 'id="directory-results"' in html and "js/directory-filter.js" in html
    assert "Priya Raman" in html
