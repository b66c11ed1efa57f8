"""The directory's "working now" filter reads an index kept per data version and minute,
then pages in SQL: a warm request loads no roster, only its page; a write rebuilds it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.services.directory import DirectoryQuery, search_directory
from app.services.directory import working_now as index
from tests.manual_helpers import bulk_members, count_queries, whole_week


@pytest.fixture
def builds(monkeypatch):
    """Every time the index is worked out, the minute it was for."""
    made = []
    real = index.build_index

    def counting(minute):
        made.append(minute)
        return real(minute)

    monkeypatch.setattr(index, "build_index", counting)
    return made


def test_the_index_is_built_once_per_version_and_minute(member, now, builds):
    ids = bulk_members(9, prefix="Shift", zones=("UTC", "Asia/Tokyo", "America/Lima"))
    for member_id in ids[::2]:
        whole_week(member_id)
    query = DirectoryQuery(working_now=True)
    first = search_directory(member.id, query, now, 24)
    again = search_directory(member.id, query, now + timedelta(seconds=30), 24)
    assert len(builds) == 1
    assert first.total == again.total == 5
    search_directory(member.id, query, now + timedelta(minutes=1), 24)
    assert len(builds) == 2  # a new minute is a new index
    whole_week(ids[1])  # a write raises the data version
    after = search_directory(member.id, query, now + timedelta(minutes=1), 24)
    assert len(builds) == 3 and after.total == 6


def test_a_warm_working_now_page_runs_the_same_few_queries_as_any_page(member, now):
    ids = bulk_members(60, prefix="Shift", zones=("UTC", "Europe/Berlin"))
    for member_id in ids[::2]:
        whole_week(member_id)
    working = DirectoryQuery(working_now=True, sort="local_time")
    search_directory(member.id, working, now, 10)  # builds the index
    with count_queries() as warm:
        page = search_directory(member.id, working, now, 10)
    with count_queries() as plain:
        search_directory(member.id, DirectoryQuery(sort="local_time"), now, 10)
    assert page.total == 30 and len(page.entries) == 10
    assert all(entry.status.working for entry in page.entries)
    # No roster load: a warm working-now page costs what an unfiltered page costs.
    assert warm.count == plain.count
    roster = [s for s in warm.statements if "pattern_stamp" in s and "LIMIT" not in s.upper()]
    assert all("IN (" in s.upper() for s in roster)  # only the page's own patterns


def test_the_filter_agrees_with_each_members_status_on_every_page(member, now):
    ids = bulk_members(25, prefix="Shift", zones=("UTC", "Asia/Kolkata", "Pacific/Auckland"))
    for member_id in ids[::3]:
        whole_week(member_id)
    seen = []
    for number in (1, 2, 3):
        page = search_directory(member.id, DirectoryQuery(working_now=True, page=number), now, 4)
        seen += [entry.display_name for entry in page.entries]
        assert all(entry.status.working for entry in page.entries)
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 9
