"""Unit tests for chart data: the week chart, the team heatmap and core overlap hours.

Every expected number was worked out by hand from the zones' offsets on those dates,
so a failure reads like the rule it breaks (DST, half-hour zones, privacy).
"""

from datetime import UTC, date, datetime, time

from app.domain.local_week import local_day, monday_of
from app.domain.member_week import PRIVATE_LABEL
from app.domain.team_week import core_overlap, core_overlap_hours
from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, TimeOff, WeeklyBlock, WeeklyPattern, WeeklyWindow
from app.presentation.charts.heatmap import team_heatmap_data
from app.presentation.charts.text import describe_windows
from app.presentation.charts.week_chart import build_week_chart

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday; no DST change that week


def block(kind: BlockKind, weekday: int, start: str, end: str, **kw) -> WeeklyBlock:
    return WeeklyBlock(kind, weekday, time.fromisoformat(start), time.fromisoformat(end), **kw)


def weekdays(kind: BlockKind, start: str, end: str, **kw) -> tuple[WeeklyBlock, ...]:
    return tuple(block(kind, day, start, end, **kw) for day in range(MON, SAT))


def office(zone: str, start: str = "09:00", end: str = "17:00", *extra) -> WeeklyPattern:
    return WeeklyPattern(zone, weekdays(BlockKind.WORKING, start, end) + tuple(extra))


def chart(pattern, viewer_zone, now=NOW, show_private=False):
    return build_week_chart(
        pattern,
        member_id=1,
        owner_name="Owner",
        viewer_zone=viewer_zone,
        now=now,
        show_private=show_private,
    )


def texts(day, *layers):
    return [bar.viewer_text for bar in day.layer(*layers)]


# --- week boundaries -----------------------------------------------------------------


def test_week_starts_on_the_viewers_monday():
    # Sunday 23:30 UTC is already Monday morning in Tokyo.
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert monday_of(sunday_night, "Asia/Tokyo") == date(2026, 11, 30)
    assert monday_of(sunday_night, "Europe/London") == date(2026, 11, 23)


def test_local_days_are_23_and_25_hours_long_on_dst_changes():
    assert local_day(date(2026, 3, 29), "Europe/Berlin").duration.total_seconds() == 23 * 3600
    assert local_day(date(2026, 10, 25), "Europe/Berlin").duration.total_seconds() == 25 * 3600


# --- week chart ----------------------------------------------------------------------


