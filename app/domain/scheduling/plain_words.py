"""A suggestion in plain words: who is in working hours, who gives up what, and how the
time fits what people wrote in their manual.

The engine's per-attendee notes ("30 minutes into soft focus time") are exact but read
like a log; the organiser wants one sentence ("Everyone is in working hours; Priya
gives up 30 min of focus time") and a few short reasons. This module turns the lines of
a `Suggestion` into that, and adds the structured meeting preference of each person
(`MeetingHabit`) when the caller passes one.

The caller passes only preferences the viewer may see (the communication section's
visibility decides, as on the profile); a habit not passed is never mentioned, so an
"only me" preference can never reach a reason. Pure: no clock, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.domain.scheduling.model import AttendeeLine, Suggestion

MORNING_ENDS = 12  # a local start before noon is "morning"
EVENING_STARTS = 18  # and from noon until six, "afternoon"

HABIT_WORDS = {
    "few": "likes as few meetings as possible",
    "short_agenda": "prefers short meetings with an agenda",
    "mornings": "prefers meetings in their morning",
    "afternoons": "prefers meetings in their afternoon",
    "async_first": "prefers async first and meeting to decide",
    "walking": "welcomes walking or camera-off meetings",
}


@dataclass(frozen=True)
class Explanation:
    """What one suggestion means: a one-line `summary`, then what it costs people
    (`costs`), what is good about it (`fits`) and who optional cannot come."""

    summary: str
    costs: tuple[str, ...] = ()
    fits: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    preferences_missed: int = 0

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every reason, costs first."""
        return self.costs + self.fits + self.optional

    @property
    def more(self) -> tuple[str, ...]:
        """The reasons the summary does not already say (it names the first cost)."""
        return self.costs[1:] + self.fits + self.optional


def _edge(name: str, where: str) -> str:
    if where == "of their day":
        return f"of {name}’s day"
    return where.replace("a break", f"{name}’s break")


def _minutes(text: str) -> str:
    return f"{text} min"


# (pattern over the engine's note, builder of the sentence for `name`)
_Rule = tuple[re.Pattern[str], Callable[[str, re.Match[str]], str]]
_COSTS: tuple[_Rule, ...] = (
    (
        re.compile(r"(\d+) minutes into soft focus time"),
        lambda name, m: f"{name} gives up {_minutes(m[1])} of focus time",
    ),
    (
        re.compile(r"(\d+) minutes into a soft (.+) routine"),
        lambda name, m: f"{name} gives up {_minutes(m[1])} of their {m[2]} routine",
    ),
    (
        re.compile(r"(\d+) minutes into a soft routine"),
        lambda name, m: f"{name} gives up {_minutes(m[1])} of a flexible routine",
    ),
    (
        re.compile(r"(\d+) minutes into unavailable time"),
        lambda name, m: f"{name} gives up {_minutes(m[1])} of flexible unavailable time",
    ),
    (
        re.compile(r"closer than their (\d+)-minute buffer to another meeting"),
        lambda name, m: f"{name} loses part of their {m[1]}-minute break between meetings",
    ),
    (
        re.compile(r"(first|last) half hour (of their day|after a break|before a break)"),
        lambda name, m: f"it is the {m[1]} half hour {_edge(name, m[2])}",
    ),
    (
        re.compile(r"splits a long free block.*"),
        lambda name, m: f"it splits {name}’s long free stretch, leaving under an hour for focus",
    ),
    (
        re.compile(r"takes some of their peak energy time"),
        lambda name, m: f"it takes some of {name}’s peak energy time",
    ),
    (
        re.compile(r"in their low-energy time"),
        lambda name, m: f"{name} is in their low-energy time",
    ),
)
_FITS: tuple[_Rule, ...] = (
    (re.compile(r"at their energy peak"), lambda name, m: f"{name} is at their energy peak"),
)
_KEPT = "protected focus kept"
_OPTIONAL = re.compile(r"optional: (.+)")


