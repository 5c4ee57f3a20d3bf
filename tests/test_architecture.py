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


# --- No state between builds outside the engine adapter (core/state.py owns it) -------------------

MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray", "WeakValueDictionary", "WeakKeyDictionary"}
MUTATING_METHODS = {"append", "extend", "insert", "pop", "popitem", "clear", "update", "setdefault", "add", "discard", "remove", "sort", "reverse", "__setitem__", "__delitem__", "appendleft", "extendleft"}
MEMO_DECORATORS = {"cache", "lru_cache", "cached"}
# Module-level functions whose cache is a pure function of their arguments and of files shipped in the
# package: the same answer in every build, so keeping it is no state. Say why for each one.
# Tables filled while the package is imported (each kind adds its validators' messages) and only read
# while building: the same in every build.
IMPORT_TIME_TABLES = {"build_tools.core.validate.MESSAGES"}
PURE_CACHES = {
    "build_tools.core.settings._spec",  # a gitignore pattern string → its matcher
    "build_tools.derived.search.index.stop_words",  # the stop-word lists shipped in the package
    "build_tools.derived.search.index.stem",  # a word → its Snowball stem
    "build_tools.derived.search.index._nynorsk_table",  # the nynorsk table shipped in the package
    "build_tools.derived.search.index.nynorsk",  # a word → its bokmål form, from that table
    "build_tools.core.areas._codes",  # CLDR's territory names (the pinned babel package)
    "build_tools.core.areas.area_code",  # an English area name → its CLDR code
}


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in MUTABLE_CALLS
    return False


def _empty(value: ast.expr | None) -> bool:
    """`{}`, `[]`, `set()`, `dict()`: a container made empty at import exists only to be filled later."""
    if isinstance(value, ast.Dict | ast.List | ast.Set):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)
    return isinstance(value, ast.Call) and _mutable(value) and not value.args and not value.keywords


def _module_level_containers(tree: ast.Module) -> dict[str, tuple[int, bool]]:
    """Names bound at module level (or in a class body at module level, as `Class.name`) to a
    mutable container: name → (line, made empty)."""
    found: dict[str, tuple[int, bool]] = {}

    def scan(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and not prefix:
                scan(node.body, f"{node.name}.")
            targets: list[ast.expr] = []
            value = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and not prefix:  # in a class body: a field's default, copied per instance
                targets, value = [node.target], node.value
            if _mutable(value):
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[prefix + target.id] = (node.lineno, _empty(value))

    scan(tree.body, "")
    return found


def _mutations(tree: ast.Module) -> list[tuple[str, int]]:
    """(dotted name, line) of every container changed in place: `x[k] = v`, `x[k] += v`, `del x[k]`,
    `x.append(...)` and the like, `x |= ...`, for names and attributes of names."""

    def dotted(node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            base = dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
            if isinstance(node, ast.AugAssign) and (name := dotted(node.target)):
                out.append((name, node.lineno))
        for target in targets:
            if isinstance(target, ast.Subscript) and (name := dotted(target.value)):
                out.append((name, node.lineno))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING_METHODS and (name := dotted(node.func.value)):
            out.append((name, node.lineno))
    return out


def module_level_state(modules: dict[str, ast.Module]) -> list[str]:
    """Every place build_tools (outside the engine adapter) keeps state at module level."""
    found = []
    containers = {name: _module_level_containers(tree) for name, tree in modules.items()}
    imported: dict[str, dict[str, str]] = {}  # module → local name → defining module's name
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in containers:
                for alias in node.names:
                    if alias.name in containers[node.module]:
                        imported.setdefault(name, {})[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for name, tree in modules.items():
        if _layer(name) == "engine":
            continue
        for var, (line, empty) in containers[name].items():
            if empty:
                found.append(f"{name}:{line} {var} is made empty at import, to be filled while building")
        mutated = {var for var, _ in _mutations(tree)}
        for var, (line, _) in containers[name].items():
            if var in mutated and f"{name}.{var}" not in IMPORT_TIME_TABLES:
                found.append(f"{name}:{line} {var} is changed while building")
        for local, origin in imported.get(name, {}).items():
            if local in mutated and _layer(origin.rsplit(".", 1)[0]) != "engine":
                found.append(f"{name} changes {origin}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{name}:{node.lineno} global {', '.join(node.names)}")
            if isinstance(node, ast.FunctionDef) and node in tree.body:
                for deco in node.decorator_list:
                    func = deco.func if isinstance(deco, ast.Call) else deco
                    deco_name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                    if deco_name in MEMO_DECORATORS and f"{name}.{node.name}" not in PURE_CACHES:
                        found.append(f"{name}:{node.lineno} {node.name} keeps a memo ({deco_name}) between builds")
    return found


def test_no_module_level_mutable_state_outside_the_engine_adapter() -> None:
    """What one build leaves for the next lives in a `BuildState` the adapter (or the CLI) owns and
    passes down; a module-level memo outlives the build and goes stale under `mkdocs serve`."""
    state = module_level_state(MODULES)
    assert not state, "state kept at module level (keep it in core/state.py's BuildState):\n" + "\n".join(state)


@pytest.mark.parametrize("source, expected", [
    ("_MEMO: dict[str, int] = {}\n", "x:1 _MEMO is made empty at import"),
    ("SEEN = set()\n", "x:1 SEEN is made empty at import"),
    ("TABLE = {'a': 1}\ndef f():\n    TABLE['b'] = 2\n", "x:1 TABLE is changed while building"),
    ("ROWS = [1]\ndef f():\n    ROWS.append(2)\n", "x:1 ROWS is changed while building"),
    ("class C:\n    cache = {}\n", "x:2 C.cache is made empty at import"),
    ("import functools\n@functools.lru_cache(maxsize=1)\ndef f():\n    return 1\n", "x:3 f keeps a memo (lru_cache)"),
    ("N = 0\ndef f():\n    global N\n    N += 1\n", "x:3 global N"),
])
def test_the_state_check_finds_state(source: str, expected: str) -> None:
    found = module_level_state({"x": ast.parse(source)})
    assert any(f.startswith(expected) for f in found), found


def test_the_state_check_lets_constants_be() -> None:
    source = (
        "from types import MappingProxyType\n"
        "LABELS = {'a': 'A'}\n"  # never changed: a constant, if a mutable one
        "FROZEN = MappingProxyType({'a': 1})\n"
        "ORDER = ('a', 'b')\n"
        "def f(rows):\n    out = {}\n    out['a'] = LABELS['a']\n    rows.append(1)\n    return out\n"
    )
    assert module_level_state({"x": ast.parse(source)}) == []


@pytest.mark.parametrize("wording", ["finnes ikke i Orphanet-data", "flyttet den til"])
def test_the_unknown_orpha_message_is_written_once(wording: str) -> None:
    """One resolver (orphanet/resolve.py) words what is wrong with an ORPHA code for every kind."""
    places = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if wording in line
    ]
    assert len(places) == 1 and places[0].startswith("build_tools/orphanet/resolve.py"), places


def test_the_site_is_frozen_once_assembled() -> None:
    """Every kind's `load` returns its own part and the pipeline assembles one `Site`: nothing changes it afterwards."""
    import dataclasses

    from build_tools.kinds.glossary.model import Glossary
    from build_tools.kinds.site import Site
    from build_tools.orphanet.model import OrphaData

    site = Site.assemble(OrphaData(release="2025-12", release_date="2025-12-01", entities={}), {"glossary": Glossary()}, {"orpha": "x"})
    assert dataclasses.fields(site) and type(site).__dataclass_params__.frozen  # type: ignore[attr-defined]
    for field, value in (("diagnoses", []), ("courses", []), ("glossary", Glossary()), ("digests", {})):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(site, field, value)
    with pytest.raises(TypeError):
        site.digests["orpha"] = "y"  # type: ignore[index]  # the digests are read-only too
    assert site.part("glossary", Glossary) is site.glossary


def _kind_words() -> set[str]:
    from build_tools.kinds.registry import KINDS

    return {kind.name for kind in KINDS} | {path.name for path in (PACKAGE / "kinds").iterdir() if (path / "kind.py").exists()}


def names_of_kinds(tree: ast.AST, words: set[str]) -> list[str]:
    """Where a module names a kind: an import of a kind's package, or a name, attribute or string that is a kind's name."""
    found = []
    for node in ast.walk(tree):
        named: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            named = [*node.module.split("."), *(a.name for a in node.names)]
        elif isinstance(node, ast.Import):
            named = [part for a in node.names for part in a.name.split(".")]
        elif isinstance(node, ast.Name):
            named = [node.id]
        elif isinstance(node, ast.Attribute):
            named = [node.attr]
        elif isinstance(node, ast.arg) or isinstance(node, ast.keyword) and node.arg:
            named = [node.arg]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = [node.value]
        hits = sorted({w for w in named if w.lower() in words})
        if hits:
            found.append(f"{getattr(node, 'lineno', '?')}: {', '.join(hits)}")
    return found


@pytest.mark.parametrize("module", ["pipeline.py", "engine/preview.py", "engine/plugin.py", "schemas.py"])
def test_the_pipeline_names_no_kind(module: str) -> None:
    """The pipeline, the preview, the engine adapter and the schemas loop over the registry: they
    load, assemble and render without knowing one kind from another (the render scope and the links
    layer are the same for every kind). (cli.py still has commands of its own for some kinds.)"""
    words = _kind_words()
    assert {"catalogue", "diagnoses", "courses"} <= words
    assert not names_of_kinds(ast.parse((PACKAGE / module).read_text(encoding="utf-8")), words)


@pytest.mark.parametrize("source", ["from build_tools.kinds.catalogue import pages\n", "if kind.name == 'catalogue':\n    pass\n", "x = site.courses\n", "def f(catalogue): pass\n"])
def test_the_kind_name_check_finds_a_kind(source: str) -> None:
    assert names_of_kinds(ast.parse(source), _kind_words())
