"""The house holds (docs/architecture.json): no import circle in marketplace/, and no import of
the project's own code inside a function (the way a circle is hidden) outside the factory and
the CLI. Which part may import which is checked by `lint-imports` (.importlinter), which
`make test` runs before the tests."""
from __future__ import annotations

import ast
from pathlib import Path

import grimp

from marketplace.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "marketplace"

# Import circles allowed in marketplace/: none.
KNOWN_CIRCLES: set[frozenset[str]] = set()

# Where a function may import the project's own modules: the factory and the CLI import what
# they register when they register it.
FUNCTION_IMPORTS_ALLOWED = {
    "marketplace/__init__.py",
    "marketplace/cli.py",
}
# Function-level imports allowed elsewhere (file -> how many): none.
FUNCTION_IMPORTS_LEFT: dict[str, int] = {}


def _import_graph() -> dict[str, set[str]]:
    """Who imports whom in marketplace/, leaving out a package's own `__init__` importing its
    modules (a blueprint's routes, imported after `bp` is made: Flask's pattern, no circle of
    the code's meaning)."""
    graph = grimp.build_graph("marketplace", cache_dir=None)
    packages = {module for module in graph.modules if graph.find_children(module)}
    return {
        module: {imported for imported in graph.find_modules_directly_imported_by(module)
                 if not (module in packages and imported.startswith(module + "."))}
        for module in graph.modules
    }


def _circles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_import_circle_in_marketplace():
    circles = set(_circles(_import_graph()))
    new = [sorted(circle) for circle in circles - KNOWN_CIRCLES]
    assert new == [], f"import circles in marketplace/: {new}"


def _function_level_imports(path: Path) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (
                    node.level > 0 or (node.module or "").split(".")[0] == "marketplace"):
                found.append(f"line {node.lineno}: from {node.module} import ...")
            elif isinstance(node, ast.Import) and any(
                    alias.name.split(".")[0] == "marketplace" for alias in node.names):
                found.append(f"line {node.lineno}: import {node.names[0].name}")
    return found


def test_no_function_level_import_of_the_project_outside_the_factory_and_cli():
    offending = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PROJECT_ROOT).as_posix()
        if name in FUNCTION_IMPORTS_ALLOWED:
            continue
        imports = _function_level_imports(path)
        # A nested `def` inside a function is walked twice: count each import once.
        imports = sorted(set(imports))
        if len(imports) > FUNCTION_IMPORTS_LEFT.get(name, 0):
            offending[name] = imports
    assert offending == {}, (
        "imports inside functions (move them to the top of the module; if that makes a "
        f"circle, the code is in the wrong place): {offending}")


def test_the_parts_file_names_files_that_exist():
    import json

    house = json.loads((PROJECT_ROOT / "docs" / "architecture.json").read_text(encoding="utf-8"))
    missing = [path for part in house["parts"].values() for path in part["is"]
               if not (PROJECT_ROOT / path).exists()]
    assert missing == []
