"""Busy time kept by stamp: every writer (import, re-import, delete, live refresh,
removing a connection) renews the stamp, so a search right after a change sees it,
even when this process kept the member's busy time from an earlier search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.intervals import Interval
from app.extensions import db
from app.models import BusyStamp
from app.services import busy_time, calendar_import, calendar_refresh, live_calendars
from tests.calendar_helpers import NOW
from tests.live_calendar_helpers import RunningHost, settings, single_ics

SPAN = Interval(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 3, tzinfo=UTC))
TEN = datetime(2026, 12, 1, 10, tzinfo=UTC)


def busy(member_id):
    return [(i.start, i.end) for i in busy_time.busy_between([member_id], SPAN)[member_id]]


def upload(member_id, start, hours=1, source="Mine"):
    data = single_ics(start, start + timedelta(hours=hours))
    calendar_import.import_calendar(
        member_id, data, source=source, now=NOW, weeks=8, max_bytes=2**21
    )


def test_imports_renew_the_stamp(member):
    upload(member.id, TEN)
    assert busy(member.id) == [(TEN, TEN + timedelta(hours=1))]
    first = db.session.get(BusyStamp, member.id).stamp
    upload(member.id, TEN + timedelta(hours=3), hours=2)
    assert busy(member.id) == [(TEN + timedelta(hours=3), TEN + timedelta(hours=5))]
    assert db.session.get(BusyStamp, member.id).stamp != first
    (summary,) = calendar_import.list_imports(member.id)
    calendar_import.delete_import(member.id, summary.id)
    assert busy(member.id) == []


def test_live_refreshes_and_removal_renew_the_stamp(member):
    policy = settings()
    with RunningHost() as host:
        url = host.serve("/c.ics", single_ics(TEN, TEN + timedelta(hours=1)))
        cid = live_calendars.add_subscription(member.id, url, None, NOW, policy.policy)
        calendar_refresh.refresh(cid, NOW, policy)
        assert busy(member.id) == [(TEN, TEN + timedelta(hours=1))]
        host.serve("/c.ics", single_ics(TEN, TEN + timedelta(minutes=30)))
        calendar_refresh.refresh(cid, NOW + timedelta(minutes=20), policy)
        assert busy(member.id) == [(TEN, TEN + timedelta(minutes=30))]
    live_calendars.remove(member.id, cid)
    assert busy(member.id) == []


def test_only_spans_overlapping_the_span_come_back(member):
    upload(member.id, SPAN.start - timedelta(hours=2), hours=1, source="before")
    upload(member.id, SPAN.start - timedelta(minutes=30), hours=1, source="across")
    upload(member.id, SPAN.end, hours=1, source="after")
    assert busy(member.id) == [
        (SPAN.start - timedelta(minutes=30), SPAN.start + timedelta(minutes=30))
    ]
