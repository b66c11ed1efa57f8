"""Turning an uploaded .ics file into busy time, refusing bad files with clear reasons.

Only what scheduling needs leaves this module: busy intervals in UTC and a few counts.
Titles, descriptions and attendees are never kept, because an imported calendar is
private and its text must never be shown to anyone else.

Rules, chosen to match what calendar clients show as busy:

- recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded within the
  window with `recurring_ical_events`;
- events marked TRANSP:TRANSPARENT or STATUS:CANCELLED are not busy;
- all-day events are free by default in most clients (holidays, birthdays, "working
  from home"), so they count only with an explicit TRANSP:OPAQUE, and then as the
  whole local day(s) in `default_zone`;
- floating times (no zone) are read in `default_zone`; zoned times use their TZID.
  An IANA name is looked up in tzdata; any other TZID (e.g. Outlook's "W. Europe
  Standard Time") is read from this file's own VTIMEZONE. `icalendar` caches custom
  VTIMEZONEs process-wide by TZID, first file wins, which would let one user's
  definition leak into another's import, so such times are re-zoned per file here.
  A TZID that is neither in tzdata nor defined in the file is read like a floating
  time; a vendor-prefixed one such as "/freeassociation.sourceforge.net/Europe/Berlin"
  is resolved by icalendar to the IANA name, with a `GloballyUniqueTZIDGuessed`
  warning, which we accept: the guess is right for every such file seen in practice.

The result's intervals are clipped to the window, sorted and merged: overlapping
events count once. A file is checked for size before it is parsed, and expansion
stops once `max_occurrences` is passed (repeats more often than hourly are refused),
so a hostile file cannot exhaust the server. Expansion walks `recurring_ical_events`'
series one occurrence at a time for that reason, rather than building the full list.

Speed (a live calendar is re-read every 15 minutes, so this runs hundreds of times a
pass): only the lines busy time reads are parsed, and one-off UTC events are read
without the parser (`busy_lines.split_busy_lines`);
an event that does not repeat and shares its UID with no other event is read through
`recurring_ical_events`' own event adapter without building a series for it; and an
occurrence's start and end are read from the occurrence instead of a copy of its
event. `tests/unit/test_calendar_equivalence.py` checks, property-based, that the
result is exactly what expanding the whole file with `recurring_ical_events` gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Component
from recurring_ical_events.adapters.event import EventAdapter

from app.domain.calendar.busy_lines import PlainEvent, split_busy_lines
from app.domain.errors import DomainError
from app.domain.intervals import Interval, merge

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_OCCURRENCES = 20_000
_PADDING = timedelta(days=1)  # floating times can be up to ~14 hours off UTC
_RECURRENCE_PROPERTIES = ("RRULE", "RDATE", "EXDATE", "EXRULE")
_ZONED_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
_SERIES_PROPERTIES = (*_RECURRENCE_PROPERTIES, "RECURRENCE-ID")
_TOO_FREQUENT = ("SECONDLY", "MINUTELY")
_BOM = b"\xef\xbb\xbf"
_BEGIN = b"BEGIN:VCALENDAR"
_DAMAGED = "This calendar file is damaged or incomplete and cannot be read."


class CalendarImportError(DomainError, ValueError):
    """An uploaded calendar was refused; `reason` is a message fit to show the user."""

    def __init__(self, reason: str) -> None:
        super().__init__("file", reason)


class CalendarTooLarge(CalendarImportError):
    """The file is bigger than the upload limit."""


class NotACalendar(CalendarImportError):
    """The file is not iCalendar at all (an image, a document, random bytes)."""


class MalformedCalendar(CalendarImportError):
    """The file looks like iCalendar but cannot be read."""


class EmptyCalendar(CalendarImportError):
    """The calendar holds no events."""


class InvalidRecurrence(CalendarImportError):
    """An event's repeat rule (RRULE, RDATE, EXDATE) cannot be understood."""


class TooManyOccurrences(CalendarImportError):
    """Expanding the repeats would produce more occurrences than we accept."""


