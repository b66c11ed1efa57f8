"""The directory's matched words and typo tolerance for names (`app.domain.matches`)."""

from __future__ import annotations

import pytest

from app.domain.matches import Match, allowed_edits, card_matches, close_names, name_index

INDEX = name_index([(1, "Priya Raman"), (2, "Jonas Becker"), (3, "Pia Lind"), (4, "Ana Ruiz")])


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Priay", (1,)),  # two neighbouring letters swapped: one edit
        ("priya", (1,)),
        ("Pria", (1, 3)),  # Priya typed so far, or Pia with one letter too many
        ("Jonsa", (2,)),
        ("Beckre", (2,)),
        ("Raman", (1,)),
        ("Pia", ()),  # under four letters: exact matches only (SQL finds those)
        ("Zzzz", ()),
        ("Becker-Raman", ()),
    ],
)
def test_close_names(word, expected):
    assert close_names(INDEX, word) == expected


def test_longer_words_allow_two_edits():
    assert [allowed_edits(w) for w in ("abc", "abcd", "abcdefg", "abcdefgh")] == [0, 1, 1, 2]
    index = name_index([(7, "Bartholomew")])
    assert close_names(index, "Bartolomeu") == (7,)


def test_an_empty_index_finds_nobody():
    assert close_names(name_index([]), "Priya") == ()


def test_card_matches_say_where_each_word_hit():
    found = card_matches(
        ["priay", "payments", "platform", "mornings"],
        name="Priya Raman",
        headline="Staff engineer, payments",
        teams=("Platform",),
        terms="i protect my mornings, for deep work.",
    )
    assert found == (
        Match("Priya", "name"),
        Match("payments", "headline"),
        Match("Platform", "team"),
        Match("mornings", "manual"),
    )


def test_manual_words_are_trimmed_of_punctuation_and_found_by_part():
    found = card_matches(["morn"], name="X", headline="", teams=(), terms="**mornings**,")
    assert found == (Match("mornings", "manual"),)


def test_manual_text_is_never_matched_loosely_and_missing_terms_match_nothing():
    assert card_matches(["mronings"], name="X", headline="", teams=(), terms="mornings") == ()
    assert card_matches(["secret"], name="X", headline="", teams=(), terms="") == ()


def test_each_hit_is_shown_once():
    found = card_matches(["pri", "priya"], name="Priya", headline="", teams=(), terms="")
    assert found == (Match("Priya", "name"),)
