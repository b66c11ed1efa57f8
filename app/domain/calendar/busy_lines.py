"""Cutting an iCalendar file down to the lines busy time is read from, before parsing it.

`icalendar` parses a content line in tens of microseconds, and most lines of a real
calendar are text that busy time never uses: titles, descriptions, attendees, alarms,
stamps. Profiling the import of a 300-event calendar showed parsing as two thirds of
its cost, so `split_busy_lines` works on the bytes first:

- inside a VEVENT only the properties in `KEPT` stay, each with its folded
  continuation lines; components nested in a VEVENT (VALARM, …) are dropped whole;
- components beside the events (VTODO, VJOURNAL, VFREEBUSY, VAVAILABILITY, …) are
  dropped whole: they are never busy time;
- everything else (the VCALENDAR's own lines, every VTIMEZONE, all BEGIN and END
  lines of what is kept) is kept byte for byte, so a damaged file is still refused by
  the parser exactly as before;
- a *plain* event is taken out and read here: one that is nothing but a UID of its
  own (no other event in the file has it), a DTSTART and a DTEND both written in UTC
  (`20260302T090000Z`, no parameters), and perhaps TRANSP and STATUS, every line
  unfolded and ASCII. That is how Google and most servers write a one-off meeting,
  and reading it costs a regular expression instead of the parser. Anything else, or
  any doubt (a UID that is folded, escaped or has parameters anywhere in the file, a
  value that is not a real time), goes to the parser as before.

What it cannot change: which events there are, their times, repeats, exceptions,
status and transparency (`tests/unit/test_calendar_equivalence.py`). A property that
is dropped can no longer make a file refused ("an event has an unreadable ATTENDEE"):
busy time never read it anyway.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import NamedTuple

KEPT = frozenset(
    {
        b"DTSTART",
        b"DTEND",
        b"DURATION",
        b"RRULE",
        b"RDATE",
        b"EXDATE",
        b"EXRULE",
        b"RECURRENCE-ID",
        b"UID",
        b"TRANSP",
        b"STATUS",
    }
)
_BESIDE_EVENTS = frozenset({b"VEVENT", b"VTIMEZONE"})
_FOLDED = (b" ", b"\t")
_PLAIN = frozenset({b"UID", b"DTSTART", b"DTEND", b"TRANSP", b"STATUS"})
_UTC_TIME = re.compile(rb"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")


class PlainEvent(NamedTuple):
    """A one-off event in UTC read without the parser; `busy` unless cancelled or
    transparent. `start` <= `end`, as `recurring_ical_events` orders them."""

    start: datetime
    end: datetime
    busy: bool


def _name(line: bytes) -> bytes:
    """The property name: everything before the first `;` or `:`, upper-cased."""
    return line.partition(b":")[0].partition(b";")[0].strip().upper()


def _component(line: bytes) -> bytes:
    """The component a BEGIN or END line names."""
    return line.partition(b":")[2].strip().upper()


def split_busy_lines(data: bytes) -> tuple[bytes, list[PlainEvent]]:
    """`data` without the lines busy time never reads and without its plain events,
    and those plain events (see the module docstring). Line endings are kept."""
    splitter = _Splitter()
    for line in data.split(b"\n"):
        splitter.line(line)
    return _take_plain(splitter.pieces)


class _Splitter:
    """Reads lines in order, keeping what busy time needs; each VEVENT directly in a
    VCALENDAR is kept as its own list of lines in `pieces`."""

    def __init__(self) -> None:
        self.pieces: list[bytes | list[bytes]] = []
        self.open: list[bytes] = []  # the components we are inside, innermost last
        self.event: list[bytes] | None = None  # the top-level VEVENT being read
        self.skipping = 0  # depth inside a dropped component
        self.keep_folded = True

    def keep(self, line: bytes) -> None:
        (self.pieces if self.event is None else self.event).append(line)

    def line(self, line: bytes) -> None:
        if line[:1] in _FOLDED:
            if self.keep_folded:
                self.keep(line)
            return
        name = _name(line)
        if self.skipping:
            self.skipping += (name == b"BEGIN") - (name == b"END")
            return
        inside = self.open[-1] if self.open else None
        self.keep_folded = False
        if name == b"BEGIN":
            component = _component(line)
            if inside == b"VEVENT" or (inside == b"VCALENDAR" and component not in _BESIDE_EVENTS):
                self.skipping = 1
                return
            self.begin(component, inside)
        elif name == b"END":
            self.end(line, inside)
            return
        elif inside == b"VEVENT" and name not in KEPT:
            return
        self.keep(line)
        self.keep_folded = True

    def begin(self, component: bytes, inside: bytes | None) -> None:
        self.open.append(component)
        if component == b"VEVENT" and inside == b"VCALENDAR":
            self.event = []
            self.pieces.append(self.event)

    def end(self, line: bytes, inside: bytes | None) -> None:
        if self.open:
            self.open.pop()
        self.keep(line)
        self.keep_folded = True
        if inside == b"VEVENT":
            self.event = None


def _take_plain(pieces: list[bytes | list[bytes]]) -> tuple[bytes, list[PlainEvent]]:
    events = [piece for piece in pieces if isinstance(piece, list)]
    read = [_read_event(lines) for lines in events]
    uids = Counter(uid for uid, _ in read)
    usable = None not in uids  # every UID in the file read plainly, or none is trusted
    plain: dict[int, PlainEvent] = {}
    for lines, (uid, found) in zip(events, read, strict=True):
        if usable and found is not None and uids[uid] == 1:
            plain[id(lines)] = found
    kept: list[bytes] = []
    for piece in pieces:
        if isinstance(piece, bytes):
            kept.append(piece)
        elif id(piece) not in plain:
            kept.extend(piece)
    return b"\n".join(kept), list(plain.values())


def _read_event(lines: list[bytes]) -> tuple[bytes | None, PlainEvent | None]:
    """(the raw UID, or b"" without one, or None when it cannot be read plainly;
    the event when it is plain)."""
    values: dict[bytes, bytes] = {}
    uid: bytes | None = b""
    plain = True
    previous = b""
    for line in lines[1:-1]:
        if line[:1] in _FOLDED:
            plain = False
            if previous == b"UID":
                uid = None
            continue
        head, _, value = line.rstrip(b"\r").partition(b":")
        name = head.strip().upper()
        previous = _name(head)
        if previous == b"UID":
            readable = name == b"UID" and b"\\" not in value and uid == b""
            uid = value if readable else None
        if name not in _PLAIN or name in values or not value.isascii() or b"\\" in value:
            plain = False
        values[name] = value
    closed = len(lines) > 1 and _component(lines[-1]) == b"VEVENT"
    if not plain or not closed or uid in (b"", None):
        return uid, None
    return uid, _plain(values)


def _plain(values: dict[bytes, bytes]) -> PlainEvent | None:
    start, end = _utc(values.get(b"DTSTART")), _utc(values.get(b"DTEND"))
    if start is None or end is None:
        return None
    busy = (
        values.get(b"STATUS", b"").upper() != b"CANCELLED"
        and values.get(b"TRANSP", b"").upper() != b"TRANSPARENT"
    )
    return PlainEvent(min(start, end), max(start, end), busy)


def _utc(value: bytes | None) -> datetime | None:
    match = _UTC_TIME.fullmatch(value or b"")
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=UTC)
    except ValueError:  # not a real time (a 61st second, a 30th of February): the
        return None  # parser refuses it with its own message
