"""JSON Schema fragments of the core export parts (their values are read in `core.py`)."""

from __future__ import annotations

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
NINT = {"type": ["integer", "null"]}
BOOL = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
NTIME = {"type": ["string", "null"], "format": "date-time"}
DAY = {"type": "string", "format": "date"}
NDAY = {"type": ["string", "null"], "format": "date"}
VISIBILITY = {"enum": ["workspace", "teams", "private"]}


def obj(**properties: dict) -> dict:
    """A closed object schema whose every property is required."""
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


PROFILE = obj(
    id=INT,
    email=STR,
    display_name=STR,
    pronouns=STR,
    headline=STR,
    time_zone=STR,
    role={"enum": ["admin", "member"]},
    start_date=NDAY,
    active=BOOL,
    created_at=TIME,
    teams=array(obj(name=STR, role_in_team=STR, joined_at=TIME)),
)


PREFERENCES = obj(
    preferred_channels=STR,
    response_time=STR,
    feedback_mode=STR,
    feedback_setting=STR,
    meeting_preference=STR,
    max_meetings_per_day=NINT,
    buffer_minutes=INT,
)
MANUAL = obj(
    sections=array(obj(key=STR, visibility=VISIBILITY, body=STR)),
    preferences={"anyOf": [PREFERENCES, {"type": "null"}]},
    last_reviewed_at=NTIME,
    updated_at=NTIME,
)


REVISIONS = array(
    obj(
        number=INT,
        created_at=TIME,
        snapshot={
            "type": "object",
            "description": "The whole manual as saved then: sections (body, visibility), "
            "preferences, zone, pattern blocks, time off and one-off hours.",
        },
    )
)


CLOCK = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
PATTERN = obj(
    time_zone=STR,
    blocks=array(
        obj(
            kind={"enum": ["working", "energy", "focus", "routine", "no_meetings"]},
            weekday={"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Monday"},
            start=CLOCK,
            end=CLOCK,
            energy={"enum": ["peak", "steady", "low", None]},
            hard=BOOL,
            label=STR,
            private=BOOL,
        )
    ),
)


MEETINGS = array(
    obj(
        uid=STR,
        title=STR,
        meeting_type=STR,
        agenda=STR,
        location=STR,
        start=TIME,
        end=TIME,
        status={"enum": ["booked", "cancelled"]},
        i_organise=BOOL,
        organiser=NSTR,
        attendees=array(obj(name=STR, required=BOOL)),
    )
)


ONBOARDING = {
    "anyOf": [
        {"type": "null"},
        obj(
            current_step=STR,
            done_steps=array(STR),
            skipped_steps=array(STR),
            wizard_finished_at=NTIME,
            intros_booked=INT,
            intros_booked_at=NTIME,
            cards_read=array(obj(teammate=STR, read_at=TIME)),
        ),
    ]
}
