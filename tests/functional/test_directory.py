"""The people directory and profiles through the test client: search, filters, sorting,
pages, status, and a constant number of SQL queries whatever the number of members."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.manual import Preferences
from app.services import accounts, manuals
from tests.manual_helpers import bulk_members, count_queries, whole_week, write_manual


def names_on(page: str) -> list[str]:
    return re.findall(r'class="person-name"><a href="/people/\d+">([^<]+)</a>', page)


@pytest.fixture
def people(make_member, make_team, member, admin, now):
    """Mo (Berlin) plus three more across zones, teams and manuals."""
    ana = make_member("Ana Alvarez", zone="America/Mexico_City")
    ken = make_member("Ken Kato", zone="Asia/Tokyo")
    zoe = make_member("Zoe Zimmer", zone="Europe/London")
    make_team("Platform", member, ken)
    make_team("Design Studio", ana)
    write_manual(
        ana.id,
        now,
        Preferences(("call", "chat")),
        work_best=("I love whiteboards and kayaking", "workspace"),
        communication=("Call me", "workspace"),
    )
    write_manual(
        ken.id,
        now - timedelta(days=10),
        Preferences(("email",)),
        energy=("Kayaking at dawn", "teams"),
        communication=("Email please", "teams"),
    )
    write_manual(
        zoe.id,
        now - timedelta(days=5),
        Preferences(("chat",)),
        energy=("kayaking secretly", "private"),
        communication=("Chat", "private"),
    )
    return {"ana": ana, "ken": ken, "zoe": zoe, "mo": member, "ada": admin}


def get(client, query=""):
    response = client.get(f"/people{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_directory_lists_all_active_members_by_name(member_client, people, admin):
    accounts.set_active(admin.id, people["zoe"].id, False)
    assert names_on(get(member_client)) == ["Ada Admin", "Ana Alvarez", "Ken Kato", "Mo Member"]


def test_search_by_name_team_and_visible_manual_text(member_client, people):
    assert names_on(get(member_client, "?q=kato")) == ["Ken Kato"]
    assert names_on(get(member_client, "?q=design")) == ["Ana Alvarez"]
    assert names_on(get(member_client, "?q=WHITEBOARDS")) == ["Ana Alvarez"]
    # Mo shares Platform with Ken, so Ken's "teams" section matches; Zoe's private never.
    assert names_on(get(member_client, "?q=kayaking")) == ["Ana Alvarez", "Ken Kato"]
    assert names_on(get(member_client, "?q=kayaking+dawn")) == ["Ken Kato"]
    assert names_on(get(member_client, "?q=secretly")) == []


def test_search_treats_like_wildcards_literally(member_client, people):
    assert names_on(get(member_client, "?q=%25")) == []
    assert names_on(get(member_client, "?q=_")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?region=America", ["Ana Alvarez"]),
        ("?region=Europe", ["Ada Admin", "Mo Member", "Zoe Zimmer"]),
        ("?zone=Asia/Tokyo", ["Ken Kato"]),
        ("?channel=call", ["Ana Alvarez"]),
        ("?channel=email", ["Ken Kato"]),  # Mo is Ken's teammate
        ("?channel=chat", ["Ana Alvarez"]),  # Zoe's communication is "only me"
        ("?region=Europe&q=zimmer", ["Zoe Zimmer"]),
    ],
)
def test_filters(member_client, people, query, expected):
    assert names_on(get(member_client, query)) == expected


def test_team_filter(member_client, people):
    team_id = re.search(r'<option value="(\d+)">Platform</option>', get(member_client)).group(1)
    assert names_on(get(member_client, f"?team={team_id}")) == ["Ken Kato", "Mo Member"]


def test_channel_filter_needs_the_communication_section_visible(client, auth, people):
    auth.login(people["ana"].email)  # not Ken's teammate
    assert names_on(get(client, "?channel=email")) == []
    auth.logout()
    auth.login(people["zoe"].email)  # her own private preference counts for her
    assert names_on(get(client, "?channel=chat")) == ["Ana Alvarez", "Zoe Zimmer"]


def test_an_unfiltered_directory_shows_no_refusals(member_client, people):
    page = get(member_client)
    assert "Choose one of the options offered." not in page
    assert 'aria-invalid="true"' not in page


def test_a_refused_filter_is_explained_and_ignored(member_client, people):
    page = get(member_client, "?region=Mars&q=kato")
    assert "Choose one of the options offered." in page
    assert names_on(page) == ["Ken Kato"]


def test_working_now_uses_each_members_pattern(member_client, people):
    whole_week(people["ken"].id)
    whole_week(people["ana"].id, "focus")
    whole_week(people["zoe"].id, "routine", label="Gym", private=True)
    page = get(member_client, "?working_now=y")
    assert names_on(page) == ["Ana Alvarez", "Ken Kato"]
    assert "2 people found" in page


def test_sort_by_local_time_goes_west_to_east(member_client, people):
    names = names_on(get(member_client, "?sort=local_time"))
    assert names.index("Ana Alvarez") < names.index("Zoe Zimmer") < names.index("Mo Member")
    assert names[-1] == "Ken Kato"


def test_sort_by_recently_reviewed_puts_never_reviewed_last(member_client, people):
    assert names_on(get(member_client, "?sort=reviewed")) == [
        "Ana Alvarez",
        "Zoe Zimmer",
        "Ken Kato",
        "Ada Admin",
        "Mo Member",
    ]


def test_pages_keep_the_filters(app, member_client, people):
    app.config["PAGE_SIZE"] = 2
    bulk_members(5, prefix="Europa", zones=("Europe/Paris",))
    first = get(member_client, "?region=Europe")
    assert "10 people found" not in first and "8 people found" in first
    assert names_on(first) == ["Ada Admin", "Europa 00000"]
    assert "Page 1 of 4" in first
    assert 'href="/people?page=2&amp;region=Europe"' in first
    second = get(member_client, "?region=Europe&page=2")
    assert names_on(second) == ["Europa 00001", "Europa 00002"]
    beyond = get(member_client, "?region=Europe&page=9")
    assert names_on(beyond) == []


def test_directory_shows_status_teams_and_visible_channels(member_client, people):
    whole_week(people["zoe"].id, "routine", label="Therapy", private=True)
    page = get(member_client, "?q=zimmer")
    assert "unavailable" in page and "Therapy" not in page
    page = get(member_client, "?q=ana")
    assert "Design Studio" in page and "Prefers Phone call, then Chat" in page


def test_profile_shows_local_time_status_and_visible_manual(member_client, people):
    whole_week(people["ken"].id, "routine", label="Tea ceremony")
    page = member_client.get(f"/people/{people['ken'].id}").get_data(as_text=True)
    assert "Ken Kato" in page and "Asia/Tokyo" in page and "Tea ceremony" in page
    assert "Kayaking at dawn" in page
    assert "Preferred channels" in page and "Email" in page
    shown = re.search(r'<span class="local-time">([^<]+)</span>', page).group(1)
    tokyo = ZoneInfo("Asia/Tokyo")
    after = datetime.now(UTC).astimezone(tokyo)
    around = {(after - timedelta(minutes=m)).strftime("%a %H:%M") for m in (0, 1)}
    assert shown in around  # Tokyo's clock at the moment of the request


def test_profile_of_unknown_or_inactive_member_is_404(member_client, people, admin):
    assert member_client.get("/people/9999").status_code == 404
    accounts.set_active(admin.id, people["ana"].id, False)
    assert member_client.get(f"/people/{people['ana'].id}").status_code == 404


def test_profile_without_manual(member_client, people):
    page = member_client.get(f"/people/{people['ada'].id}").get_data(as_text=True)
    assert "hasn’t shared anything from a manual with you yet" in page


def test_a_wholly_hidden_manual_reads_exactly_like_no_manual(member_client, people, now):
    manuals.save_manual(
        people["ada"].id,
        sections={"story": ("Only for me", "private")},
        preferences=Preferences(),
        now=now - timedelta(days=400),
    )
    hidden = member_client.get(f"/people/{people['ada'].id}").get_data(as_text=True)
    assert "hasn’t shared anything from a manual with you yet" in hidden
    assert "Last reviewed" not in hidden and "Only for me" not in hidden


def test_directory_needs_sign_in(client, member):
    assert "/login" in client.get("/people").headers["Location"]
    assert "/login" in client.get(f"/people/{member.id}").headers["Location"]


PAGES = [
    "/people",
    "/people?q=kayak+person",
    "/people?sort=local_time&region=Europe",
    "/people?sort=reviewed&channel=chat",
    "/people?working_now=y",
    "/people?team=1&zone=UTC",
]


def _seed(count: int, now: datetime, start: int) -> None:
    ids = bulk_members(count, zones=("UTC", "Europe/Berlin", "Asia/Tokyo"), start=start)
    for n, member_id in enumerate(ids):
        write_manual(
            member_id,
            now,
            Preferences(("chat",)),
            energy=("kayak mornings", ("workspace", "teams", "private")[n % 3]),
            communication=("Chat", "workspace"),
        )
        if n % 2:
            whole_week(member_id)


def _queries(client, url) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("url", PAGES)
def test_directory_runs_the_same_number_of_queries_at_10_and_200_members(
    member_client, make_team, member, now, url
):
    make_team("Team one", member)
    _seed(10, now, 0)
    small = _queries(member_client, url)
    _seed(190, now, 10)
    large = _queries(member_client, url)
    assert small == large


def test_profile_query_count_is_constant(member_client, member, now):
    _seed(10, now, 0)
    small = _queries(member_client, f"/people/{member.id}")
    _seed(190, now, 10)
    assert _queries(member_client, f"/people/{member.id}") == small
