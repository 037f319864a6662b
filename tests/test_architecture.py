"""The package's import graph matches docs/ARCHITECTURE.md: no cycles, no upward imports.

The graph is computed from the source with ``ast``: every ``import lanner...`` and
``from lanner... import ...`` of every module under ``src/lanner``, each marked as executed at
import (``module``), inside a function (``function``) or only for type checkers
(``type_checking``). ``from lanner.events import patterns`` is an edge to the module
``lanner.events.patterns``; ``from lanner.events.coder import EventCoder`` to ``lanner.events.coder``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "lanner"

# Stages below the store, in the order data passes through them, and what they must not import.
LOWER_STAGES = ("ingest", "nlp", "actors", "events", "dates", "geo")
UPPER = ("store", "analysis", "api", "web", "scale", "pipeline", "cli")

# Cycles that exist only through an import inside a function. Issue 16 named four; all are
# gone, so none is allowed: an import inside a function may be lazy, never a hidden cycle.
HIDDEN_CYCLES: set[frozenset[str]] = set()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # module | function | type_checking
    line: int

    def __str__(self) -> str:
        path = _MODULES[self.source].relative_to(SRC)
        return f"{path}:{self.line}: {self.source} -> {self.target} ({self.kind})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


_MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module a dotted name lives in (``lanner.events.coder.EventCoder`` -> the module)."""
    while name and name not in _MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _edges_of(module: str, path: Path) -> list[Edge]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Edge] = []

    def add(node: ast.Import | ast.ImportFrom, kind: str) -> None:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, *([base] if base else [])])
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in _MODULES else base for a in node.names
            ]
        for name in names:
            target = _resolve(name) if name.startswith("lanner") else None
            if target and target != module:
                out.append(Edge(module, target, kind, node.lineno))

    def walk(node: ast.AST, kind: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                add(child, kind)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                walk(child, "function")
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for stmt in child.body:
                    walk(ast.Module(body=[stmt], type_ignores=[]), "type_checking")
                for stmt in child.orelse:
                    walk(ast.Module(body=[stmt], type_ignores=[]), kind)
            else:
                walk(child, kind)

    walk(ast.parse(path.read_text(encoding="utf-8")), "module")
    return out


EDGES = [edge for module, path in _MODULES.items() for edge in _edges_of(module, path)]


def _cycles(edges: list[Edge]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []
    for root in sorted(_MODULES):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
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
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(frozenset(component))
    return out


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_upper(module: str) -> bool:
    return _stage(module) in UPPER or module.rsplit(".", 1)[-1] == "cli"


def test_architecture_graph_sees_the_package() -> None:
    kinds = {e.kind for e in EDGES}
    assert len(_MODULES) > 50 and kinds == {"module", "function", "type_checking"}
    # a known edge of each kind, so that a broken parser cannot pass the rules below
    assert any(e.source == "lanner.events.coder" and e.kind == "module" for e in EDGES)


def test_architecture_no_import_cycle_at_module_level() -> None:
    module_level = [e for e in EDGES if e.kind == "module"]
    cycles = _cycles(module_level)
    detail = [str(e) for e in module_level if any({e.source, e.target} <= c for c in cycles)]
    assert not cycles, "import cycles among lanner modules:\n" + "\n".join(detail)


def test_architecture_in_function_imports_hide_no_new_cycle() -> None:
    executed = [e for e in EDGES if e.kind != "type_checking"]
    found = set(_cycles(executed))
    new = found - HIDDEN_CYCLES
    gone = HIDDEN_CYCLES - found
    hiding = [
        str(e)
        for e in executed
        if e.kind == "function" and any({e.source, e.target} <= c for c in new)
    ]
    assert not new, "a cycle hidden by an import inside a function:\n" + "\n".join(hiding)
    assert not gone, f"fixed, so delete from HIDDEN_CYCLES: {sorted(map(sorted, gone))}"


@pytest.mark.parametrize("stage", LOWER_STAGES)
def test_architecture_lower_stage_imports_no_upper_layer(stage: str) -> None:
    upward = [str(e) for e in EDGES if _stage(e.source) == stage and _is_upper(e.target)]
    assert not upward, f"{stage} imports an upper layer (counting in-function imports):\n" + (
        "\n".join(upward)
    )


def test_architecture_every_command_module_is_in_the_cli_package() -> None:
    """Issue 16: the commands live in lanner/cli/; stages expose functions only."""
    stray = sorted(m for m in _MODULES if m.endswith(".cli") and m != "lanner.cli")
    assert not stray, f"command modules outside lanner/cli/: {stray}"
    assert {"lanner.cli.events", "lanner.cli.store", "lanner.cli.api"} <= set(_MODULES)
