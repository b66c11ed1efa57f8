"""Search documents: the distinct lower-cased words, and the property that makes them a
safe stand-in for the bodies — a query word is in the document exactly when it is in a
body, whatever the case, punctuation or kind of whitespace."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.search import search_documents, search_terms


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        ([], ""),
        (["", "  \n\t"], ""),
        (["Kayaking at dawn"], "kayaking at dawn"),
        (["Kayaking at dawn", "kayaking  QUIET\tDawn"], "kayaking at dawn quiet"),
        (["**bold** plans,\u00a0please\u3000ok"], "**bold** plans, please ok"),
        (["ΟΔΟΣ ΣΟΦΊΑ"], "οδος σοφία"),
        (["İstanbul"], "i\u0307stanbul"),
    ],
)
def test_terms_are_the_distinct_lower_cased_tokens_in_first_seen_order(bodies, expected):
    assert search_terms(bodies) == expected


def test_documents_are_grouped_by_member_and_visibility_and_empty_groups_dropped():
    sections = [
        (1, "workspace", "Quiet mornings"),
        (1, "private", "   "),
        (1, "workspace", "quiet walks"),
        (2, "teams", "Kayaking"),
        (2, "private", ""),
    ]
    assert search_documents(sections) == {
        (1, "workspace"): "quiet mornings walks",
        (2, "teams"): "kayaking",
    }


WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# Mixed case, punctuation, LIKE wildcards, and the characters whose lower case depends on
# context (a final Σ) or is longer than themselves (İ).
TRICKY = list("aAbBkKzZ.,;:!?%_\\*'-ΣσςΟοİıiIßÜüǅ")
CHARACTERS = st.one_of(st.sampled_from(WHITESPACE), st.sampled_from(TRICKY), st.characters())
BODIES = st.lists(st.text(CHARACTERS, max_size=30), max_size=4)


def no_whitespace(text: str) -> str:
    """As the directory splits a query: no word ever holds whitespace."""
    return "".join(text.split())


def found_in_bodies(word: str, bodies: list[str]) -> bool:
    return any(word.lower() in body.lower() for body in bodies)


def found_in_document(word: str, bodies: list[str]) -> bool:
    return word.lower() in search_terms(bodies)


@settings(max_examples=300, deadline=None)
@given(bodies=BODIES, data=st.data())
def test_a_word_from_the_text_is_found_exactly_when_a_body_holds_it(bodies, data):
    # A slice of the bodies with whitespace squeezed out: often a real word, sometimes
    # a run across a word gap (found in neither), in a random case.
    squeezed = no_whitespace(" ".join(bodies))
    start = data.draw(st.integers(0, max(0, len(squeezed) - 1)))
    end = data.draw(st.integers(start + 1, max(start + 1, len(squeezed))))
    word = squeezed[start:end]
    word = data.draw(st.sampled_from((word, word.upper(), word.swapcase(), word.title())))
    word = no_whitespace(word)  # upper() may add none, but the directory's split is the rule
    if word:
        assert found_in_document(word, bodies) == found_in_bodies(word, bodies)


@settings(max_examples=300, deadline=None)
@given(bodies=BODIES, word=st.text(CHARACTERS, min_size=1, max_size=4).map(no_whitespace))
def test_any_word_is_found_exactly_when_a_body_holds_it(bodies, word):
    if word:
        assert found_in_document(word, bodies) == found_in_bodies(word, bodies)


@settings(max_examples=100, deadline=None)
@given(bodies=BODIES)
def test_a_document_holds_no_word_twice_and_no_empty_word(bodies):
    words = search_terms(bodies).split(" ")
    assert words == [""] or (len(words) == len(set(words)) and all(words))
