"""The content kinds, in the order the pipeline loads and renders them.

Each kind declares itself in its package's `kind.py` (kinds/kind.py says what a `Kind` holds); the
pipeline, the search, the preview, the schemas, the engine adapter and the CLI loop over `KINDS`
and name none. A new kind is a package under `kinds/` and one line here; a project can add kinds
of its own without changing build_tools (`extra_kinds` in mkdocs.yml, see `kinds_for`).

The order is load order: a kind comes after every kind it `requires` (its `load` reads their parts,
and only theirs, from `Loaded`; its `pages` may read them on the assembled `Site`); `check_order`
enforces it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from build_tools.core.errors import ContentError, Problem
from build_tools.core.settings import CONFIG_FILE, Settings
from build_tools.kinds.catalogue.kind import KIND as CATALOGUE
from build_tools.kinds.courses.kind import KIND as COURSES
from build_tools.kinds.diagnoses.kind import KIND as DIAGNOSES
from build_tools.kinds.glossary.kind import KIND as GLOSSARY
from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.names.kind import KIND as NAMES
from build_tools.kinds.summaries.kind import KIND as SUMMARIES


def check_order(kinds: tuple[Kind, ...]) -> tuple[Kind, ...]:
    """`kinds`, after checking that each comes after the kinds it requires (and names are unique)."""
    seen: set[str] = set()
    for kind in kinds:
        missing = [name for name in kind.requires if name not in seen]
        if missing or kind.name in seen:
            raise ValueError(f"content kind {kind.name!r} must come after {missing} and only once in the registry")
        seen.add(kind.name)
    return kinds


KINDS: tuple[Kind, ...] = check_order((DIAGNOSES, GLOSSARY, NAMES, CATALOGUE, SUMMARIES, COURSES))


def kinds_for(settings: Settings) -> tuple[Kind, ...]:
    """The built-in kinds, then the project's own (`extra_kinds`: modules with a `KIND`, importable
    from the project root), in that order."""
    if not settings.extra_kinds:
        return KINDS
    extra: list[Kind] = []
    for name in settings.extra_kinds.split(","):
        name = name.strip()
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ContentError([Problem(CONFIG_FILE, None, "sjelden.extra_kinds", f"finner ikke modulen «{name}» ({exc}); oppgi en Python-modul med en KIND")]) from None
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, Kind):
            raise ContentError([Problem(CONFIG_FILE, None, "sjelden.extra_kinds", f"modulen «{name}» har ingen KIND (en build_tools.kinds.kind.Kind)")])
        extra.append(kind)
    try:
        return check_order((*KINDS, *extra))
    except ValueError as exc:
        raise ContentError([Problem(CONFIG_FILE, None, "sjelden.extra_kinds", str(exc))]) from None


def watched(settings: Settings, kinds: tuple[Kind, ...]) -> list[Path]:
    """The folders a live server watches: every folder a kind reads, or holds a file it reads, and
    the data folder (the Orphanet snapshot)."""
    folders = {settings.path(settings.data_dir)}
    for kind in kinds:
        folders |= {path if path.is_dir() else path.parent for path in kind.sources(settings)}
    return sorted(f for f in folders if f.is_dir() and f != settings.root)


def content_kinds(kinds: tuple[Kind, ...] = KINDS) -> list[ContentKind]:
    """The kinds of files editors write (schemas, `sjelden new`), kind by kind."""
    return [schema for kind in kinds for schema in kind.schemas]