@dataclass(frozen=True)
class ImportedBusy:
    """Busy time found in an imported calendar, with no titles or other text.

    `intervals` are UTC, clipped to the window, sorted and merged. `event_count` is
    the number of events in the file (an override of one occurrence is not counted
    separately); `occurrence_count` is the number of busy occurrences in the window
    before merging; `span` runs from the first busy start to the last busy end.
    """

    intervals: tuple[Interval, ...]
    event_count: int
    occurrence_count: int

    @property
    def span(self) -> Interval | None:
        if not self.intervals:
            return None
        return Interval(self.intervals[0].start, self.intervals[-1].end)


def parse_busy(
    data: bytes,
    window: Interval,
    default_zone: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_occurrences: int = DEFAULT_MAX_OCCURRENCES,
) -> ImportedBusy:
    """The busy time in `data` within `window`, or a `CalendarImportError` saying why not."""
    if len(data) > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise CalendarTooLarge(f"The file is larger than the {limit:g} MB limit.")
    calendars, plain = _parse(data)
    event_count = len(plain) + sum(_check_events(calendar) for calendar in calendars)
    if event_count == 0:
        raise EmptyCalendar("The calendar has no events in it.")
    zone = ZoneInfo(default_zone)
    budget = _Budget(max_occurrences)
    found = _plain_busy(plain, window, budget)
    for calendar in calendars:
        _use_own_timezones(calendar)
        found.extend(_busy_in(calendar, window, zone, budget))
    return ImportedBusy(tuple(merge(found)), event_count, len(found))


class _Budget:
    """Counts expanded occurrences and stops the import once there are too many."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooManyOccurrences(
                "The calendar repeats too many events in this period to import."
            )


def _parse(data: bytes) -> tuple[list[Calendar], list[PlainEvent]]:
    if data.lstrip(_BOM + b" \t\r\n")[: len(_BEGIN)].upper() != _BEGIN:
        raise NotACalendar("This file is not an iCalendar (.ics) file.")
    text, plain = split_busy_lines(data)
    try:
        calendars = list(Calendar.from_ical(text, multiple=True))
    except (ValueError, IndexError, KeyError) as error:
        raise MalformedCalendar(_DAMAGED) from error
    if not calendars:  # e.g. cut off before END:VCALENDAR
        raise MalformedCalendar(_DAMAGED)
    return calendars, plain


def _plain_busy(plain: list[PlainEvent], window: Interval, budget: _Budget) -> list[Interval]:
    """The busy time of the one-off UTC events read without the parser."""
    found: list[Interval] = []
    for event in plain:
        if event.busy and event.end > event.start:
            interval = Interval(event.start, event.end)
            if interval.overlaps(window):
                budget.spend()
                found.append(_clip(interval, window))
    return found


def _check_events(calendar: Calendar) -> int:
    """Refuse events with unreadable properties; count those that are not overrides."""
    count = 0
    for event in calendar.walk("VEVENT"):
        _check_event(event)
        count += "RECURRENCE-ID" not in event
    return count


def _check_event(event: Component) -> None:
    for name, message in event.errors:
        if name.upper() in _RECURRENCE_PROPERTIES:
            raise InvalidRecurrence(f"An event repeats in a way we cannot read: {message}.")
        raise MalformedCalendar(f"An event has an unreadable {name.upper()}: {message}.")
    if "DTSTART" not in event:
        raise MalformedCalendar("An event has no start time (DTSTART).")
    for rule in _as_list(event.get("RRULE")):
        if str(rule.get("FREQ", [""])[0]).upper() in _TOO_FREQUENT:
            raise InvalidRecurrence("An event repeats more often than once an hour.")


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _use_own_timezones(calendar: Calendar) -> None:
    """Re-zone times whose TZID is not in tzdata with this file's own VTIMEZONE."""
    own = _own_timezones(calendar)
    if not own:
        return
    for event in calendar.walk("VEVENT"):
        for name in _ZONED_PROPERTIES:
            for prop in _as_list(event.get(name)):
                tz = own.get(str(prop.params.get("TZID", "")))
                for value in getattr(prop, "dts", [prop]):
                    if tz is not None and isinstance(value.dt, datetime):
                        value.dt = value.dt.replace(tzinfo=tz)


def _own_timezones(calendar: Calendar) -> dict[str, tzinfo]:
    own: dict[str, tzinfo] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", ""))
        if tzid and not _in_tzdata(tzid):
            try:
                own[tzid] = component.to_tz(lookup_tzid=False)
            except (ValueError, TypeError, KeyError) as error:
                raise MalformedCalendar(f"The time zone {tzid!r} cannot be read.") from error
    return own


