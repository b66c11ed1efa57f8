"""What a working-style manual is made of, checked and compared without a database.

The sections, their guiding prompts and examples live here so the edit page, the
profile, the demo data and the revision diff all agree on one list. Structured
communication preferences (channels in order, response time, feedback, meetings) are
closed choices so the directory can filter on them. `diff_snapshots` turns two
revision snapshots (see `services.revisions.snapshot`) into a per-section diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.errors import DomainError

VISIBILITIES = (
    ("workspace", "Everyone in the workspace"),
    ("teams", "My teams"),
    ("private", "Only me"),
)
VISIBILITY_LABELS = dict(VISIBILITIES)
STORY_MAX_CHARS = 10_000
SECTION_MAX_CHARS = 4_000
COMMUNICATION = "communication"
STORY = "story"


@dataclass(frozen=True)
class SectionSpec:
    """One section of the manual: its key, title, the question it answers, an example."""

    key: str
    title: str
    prompt: str
    example: str

    @property
    def max_chars(self) -> int:
        return STORY_MAX_CHARS if self.key == STORY else SECTION_MAX_CHARS


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        STORY,
        "My story",
        "Who are you, in a few paragraphs? Where you come from, what you care about, "
        "what you are working on. Markdown works: *emphasis*, lists, links.",
        "I joined after ten years in logistics software. I love untangling messy "
        "systems and I am learning to let go of perfect.",
    ),
    SectionSpec(
        "work_best",
        "How I work best",
        "When and where do you do your best work? What conditions help you focus?",
        "Mornings are my thinking time; I do reviews and calls after lunch.",
    ),
    SectionSpec(
        COMMUNICATION,
        "Communication style",
        "How do you like to be reached, and what should people expect back?",
        "Chat for anything quick, email for anything that needs thought. "
        "I batch replies twice a day.",
    ),
    SectionSpec(
        "feedback",
        "How I like to receive feedback",
        "What kind of feedback helps you most, and how should it be delivered?",
        "Be direct and specific. Written first gives me time to think before we talk.",
    ),
    SectionSpec(
        "energy",
        "What gives me energy and what drains it",
        "What lifts you up during a working week, and what wears you down?",
        "Energy: pairing on hard problems. Drain: back-to-back meetings without breaks.",
    ),
    SectionSpec(
        "misunderstood",
        "What people misunderstand about me",
        "What do people sometimes read wrongly about you?",
        "I am quiet in big meetings; that means I am listening, not disagreeing.",
    ),
    SectionSpec(
        "help_me",
        "How to help me",
        "What can teammates do that makes your work easier?",
        "Send the agenda ahead and tell me which decision you need from me.",
    ),
)
SECTION_KEYS = tuple(spec.key for spec in SECTIONS)
SECTIONS_BY_KEY = {spec.key: spec for spec in SECTIONS}

CHANNELS = (
    ("chat", "Chat"),
    ("email", "Email"),
    ("call", "Phone call"),
    ("video", "Video call"),
    ("in_person", "In person"),
    ("other", "Other"),
)
RESPONSE_TIMES = (
    ("within_hour", "Within an hour"),
    ("same_day", "The same day"),
    ("next_day", "By the next working day"),
    ("few_days", "Within a few days"),
)
FEEDBACK_MODES = (("written", "Written"), ("spoken", "Spoken"))
FEEDBACK_SETTINGS = (("private", "In private"), ("public", "In public is fine"))
MEETING_PREFERENCES = (
    ("few", "As few as possible"),
    ("short_agenda", "Short, with an agenda"),
    ("mornings", "In my morning"),
    ("afternoons", "In my afternoon"),
    ("async_first", "Async first; meet to decide"),
    ("walking", "Walking or camera-off is welcome"),
)
CHANNEL_CHOICES = 3
PREFERENCE_CHOICES = {
    "response_time": RESPONSE_TIMES,
    "feedback_mode": FEEDBACK_MODES,
    "feedback_setting": FEEDBACK_SETTINGS,
    "meeting_preference": MEETING_PREFERENCES,
}
PREFERENCE_TITLES = {
    "preferred_channels": "Preferred channels",
    "response_time": "Expected response time",
    "feedback_mode": "Feedback: written or spoken",
    "feedback_setting": "Feedback: in private or in public",
    "meeting_preference": "Meetings",
    "max_meetings_per_day": "Most meetings a day",
    "buffer_minutes": "Break between meetings (minutes)",
}


@dataclass(frozen=True)
class Preferences:
    """Structured communication preferences; '' means "not said"."""

    channels: tuple[str, ...] = ()
    response_time: str = ""
    feedback_mode: str = ""
    feedback_setting: str = ""
    meeting_preference: str = ""


def label_of(choices: Sequence[tuple[str, str]], value: str) -> str:
    """The human label of a stored choice ('' for none or an unknown value)."""
    return dict(choices).get(value, "")


def channel_labels(channels: Sequence[str]) -> tuple[str, ...]:
    return tuple(label_of(CHANNELS, c) for c in channels if label_of(CHANNELS, c))


def ordered_channels(picks: Sequence[str]) -> tuple[str, ...]:
    """1st/2nd/3rd choices → the ordered channels; refuses gaps, repeats and unknowns."""
    known = dict(CHANNELS)
    seen: list[str] = []
    gap_at = None
    for place, pick in enumerate(picks, start=1):
        field = f"channel_{place}"
        if not pick:
            gap_at = gap_at or place
            continue
        if pick not in known:
            raise DomainError(field, "Choose a channel from the list.")
        if gap_at is not None:
            raise DomainError(field, f"Fill in your choice {gap_at} before choice {place}.")
        if pick in seen:
            raise DomainError(field, f"{known[pick]} is already an earlier choice.")
        seen.append(pick)
    return tuple(seen)


def join_channels(channels: Sequence[str]) -> str:
    """How channels are stored: 'chat,email' (order is preference)."""
    return ",".join(channels)


def split_channels(stored: str) -> tuple[str, ...]:
    return tuple(c for c in (stored or "").split(",") if c)


def check_preferences(prefs: Preferences) -> Preferences:
    """Raise a DomainError naming the field when a choice is not one we offer."""
    ordered_channels(prefs.channels)
    for field, choices in PREFERENCE_CHOICES.items():
        value = getattr(prefs, field)
        if value and value not in dict(choices):
            raise DomainError(field, "Choose one of the options offered.")
    return prefs


def check_section(key: str, body: str, visibility: str) -> tuple[str, str]:
    """A section's (body, visibility) after checks; the field names match the form."""
    spec = SECTIONS_BY_KEY.get(key)
    if spec is None:
        raise DomainError("", f"There is no section called “{key}”.")
    if visibility not in VISIBILITY_LABELS:
        raise DomainError(f"{key}_visibility", "Choose who may see this section.")
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > spec.max_chars:
        raise DomainError(
            f"{key}_body",
            f"Please keep this under {spec.max_chars:,} characters (it has {len(body):,}).",
        )
    return body, visibility


