"""The registry of export parts: each part of data.json in one place with its schema.

A feature that keeps data about a member adds its part with one `register_part` call
(name, the JSON Schema of its value, and a function member id -> value) in a module
that `app.services.export` imports; the JSON Schema of the whole file is assembled from
the parts (`export_schema()`), and `python -m app.services.export.schema_file` writes it
to the checked-in `schema_v1.json` (a test fails when the two differ).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

FORMAT = "teamshape-export"
VERSION = 1
SCHEMA_ID = "https://teamshape.invalid/schemas/export/v1.json"


@dataclass(frozen=True)
class ExportPart:
    """One top-level key of data.json: what it is, its schema, how it is read."""

    name: str
    description: str
    schema: dict
    collect: Callable[[int], object]


PARTS: dict[str, ExportPart] = {}


def register_part(
    name: str, description: str, schema: dict, collect: Callable[[int], object]
) -> None:
    """Add a part to every export (a name may be registered once)."""
    if name in PARTS or name in ENVELOPE:
        raise ValueError(f"export part {name!r} is registered twice")
    PARTS[name] = ExportPart(name, description, {"description": description, **schema}, collect)


ENVELOPE = {
    "format": {"const": FORMAT},
    "version": {"const": VERSION, "description": "Raised whenever a field changes meaning."},
    "exported_at": {"type": "string", "format": "date-time"},
}


def collect(member_id: int, now: datetime) -> dict:
    """Every registered part for one member, in registration order."""
    data: dict = {"format": FORMAT, "version": VERSION, "exported_at": iso(now)}
    for part in PARTS.values():
        data[part.name] = part.collect(member_id)
    return data


def export_schema() -> dict:
    """The JSON Schema (draft 2020-12) of data.json, assembled from the parts."""
    properties = {**ENVELOPE, **{name: part.schema for name, part in PARTS.items()}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Teamshape personal data export, version 1",
        "description": "data.json in the zip a member downloads from Settings.",
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


class RawJSON(str):
    """A value that is already JSON text, written into data.json as it is.

    A revision's snapshot is stored as JSON; decoding 200 of them only to encode them
    again was a third of an export's time. `readable_json` writes it verbatim.
    """


def iso(value: datetime | None) -> str | None:
    """A UTC timestamp as ISO 8601 ('...Z'), or None."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