def _in_tzdata(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # KeyError: ZoneInfoNotFoundError
        return False
    return True


def _busy_in(
    calendar: Calendar, window: Interval, zone: ZoneInfo, budget: _Budget
) -> list[Interval]:
    """Busy intervals of one calendar, clipped to `window`."""
    found: list[Interval] = []
    shows: dict[int, str | None] = {}  # per event, read once for all its occurrences
    for event, start, end in _occurrences(calendar, window, budget):
        key = id(event)
        show = shows[key] if key in shows else shows.setdefault(key, _show(event))
        interval = _busy_interval(show, start, end, zone)
        if interval is not None and interval.overlaps(window):
            found.append(_clip(interval, window))
    return found


def _clip(interval: Interval, window: Interval) -> Interval:
    start = max(interval.start, window.start).astimezone(UTC)
    return Interval(start, min(interval.end, window.end).astimezone(UTC))


Occurrence = tuple[Component, date, date]  # the event it comes from, its start and end


def _occurrences(calendar: Calendar, window: Interval, budget: _Budget) -> Iterator[Occurrence]:
    """Occurrences near `window`, expanded lazily series by series within `budget`."""
    start, stop = window.start - _PADDING, window.end + _PADDING
    try:
        calendar = x_wr_timezone.to_standard(calendar)  # as recurring_ical_events.of does
        single, repeating = _single_and_repeating(calendar)
        for event in single:
            adapter = EventAdapter(event)
            if adapter.is_in_span(start, stop):
                budget.spend()
                yield event, adapter.start, adapter.end
        for series in recurring_ical_events.of(repeating).series:
            for occurrence in series.between(start, stop):
                budget.spend()
                yield _event_of(occurrence), occurrence.start, occurrence.end
    except CalendarImportError:
        raise
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidRecurrence(
            "An event repeats in a way we cannot read; please check its repeat rule."
        ) from error


def _single_and_repeating(calendar: Calendar) -> tuple[list[Component], Calendar]:
    """Events that stand alone (no repeat, no moved occurrence, a UID of their own), and
    a calendar of the rest, for `recurring_ical_events` to group into series."""
    events = calendar.walk("VEVENT")
    uids = Counter(str(event.get("UID")) for event in events)
    single: list[Component] = []
    repeating = Calendar()
    for event in events:
        alone = "UID" in event and uids[str(event["UID"])] == 1
        if alone and not any(name in event for name in _SERIES_PROPERTIES):
            single.append(event)
        else:
            repeating.add_component(event)
    return single, repeating


def _event_of(occurrence: recurring_ical_events.Occurrence) -> Component:
    """The event (the series' own, or a moved occurrence's) an occurrence comes from.

    `recurring_ical_events` keeps it on the occurrence's adapter. The public way to it,
    `as_component`, copies the whole event per occurrence, which was a fifth of the
    import's time; only STATUS and TRANSP are read from it, so it is not copied.
    The equivalence tests fail if a new version of the library moves it.
    """
    return occurrence._adapter._component  # noqa: SLF001


def _show(event: Component) -> str | None:
    """None for a cancelled event, else its TRANSP upper-cased ("" when it has none)."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    return str(event.get("TRANSP", "")).upper()


def _busy_interval(transp: str | None, start: date, end: date, zone: ZoneInfo) -> Interval | None:
    """An occurrence as a UTC interval, or None when it makes nobody busy (`transp` is
    its event's `_show`)."""
    if transp is None:
        return None
    if not isinstance(start, datetime):
        return _all_day(start, end, zone) if transp == "OPAQUE" else None
    if transp == "TRANSPARENT":
        return None
    # Compared as instants: two wall times in one zone compare by the wall clock, so
    # an event from 02:15 to 03:00 on a spring-forward night would look 45 minutes
    # long while it ends before it starts (02:15 does not exist; read as 01:15 UTC).
    start, end = _aware(start, zone).astimezone(UTC), _aware(end, zone).astimezone(UTC)
    return Interval(start, end) if end > start else None


def _all_day(start: date, end: date, zone: ZoneInfo) -> Interval | None:
    first = datetime.combine(start, time(), zone)
    last = datetime.combine(max(end, start + timedelta(days=1)), time(), zone)
    return Interval(first, last)


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
