"""Request and response shapes of /api/v1 (marshmallow, turned into OpenAPI by APIFlask).

Shapes only: what a value must look like. Whether it is allowed (who may be invited,
whether a slot fits) is decided by the services, whose refusals become problem
documents with a field map.
"""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range, Regexp

from app.domain.manual import SECTION_KEYS, VISIBILITY_LABELS
from app.domain.scheduling import MeetingType
from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind

CLOCK = Regexp(r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", error="Use HH:MM (00:00 to 24:00).")
MEETING_TYPES = [t.value for t in MeetingType]
VISIBILITIES = list(VISIBILITY_LABELS)
MAX_IDS = 50


class Problem(Schema):
    type = String(required=True)
    title = String(required=True)
    status = Integer(required=True)
    detail = String(required=True)
    errors = Dict(keys=String(), values=List(String()))


class PageQuery(Schema):
    page = Integer(load_default=1, validate=Range(1, 100_000))
    per_page = Integer(load_default=50, validate=Range(1, 100))


class MembersQuery(PageQuery):
    q = String(load_default="", validate=Length(max=200))
    team = Integer(load_default=None, validate=Range(1, 2**31 - 1))


class Status(Schema):
    local_time = DateTime(required=True)
    activity = String(required=True)
    label = String(required=True)


class MemberCard(Schema):
    id = Integer(required=True)
    display_name = String(required=True)
    pronouns = String(required=True)
    headline = String(required=True)
    time_zone = String(required=True)
    teams = List(String(), required=True)
    channels = List(String(), required=True)
    status = Nested(Status, required=True)
    last_reviewed_at = DateTime(required=True, allow_none=True)


class MembersPage(Schema):
    items = List(Nested(MemberCard), required=True)
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    pages = Integer(required=True)


class VisibleSection(Schema):
    key = String(required=True)
    title = String(required=True)
    body = String(required=True, metadata={"description": "Markdown"})


class Preference(Schema):
    title = String(required=True)
    value = String(required=True)


class MemberManual(Schema):
    member_id = Integer(required=True)
    exists = Boolean(required=True)
    sections = List(Nested(VisibleSection), required=True)
    preferences = List(Nested(Preference), required=True)
    last_reviewed_at = DateTime(required=True, allow_none=True)


class MySection(Schema):
    body = String(required=True, validate=Length(max=10_000))
    visibility = String(required=True, validate=OneOf(VISIBILITIES))


class MyPreferences(Schema):
    channels = List(String(validate=Length(max=20)), load_default=list, validate=Length(max=8))
    response_time = String(load_default="", validate=Length(max=32))
    feedback_mode = String(load_default="", validate=Length(max=16))
    feedback_setting = String(load_default="", validate=Length(max=16))
    meeting_preference = String(load_default="", validate=Length(max=32))


class MyManual(Schema):
    sections = Dict(
        keys=String(validate=OneOf(list(SECTION_KEYS))),
        values=Nested(MySection),
        required=True,
        metadata={"description": "Every section by key; a key left out is saved empty."},
    )
    preferences = Nested(MyPreferences, load_default=dict)


class MyManualOut(MyManual):
    last_reviewed_at = DateTime(required=True, allow_none=True)


class Block(Schema):
    kind = String(required=True, validate=OneOf([k.value for k in BlockKind]))
    weekday = Integer(required=True, validate=Range(0, 6), metadata={"description": "0=Monday"})
    start = String(required=True, validate=CLOCK)
    end = String(required=True, validate=CLOCK)
    energy = String(load_default=None, allow_none=True, validate=OneOf([e.value for e in Energy]))
    hard = Boolean(load_default=True)
    label = String(load_default="", validate=Length(max=80))
    private = Boolean(load_default=False)


class PatternIn(Schema):
    blocks = List(Nested(Block), required=True, validate=Length(max=200))


class PatternOut(Schema):
    time_zone = String(required=True)
    blocks = List(Nested(Block), required=True)


class PeopleIds(Schema):
    required_people = List(
        Integer(validate=Range(1, 2**31 - 1)), load_default=list, validate=Length(max=MAX_IDS)
    )
    optional_people = List(
        Integer(validate=Range(1, 2**31 - 1)), load_default=list, validate=Length(max=MAX_IDS)
    )


class FindIn(PeopleIds):
    required_teams = List(
        Integer(validate=Range(1, 2**31 - 1)), load_default=list, validate=Length(max=MAX_IDS)
    )
    optional_teams = List(
        Integer(validate=Range(1, 2**31 - 1)), load_default=list, validate=Length(max=MAX_IDS)
    )
    duration_minutes = Integer(load_default=30, validate=Range(15, 240))
    meeting_type = String(load_default="status", validate=OneOf(MEETING_TYPES))
    window_start = Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "First day, in my zone (default today)."},
    )
    window_end = Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "Last day, in my zone (default +13 days)."},
    )
    notice_minutes = Integer(load_default=240, validate=OneOf([0, 60, 240, 1440]))


class AttendeeLine(Schema):
    id = Integer(required=True)
    name = String(required=True)
    required = Boolean(required=True)
    zone = String(required=True)
    local_start = String(required=True)
    local_end = String(required=True)
    energy = String(required=True)
    notes = List(String(), required=True)


class SuggestionOut(Schema):
    start = String(required=True)
    end = String(required=True)
    score = Integer(required=True)
    attendees = List(Nested(AttendeeLine), required=True)


class RelaxationOut(Schema):
    kind = String(required=True)
    description = String(required=True)
    suggestions = List(Nested(SuggestionOut))


class AttendeeIds(Schema):
    required = List(Integer(), required=True)
    optional = List(Integer(), required=True)


class FindOut(Schema):
    attendees = Nested(AttendeeIds, required=True)
    suggestions = List(Nested(SuggestionOut), required=True)
    reasons = List(String(), required=True)
    relaxation = Nested(RelaxationOut, required=True, allow_none=True)
    other_relaxations = List(Nested(RelaxationOut), required=True)


class BookIn(PeopleIds):
    title = String(required=True, validate=Length(min=1, max=140))
    meeting_type = String(required=True, validate=OneOf(MEETING_TYPES))
    agenda = String(load_default="", validate=Length(max=5000))
    location = String(
        load_default="",
        validate=Length(max=500),
        metadata={"description": "A room, an address or an https:// video-call link."},
    )
    start = DateTime(required=True, metadata={"description": "With its offset, e.g. ...Z"})
    duration_minutes = Integer(required=True, validate=Range(15, 240))


class RescheduleIn(Schema):
    start = DateTime(required=True)


class MeetingPerson(Schema):
    id = Integer(required=True)
    name = String(required=True)
    required = Boolean(required=True)


class MeetingOut(Schema):
    id = Integer(required=True)
    uid = String(required=True)
    title = String(required=True)
    meeting_type = String(required=True)
    agenda = String(required=True)
    location = String(required=True)
    start = DateTime(required=True)
    end = DateTime(required=True)
    status = String(required=True, validate=OneOf(["booked", "cancelled"]))
    sequence = Integer(required=True)
    organiser_id = Integer(required=True, allow_none=True)
    attendees = List(Nested(MeetingPerson), required=True)


class MeetingItem(MeetingOut):
    """A meeting in a page (its own name: apispec registers a nested class only once)."""


class MeetingsPage(Schema):
    items = List(Nested(MeetingItem), required=True)
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    pages = Integer(required=True)
