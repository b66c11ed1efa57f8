"""manual.md: the exported manual as readable Markdown, every section with its visibility."""

from __future__ import annotations

from app.domain.manual import SECTIONS, VISIBILITY_LABELS

NOT_WRITTEN = "_Not written yet._"


def manual_markdown(data: dict) -> str:
    """The manual part of an export as Markdown (every known section, written or not)."""
    name = data["profile"]["display_name"]
    manual = data["manual"]
    written = {s["key"]: s for s in manual["sections"]}
    lines = [f"# {name}: how I work", "", f"Exported {data['exported_at']}."]
    if manual["last_reviewed_at"]:
        lines.append(f"Last reviewed {manual['last_reviewed_at']}.")
    for spec in SECTIONS:
        section = written.get(spec.key)
        visibility = section["visibility"] if section else "teams"
        body = (section["body"].strip() if section else "") or NOT_WRITTEN
        label = VISIBILITY_LABELS.get(visibility, visibility)
        lines += ["", f"## {spec.title}", "", f"*Visible to: {label}*", "", body]
    prefs = manual["preferences"]
    if prefs:
        lines += ["", "## Preferences", ""]
        lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in prefs.items()]
    return "\n".join(lines) + "\n"
