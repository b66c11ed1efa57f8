"""Home's rules: shared hours on a local day, section ages from revisions, manual health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.domain.home import local_day, manual_health, most_at_once, section_ages, shared_hours
from app.domain.intervals import Interval


def at(hour: int, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def test_local_day_is_midnight_to_midnight_in_the_zone():
    day = local_day("Europe/Berlin", date(2026, 12, 1))
    assert day == Interval(datetime(2026, 11, 30, 23, tzinfo=UTC), at(23))


def test_shared_hours_intersect_everyone_and_clip_to_the_day():
    day = Interval(at(0), at(0, 2))
    a = [Interval(at(8), at(16))]
    b = [Interval(at(6), at(10)), Interval(at(12), at(20))]
    assert shared_hours([a, b], day) == (Interval(at(8), at(10)), Interval(at(12), at(16)))
    assert shared_hours([a, [Interval(at(17), at(18))]], day) == ()
    assert shared_hours([], day) == ()
    overnight = [Interval(datetime(2026, 11, 30, 22, tzinfo=UTC), at(4))]
    assert shared_hours([overnight], day) == (Interval(at(0), at(4)),)


def test_section_ages_follow_the_newest_unchanged_run():
    revisions = [
        (at(3), {"story": "new", "help_me": "same"}),
        (at(2), {"story": "old", "help_me": "same"}),
        (at(1), {"story": "new", "help_me": "same"}),
    ]
    assert section_ages(revisions) == {"story": at(3), "help_me": at(1)}
    assert section_ages([]) == {}


def test_health_names_stale_and_unwritten_sections_and_a_confirmation_refreshes():
    titles = [("story", "My story"), ("help_me", "How to help me"), ("energy", "Energy")]
    bodies = {"story": "x", "help_me": "y", "energy": " "}
    now = at(0, 30)
    ages = {"story": now - timedelta(days=200), "help_me": now - timedelta(days=10)}
    health = manual_health(titles, bodies, ages, None, True, now, 180)
    assert [s.key for s in health.stale] == ["story"]
    assert health.unwritten == (("energy", "Energy"),)
    assert (health.written, health.total) == (2, 3)
    confirmed = manual_health(
        titles, bodies, ages, now, False, now, 180, confirmed_at=now - timedelta(days=1)
    )
    assert confirmed.stale == ()


def test_most_at_once_finds_the_fullest_hours():
    day = Interval(at(0), at(0, 2))
    a = [Interval(at(8), at(12))]
    b = [Interval(at(10), at(14))]
    c = [Interval(at(11), at(13)), Interval(at(15), at(16))]
    assert most_at_once([a, b, c], day) == (3, (Interval(at(11), at(12)),))
    assert most_at_once([a, [Interval(at(13), at(14))]], day) == (
        1,
        (Interval(at(8), at(12)), Interval(at(13), at(14))),
    )
    assert most_at_once([], day) == (0, ())
