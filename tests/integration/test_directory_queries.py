"""The directory and manual services against a real database (SQLite or PostgreSQL):
visibility applied in SQL, totals, sorting, the working-now filter and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.manual import Preferences
from app.domain.visibility import Relation
from app.services import directory, manuals
from app.services.directory import DirectoryQuery, search_directory
from tests.manual_helpers import bulk_members, count_queries, whole_week, write_manual


@pytest.fixture
def trio(make_member, make_team, now):
    owner = make_member("Olive Owner")
    mate = make_member("Tom Teammate")
    stranger = make_member("Sam Stranger")
    make_team("Alpha", owner, mate)
    make_team("Beta", stranger)
    write_manual(
        owner.id,
        now,
        Preferences(("video",)),
        story=("everyone-word", "workspace"),
        work_best=("teammates-word", "teams"),
        energy=("onlyme-word", "private"),
        communication=("Video", "teams"),
    )
    return owner, mate, stranger


def found(viewer_id, now, **query):
    page = search_directory(viewer_id, DirectoryQuery(**query), now, 50)
    return [e.display_name for e in page.entries]


@pytest.mark.parametrize(
    ("word", "owner_sees", "mate_sees", "stranger_sees"),
    [
        ("everyone-word", True, True, True),
        ("teammates-word", True, True, False),
        ("onlyme-word", True, False, False),
    ],
)
def test_section_text_matches_only_where_the_viewer_may_see_it(
    trio, now, word, owner_sees, mate_sees, stranger_sees
):
    owner, mate, stranger = trio
    for viewer, expected in ((owner, owner_sees), (mate, mate_sees), (stranger, stranger_sees)):
        assert ("Olive Owner" in found(viewer.id, now, text=word)) is expected


def test_admin_sees_no_more_than_any_member(trio, admin, now):
    assert found(admin.id, now, text="teammates-word") == []
    assert found(admin.id, now, text="onlyme-word") == []
    view = manuals.manual_view(admin.id, trio[0].id)
    assert view.relation is Relation.WORKSPACE
    assert [s.key for s in view.sections] == ["story"]
    assert view.preferences == ()


def test_manual_view_per_relation(trio):
    owner, mate, stranger = trio
    keys = {v.id: [s.key for s in manuals.manual_view(v.id, owner.id).sections] for v in trio}
    assert keys[owner.id] == ["story", "work_best", "communication", "energy"]
    assert keys[mate.id] == ["story", "work_best", "communication"]
    assert keys[stranger.id] == ["story"]
    assert manuals.manual_view(mate.id, owner.id).preferences == (
        ("Preferred channels", "Video call"),
    )


def test_channel_filter_follows_communication_visibility(trio, now):
    owner, mate, stranger = trio
    assert found(mate.id, now, channel="video") == ["Olive Owner"]
    assert found(stranger.id, now, channel="video") == []
    entries = search_directory(stranger.id, DirectoryQuery(text="olive"), now, 10).entries
    assert entries[0].channels == ()


def test_totals_and_pages(make_member, member, now):
    bulk_members(30, prefix="Bulk")
    first = search_directory(member.id, DirectoryQuery(text="bulk"), now, 7)
    assert (first.total, first.pages, len(first.entries)) == (30, 5, 7)
    last = search_directory(member.id, DirectoryQuery(text="bulk", page=5), now, 7)
    assert [e.display_name for e in last.entries] == ["Bulk 00028", "Bulk 00029"]
    assert last.has_prev and not last.has_next


def test_working_now_filters_before_paginating(member, now):
    ids = bulk_members(12, prefix="Shift")
    for member_id in ids[::3]:
        whole_week(member_id)
    page = search_directory(member.id, DirectoryQuery(working_now=True, page=2), now, 3)
    assert page.total == 4
    assert [e.display_name for e in page.entries] == ["Shift 00009"]
    assert all(e.status.working for e in page.entries)


def test_sort_reviewed_and_local_time(make_member, now):
    west = make_member("West", zone="America/Los_Angeles")
    east = make_member("East", zone="Pacific/Auckland")
    mid = make_member("Mid", zone="Europe/Berlin")
    write_manual(west.id, now - timedelta(days=3))
    write_manual(east.id, now - timedelta(days=1))
    assert found(mid.id, now, sort="reviewed") == ["East", "West", "Mid"]
    assert found(mid.id, now, sort="local_time") == ["West", "Mid", "East"]


def test_private_routine_status_is_unavailable_to_others(make_member, now):
    owner = make_member("Rita Routine")
    other = make_member("Oscar Other")
    whole_week(owner.id, "routine", label="Therapy", private=True)
    theirs = search_directory(other.id, DirectoryQuery(text="rita"), now, 5).entries[0]
    mine = search_directory(owner.id, DirectoryQuery(text="rita"), now, 5).entries[0]
    assert theirs.status.label == "unavailable"
    assert mine.status.label == "Therapy"
    assert directory.profile(other.id, owner.id, now, 180).status.label == "unavailable"


def test_region_of():
    assert directory.region_of("America/Argentina/Buenos_Aires") == "America"
    assert directory.region_of("UTC") == ""


@pytest.mark.parametrize(
    "query",
    [
        DirectoryQuery(),
        DirectoryQuery(text="kayak mornings"),
        DirectoryQuery(sort="local_time", region="Europe"),
        DirectoryQuery(sort="reviewed", channel="chat"),
        DirectoryQuery(working_now=True),
    ],
)
def test_service_query_count_is_independent_of_member_count(member, now, query):
    def seed(count, start):
        ids = bulk_members(count, zones=("UTC", "Europe/Berlin", "Asia/Tokyo"), start=start)
        for n, member_id in enumerate(ids):
            write_manual(
                member_id,
                now,
                Preferences(("chat",)),
                energy=("kayak mornings", "workspace"),
                communication=("Chat", ("workspace", "teams")[n % 2]),
            )
            if n % 2:
                whole_week(member_id)

    seed(10, 0)
    with count_queries() as small:
        search_directory(member.id, query, now, 24)
    seed(190, 10)
    with count_queries() as large:
        search_directory(member.id, query, now, 24)
    assert small.count == large.count