def _sentence(rules: tuple[_Rule, ...], name: str, note: str) -> str | None:
    for pattern, build in rules:
        match = pattern.fullmatch(note)
        if match:
            return build(name, match)
    return None


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _optional_line(line: AttendeeLine) -> str | None:
    why = [m[1] for note in line.notes if (m := _OPTIONAL.fullmatch(note))]
    if not why:
        return None
    return f"{line.display_name} (optional) may not make it: {_list(why)}"


def part_of_day(line: AttendeeLine) -> str:
    """'morning', 'afternoon' or 'evening' of the line's local start."""
    hour = line.local_start.hour
    if hour < MORNING_ENDS:
        return "morning"
    return "afternoon" if hour < EVENING_STARTS else "evening"


def habit_reason(line: AttendeeLine, habit: str) -> tuple[bool, str] | None:
    """(fits, sentence) for a time-of-day preference; None for other habits."""
    wanted = {"mornings": "morning", "afternoons": "afternoon"}.get(habit)
    if wanted is None:
        return None
    name, local = line.display_name, f"{line.local_start:%H:%M}"
    if part_of_day(line) == wanted:
        return True, f"{name} prefers meetings in their {wanted}: this is {local} for them"
    return False, f"{name} prefers meetings in their {wanted}, but this is {local} for them"


def habit_note(name: str, habit: str) -> str | None:
    """'Sam prefers short meetings with an agenda' for any known habit, else None."""
    words = HABIT_WORDS.get(habit)
    return f"{name} {words}" if words else None


def _person(line: AttendeeLine, habit: str | None) -> tuple[list[str], list[str], int]:
    costs, fits = [], []
    for note in line.notes:
        if note == _KEPT:
            continue
        cost = _sentence(_COSTS, line.display_name, note)
        fit = None if cost else _sentence(_FITS, line.display_name, note)
        if cost:
            costs.append(cost)
        elif fit:
            fits.append(fit)
        else:
            costs.append(f"{line.display_name}: {note}")
    judged = habit_reason(line, habit) if habit else None
    if judged:
        (fits if judged[0] else costs).append(judged[1])
    return costs, fits, int(bool(judged) and not judged[0])


def _summary(lines: tuple[AttendeeLine, ...], costs: list[str], kept: bool) -> str:
    someone_optional_out = any(_optional_line(line) for line in lines if not line.required)
    who = "Everyone required is" if someone_optional_out else "Everyone is"
    start = f"{who} in working hours"
    if costs:
        return f"{start}; {costs[0]}" + (f" (+{len(costs) - 1} more)" if len(costs) > 1 else "")
    tail = " and protected focus time is kept" if kept else ""
    return f"{start}{tail}; nobody gives anything up"


def explain(suggestion: Suggestion, habits: Mapping[str, str] | None = None) -> Explanation:
    """`suggestion` in plain words; `habits` maps attendee id to the meeting preference
    the viewer may see (leave out anyone whose preference is not theirs to see)."""
    habits = habits or {}
    costs: list[str] = []
    fits: list[str] = []
    optional: list[str] = []
    missed = 0
    for line in suggestion.attendees:
        if not line.required:
            if (sentence := _optional_line(line)) is not None:
                optional.append(sentence)
                continue
        person_costs, person_fits, person_missed = _person(line, habits.get(line.attendee_id))
        costs += person_costs
        fits += person_fits
        missed += person_missed
    kept = any(_KEPT in line.notes for line in suggestion.attendees)
    summary = _summary(suggestion.attendees, costs, kept)
    summary = summary[0].upper() + summary[1:]
    return Explanation(summary, tuple(costs), tuple(fits), tuple(optional), missed)


def best_first(
    suggestions: tuple[Suggestion, ...], explanations: Mapping[int, Explanation]
) -> tuple[Suggestion, ...]:
    """The engine's ranking, with ties broken by the fewest missed meeting preferences
    (`explanations` by position); otherwise the engine's order is kept."""
    order = sorted(
        range(len(suggestions)),
        key=lambda i: (-suggestions[i].score, explanations[i].preferences_missed, i),
    )
    return tuple(suggestions[i] for i in order)