def needs_review(last_reviewed_at: datetime | None, now: datetime, days: int) -> bool:
    """True when the manual was never reviewed or its last review is `days` or more old."""
    if last_reviewed_at is None:
        return True
    return now - last_reviewed_at >= timedelta(days=days)


class LineChange(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


class SectionChange(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DiffLine:
    change: LineChange
    text: str


@dataclass(frozen=True)
class SectionDiff:
    """How one part of the manual changed between two revisions."""

    key: str
    title: str
    change: SectionChange
    lines: tuple[DiffLine, ...] = ()
    old_visibility: str = ""
    new_visibility: str = ""

    @property
    def visibility_changed(self) -> bool:
        return self.old_visibility != self.new_visibility


def diff_lines(old: str, new: str) -> tuple[DiffLine, ...]:
    """Line-by-line difference (difflib), unchanged lines kept for context."""
    kinds = {" ": LineChange.SAME, "+": LineChange.ADDED, "-": LineChange.REMOVED}
    lines = []
    for entry in difflib.ndiff(old.splitlines(), new.splitlines()):
        if entry[:1] in kinds:
            lines.append(DiffLine(kinds[entry[:1]], entry[2:]))
    return tuple(lines)


def _section_change(old: str | None, new: str | None) -> SectionChange:
    if not old and new:
        return SectionChange.ADDED
    if old and not new:
        return SectionChange.REMOVED
    return SectionChange.UNCHANGED if old == new else SectionChange.CHANGED


def _diff_section(spec: SectionSpec, old: Mapping | None, new: Mapping | None) -> SectionDiff:
    old_body, new_body = (old or {}).get("body", ""), (new or {}).get("body", "")
    old_vis, new_vis = (old or {}).get("visibility", ""), (new or {}).get("visibility", "")
    change = _section_change(old_body, new_body)
    if change is SectionChange.UNCHANGED and old_vis != new_vis and old is not None:
        change = SectionChange.CHANGED
    return SectionDiff(
        spec.key, spec.title, change, diff_lines(old_body, new_body), old_vis, new_vis
    )


def describe_preference(field: str, value) -> str:
    """A stored preference as people read it: labels instead of codes, '—' for none."""
    if field == "preferred_channels":
        text = ", ".join(channel_labels(split_channels(value or "")))
    elif field in PREFERENCE_CHOICES:
        text = label_of(PREFERENCE_CHOICES[field], value or "")
    else:
        text = "" if value is None else str(value)
    return text or "—"


def _preference_lines(prefs: Mapping) -> list[str]:
    return [
        f"{PREFERENCE_TITLES.get(field, field)}: {describe_preference(field, value)}"
        for field, value in sorted(prefs.items())
    ]


def _pattern_lines(snapshot: Mapping) -> list[str]:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    lines = [f"Time zone: {snapshot['zone']}"] if snapshot.get("zone") else []
    for kind, weekday, start, end, energy, hard, label, private in snapshot.get("blocks", []):
        extra = " ".join(
            filter(None, [energy, "" if hard else "soft", label, "(private)" if private else ""])
        )
        lines.append(f"{days[weekday]} {start}–{end} {kind} {extra}".rstrip())
    lines += [f"Time off {first} to {last}" for first, last in snapshot.get("time_off", [])]
    lines += [f"On {day}: {blocks or 'off'}" for day, blocks in snapshot.get("one_off_hours", [])]
    return lines


def _text_diff(key: str, title: str, old: list[str], new: list[str]) -> SectionDiff:
    change = _section_change("\n".join(old), "\n".join(new))
    return SectionDiff(key, title, change, diff_lines("\n".join(old), "\n".join(new)))


def diff_snapshots(old: Mapping | None, new: Mapping) -> tuple[SectionDiff, ...]:
    """Per-section diff from revision `old` (None for the first) to `new`, in manual order.

    Sections come first, then the structured preferences and the weekly pattern as
    readable lines, so every part of a snapshot shows what changed.
    """
    old = old or {}
    old_sections, new_sections = old.get("sections", {}), new.get("sections", {})
    diffs = [
        _diff_section(spec, old_sections.get(spec.key), new_sections.get(spec.key))
        for spec in SECTIONS
    ]
    old_prefs = _preference_lines(old.get("preferences", {}))
    new_prefs = _preference_lines(new.get("preferences", {}))
    diffs.append(_text_diff("preferences", "Structured preferences", old_prefs, new_prefs))
    old_pattern = _pattern_lines(old) if old else []
    diffs.append(_text_diff("pattern", "Weekly pattern", old_pattern, _pattern_lines(new)))
    return tuple(diffs)
