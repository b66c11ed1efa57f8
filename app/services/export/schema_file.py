"""Write the export's JSON Schema to its checked-in file (`schema_v1.json`).

Usage: `python -m app.services.export.schema_file`.

Run it after registering or changing an export part; `tests/integration/test_export.py`
fails while the file and the registry disagree.
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("schema_v1.json")


def schema_text() -> str:
    from app.services.export import core  # noqa: F401 - registers the core parts
    from app.services.export.registry import export_schema

    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
