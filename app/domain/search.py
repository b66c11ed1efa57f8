"""Search documents: a member's manual text cut down to what a directory search can hit.

The directory matches each query word as a case-insensitive substring of the section
bodies the viewer may see. Scanning every body of every member for every word is the
slow part of a search, so each member keeps one short document per visibility (the
visibility rule then applies to documents exactly as to sections) holding the distinct
words of those sections.

Why matching a document gives exactly the members that matching the bodies gives: the
directory splits the query text with `str.split()`, so a query word contains no
whitespace; a string without whitespace occurs in a body if and only if it occurs inside
one of the body's whitespace-free tokens; so searching the distinct tokens joined by
single spaces finds the same word, and repeating a token adds nothing. Both sides are
lower-cased with Python's `str.lower()` (the query word by the directory, the tokens
here), which makes the match case-insensitive beyond ASCII, where SQLite's LIKE is not.
Lower-casing token by token equals lower-casing the whole body: `str.lower()` never turns
a character into whitespace or changes a whitespace character, and its one
context-sensitive rule (a Greek capital sigma at the end of a word) looks no further than
the nearest whitespace. That holds even where lower-casing changes a string's length
('İ' becomes 'i' plus a combining dot), since both sides are lower-cased the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

Sections = Iterable[tuple[int, str, str]]


def search_terms(bodies: Iterable[str]) -> str:
    """The distinct lower-cased whitespace-separated tokens of `bodies`, first seen first,
    joined by single spaces; "" when there are none."""
    tokens = (token.lower() for body in bodies for token in body.split())
    return " ".join(dict.fromkeys(tokens))


def search_documents(sections: Sections) -> dict[tuple[int, str], str]:
    """(member id, visibility, body) rows → terms per (member id, visibility).

    A group without a single word gets no document: an empty document could match
    nothing, so storing it would only cost a row.
    """
    bodies: dict[tuple[int, str], list[str]] = {}
    for member_id, visibility, body in sections:
        bodies.setdefault((member_id, visibility), []).append(body)
    documents = {key: search_terms(texts) for key, texts in bodies.items()}
    return {key: terms for key, terms in documents.items() if terms}
