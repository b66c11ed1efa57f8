"""Jinja globals and filters shared by every template.

`render_partial` renders a chart partial once per chart object. The team heatmap and
the week chart are memoised by value in `app.presentation.charts` (same patterns, zone and
week: the same object), and their few hundred SVG shapes were most of a team page's
time; now a repeat view prints stored HTML. Entries are keyed by the object's identity
and hold the object, so an id cannot be reused while its entry lives: a different chart
(an edited pattern, another zone, a new week) is a miss, never a stale hit.

`render_by_value` does the same for frozen values keyed by their value (a directory
page's cards: equal cards print the same HTML for every viewer who gets them).

`nav_links` prints the main menu's links once per (page, admin or not): every page
drew them twice (menu and row) with a dozen `url_for` calls, a tenth of a profile's
render. Nothing in them belongs to a viewer but the admin flag; the sign-out form with
its CSRF token stays in the template. `page_url` does the same for the other links every
page prints (brand, sign-out, footer): argument-free endpoints, one URL per script root.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from jinja2 import Environment, Template
from markupsafe import Markup

from app import clock
from app.domain.accounts import time_zone_names

PARTIAL_CACHE_SIZE = 64
VALUE_CACHE_SIZE = 1024
PAGE_URLS_SIZE = 256


def local_time(value: datetime, zone: str, fmt: str = "%a %d %b, %H:%M") -> str:
    """Format a UTC datetime in `zone`, DST-correct for that date."""
    return value.astimezone(ZoneInfo(zone)).strftime(fmt)


class PartialCache:
    """Rendered HTML of a partial per (template, name, key of the value); least recent
    out. Each entry holds its value, so an identity key (`id`) stays unique while the
    entry lives."""

    def __init__(
        self,
        env: Environment,
        size: int = PARTIAL_CACHE_SIZE,
        key_of: Callable[[object], Hashable] = id,
    ) -> None:
        self._env = env
        self._size = size
        self._key_of = key_of
        self._entries: OrderedDict[tuple[str, str, Hashable], tuple[object, Template, Markup]]
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def forget_all(self) -> None:
        """Drop every rendered partial (after erasing a member: nothing of theirs stays)."""
        with self._lock:
            self._entries.clear()

    def __call__(self, template_name: str, **context: object) -> Markup:
        """`template_name` rendered with its one variable, e.g. `heatmap=heatmap`."""
        ((name, value),) = context.items()
        template = self._env.get_template(template_name)  # a new object if reloaded
        key = (template_name, name, self._key_of(value))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[1] is template:
                self._entries.move_to_end(key)
                return entry[2]
        html = Markup(template.render({name: value}))  # noqa: S704  # nosec B704 - autoescaped Jinja output
        with self._lock:
            self._entries[key] = (value, template, html)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return html


def select_options(choices, selected: object) -> Markup:
    """The `<option>`s of a select (WTForms choices), marking `selected`.

    Rendered once per (choices, selected value): the directory's team and time-zone
    lists run to hundreds of entries, and escaping each one on every page cost a tenth
    of the page.
    """
    return _options(_pairs(choices), selected)


# (value, label) pairs of the last choice lists, by identity (a list kept for a data
# version, like the directory's, is the same object on every page); each entry holds its
# list, so an id cannot be reused while the entry lives.
_PAIRS: dict[int, tuple[object, tuple[tuple[str, str], ...]]] = {}
_PAIRS_SIZE = 64


def _pairs(choices) -> tuple[tuple[str, str], ...]:
    entry = _PAIRS.get(id(choices))
    if entry is not None and entry[0] is choices:
        return entry[1]
    pairs = tuple((choice.value, choice.label) for choice in choices)
    if len(_PAIRS) >= _PAIRS_SIZE:
        _PAIRS.clear()
    _PAIRS[id(choices)] = (choices, pairs)
    return pairs


@lru_cache(maxsize=256)
def _options(pairs: tuple[tuple[str, str], ...], selected: object) -> Markup:
    option = Markup('<option value="{}"{}>{}</option>')
    marked = Markup(" selected")
    return Markup("").join(
        option.format(value, marked if value == selected else "", label) for value, label in pairs
    )


class NavLinks:
    """The main menu's `<li>` links (sign-out aside) per (script root, endpoint, blueprint,
    admin flag): the same for every viewer of the same kind on the same page."""

    def __init__(self, app: Flask, size: int = 256) -> None:
        self._app = app
        self._size = size
        self._entries: dict[tuple, Markup] = {}
        self._lock = threading.Lock()

    def __call__(self, endpoint: str | None, blueprint: str | None, is_admin: bool) -> Markup:
        key = (request.script_root, endpoint, blueprint, bool(is_admin))
        html = self._entries.get(key)
        if html is None:
            html = self._render(endpoint, blueprint, bool(is_admin))
            with self._lock:
                if len(self._entries) >= self._size:
                    self._entries.clear()
                self._entries[key] = html
        return html

    def _render(self, endpoint: str | None, blueprint: str | None, is_admin: bool) -> Markup:
        links = [(name, label, endpoint == name) for name, label in self._app.config["NAV_ITEMS"]]
        if is_admin:
            links.append(("admin.members", "Admin", blueprint == "admin"))
        links.append(("auth.settings", "Settings", endpoint == "auth.settings"))
        item = Markup('<li><a href="{}"{}>{}</a></li>\n')
        current = Markup(' aria-current="page"')
        return Markup("").join(
            item.format(url_for(name), current if here else "", label)
            for name, label, here in links
        )


class PageUrls:
    """`url_for(endpoint)` of argument-free endpoints, once per (script root, endpoint)."""

    def __init__(self) -> None:
        self._urls: dict[tuple[str, str], str] = {}

    def __call__(self, endpoint: str) -> str:
        key = (request.script_root, endpoint)
        url = self._urls.get(key)
        if url is None:
            url = url_for(endpoint)
            if len(self._urls) >= PAGE_URLS_SIZE:  # a proxy-set prefix could vary
                self._urls.clear()
            self._urls[key] = url
        return url


def register(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["time_zone_names"] = time_zone_names
    app.jinja_env.globals["nav_links"] = NavLinks(app)
    app.jinja_env.globals["page_url"] = PageUrls()
    app.jinja_env.globals["utcnow"] = lambda: clock.now()  # late-bound: tests pin the clock
    app.jinja_env.globals["render_partial"] = PartialCache(app.jinja_env)
    app.jinja_env.globals["render_by_value"] = PartialCache(
        app.jinja_env, VALUE_CACHE_SIZE, key_of=lambda value: value
    )
    app.jinja_env.globals["select_options"] = select_options
