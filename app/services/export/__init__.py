"""Export my data: everything Teamshape holds about one member, as one .zip.

The zip holds `manual.md` (the current manual, readable, each section with its
visibility), `data.json` (every part of the registry in `registry.py`, validated in the
tests against the checked-in JSON Schema `schema_v1.json`) and `README.txt`.

Only `build_export(member_id, now)` exists: the member id always comes from the signed-in
member, never from a URL, so nobody (admins included) can fetch someone else's export.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from app.services.export import core, live_calendars  # noqa: F401 - register their parts
from app.services.export.manual_markdown import manual_markdown
from app.services.export.registry import FORMAT, VERSION, RawJSON, collect

README = """Your data from Teamshape
========================

Exported {exported} (UTC) for {name}.

manual.md   Your working-style manual as it is now, as Markdown. Each section says who
            could see it: "Everyone in the workspace", "My teams" or "Only me".

data.json   Everything Teamshape holds about you, as JSON: your profile and teams, every
            saved revision of your manual, your weekly pattern, one-off hours and time
            off, the meetings you organise or attend (times and attendees' names), your
            imported calendars (file names and counts only: their events were never
            kept), your live calendars (masked addresses, chosen calendars and status;
            never their secret addresses or passwords), your onboarding progress, and
            your calendar feeds and API tokens (names and dates; their secrets are
            stored only as hashes, so they are not here). Its format is "{format}"
            version {version}; the JSON Schema that describes it ships with Teamshape
            as app/services/export/schema_v1.json.

Nothing in this export belongs to anyone else beyond the names of the people in your
meetings and teams.
"""


@dataclass(frozen=True)
class ExportFile:
    """The zip's bytes and the name to download it as."""

    body: bytes
    filename: str


def export_data(member_id: int, now: datetime) -> dict:
    """The content of data.json for one member."""
    return collect(member_id, now)


def readable_json(data: dict) -> str:
    """data.json laid out for reading: one top-level key per line, one list item per line.

    Each line is written by the standard library's C encoder (`indent` would switch to
    its pure-Python one, several times slower on 200 revisions); a list item's `RawJSON`
    values (revision snapshots, already JSON) are written as they are.
    """
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def item(value) -> str:
        if isinstance(value, dict) and any(isinstance(v, RawJSON) for v in value.values()):
            fields = (
                f"{compact(k)}: {v if isinstance(v, RawJSON) else compact(v)}"
                for k, v in value.items()
            )
            return "{" + ", ".join(fields) + "}"
        return compact(value)

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(item(v) for v in value)
            lines.append(f"  {compact(key)}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def build_export(member_id: int, now: datetime) -> ExportFile:
    """The member's own export as a zip (`NotFound` if there is no such member)."""
    data = export_data(member_id, now)
    name = data["profile"]["display_name"]
    readme = README.format(
        exported=now.strftime("%Y-%m-%d %H:%M"), name=name, format=FORMAT, version=VERSION
    )
    buffer = io.BytesIO()
    # Level 1: a fifth of the default level's time, for a zip a tenth larger (data.json
    # is mostly 200 near-identical revisions, which any level shrinks forty-fold).
    with zipfile.ZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive:
        archive.writestr("manual.md", manual_markdown(data))
        archive.writestr("data.json", readable_json(data))
        archive.writestr("README.txt", readme)
    return ExportFile(buffer.getvalue(), f"teamshape-export-{now:%Y-%m-%d}.zip")
