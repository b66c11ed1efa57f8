"""A person's working style laid out on the real time line (UTC) for one window.

`workstyle` produces a `Timeline` from a weekly pattern in the person's own zone;
`scheduling` and `calendar` consume it. Keeping this shape in its own module lets
those rules evolve separately: they agree only on what a timeline holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.intervals import Interval


class Energy(StrEnum):
    """How much energy someone usually has at a time of day."""

    PEAK = "peak"
    STEADY = "steady"
    LOW = "low"


@dataclass(frozen=True)
class MarkedInterval:
    """An interval from a focus block or a routine, with how firmly it is held.

    `label` is the routine's name (empty for focus). When `private` is set, the label
    must never be shown to anyone but the owner: show "unavailable" instead.
    """

    interval: Interval
    hard: bool
    label: str = ""
    private: bool = False

    def public_label(self, fallback: str = "unavailable") -> str:
        """The name others may see: the label, or `fallback` when it is private."""
        return fallback if self.private or not self.label else self.label


@dataclass(frozen=True)
class EnergyInterval:
    """An interval at one energy level (times not covered count as steady)."""

    interval: Interval
    level: Energy


@dataclass(frozen=True)
class Timeline:
    """One person's pattern expanded over `window`, every interval in UTC.

    `working` is after dated exceptions (time off removed, one-off hours applied) and
    merged. `no_meetings` covers whole no-meeting days and parts of days.
    """

    zone: str
    window: Interval
    working: tuple[Interval, ...] = ()
    energy: tuple[EnergyInterval, ...] = ()
    focus: tuple[MarkedInterval, ...] = ()
    routines: tuple[MarkedInterval, ...] = ()
    no_meetings: tuple[Interval, ...] = ()
    max_meetings_per_day: int | None = None
    buffer_minutes: int = 0
