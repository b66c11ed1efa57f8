"""One-click "add this feed to my calendar" links for a secret feed address.

Each calendar app has its own door: Google Calendar takes a `webcal://` address in its
`cid` parameter, Outlook on the web an `https://` one in `addfromweb?url=…&name=…`, and
Apple Calendar (macOS, iOS) opens `webcal://` addresses itself. The links carry the
secret address, so they are built only where the address is shown (once, to its
owner). Pure string work, tested with the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

GOOGLE = "https://calendar.google.com/calendar/r"
OUTLOOK = "https://outlook.live.com/calendar/0/addfromweb"


@dataclass(frozen=True)
class AddLink:
    """One "Add to …" link with a line of help."""

    app: str
    href: str
    help: str


def webcal(url: str) -> str:
    """The feed address with the webcal scheme calendar apps open by themselves."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def add_links(url: str, name: str) -> tuple[AddLink, ...]:
    """Google, Outlook and Apple links for feed `url`, shown in each app as `name`."""
    subscribe = webcal(url)
    return (
        AddLink(
            "Google Calendar",
            f"{GOOGLE}?{urlencode({'cid': subscribe}, quote_via=quote)}",
            "Opens Google Calendar in the browser and asks to add the calendar. "
            "Google refreshes it every few hours, not at once.",
        ),
        AddLink(
            "Outlook",
            f"{OUTLOOK}?{urlencode({'url': url, 'name': name}, quote_via=quote)}",
            "Opens Outlook on the web (outlook.com or Microsoft 365) with the address "
            "filled in; choose Import. The Outlook app on your desktop follows.",
        ),
        AddLink(
            "Apple Calendar",
            subscribe,
            "Opens Calendar on a Mac, iPhone or iPad, which asks to subscribe. "
            "Elsewhere, copy the address instead.",
        ),
    )
