"""The domain stays pure: no module under app/domain imports the web framework, the
database layer or any other part of the app, so its rules run (and are tested) without a
web app or database.

Allowed: the standard library, small pure libraries, and `app.domain` itself. Forbidden:
every other `app.*` module (models, services, extensions, views…), Flask and any
`flask_*` extension, SQLAlchemy and any `sqlalchemy_*` add-on, and Flask's own stack
(Werkzeug, Jinja2, MarkupSafe). Imports are read with `ast` rather than by importing, so
a forbidden import inside a function or behind a condition is caught too; relative
imports are resolved against the module's package, so `from .. import extensions` is
caught as well.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
DOMAIN = APP / "domain"
FRAMEWORKS = ("flask", "sqlalchemy")
FRAMEWORK_STACK = ("werkzeug", "jinja2", "markupsafe")


def package_of(source: Path) -> list[str]:
    """The package `source` belongs to, as parts: app/domain/x.py and app/domain/__init__.py
    both belong to app.domain."""
    module = source.relative_to(APP.parent).with_suffix("")
    return list(module.parts[:-1])


def absolute(node: ast.ImportFrom, source: Path) -> str:
    """The module an ImportFrom names, relative ones resolved against `source`'s package."""
    if node.level == 0:
        return node.module or ""
    package = package_of(source)
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, *([node.module] if node.module else [])])


def imported_modules(source: Path) -> list[str]:
    """Every module `source` imports, as absolute names (and `module.name` for from-imports)."""
    return modules_in(ast.parse(source.read_text(encoding="utf-8")), source)


def modules_in(tree: ast.AST, source: Path) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = absolute(node, source)
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def is_forbidden(module: str) -> bool:
    """Any app module outside app.domain; Flask, SQLAlchemy and their `_` extensions;
    Werkzeug, Jinja2, MarkupSafe."""
    top = module.split(".")[0]
    if top == "app":
        return not (module == "app.domain" or module.startswith("app.domain."))
    framework = top in FRAMEWORKS or top.startswith(tuple(f"{f}_" for f in FRAMEWORKS))
    return framework or top in FRAMEWORK_STACK


DOMAIN_MODULES = sorted(DOMAIN.rglob("*.py"))


def test_the_domain_has_modules_to_check():
    assert DOMAIN / "intervals.py" in DOMAIN_MODULES
    assert len(DOMAIN_MODULES) > 3


@pytest.mark.parametrize("source", DOMAIN_MODULES, ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_module_imports_nothing_outside_the_domain_and_pure_libraries(source):
    forbidden = [name for name in imported_modules(source) if is_forbidden(name)]
    assert forbidden == [], f"{source.name} imports {forbidden}"


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("flask", True),
        ("flask.views", True),
        ("flask_login", True),
        ("flask_wtf.csrf", True),
        ("sqlalchemy.orm", True),
        ("sqlalchemy_utils", True),
        ("werkzeug.security", True),
        ("jinja2", True),
        ("markupsafe", True),
        ("app", True),
        ("app.extensions", True),
        ("app.models.member", True),
        ("app.services", True),
        ("app.templating", True),
        ("app.domainish", True),
        ("app.domain", False),
        ("app.domain.intervals", False),
        ("zoneinfo", False),
        ("icalendar", False),
        ("nh3", False),
        ("flasky_pure_lib", False),
    ],
)
def test_the_check_itself_tells_forbidden_from_allowed(module, forbidden):
    assert is_forbidden(module) is forbidden


@pytest.mark.parametrize(
    ("code", "where", "expected"),
    [
        ("from . import timeline", "domain/intervals.py", "app.domain.timeline"),
        ("from .pattern import x", "domain/workstyle/__init__.py", "app.domain.workstyle.pattern"),
        ("from .. import intervals", "domain/workstyle/expand.py", "app.domain.intervals"),
        ("from .. import extensions", "domain/team_week.py", "app.extensions"),
        ("from ..models import Member", "domain/team_week.py", "app.models"),
    ],
)
def test_relative_imports_are_resolved_before_the_check(code, where, expected):
    assert expected in modules_in(ast.parse(code), APP / where)


def test_a_relative_import_out_of_the_domain_is_caught():
    found = modules_in(ast.parse("from .. import extensions"), DOMAIN / "team_week.py")
    assert any(is_forbidden(name) for name in found)
