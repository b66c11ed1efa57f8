"""What browsers and proxies may keep: nothing private, static files for a year.

- Every response to a signed-in member, and every page whose URL or body holds a secret
  (reset and invite links opened from their token), is sent `Cache-Control: no-store`,
  so no shared proxy, back-forward cache or disk cache keeps a manual, an "only me"
  section, a feed address or a one-time link after the member has left the computer.
  Views that set their own policy (the feeds' `private, no-cache`) keep it only for
  visitors who are not signed in.
- Static files are linked with a `v=<content hash>` query, so a versioned URL never
  changes meaning and may be cached for a year (`immutable`); an unversioned or stale
  one is revalidated as before.

No database query here: whether the request is a member's is read from what Flask-Login
already loaded, or from the presence of its cookies.
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache

from flask import Flask, Response, current_app, g, request, session

NO_STORE = "no-store"
YEAR = 365 * 24 * 3600
# Pages reached through a one-time token in their URL (public, but secret-bearing).
SECRET_ENDPOINTS = frozenset({"auth.reset_password", "onboarding.accept"})


@lru_cache(maxsize=512)
def _content_hash(path: str, mtime_ns: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def _current_version(static_folder: str, filename: str) -> str | None:
    path = os.path.realpath(os.path.join(static_folder, filename))
    if not path.startswith(os.path.realpath(static_folder) + os.sep) or not os.path.isfile(path):
        return None
    return _content_hash(path, os.stat(path).st_mtime_ns)


# (folder, filename) -> (when it was last looked at, its version then). A page links a
# handful of static files; looking each up at most once a second instead of on every
# url_for saves two realpaths and two stats per link, and an edited file still gets its
# new version within a second. Bounded: unknown names (a 404 probe) are not kept.
_checked: dict[tuple[str, str], tuple[float, str]] = {}
RECHECK_SECONDS = 1.0
CHECKED_MAX = 1024


def static_version(static_folder: str, filename: str) -> str | None:
    """A short hash of the static file's content (None if there is no such file)."""
    key = (static_folder, filename)
    now = time.monotonic()
    checked = _checked.get(key)
    if checked is not None and now - checked[0] < RECHECK_SECONDS:
        return checked[1]
    version = _current_version(static_folder, filename)
    if version is not None and (checked is not None or len(_checked) < CHECKED_MAX):
        _checked[key] = (now, version)
    return version


def _members_request() -> bool:
    user = g.get("_login_user")
    if user is not None:
        return bool(user.is_authenticated)
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def _cache_static(response: Response) -> None:
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    if response.status_code != 200 or not version:
        return
    if version != static_version(current_app.static_folder or "", filename):
        return
    touched = "Set-Cookie" in response.headers or session.modified
    scope = "private" if touched else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={YEAR}, immutable"


def register(app: Flask) -> None:
    @app.url_defaults
    def version_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = static_version(app.static_folder or "", values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def set_cache_policy(response: Response) -> Response:
        if request.endpoint == "static":
            _cache_static(response)
        elif request.endpoint in SECRET_ENDPOINTS or _members_request():
            response.headers["Cache-Control"] = NO_STORE
        return response
