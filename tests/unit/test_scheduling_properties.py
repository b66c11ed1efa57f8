"""Properties of `suggest_slots` over random zones, weekly patterns and calendars.

The hard rules are re-checked here with plain interval logic and zoneinfo, one slot at
a time — deliberately not with the engine's bit masks — so a bug in the masks cannot
hide itself. A brute-force scan of every grid start also checks the other direction:
the engine says "nothing fits" only when nothing does.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.intervals import Interval
from app.domain.scheduling import MeetingType, SchedulingRequest, suggest_slots
from tests.unit.test_scheduling_support import Block, all_text, person, utc

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "Australia/Sydney",
)
SECRET = "Zyxwv"
SETTINGS = settings(max_examples=80, deadline=None)


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def blocks(draw, count: int, hard: bool | None = None, labels: bool = False):
    found = []
    for _ in range(draw(st.integers(0, count))):
        start = draw(st.integers(0, 95)) * 15
        length = draw(st.sampled_from((15, 30, 60, 90, 120, 180)))
        days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1))))
        firm = draw(st.booleans()) if hard is None else hard
        private = labels and draw(st.booleans())
        label = (f"{SECRET}{len(found)}" if private else "walk") if labels else ""
        found.append(Block(_clock(start), _clock(start + length), days, firm, label, private))
    return tuple(found)


@st.composite
def attendees(draw, index: int, window: Interval):
    zone = draw(st.sampled_from(ZONES))
    begin = draw(st.integers(20, 48)) * 15
    length = draw(st.integers(12, 40)) * 15
    weekdays = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=4))))
    reach = Interval(window.start, window.end + timedelta(days=draw(st.integers(0, 3))))
    busy = []
    for _ in range(draw(st.integers(0, 8))):
        start = window.start + timedelta(minutes=draw(st.integers(0, 7 * 24 * 12)) * 5)
        busy.append(Interval(start, start + timedelta(minutes=draw(st.integers(1, 36)) * 5)))
    meetings = tuple(busy[: draw(st.integers(0, len(busy)))])
    return person(
        f"p{index}",
        zone,
        reach,
        required=index == 0 or draw(st.booleans()),
        busy=tuple(busy[len(meetings) :]),
        meetings=meetings,
        working=(Block(_clock(begin), _clock(begin + length), weekdays),),
        peaks=draw(blocks(1)),
        lows=draw(blocks(1)),
        focus=draw(blocks(2)),
        routines=draw(blocks(2, labels=True)),
        no_meetings=draw(blocks(1)),
        max_meetings_per_day=draw(st.sampled_from((None, None, None, 0, 1, 2))),
        buffer_minutes=draw(st.sampled_from((0, 5, 10, 15))),
    )


@st.composite
def requests(draw):
    start = utc(2026, 1, 5) + timedelta(hours=draw(st.integers(0, 340 * 24)))
    window = Interval(start, start + timedelta(hours=draw(st.integers(8, 5 * 24))))
    people = [draw(attendees(i, window)) for i in range(draw(st.integers(1, 4)))]
    return SchedulingRequest(
        attendees=tuple(people),
        organiser_id="p0",
        duration=timedelta(minutes=draw(st.sampled_from((15, 20, 30, 45, 50, 60, 90)))),
        window=window,
        now=start + timedelta(hours=draw(st.integers(-48, 12))),
        meeting_type=draw(st.sampled_from(list(MeetingType))),
        grid=timedelta(minutes=draw(st.sampled_from((10, 15, 30)))),
        minimum_notice=timedelta(hours=draw(st.integers(0, 30))),
        max_results=draw(st.integers(1, 8)),
        max_per_day=draw(st.integers(1, 3)),
        min_spacing=timedelta(minutes=draw(st.integers(0, 8)) * 30),
    )


# --- an independent statement of the hard rules ---------------------------------------


def _overlaps(slot: Interval, intervals) -> bool:
    return any(i.start < slot.end and slot.start < i.end for i in intervals)


def person_violations(attendee, slot: Interval) -> list[str]:
    """Hard rules one required attendee would have broken by `slot`."""
    timeline, found = attendee.timeline, []
    if not any(w.start <= slot.start and slot.end <= w.end for w in timeline.working):
        found.append("outside working hours")
    if _overlaps(slot, attendee.busy + attendee.meetings):
        found.append("busy")
    if _overlaps(slot, [f.interval for f in timeline.focus if f.hard]):
        found.append("protected focus")
    if _overlaps(slot, [r.interval for r in timeline.routines if r.hard]):
        found.append("hard routine")
    if _overlaps(slot, timeline.no_meetings):
        found.append("no-meeting time")
    limit = timeline.max_meetings_per_day
    if limit is not None:
        zone = ZoneInfo(attendee.zone)
        per_day = Counter(m.start.astimezone(zone).date() for m in attendee.meetings)
        if per_day[slot.start.astimezone(zone).date()] >= limit:
            found.append("meeting limit")
    return found


def violations(request: SchedulingRequest, start: datetime) -> list[str]:
    """Every hard rule `start` would break, for the request as a whole."""
    slot = Interval(start, start + request.duration)
    found = []
    if start < request.now + request.minimum_notice:
        found.append("inside minimum notice")
    if not request.window.covers(slot):
        found.append("outside the window")
    if int(start.timestamp()) % int(request.grid.total_seconds()):
        found.append("off the grid")
    for attendee in request.attendees:
        if attendee.required:
            found += [f"{attendee.id}: {v}" for v in person_violations(attendee, slot)]
    return found


def any_slot_fits(request: SchedulingRequest) -> bool:
    """Brute force: does any grid start in the window break no hard rule?"""
    step = int(request.grid.total_seconds())
    first = -(-int(request.window.start.timestamp()) // step) * step
    start = datetime.fromtimestamp(first, utc(2026, 1, 1).tzinfo)
    while start + request.duration <= request.window.end:
        if not violations(request, start):
            return True
        start += request.grid
    return False


# --- properties -------------------------------------------------------------------------


@SETTINGS
@given(requests())
def test_no_suggestion_breaks_a_hard_rule_of_a_required_attendee(ask):
    for suggestion in suggest_slots(ask).suggestions:
        assert suggestion.end - suggestion.start == ask.duration
        assert violations(ask, suggestion.start) == []


@SETTINGS
@given(requests())
def test_nothing_fits_only_when_nothing_does(ask):
    result = suggest_slots(ask)
    assert bool(result.suggestions) == any_slot_fits(ask)


@SETTINGS
@given(requests())
def test_suggestions_are_ranked_and_diverse(ask):
    suggestions = suggest_slots(ask).suggestions
    keys = [(-s.score, s.start) for s in suggestions]
    assert keys == sorted(keys)
    assert len(suggestions) <= ask.max_results
    zone = ZoneInfo(ask.organiser.zone)
    per_day = Counter(s.start.astimezone(zone).date() for s in suggestions)
    assert all(count <= ask.max_per_day for count in per_day.values())
    for i, one in enumerate(suggestions):
        for other in suggestions[i + 1 :]:
            assert abs(one.start - other.start) >= ask.min_spacing


@SETTINGS
@given(requests())
def test_the_same_input_gives_the_same_output(ask):
    assert suggest_slots(ask) == suggest_slots(ask)


@SETTINGS
@given(requests())
def test_an_empty_result_says_why_and_its_relaxation_works(ask):
    result = suggest_slots(ask)
    if result.suggestions:
        assert result.reasons == () and result.relaxation is None
        return
    assert result.reasons and all(reason.strip() for reason in result.reasons)
    if result.relaxation is None:
        return
    relaxed = result.relaxation.apply(ask)
    again = suggest_slots(relaxed)
    assert again.suggestions and again.suggestions == result.relaxed_suggestions
    for suggestion in again.suggestions:
        assert violations(relaxed, suggestion.start) == []
    costs = [r.cost for r in (result.relaxation, *result.other_relaxations)]
    assert costs == sorted(costs)
    for other in result.other_relaxations:
        assert suggest_slots(other.apply(ask)).suggestions


@SETTINGS
@given(requests())
def test_private_routine_names_never_appear(ask):
    assert SECRET not in all_text(suggest_slots(ask))


@SETTINGS
@given(requests())
def test_every_attendee_has_a_line_in_their_own_zone(ask):
    for suggestion in suggest_slots(ask).suggestions:
        assert [line.attendee_id for line in suggestion.attendees] == [a.id for a in ask.attendees]
        for line in suggestion.attendees:
            assert line.local_start == suggestion.start
            assert line.local_start.tzinfo == ZoneInfo(line.zone)
