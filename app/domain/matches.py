"""What a directory search matched on one card, and names close to a mistyped word.

Typo tolerance is for names only: a query word of four or more letters finds a name
word one edit away (two from eight letters), counting a swap of two neighbouring
letters as one edit, so "Priay" and "Pria" find Priya. Manual text is never matched
loosely: a near miss there would show words the person did not write.

`card_matches` says which word of a card each query word hit, so the card can show it.
It is given only what the viewer may see (the terms of visible sections, the name,
headline and team names shown on the card), so it cannot name a hidden word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

FUZZY_MIN_LETTERS = 4
TWO_EDITS_FROM = 8
_EDGES = "\"'`*_~.,;:!?()[]{}<>#|/\\-–—“”‘’«»"


def allowed_edits(word: str) -> int:
    """How many edits a name may be from `word` and still match: none below 4 letters."""
    if len(word) < FUZZY_MIN_LETTERS:
        return 0
    return 1 if len(word) < TWO_EDITS_FROM else 2


@dataclass(frozen=True)
class NameIndex:
    """Every word of every active member's name (lower-cased), with its owner's id."""

    words: tuple[str, ...] = ()
    owners: tuple[int, ...] = ()


def name_index(names: Iterable[tuple[int, str]]) -> NameIndex:
    """(member id, display name) pairs → a `NameIndex` (one entry per distinct name word)."""
    pairs = dict.fromkeys(
        (word, member_id) for member_id, name in names for word in name.lower().split()
    )
    return NameIndex(tuple(w for w, _ in pairs), tuple(m for _, m in pairs))


def close_names(index: NameIndex, word: str) -> tuple[int, ...]:
    """Sorted ids of members with a name word within `allowed_edits(word)` of `word`."""
    edits = allowed_edits(word)
    if not edits or not index.words:
        return ()
    hits = process.extract(
        word.lower(), index.words, scorer=OSA.distance, score_cutoff=edits, limit=None
    )
    return tuple(sorted({index.owners[position] for _word, _score, position in hits}))


@dataclass(frozen=True)
class Match:
    """One query word's hit on a card: the word as found there, and where."""

    word: str
    where: str  # "name", "headline", "team" or "manual"


def _found_in(query: str, words: Iterable[str]) -> str | None:
    """The first of `words` containing `query` (case-insensitively), edges trimmed."""
    for word in words:
        if query in word.lower():
            return word.strip(_EDGES) or word
    return None


def _near_name(query: str, name_words: Sequence[str]) -> str | None:
    edits = allowed_edits(query)
    if not edits:
        return None
    for word in name_words:
        if OSA.distance(query, word.lower(), score_cutoff=edits) <= edits:
            return word
    return None


def _match_one(query: str, name: str, headline: str, teams: Sequence[str], terms: str):
    name_words = name.split()
    if found := _found_in(query, name_words) or _near_name(query, name_words):
        return Match(found, "name")
    if found := _found_in(query, headline.split()):
        return Match(found, "headline")
    if found := next((team for team in teams if query in team.lower()), None):
        return Match(found, "team")
    if found := _found_in(query, terms.split()):
        return Match(found, "manual")
    return None


def card_matches(
    words: Sequence[str], *, name: str, headline: str, teams: Sequence[str], terms: str
) -> tuple[Match, ...]:
    """Where each query word hit this card, in query order, each hit once.

    `terms` must hold only the words of sections the viewer may see.
    """
    matches: dict[Match, None] = {}
    for word in words:
        match = _match_one(word.lower(), name, headline, teams, terms or "")
        if match is not None:
            matches[match] = None
    return tuple(matches)
