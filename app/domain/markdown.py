"""Markdown for the manual's story and sections, rendered then sanitised.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw HTML
switched off, then nh3 cleans the result against an allow-list, so neither a `<script>`
nor an `onerror=` nor a `javascript:` link can reach a page even if the renderer ever
let one through. Links get rel="noopener nofollow".
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Safe HTML for `text`: rendered Markdown, cleaned to an allow-list.

    A pure function of the text, so memoised (bounded): a manual read many times is
    rendered once per process, and an edited section is simply a new key.
    """
    html = _renderer().render(text or "")
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Strip every tag, attribute and URL scheme not on the allow-list."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def plain_excerpt(text: str, limit: int) -> str:
    """The first line of the first paragraph (or heading, list item…) of `text` as plain
    text, Markdown markup removed (`**07:00–10:00**` → `07:00–10:00`), cut to `limit`
    characters with an ellipsis. For short previews such as card highlights (not HTML)."""
    for token in _renderer().parse(text or ""):
        if token.type == "inline" and token.children is not None:
            words = " ".join("".join(_plain_parts(token.children)).split())
            if words:
                return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
    return ""


def _plain_parts(children) -> list[str]:
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            break  # the first line only
        elif child.type == "image" and child.children:
            parts.extend(_plain_parts(child.children))
    return parts
