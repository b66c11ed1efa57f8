"""One save of the weekly-pattern editor costs a bounded amount, whatever is posted.

Issue 17: N identical overlapping rows took time and memory quadratic in N (10.9 MiB
and 6 s at 200 rows). Now the editor takes at most MAX_PATTERN_ROWS rows (more is
refused with a message, and nothing is saved), an overlap is reported once per row,
and a post at the cap answers in a fixed number of SQL statements with a page whose
size grows with its rows only. Timings live in benchmarks/bench_pattern_post.py.
"""

from __future__ import annotations

import re

import pytest

from app.patterns.forms import MAX_PATTERN_ROWS
from app.services.patterns import load_pattern
from tests.manual_helpers import count_queries

REFUSED = 422
# A page of MAX_PATTERN_ROWS rows, each with its one overlap message, is ~0.7 MiB.
MAX_ANSWER_BYTES = 1024 * 1024


def rows(count: int, weekday: str = "all", start: str = "09:00", end: str = "17:00") -> dict:
    data = {"time_zone": "Europe/Berlin", "save": "Save my week"}
    for index in range(count):
        data |= {
            f"blocks-{index}-kind": "working",
            f"blocks-{index}-weekday": weekday,
            f"blocks-{index}-start": start,
            f"blocks-{index}-end": end,
        }
    return data


def overlap_messages(page: str) -> list[str]:
    return re.findall(r'<small id="blocks-(\d+)-start-error"[^>]*>([^<]*overlaps[^<]*)<', page)


@pytest.mark.parametrize("weekday", ["0", "all"])
def test_a_post_at_the_cap_costs_fixed_queries_and_a_bounded_answer(member_client, weekday):
    with count_queries() as small:
        member_client.post("/manual/pattern", data=rows(10, weekday))
    with count_queries() as queries:
        response = member_client.post("/manual/pattern", data=rows(MAX_PATTERN_ROWS, weekday))
    assert response.status_code == REFUSED
    assert queries.count == small.count <= 6, queries.statements
    assert len(response.data) < MAX_ANSWER_BYTES, len(response.data)
    page = response.get_data(as_text=True)
    flagged = overlap_messages(page)
    # Every row but the first overlaps an earlier one: one message each, no more.
    assert sorted(int(row) for row, _ in flagged) == list(range(1, MAX_PATTERN_ROWS))
    assert all(message.count("overlaps") == 1 for _, message in flagged)


def test_more_rows_than_the_cap_are_refused_and_nothing_is_saved(member_client, member):
    before = load_pattern(member.id)
    data = rows(MAX_PATTERN_ROWS + 1, "0", "09:00", "10:00")
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code == REFUSED
    page = response.get_data(as_text=True)
    assert f"This form holds at most {MAX_PATTERN_ROWS:,} rows; it sent 201." in page
    assert "Nothing was saved" in page
    assert load_pattern(member.id) == before
    assert len(response.data) < MAX_ANSWER_BYTES


def test_adding_a_row_at_the_cap_is_refused_kindly(member_client):
    data = rows(MAX_PATTERN_ROWS, "0") | {"add_row": "Add a row"}
    data.pop("save")
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code == REFUSED
    assert f"The editor holds at most {MAX_PATTERN_ROWS} rows." in response.get_data(as_text=True)


@pytest.mark.parametrize("number", ["²", "9" * 5000, "1x", "-1"])
def test_a_row_number_that_cannot_be_read_is_refused(member_client, member, number):
    before = load_pattern(member.id)
    data = rows(1) | {f"blocks-{number}-kind": "working", f"blocks-{number}-start": "09:00"}
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code == REFUSED
    assert "A row of the form could not be read." in response.get_data(as_text=True)
    assert load_pattern(member.id) == before


def test_a_week_within_the_cap_still_saves(member_client, member):
    data = rows(0)
    for day in range(7):
        for hour in range(12):
            index = day * 12 + hour
            data |= {
                f"blocks-{index}-kind": "working",
                f"blocks-{index}-weekday": str(day),
                f"blocks-{index}-start": f"{hour * 2:02d}:00",
                f"blocks-{index}-end": f"{hour * 2 + 1:02d}:00",
            }
    response = member_client.post("/manual/pattern", data=data)
    assert response.status_code == 302
    assert len(load_pattern(member.id).blocks) == 84
