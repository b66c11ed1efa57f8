"""Find executable markup in a page: what XSS tests assert is absent.

Parsing (rather than searching for strings) matters: escaped text such as
`&lt;img onerror=...&gt;` is harmless and may legitimately show on a page, while a real
`<img onerror>` element or a `javascript:` href is not.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "data"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
APP_SCRIPTS = "/static/js/"  # the app's own static scripts (base.html, page enhancements)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        src = (attributes.get("src") or "").split("?")[0]  # static URLs carry ?v=<hash>
        if tag == "script" and src.startswith(APP_SCRIPTS) and src.endswith(".js"):
            return  # the app's own static script, served from static/js
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")
            if name in URL_ATTRIBUTES and _bad_url(value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def _bad_url(value: str) -> bool:
    cleaned = "".join(unescape(value).split()).lower()
    return cleaned.startswith(BAD_SCHEMES)


def unsafe_markup(html: str) -> list[str]:
    """Every script element, event handler, style attribute or javascript:/data: URL."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems
