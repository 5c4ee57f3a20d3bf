"""The package's structure, as DESIGN.md draws it: layers that import one way, no cycles, one clock.

Imports are read from the source (every `import` statement, those inside functions included), so a
cycle hidden in a function body fails here as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

# Each layer may import itself and the layers listed; nothing else in build_tools.
LAYERS = {
    "core": {"core"},
    "orphanet": {"core", "orphanet"},
    "kinds": {"core", "orphanet", "kinds"},
    "derived": {"core", "orphanet", "kinds", "derived"},
    "pipeline": {"core", "orphanet", "kinds", "derived"},
    "scaffold": {"core", "orphanet", "kinds"},
    "schemas": {"core", "orphanet", "kinds"},
    "export": {"core", "orphanet", "kinds", "derived", "pipeline"},
    "engine": {"core", "orphanet", "kinds", "derived", "pipeline", "engine"},
    # `sjelden preview` drives an MkDocs build in-process and hands the plugin its choice of pages
    # (engine/preview.py); cmd_preview imports it lazily, so no other command loads MkDocs.
    "cli": {"core", "orphanet", "kinds", "derived", "pipeline", "export", "scaffold", "schemas", "engine"},
}
CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"), ("time", "time"), ("time", "localtime")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, tree: ast.Module) -> list[tuple[str, list[str], int]]:
    """(imported module, names, line) for every import of build_tools in the module, anywhere in it."""
    out = []
    package = name if (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists() else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            if module.split(".")[0] != "build_tools":
                continue
            names = [a.name for a in node.names]
            # `from build_tools.kinds.courses import forms` imports the module build_tools.kinds.courses.forms
            submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
            out += [(m, [], node.lineno) for m in submodules]
            rest = [n for n in names if f"{module}.{n}" not in MODULES]
            if rest:
                out.append((module, rest, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "build_tools"]
    return out


def _graph() -> dict[str, set[str]]:
    return {name: {m for m, _, _ in _imports(name, tree) if m in MODULES and m != name} for name, tree in MODULES.items()}


def _layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_package_has_the_layers_of_the_design() -> None:
    layers = {_layer(name) for name in MODULES} - {""}
    assert layers == set(LAYERS), layers
    kinds = {name.split(".")[2] for name in MODULES if name.startswith("build_tools.kinds.") and name.count(".") >= 3}
    assert kinds == {"diagnoses", "names", "glossary", "catalogue", "summaries", "courses"}


def test_no_import_cycles() -> None:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_imports_point_one_way() -> None:
    wrong = []
    for name, tree in MODULES.items():
        layer = _layer(name)
        if not layer:
            continue
        for module, _names, line in _imports(name, tree):
            target = _layer(module)
            if target and target not in LAYERS[layer]:
                wrong.append(f"{name}:{line} imports {module} ({layer} → {target})")
    assert not wrong, "\n".join(wrong)


def test_no_private_names_cross_modules() -> None:
    wrong = [
        f"{name}:{line} imports {module}.{n}"
        for name, tree in MODULES.items()
        for module, names, line in _imports(name, tree)
        for n in names
        if n.startswith("_") and module != name
    ]
    assert not wrong, "\n".join(wrong)


def test_only_the_clock_reads_the_clock() -> None:
    """«today» is decided once (core/clock.py) and passed in; nothing else asks the system."""
    readers = []
    for name, tree in MODULES.items():
        if name == "build_tools.core.clock":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in CLOCK_CALLS:
                readers.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
    assert not readers, "\n".join(readers)


@pytest.mark.parametrize("engine_module", ["mkdocs", "material", "properdocs"])
def test_only_the_engine_adapter_imports_the_engine(engine_module: str) -> None:
    users = []
    for name, tree in MODULES.items():
        if _layer(name) == "engine":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == engine_module or isinstance(node, ast.Import) and any(a.name.split(".")[0] == engine_module for a in node.names):
                users.append(f"{name}:{node.lineno}")
    assert not users, "\n".join(users)


def test_the_checks_catch_a_hidden_cycle(tmp_path: Path) -> None:
    """The cycle finder itself: an import inside a function closes a cycle."""
    a = ast.parse("from build_tools.core import b\n")
    b = ast.parse("def f():\n    from build_tools.core.a import x\n")
    saved = dict(MODULES)
    try:
        MODULES.clear()
        MODULES.update({"build_tools.core.a": a, "build_tools.core.b": b})
        with pytest.raises(AssertionError, match="import cycles"):
            test_no_import_cycles()
    finally:
        MODULES.clear()
        MODULES.update(saved)