def test_same_zone_chart_shows_owner_hours_as_written():
    week = chart(office("Europe/Berlin"), "Europe/Berlin")
    assert [d.name for d in week.days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert week.first_day == date(2026, 11, 30)
    assert texts(week.days[MON], "working") == ["09:00–17:00"]
    assert texts(week.days[SAT], "working") == []
    bar = week.days[MON].layer("working")[0]
    assert (bar.top, bar.bottom) == (9 * 60, 17 * 60)
    assert week.same_zone


def test_viewer_in_another_zone_sees_converted_times_with_owner_times_kept():
    week = chart(office("Europe/Berlin"), "Europe/London")
    bar = week.days[MON].layer("working")[0]
    assert bar.viewer_text == "08:00–16:00"
    assert bar.owner_text == "Mon 09:00–17:00"
    assert not week.same_zone


def test_half_hour_zone_owner_lands_between_viewer_hours():
    # Kolkata is UTC+05:30; Berlin is UTC+01:00 in December: 09:00 IST = 04:30 CET.
    week = chart(office("Asia/Kolkata"), "Europe/Berlin")
    assert texts(week.days[TUE], "working") == ["04:30–12:30"]
    bar = week.days[TUE].layer("working")[0]
    assert (bar.top, bar.bottom) == (4 * 60 + 30, 12 * 60 + 30)


def test_owner_monday_can_start_on_the_viewers_sunday():
    # Tokyo Monday 07:00-15:00 (UTC+9) is Sunday 14:00-22:00 in Los Angeles (UTC-8).
    pattern = WeeklyPattern("Asia/Tokyo", (block(BlockKind.WORKING, MON, "07:00", "15:00"),))
    week = chart(pattern, "America/Los_Angeles")
    assert texts(week.days[SUN], "working") == ["14:00–22:00"]
    assert week.days[SUN].layer("working")[0].owner_text == "Mon 07:00–15:00"


def test_overnight_block_is_split_at_the_viewers_midnight():
    pattern = WeeklyPattern("UTC", (block(BlockKind.WORKING, MON, "22:00", "06:00"),))
    week = chart(pattern, "UTC")
    assert texts(week.days[MON], "working") == ["22:00–24:00"]
    assert texts(week.days[TUE], "working") == ["00:00–06:00"]
    assert week.days[MON].layer("working")[0].bottom == 24 * 60


def test_dst_week_keeps_wall_clock_hours_for_a_same_zone_viewer():
    # The week of 2026-03-29: Berlin springs forward on Sunday; London on the same day.
    dst_monday = datetime(2026, 3, 23, 12, tzinfo=UTC)
    pattern = WeeklyPattern(
        "Europe/Berlin",
        (
            block(BlockKind.WORKING, SUN, "01:00", "04:00"),
            block(BlockKind.WORKING, MON, "09:00", "17:00"),
        ),
    )
    week = chart(pattern, "Europe/Berlin", now=dst_monday)
    sunday = week.days[SUN].layer("working")[0]
    assert sunday.viewer_text == "01:00–04:00"
    elapsed = sunday.end.astimezone(UTC) - sunday.start.astimezone(UTC)
    assert elapsed.total_seconds() == 2 * 3600  # an hour skipped


def test_dst_mismatch_week_shifts_the_viewers_times():
    # Week of 2026-03-09: New York is on EDT (UTC-4) already, Berlin still CET (UTC+1),
    # so a 15:00-17:00 New York afternoon is 20:00-22:00 in Berlin, not the usual 21:00.
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    week = chart(office("America/New_York", "15:00", "17:00"), "Europe/Berlin", now=now)
    assert texts(week.days[TUE], "working") == ["20:00–22:00"]
    usual = chart(office("America/New_York", "15:00", "17:00"), "Europe/Berlin")
    assert texts(usual.days[TUE], "working") == ["21:00–23:00"]


def test_energy_focus_and_no_meetings_are_layers():
    pattern = office(
        "Europe/Berlin",
        "09:00",
        "17:00",
        block(BlockKind.ENERGY, MON, "09:00", "11:00", energy=Energy.PEAK),
        block(BlockKind.ENERGY, MON, "14:00", "15:00", energy=Energy.LOW),
        block(BlockKind.FOCUS, MON, "09:00", "10:30", hard=True),
        block(BlockKind.FOCUS, TUE, "09:00", "10:30", hard=False),
        block(BlockKind.NO_MEETINGS, WED, "00:00", "00:00"),
    )
    week = chart(pattern, "Europe/Berlin")
    assert texts(week.days[MON], "peak") == ["09:00–11:00"]
    assert texts(week.days[MON], "low") == ["14:00–15:00"]
    assert [b.hard for b in week.days[MON].layer("focus")] == [True]
    assert [b.hard for b in week.days[TUE].layer("focus")] == [False]
    assert texts(week.days[WED], "no_meetings") == ["00:00–24:00"]


def test_private_routine_is_unavailable_to_others_and_named_for_the_owner():
    pattern = office(
        "Europe/Rome",
        "09:00",
        "17:00",
        block(BlockKind.ROUTINE, MON, "08:00", "09:00", label="School run", private=True),
        block(BlockKind.ROUTINE, MON, "12:00", "13:00", label="Lunch walk"),
    )
    others = chart(pattern, "Europe/Rome")
    labels = [b.label for b in others.days[MON].layer("routine")]
    assert labels == [PRIVATE_LABEL, "Lunch walk"]
    assert "School run" not in repr(others)  # nowhere in the data, not just hidden
    owner = chart(pattern, "Europe/Rome", show_private=True)
    assert [b.label for b in owner.days[MON].layer("routine")] == ["School run", "Lunch walk"]


def test_hidden_routines_do_not_even_say_how_firmly_they_are_held():
    pattern = office(
        "Europe/Rome",
        "09:00",
        "17:00",
        block(BlockKind.ROUTINE, MON, "08:00", "09:00", label="Therapy", private=True, hard=False),
        block(BlockKind.ROUTINE, MON, "12:00", "13:00", label="Pickup", private=True, hard=True),
    )
    bars = chart(pattern, "Europe/Rome").days[MON].layer("routine")
    assert [(b.label, b.hard) for b in bars] == [(PRIVATE_LABEL, True), (PRIVATE_LABEL, True)]
    owner = chart(pattern, "Europe/Rome", show_private=True).days[MON].layer("routine")
    assert [b.hard for b in owner] == [False, True]


def test_time_off_removes_working_hours_and_is_listed():
    pattern = WeeklyPattern(
        "Europe/Berlin",
        weekdays(BlockKind.WORKING, "09:00", "17:00"),
        time_off=(
            TimeOff(date(2026, 12, 2), date(2026, 12, 3)),
            TimeOff.single_day(date(2027, 1, 4)),
        ),
    )
    week = chart(pattern, "Europe/Berlin")
    assert texts(week.days[WED], "working") == texts(week.days[THU], "working") == []
    assert week.time_off == (TimeOff(date(2026, 12, 2), date(2026, 12, 3)),)


# --- team heatmap --------------------------------------------------------------------


def slot(heat, weekday, hhmm):
    day = heat.days[weekday]
    return next(s for s in day.slots if s.time_text == hhmm)


def small_team():
    """Berlin 09-17 with a Monday peak 09-11 and protected focus 09-10; London 09-17;
    Kolkata 09:00-17:00 (04:30-12:30 Berlin time)."""
    berlin = office(
        "Europe/Berlin",
        "09:00",
        "17:00",
        block(BlockKind.ENERGY, MON, "09:00", "11:00", energy=Energy.PEAK),
        block(BlockKind.FOCUS, MON, "09:00", "10:00", hard=True),
    )
    return [berlin, office("Europe/London"), office("Asia/Kolkata")]


def test_heatmap_counts_members_per_half_hour_in_the_viewers_zone():
    heat = team_heatmap_data(small_team(), "Europe/Berlin", NOW)
    assert heat.member_count == 3
    assert len(heat.days) == 7 and len(heat.days[MON].slots) == 48
    # 09:00 Berlin: Berlin works (peak, focus); London 08:00 no; Kolkata 13:30 yes.
    assert (slot(heat, MON, "09:00").working, slot(heat, MON, "09:00").peak) == (2, 1)
    assert slot(heat, MON, "09:00").focus == 1
    assert slot(heat, MON, "10:00").focus == 0
    # 10:00-12:30 everyone works; 12:30 Kolkata has stopped.
    assert slot(heat, MON, "10:00").working == 3
    assert slot(heat, MON, "12:00").working == 3
    assert slot(heat, MON, "12:30").working == 2
    assert slot(heat, MON, "04:30").working == 1
    assert slot(heat, MON, "04:00").working == 0
    assert slot(heat, SAT, "10:00").working == 0
    assert heat.busiest == 3


def test_heatmap_in_a_half_hour_viewer_zone():
    heat = team_heatmap_data(small_team(), "Asia/Kolkata", NOW)
    # Kolkata 13:30 = Berlin 09:00 = London 08:00.
    assert slot(heat, MON, "13:30").working == 2
    assert slot(heat, MON, "14:30").working == 3
    assert slot(heat, MON, "17:00").working == 2


def test_member_counts_only_for_a_whole_half_hour():
    pattern = WeeklyPattern("UTC", (block(BlockKind.WORKING, MON, "09:15", "10:00"),))
    heat = team_heatmap_data([pattern], "UTC", NOW)
    assert slot(heat, MON, "09:00").working == 0
    assert slot(heat, MON, "09:30").working == 1


def test_heatmap_dst_day_has_46_half_hours():
    heat = team_heatmap_data(small_team(), "Europe/Berlin", datetime(2026, 3, 25, tzinfo=UTC))
    assert len(heat.days[SUN].slots) == 46
    assert "02:00" not in [s.time_text for s in heat.days[SUN].slots]


def test_heatmap_respects_time_off_this_week():
    team = small_team()
    team[1] = WeeklyPattern(
        team[1].zone, team[1].blocks, time_off=(TimeOff.single_day(date(2026, 11, 30)),)
    )
    heat = team_heatmap_data(team, "Europe/Berlin", NOW)
    assert slot(heat, MON, "11:00").working == 2
    assert slot(heat, TUE, "11:00").working == 3


# --- core overlap --------------------------------------------------------------------


def test_core_overlap_is_where_most_members_work():
    windows = core_overlap_hours(small_team(), "Europe/Berlin", date(2026, 11, 30))
    assert windows == [WeeklyWindow(day, time(10), time(12, 30)) for day in range(MON, SAT)]
    assert describe_windows(windows) == ["Mon–Fri 10:00–12:30"]


def test_core_overlap_in_another_zone_for_the_calendar_feed():
    windows = core_overlap_hours(small_team(), "Asia/Kolkata", date(2026, 11, 30))
    assert describe_windows(windows) == ["Mon–Fri 14:30–17:00"]
    utc = core_overlap_hours(small_team(), "UTC", date(2026, 11, 30))
    assert describe_windows(utc) == ["Mon–Fri 09:00–11:30"]


def test_core_overlap_with_a_minimum_share():
    overlap = core_overlap(small_team(), "Europe/Berlin", date(2026, 11, 30), minimum_share=0.6)
    assert overlap.working == 2 and overlap.member_count == 3
    # Two of three work from 09:00 (Berlin + Kolkata) until 17:00 (Berlin + London).
    assert describe_windows(overlap.windows) == ["Mon–Fri 09:00–17:00"]


def test_core_overlap_ignores_time_off_and_weekends():
    team = small_team()
    team[1] = WeeklyPattern(
        team[1].zone,
        team[1].blocks + (block(BlockKind.WORKING, SAT, "09:00", "17:00"),),
        time_off=(TimeOff(date(2026, 11, 30), date(2026, 12, 31)),),
    )
    assert describe_windows(core_overlap_hours(team, "Europe/Berlin", date(2026, 12, 2))) == [
        "Mon–Fri 10:00–12:30"
    ]


def test_core_overlap_follows_dst_of_the_given_week():
    team = [office("America/New_York"), office("Europe/Berlin", "09:00", "17:00")]
    # Usually NY 09:00 = Berlin 15:00; in the week of 2026-03-09 it is Berlin 14:00.
    assert describe_windows(core_overlap_hours(team, "Europe/Berlin", date(2026, 11, 30))) == [
        "Mon–Fri 15:00–17:00"
    ]
    assert describe_windows(core_overlap_hours(team, "Europe/Berlin", date(2026, 3, 11))) == [
        "Mon–Fri 14:00–17:00"
    ]


def test_no_core_overlap_without_working_hours():
    assert core_overlap_hours([WeeklyPattern("UTC")], "UTC", date(2026, 11, 30)) == []
    assert core_overlap_hours([], "UTC", date(2026, 11, 30)) == []


def test_core_overlap_running_to_midnight_ends_at_00_00():
    team = [WeeklyPattern("UTC", (block(BlockKind.WORKING, MON, "20:00", "02:00"),))]
    assert core_overlap_hours(team, "UTC", date(2026, 11, 30)) == [
        WeeklyWindow(MON, time(20), time(0)),
        WeeklyWindow(TUE, time(0), time(2)),
    ]


def test_describe_windows_groups_days():
    windows = [
        WeeklyWindow(MON, time(9), time(10)),
        WeeklyWindow(TUE, time(9), time(10)),
        WeeklyWindow(WED, time(9), time(10)),
        WeeklyWindow(FRI, time(9), time(10)),
        WeeklyWindow(WED, time(14), time(15)),
    ]
    assert describe_windows(windows) == ["Mon–Wed, Fri 09:00–10:00", "Wed 14:00–15:00"]
