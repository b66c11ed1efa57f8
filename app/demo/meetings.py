"""Demo step 4: a handful of realistic bookings in the coming two weeks.

Each one is found and booked through the scheduler services, exactly as an organiser
would: search the next two weeks, take the best suggestion, book it. So the demo's
meetings respect everyone's demo pattern, and they count as busy time and towards the
meetings-per-day limits when people try "Find a time". Runs after the patterns step
(see `app.demo.STEPS`); a meeting that finds no time is simply left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.demo.run import DemoRun
from app.domain.scheduling import MeetingType
from app.services import meetings, scheduling
from app.services.meetings import MeetingDetails

NOTICE = timedelta(days=1)
WINDOW_DAYS = 14


@dataclass(frozen=True)
class DemoMeeting:
    organiser: str
    title: str
    meeting_type: MeetingType
    minutes: int
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    agenda: str = ""
    pick: int = 0  # which suggestion to take, so the demo spreads over days


DEMO_MEETINGS = (
    DemoMeeting(
        "jonas",
        "Platform weekly sync",
        MeetingType.STATUS,
        30,
        ("priya",),
        ("emily",),
        "1. Incidents since last week\n2. Release train\n3. Anything blocked",
    ),
    DemoMeeting(
        "amara",
        "Sofia / Amara 1:1",
        MeetingType.ONE_ON_ONE,
        30,
        ("sofia",),
        agenda="How the onboarding redesign is going; anything I can unblock.",
    ),
    DemoMeeting(
        "amara",
        "Onboarding redesign: decide the first-week flow",
        MeetingType.DECISION,
        30,
        ("sofia", "mateo"),
        ("hana",),
        "Two options from the research; decide which we build first.",
        pick=1,
    ),
    DemoMeeting(
        "kwame",
        "Community events brainstorm",
        MeetingType.CREATIVE,
        60,
        ("lucas",),
        ("hana", "emily"),
        "Ideas for next quarter's meetups and the docs sprint.",
    ),
    DemoMeeting("mateo", "Coffee chat", MeetingType.SOCIAL, 30, ("lucas",), pick=2),
)


def seed(run: DemoRun) -> None:
    """Book each demo meeting at one of its best suggestions (skipped if none fits)."""
    for demo in DEMO_MEETINGS:
        if run.has(demo.organiser, *demo.required, *demo.optional):
            _book(demo, run.member_ids, run.zone_of(demo.organiser), run.now)


def _book(demo: DemoMeeting, ids: dict[str, int], zone: str, now: datetime) -> None:
    today = now.astimezone(ZoneInfo(zone)).date()
    query = scheduling.FindQuery(
        ids[demo.organiser],
        required_people=tuple(ids[n] for n in demo.required),
        optional_people=tuple(ids[n] for n in demo.optional),
        duration=timedelta(minutes=demo.minutes),
        window=scheduling.local_window(today, today + timedelta(days=WINDOW_DAYS - 1), zone),
        meeting_type=demo.meeting_type,
        minimum_notice=NOTICE,
    )
    found = scheduling.find_slots(query, now)
    suggestions = found.result.suggestions
    if not suggestions:
        return
    chosen = suggestions[min(demo.pick, len(suggestions) - 1)]
    meetings.book(
        ids[demo.organiser],
        MeetingDetails(demo.title, demo.meeting_type, demo.agenda),
        start=chosen.start,
        duration=chosen.end - chosen.start,
        required_ids=found.invitees.required,
        optional_ids=found.invitees.optional,
        now=now,
    )
