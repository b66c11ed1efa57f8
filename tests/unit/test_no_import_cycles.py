"""No import cycle anywhere in `app/`: the package's import graph is a DAG.

Every `import` and `from ... import` in every module of `app/` is read with `ast`
(function-level imports too: a circle through a deferred import is still a circle a
reader has to untangle; only `if TYPE_CHECKING:` imports are left out, as they never
run). `from package import name` counts as an import of `package.name` when that is a
module, else of `package`. A cycle fails the test and is printed module by module.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in APP.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _base(name: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def edges_of(name: str, path: Path, source: str, modules: dict[str, Path]) -> set[str]:
    """The modules of `app` that module `name` (at `path`, holding `source`) imports."""
    targets: set[str] = set()
    for node in _imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            base = _base(name, path, node)
            candidates = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        targets |= {c for c in candidates if c in modules and c != name}
    return targets


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {
        name: edges_of(name, path, path.read_text(encoding="utf-8"), modules)
        for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path [a, b, ..., a], or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(graph):
        if root in state:
            continue
        path = [root]
        iterators = [iter(sorted(graph[root]))]
        state[root] = 1
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(step) == 1:
                return path[path.index(step) :] + [step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                iterators.append(iter(sorted(graph.get(step, ()))))
    return None


def test_the_app_import_graph_has_no_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_walker_finds_a_cycle_and_reads_the_real_package():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
    graph = import_graph()
    assert "app.services.feeds.files" in graph["app.services.feeds.personal"]
    assert "app.extensions" in graph["app.services.meetings.locks"]
    assert "app.onboarding" in graph["app.onboarding.team"]  # the blueprint, from the package
    assert len(graph) > 50  # the walk really saw the package


def test_imports_under_type_checking_and_relative_imports():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from ..other import thing\n"
        "from app.pkg import helper\n"
        "if TYPE_CHECKING:\n"
        "    from app.never import runs\n"
        "def later():\n"
        "    import app.deferred\n"
    )
    path = APP / "pkg" / "mod.py"
    names = ("app.pkg", "app.pkg.mod", "app.pkg.sibling", "app.other", "app.never", "app.deferred")
    modules = {name: path for name in names}
    edges = edges_of("app.pkg.mod", path, source, modules)
    # `helper` is not a module, so `from app.pkg import helper` imports the package.
    assert edges == {"app.pkg", "app.pkg.sibling", "app.other", "app.deferred"}
