"""Demo step 3: a realistic weekly pattern for every demo person, matching their persona.

Seeded through `pattern_editing.save_pattern`, so each pattern is validated and leaves a
revision like any saved by hand. The weeks stay code rather than data: they are built
from a few helpers (`every`, `peak`, `low`) and dated relative to the day of seeding.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from app.demo.run import DemoRun
from app.domain.timeline import Energy
from app.domain.workstyle import (
    BlockKind,
    MeetingPreferences,
    OneOffHours,
    TimeOff,
    WeeklyBlock,
    WeeklyPattern,
)
from app.services import pattern_editing

WEEKDAYS = range(5)
W, E, F, R, N = (
    BlockKind.WORKING,
    BlockKind.ENERGY,
    BlockKind.FOCUS,
    BlockKind.ROUTINE,
    BlockKind.NO_MEETINGS,
)


def _t(text: str) -> time:
    return time.fromisoformat(text)


def every(kind: BlockKind, start: str, end: str, days=WEEKDAYS, **kw) -> list[WeeklyBlock]:
    return [WeeklyBlock(kind, day, _t(start), _t(end), **kw) for day in days]


def peak(start: str, end: str, days=WEEKDAYS) -> list[WeeklyBlock]:
    return every(E, start, end, days, energy=Energy.PEAK)


def low(start: str, end: str, days=WEEKDAYS) -> list[WeeklyBlock]:
    return every(E, start, end, days, energy=Energy.LOW)


def _weeks(today: date) -> dict[str, dict]:
    """Each person's blocks, preferences and dated exceptions (relative to `today`)."""
    soon = today + timedelta(days=10)
    return {
        "amara": dict(
            blocks=every(W, "09:00", "17:30")
            + peak("10:00", "12:00")
            + low("15:30", "17:30")
            + every(N, "13:00", "17:30", days=[4]),
            prefs=MeetingPreferences(6, 10),
        ),
        "jonas": dict(
            blocks=every(W, "07:00", "15:00")
            + peak("07:00", "10:00")
            + low("13:30", "15:00")
            + every(F, "07:30", "09:30", days=[1, 3], hard=True),
            prefs=MeetingPreferences(5, 5),
        ),
        "priya": dict(
            blocks=every(W, "09:30", "18:00")
            + peak("09:30", "12:30")
            + every(F, "09:30", "12:30", hard=True),
            prefs=MeetingPreferences(4, 15),
        ),
        "mateo": dict(
            blocks=every(W, "10:00", "18:30") + low("10:00", "11:30") + peak("14:00", "17:00"),
            prefs=MeetingPreferences(6, 0),
        ),
        "hana": dict(
            blocks=every(W, "08:30", "12:00")
            + every(W, "14:00", "18:00")
            + every(R, "12:00", "14:00", hard=False, label="Long lunch walk")
            + peak("08:30", "11:00"),
            prefs=MeetingPreferences(5, 10),
        ),
        "liam": dict(
            blocks=every(W, "11:00", "19:00")
            + every(W, "11:00", "21:00", days=[5])
            + low("11:00", "12:30")
            + peak("16:00", "19:00"),
            prefs=MeetingPreferences(5, 5),
            time_off=[TimeOff(soon, soon + timedelta(days=4))],
        ),
        "sofia": dict(
            blocks=every(W, "09:00", "15:00")
            + every(W, "15:45", "17:30")
            + every(R, "08:00", "09:00", hard=True, label="School run")
            + every(R, "15:00", "15:45", hard=True, label="School pick-up", private=True)
            + peak("09:30", "12:00"),
            prefs=MeetingPreferences(4, 10),
        ),
        "kwame": dict(
            blocks=every(W, "10:00", "14:00")
            + every(W, "16:00", "20:00")
            + peak("17:00", "20:00")
            + every(R, "18:00", "19:30", days=[1, 3], hard=False, label="Community call"),
            prefs=MeetingPreferences(6, 5),
            one_off=[OneOffHours(soon, ((_t("12:00"), _t("20:00")),))],
        ),
        "emily": dict(
            blocks=every(W, "08:30", "17:00")
            + peak("09:00", "11:00")
            + every(N, "00:00", "00:00", days=[2]),
            prefs=MeetingPreferences(5, 10),
        ),
        "noah": dict(
            blocks=every(W, "09:00", "17:00")
            + every(F, "13:00", "16:00", hard=True)
            + peak("13:00", "16:00"),
            prefs=MeetingPreferences(3, 15),
        ),
        "aroha": dict(
            blocks=every(W, "08:30", "17:00", days=range(4))
            + peak("08:30", "11:30", days=range(4)),
            prefs=MeetingPreferences(5, 10),
            time_off=[TimeOff.single_day(soon + timedelta(days=7))],
        ),
        "lucas": dict(
            blocks=every(W, "11:00", "19:30") + low("11:00", "12:00") + peak("15:00", "18:00"),
            prefs=MeetingPreferences(6, 5),
        ),
    }


def seed(run: DemoRun) -> None:
    """Save every demo person's week in their own zone."""
    for who, week in _weeks(run.now.date()).items():
        if not run.has(who):
            continue
        pattern = WeeklyPattern(
            zone=run.zone_of(who),
            blocks=tuple(week["blocks"]),
            time_off=tuple(week.get("time_off", ())),
            one_off_hours=tuple(week.get("one_off", ())),
            preferences=week["prefs"],
        )
        pattern_editing.save_pattern(run.member_ids[who], pattern, run.now)
