"""Find a time in plain words: reasons instead of scores, preferences cited only when the
organiser may see them, prefilled links from profiles and team pages, and date order."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from app.domain.manual import Preferences
from app.services import manuals
from tests.scheduler_page_helpers import BERLIN, give_hours, search


@pytest.fixture
def mo(member):
    give_hours(member)
    return member


@pytest.fixture
def ana(make_member):
    person = make_member("Ana Lima", zone=BERLIN, email="ana@example.test")
    give_hours(person)
    return person


@pytest.fixture
def signed_in(client, auth, mo):
    auth.login(mo.email)
    return client


def prefer(member, habit: str, visibility: str) -> None:
    manuals.save_manual(
        member.id,
        sections={"communication": ("Chat first, calls when it is tricky.", visibility)},
        preferences=Preferences(meeting_preference=habit),
        now=datetime.now(UTC),
    )


def results(client, **params) -> str:
    page = client.get("/find", query_string=search(**params))
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_results_read_as_plain_words_not_scores(signed_in, ana):
    html = results(signed_in, required_people=ana.id)
    assert "Score" not in html and "0 means nobody bends" not in html
    assert "Everyone is in working hours" in html
    assert "best first" in html and "Show in date order" in html


@pytest.mark.parametrize("visibility", ["workspace"])
def test_a_visible_preference_is_cited(signed_in, ana, visibility):
    prefer(ana, "afternoons", visibility)
    html = results(signed_in, required_people=ana.id)
    assert "Ana Lima prefers meetings in their afternoon" in html


def test_an_only_me_preference_never_reaches_a_reason(signed_in, ana, make_team, mo):
    make_team("Design", ana, mo)  # even a teammate may not see an "only me" section
    prefer(ana, "afternoons", "private")
    html = results(signed_in, required_people=ana.id)
    assert "prefers" not in html
    assert "afternoon" not in html.lower()


def test_a_my_teams_preference_is_cited_only_to_teammates(signed_in, ana, make_team, mo):
    prefer(ana, "mornings", "teams")
    assert "prefers" not in results(signed_in, required_people=ana.id)
    make_team("Design", ana, mo)
    assert "Ana Lima prefers meetings in their morning" in results(
        signed_in, required_people=ana.id
    )


def test_date_order_lists_the_same_cards_soonest_first(signed_in, ana):
    best = results(signed_in, required_people=ana.id)
    dated = results(signed_in, required_people=ana.id, order="date")
    assert "soonest first" in dated and "Show best first" in dated
    ranks = [int(n) for n in re.findall(r'<article class="suggestion" id="s-(\d+)"', dated)]
    assert sorted(ranks) == sorted(
        int(n) for n in re.findall(r'<article class="suggestion" id="s-(\d+)"', best)
    )
    starts = re.findall(r"Book #(\d+)", dated)
    assert [int(n) for n in starts] == ranks


def test_a_prefilled_link_opens_the_finder_with_results(signed_in, ana, make_team, mo):
    page = signed_in.get(f"/find?required_people={ana.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<option selected value="{ana.id}">Ana Lima</option>' in html
    assert "Book #1" in html
    team = make_team("Design", ana, mo)
    page = signed_in.get(f"/find?required_teams={team.id}")
    assert page.status_code == 200 and "Book #1" in page.get_data(as_text=True)


def test_a_refused_search_keeps_the_picks(signed_in, ana):
    page = signed_in.get("/find", query_string=search(required_people=ana.id, duration=7))
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "A meeting lasts 15 to 240 minutes." in html
    assert f'<option selected value="{ana.id}">Ana Lima</option>' in html


def test_profiles_and_team_pages_link_to_a_prefilled_finder(signed_in, ana, make_team, mo):
    profile = signed_in.get(f"/people/{ana.id}").get_data(as_text=True)
    assert f'href="/find?required_people={ana.id}">Find a time with Ana Lima</a>' in profile
    own = signed_in.get(f"/people/{mo.id}").get_data(as_text=True)
    assert "Find a time with" not in own
    team = make_team("Design", ana, mo)
    page = signed_in.get(f"/teams/{team.id}").get_data(as_text=True)
    assert f'href="/find?required_teams={team.id}">Find a time with Design</a>' in page
