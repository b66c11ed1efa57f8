"""Every relative link in README.md and docs/ resolves inside the repository: the file
exists, stays under the repository root, and a `#fragment` names a heading there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|<(?!https?:|mailto:)([^>\s]+\.md[^>\s]*)>")
EXTERNAL = ("http://", "https://", "mailto:")


def links_in(text: str) -> list[str]:
    """Markdown link targets outside code spans and fenced blocks."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return [a or b for a, b in LINK.findall(text)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)}


def problems(document: Path, root: Path = ROOT) -> list[str]:
    found = []
    for target in links_in(document.read_text(encoding="utf-8")):
        if target.startswith(EXTERNAL):
            continue
        path_part, _, fragment = target.partition("#")
        resolved = (document.parent / path_part).resolve() if path_part else document
        if not resolved.is_relative_to(root):
            found.append(f"{target}: outside the repository")
        elif not resolved.exists():
            found.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors_of(resolved):
            found.append(f"{target}: no heading #{fragment}")
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve_inside_the_repository(document):
    assert problems(document) == []


def test_the_readme_links_the_docs_and_nothing_outside():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("architecture", "domain", "operations"):
        assert f"(docs/{name}.md)" in readme
    assert "../shared" not in readme


def test_the_checker_catches_bad_links(tmp_path):
    repository = tmp_path / "repository"
    repository.mkdir()
    (tmp_path / "elsewhere.md").write_text("# Outside\n")
    page = repository / "page.md"
    (repository / "there.md").write_text("# A Heading, here\n")
    page.write_text(
        "[ok](there.md#a-heading-here) [gone](missing.md) [up](../elsewhere.md) "
        "[bad anchor](there.md#nope) [web](https://example.org) `[code](ignored.md)`\n"
    )
    assert problems(page, repository) == [
        "missing.md: no such file",
        "../elsewhere.md: outside the repository",
        "there.md#nope: no heading #nope",
    ]
