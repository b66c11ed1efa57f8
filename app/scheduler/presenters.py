"""How scheduler results are shown: the compact week view and the JSON shape.

Kept out of the views so they stay thin, and shared by the HTML pages and the JSON
endpoint so both show the same thing. Everything shown comes from the engine's lines,
which already hide private routine names ("unavailable time") and say nothing
about imported calendar events except "busy".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.domain.scheduling import Relaxation, SchedulingResult, Suggestion, plain_words
from app.domain.scheduling.plain_words import Explanation, explain
from app.services import meeting_habits

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Chip:
    """One suggestion in the week view: its rank and local time range."""

    number: int
    label: str
    anchor: str


@dataclass
class Week:
    """Seven days (Monday first) of one week in the viewer's zone."""

    monday: date
    days: list[list[Chip]] = field(default_factory=lambda: [[] for _ in range(7)])

    @property
    def dates(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]


def week_view(suggestions: tuple[Suggestion, ...], zone: str, prefix: str = "s") -> list[Week]:
    """The suggestions by local day of the viewer, one row per week that has any."""
    tz = ZoneInfo(zone)
    weeks: dict[date, Week] = {}
    for number, suggestion in enumerate(suggestions, start=1):
        start, end = suggestion.start.astimezone(tz), suggestion.end.astimezone(tz)
        monday = start.date() - timedelta(days=start.weekday())
        week = weeks.setdefault(monday, Week(monday))
        label = f"{start:%H:%M}–{end:%H:%M}"
        week.days[start.weekday()].append(Chip(number, label, f"{prefix}-{number}"))
    return [weeks[monday] for monday in sorted(weeks)]


def suggestion_json(suggestion: Suggestion) -> dict:
    """A suggestion as JSON: UTC instants, score, and one line per attendee."""
    return {
        "start": _utc(suggestion.start),
        "end": _utc(suggestion.end),
        "score": suggestion.score,
        "attendees": [
            {
                "id": int(line.attendee_id),
                "name": line.display_name,
                "required": line.required,
                "zone": line.zone,
                "local_start": line.local_start.isoformat(),
                "local_end": line.local_end.isoformat(),
                "energy": line.energy.value,
                "notes": list(line.notes),
            }
            for line in suggestion.attendees
        ],
    }


def relaxation_json(relaxation: Relaxation) -> dict:
    return {"kind": relaxation.kind.value, "description": relaxation.description}


def result_json(result: SchedulingResult, required: tuple[int, ...], optional: tuple[int, ...]):
    """The whole result as JSON (the same content as the "Find a time" page)."""
    relaxation = None
    if result.relaxation is not None:
        relaxation = relaxation_json(result.relaxation) | {
            "suggestions": [suggestion_json(s) for s in result.relaxed_suggestions]
        }
    return {
        "attendees": {"required": list(required), "optional": list(optional)},
        "suggestions": [suggestion_json(s) for s in result.suggestions],
        "reasons": list(result.reasons),
        "relaxation": relaxation,
        "other_relaxations": [relaxation_json(r) for r in result.other_relaxations],
    }


def _utc(value) -> str:
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def explainer(viewer_id: int, found) -> Callable[[Suggestion], Explanation]:
    """`explain(suggestion)` for the templates: plain words citing only the meeting
    preferences `viewer_id` may see (one lookup per search, none without results)."""
    habits = meeting_habits.visible_habits(viewer_id, found.invitees.all) if found else {}
    return lambda suggestion: explain(suggestion, habits)


def best_first(
    suggestions: tuple[Suggestion, ...], explain_one: Callable[[Suggestion], Explanation]
) -> tuple[Suggestion, ...]:
    """The engine's ranking, ties broken by the viewer's visible preferences met."""
    return plain_words.best_first(suggestions, dict(enumerate(map(explain_one, suggestions))))


def ordered(suggestions: tuple[Suggestion, ...], order: str) -> list[tuple[int, Suggestion]]:
    """(rank, suggestion) pairs, best first, or soonest first for `order == "date"`;
    the rank stays the engine's, so "#2" means the same card in either order."""
    ranked = list(enumerate(suggestions, start=1))
    return sorted(ranked, key=lambda pair: pair[1].start) if order == "date" else ranked
