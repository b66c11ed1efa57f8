"""The one reader of `?page=N` for list pages.

`request.args.get("page", type=int)` accepted any number of digits and passed it on to
an OFFSET, which overflowed SQLite's and PostgreSQL's integers (a 500). Here a page is
a whole number from 1 to `limits.PAGE_MAX`; no `page` means the first; anything else
is a 404 that says which pages exist, since that page cannot exist.
"""

from __future__ import annotations

from flask import abort, request

from app.limits import PAGE_MAX


def page_number() -> int:
    """The requested page (1 when not given); 404 for anything but 1..PAGE_MAX."""
    text = request.args.get("page", "").strip()
    if not text:
        return 1
    if text.isascii() and text.isdigit() and len(text) <= len(str(PAGE_MAX)):
        number = int(text)
        if 1 <= number <= PAGE_MAX:
            return number
    abort(404, description=f"Pages are numbered from 1 to {PAGE_MAX:,}.")
