"""No Python module in the project is over 400 lines: a file should fit in a sitting.

Long modules are split by responsibility (see docs/architecture.md for where things
live); this keeps it true for app/, tests/ and benchmarks/.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400


def long_modules(root: Path = ROOT, limit: int = LIMIT) -> list[str]:
    found = []
    for folder in ("app", "tests", "benchmarks"):
        for path in sorted((root / folder).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_no_module_is_over_400_lines():
    assert long_modules() == []


def test_a_long_module_is_reported(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "long.py").write_text("x = 1\n" * 401)
    (tmp_path / "app" / "short.py").write_text("x = 1\n" * 400)
    assert long_modules(tmp_path) == ["app/long.py: 401 lines"]
