"""The domain stays pure: no module under app/domain imports Flask, SQLAlchemy or the app's
models and services, so its rules run (and are tested) without a web app or database.

Imports are read with `ast` rather than by importing, so a forbidden import inside a
function or behind a condition is caught too.
"""

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "app" / "domain"
FORBIDDEN_PACKAGES = ("flask", "sqlalchemy", "app.models", "app.services")


def imported_modules(source: Path) -> list[str]:
    """Every absolute module name `source` imports (relative imports stay in the domain)."""
    names = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_forbidden(module: str) -> bool:
    """Flask, any flask_* extension, SQLAlchemy, or the app's models and services."""
    if module.split(".")[0].startswith("flask_"):
        return True
    return any(
        module == package or module.startswith(f"{package}.") for package in FORBIDDEN_PACKAGES
    )


DOMAIN_MODULES = sorted(DOMAIN.rglob("*.py"))


def test_the_domain_has_modules_to_check():
    assert DOMAIN / "intervals.py" in DOMAIN_MODULES
    assert len(DOMAIN_MODULES) > 3


@pytest.mark.parametrize("source", DOMAIN_MODULES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_imports_no_framework_or_persistence(source):
    forbidden = [name for name in imported_modules(source) if is_forbidden(name)]
    assert forbidden == [], f"{source.name} imports {forbidden}"


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("flask", True),
        ("flask.views", True),
        ("flask_login", True),
        ("sqlalchemy.orm", True),
        ("app.models.member", True),
        ("app.services", True),
        ("app.servicesque", False),
        ("app.domain.intervals", False),
        ("zoneinfo", False),
        ("flasky_pure_lib", False),
    ],
)
def test_the_check_itself_tells_forbidden_from_allowed(module, forbidden):
    assert is_forbidden(module) is forbidden
