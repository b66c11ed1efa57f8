"""/api/v1/me/manual and /api/v1/me/pattern: read and replace my own manual and pattern.

Writing needs a read+write token. Both go through the same services as the pages
(`save_manual`, `save_pattern`), so each save is one transaction with its revision.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from app import clock
from app.api.auth import holder, token_auth
from app.api.blueprint import READ_ERRORS, WRITE_ERRORS, bp
from app.api.schemas import MyManual, MyManualOut, PatternIn, PatternOut
from app.domain.manual import Preferences
from app.domain.timeline import Energy
from app.domain.workstyle import BlockKind, WeeklyBlock, WeeklyPattern
from app.services import manuals, pattern_editing, patterns


def _manual_out(member_id: int) -> dict:
    draft = manuals.load_draft(member_id)
    prefs = draft.preferences
    return {
        "sections": {k: {"body": b, "visibility": v} for k, (b, v) in draft.sections.items()},
        "preferences": {
            "channels": list(prefs.channels),
            "response_time": prefs.response_time,
            "feedback_mode": prefs.feedback_mode,
            "feedback_setting": prefs.feedback_setting,
            "meeting_preference": prefs.meeting_preference,
        },
        "last_reviewed_at": draft.last_reviewed_at,
    }


@bp.get("/me/manual")
@bp.auth_required(token_auth)
@bp.output(MyManualOut)
@bp.doc(
    summary="Read my manual", description="Every section, hidden ones too.", responses=READ_ERRORS
)
def my_manual():
    return _manual_out(holder().member_id)


@bp.put("/me/manual")
@bp.auth_required(token_auth, roles=["write"])
@bp.input(MyManual, arg_name="manual")
@bp.output(MyManualOut)
@bp.doc(
    summary="Replace my manual",
    description="Every section by key with its visibility; a section left out is saved "
    "empty. Saving records a revision and counts as reviewing.",
    responses=WRITE_ERRORS,
)
def put_my_manual(manual: dict):
    member_id = holder().member_id
    prefs = manual["preferences"]
    manuals.save_manual(
        member_id,
        sections={k: (s["body"], s["visibility"]) for k, s in manual["sections"].items()},
        preferences=Preferences(
            tuple(prefs.get("channels", ())),
            prefs.get("response_time", ""),
            prefs.get("feedback_mode", ""),
            prefs.get("feedback_setting", ""),
            prefs.get("meeting_preference", ""),
        ),
        now=clock.now(),
    )
    return _manual_out(member_id)


def _clock(value: time, *, end: bool) -> str:
    return "24:00" if end and value == time(0) else f"{value:%H:%M}"


def _pattern_out(pattern: WeeklyPattern) -> dict:
    return {
        "time_zone": pattern.zone,
        "blocks": [
            {
                "kind": b.kind.value,
                "weekday": b.weekday,
                "start": _clock(b.start, end=False),
                "end": _clock(b.end, end=True),
                "energy": b.energy.value if b.energy else None,
                "hard": b.hard,
                "label": b.label,
                "private": b.private,
            }
            for b in pattern.blocks
        ],
    }


def _parse_clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours % 24, minutes)


def _block(data: dict) -> WeeklyBlock:
    return WeeklyBlock(
        kind=BlockKind(data["kind"]),
        weekday=data["weekday"],
        start=_parse_clock(data["start"]),
        end=_parse_clock(data["end"]),
        energy=Energy(data["energy"]) if data["energy"] else None,
        hard=data["hard"],
        label=data["label"],
        private=data["private"],
    )


@bp.get("/me/pattern")
@bp.auth_required(token_auth)
@bp.output(PatternOut)
@bp.doc(summary="Read my weekly pattern", responses=READ_ERRORS)
def my_pattern():
    return _pattern_out(patterns.load_pattern(holder().member_id))


@bp.put("/me/pattern")
@bp.auth_required(token_auth, roles=["write"])
@bp.input(PatternIn, arg_name="pattern")
@bp.output(PatternOut)
@bp.doc(
    summary="Replace my weekly pattern's blocks",
    description="Time off, one-off hours, meeting limits and the time zone stay as they "
    "are. The same checks as the pattern editor apply (problems come back by field).",
    responses=WRITE_ERRORS,
)
def put_my_pattern(pattern: dict):
    member_id = holder().member_id
    current = patterns.load_pattern(member_id)
    blocks = tuple(_block(b) for b in pattern["blocks"])
    saved = pattern_editing.save_pattern(member_id, replace(current, blocks=blocks), clock.now())
    return _pattern_out(saved)
