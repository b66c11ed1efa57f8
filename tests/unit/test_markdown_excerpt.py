"""Plain-text excerpts of Markdown: what a card shows instead of raw markup."""

from __future__ import annotations

import pytest

from app.domain.markdown import plain_excerpt


@pytest.mark.parametrize(
    ("markdown", "excerpt"),
    [
        ("My peak is **07:00–10:00**: deep work.", "My peak is 07:00–10:00: deep work."),
        ("*Calm* and __steady__, with `code`.", "Calm and steady, with code."),
        ("[Read this](https://example.test) first", "Read this first"),
        ("# A heading\n\nThe body.", "A heading"),
        ("- **first** item\n- second", "first item"),
        ("\n\n  Line one\nline two", "Line one"),
        ("> quoted *words*", "quoted words"),
        ("<b>not html</b>", "<b>not html</b>"),  # raw HTML is off: kept as text, escaped later
        ("", ""),
        ("   \n\n", ""),
    ],
)
def test_markup_is_removed(markdown, excerpt):
    assert plain_excerpt(markdown, 160) == excerpt


def test_long_text_is_cut_with_an_ellipsis():
    cut = plain_excerpt("word " * 100, 20)
    assert len(cut) <= 20 and cut.endswith("…") and "*" not in cut
