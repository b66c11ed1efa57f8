"""The manual's pure rules: sections, choices, review due dates and the revision diff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain import manual as rules
from app.domain.errors import DomainError

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_sections_are_the_story_and_six_sections_with_prompts_and_examples():
    assert rules.SECTION_KEYS == (
        "story",
        "work_best",
        "communication",
        "feedback",
        "energy",
        "misunderstood",
        "help_me",
    )
    for spec in rules.SECTIONS:
        assert spec.title and spec.prompt.strip() and spec.example.strip()
    assert rules.SECTIONS_BY_KEY["story"].max_chars > rules.SECTIONS_BY_KEY["energy"].max_chars


@pytest.mark.parametrize(
    ("picks", "expected"),
    [
        (["chat", "email", "video"], ("chat", "email", "video")),
        (["call", "", ""], ("call",)),
        (["", "", ""], ()),
        (["in_person", "other", ""], ("in_person", "other")),
    ],
)
def test_ordered_channels_keep_the_order_given(picks, expected):
    assert rules.ordered_channels(picks) == expected


@pytest.mark.parametrize(
    ("picks", "field", "words"),
    [
        (["chat", "chat", ""], "channel_2", "already an earlier choice"),
        (["", "email", ""], "channel_2", "Fill in your choice 1"),
        (["chat", "", "email"], "channel_3", "Fill in your choice 2"),
        (["pigeon", "", ""], "channel_1", "Choose a channel"),
    ],
)
def test_ordered_channels_refuse_repeats_gaps_and_unknowns(picks, field, words):
    with pytest.raises(DomainError) as caught:
        rules.ordered_channels(picks)
    assert caught.value.field == field
    assert words in caught.value.reason


def test_channels_round_trip_through_storage():
    stored = rules.join_channels(("video", "chat"))
    assert stored == "video,chat"
    assert rules.split_channels(stored) == ("video", "chat")
    assert rules.split_channels("") == ()
    assert rules.channel_labels(("video", "chat", "bogus")) == ("Video call", "Chat")


@pytest.mark.parametrize(
    "field", ["response_time", "feedback_mode", "feedback_setting", "meeting_preference"]
)
def test_preferences_outside_the_offered_choices_are_refused_at_their_field(field):
    prefs = rules.Preferences(**{field: "whenever"})
    with pytest.raises(DomainError) as caught:
        rules.check_preferences(prefs)
    assert caught.value.field == field


def test_valid_preferences_pass_unchanged():
    prefs = rules.Preferences(("chat",), "same_day", "written", "private", "few")
    assert rules.check_preferences(prefs) is prefs


def test_check_section_trims_and_normalises_newlines():
    assert rules.check_section("energy", "  a\r\nb  ", "teams") == ("a\nb", "teams")


@pytest.mark.parametrize(
    ("key", "body", "visibility", "field"),
    [
        ("energy", "x" * (rules.SECTION_MAX_CHARS + 1), "teams", "energy_body"),
        ("story", "x" * (rules.STORY_MAX_CHARS + 1), "workspace", "story_body"),
        ("energy", "fine", "everyone", "energy_visibility"),
        ("nope", "fine", "teams", ""),
    ],
)
def test_check_section_refusals_name_the_field(key, body, visibility, field):
    with pytest.raises(DomainError) as caught:
        rules.check_section(key, body, visibility)
    assert caught.value.field == field


def test_story_may_be_longer_than_a_section():
    body = "x" * (rules.SECTION_MAX_CHARS + 1)
    assert rules.check_section("story", body, "private")[0] == body


@pytest.mark.parametrize(
    ("age_days", "due"),
    [(0, False), (179, False), (180, True), (400, True)],
)
def test_needs_review_after_the_configured_days(age_days, due):
    assert rules.needs_review(NOW - timedelta(days=age_days), NOW, 180) is due


def test_never_reviewed_needs_review():
    assert rules.needs_review(None, NOW, 180) is True


def test_describe_preference_reads_like_words():
    assert rules.describe_preference("preferred_channels", "email,call") == "Email, Phone call"
    assert rules.describe_preference("response_time", "same_day") == "The same day"
    assert rules.describe_preference("buffer_minutes", 10) == "10"
    assert rules.describe_preference("response_time", "") == "—"


def snapshot(sections=None, preferences=None, blocks=()):
    return {
        "sections": sections or {},
        "preferences": preferences or {},
        "zone": "Europe/Berlin",
        "blocks": list(blocks),
        "time_off": [],
        "one_off_hours": [],
    }


def by_key(diffs):
    return {d.key: d for d in diffs}


def test_first_revision_shows_everything_as_added():
    new = snapshot({"story": {"body": "Hello\nWorld", "visibility": "workspace"}})
    diffs = by_key(rules.diff_snapshots(None, new))
    assert diffs["story"].change is rules.SectionChange.ADDED
    assert [line.change for line in diffs["story"].lines] == [rules.LineChange.ADDED] * 2
    assert diffs["energy"].change is rules.SectionChange.UNCHANGED


def test_changed_lines_are_marked_and_context_kept():
    old = snapshot({"energy": {"body": "Mornings\nPairing", "visibility": "teams"}})
    new = snapshot({"energy": {"body": "Mornings\nLong walks", "visibility": "teams"}})
    energy = by_key(rules.diff_snapshots(old, new))["energy"]
    assert energy.change is rules.SectionChange.CHANGED
    assert (rules.LineChange.SAME, "Mornings") in [(x.change, x.text) for x in energy.lines]
    assert (rules.LineChange.REMOVED, "Pairing") in [(x.change, x.text) for x in energy.lines]
    assert (rules.LineChange.ADDED, "Long walks") in [(x.change, x.text) for x in energy.lines]


def test_a_visibility_change_alone_is_a_change():
    old = snapshot({"feedback": {"body": "Direct", "visibility": "teams"}})
    new = snapshot({"feedback": {"body": "Direct", "visibility": "private"}})
    feedback = by_key(rules.diff_snapshots(old, new))["feedback"]
    assert feedback.change is rules.SectionChange.CHANGED
    assert feedback.visibility_changed
    assert (feedback.old_visibility, feedback.new_visibility) == ("teams", "private")


def test_emptied_section_is_removed():
    old = snapshot({"help_me": {"body": "Agenda first", "visibility": "workspace"}})
    new = snapshot({"help_me": {"body": "", "visibility": "workspace"}})
    assert by_key(rules.diff_snapshots(old, new))["help_me"].change is rules.SectionChange.REMOVED


def test_preferences_and_pattern_changes_are_listed_readably():
    old = snapshot(preferences={"preferred_channels": "chat", "response_time": "same_day"})
    new = snapshot(
        preferences={"preferred_channels": "email,chat", "response_time": "same_day"},
        blocks=[["routine", 0, "08:00", "08:45", "", True, "School run", True]],
    )
    diffs = by_key(rules.diff_snapshots(old, new))
    added = [x.text for x in diffs["preferences"].lines if x.change is rules.LineChange.ADDED]
    assert added == ["Preferred channels: Email, Chat"]
    pattern = [x.text for x in diffs["pattern"].lines if x.change is rules.LineChange.ADDED]
    assert pattern == ["Mon 08:00–08:45 routine School run (private)"]


def test_diff_keeps_manual_order():
    keys = [d.key for d in rules.diff_snapshots(None, snapshot())]
    assert keys == [*rules.SECTION_KEYS, "preferences", "pattern"]
