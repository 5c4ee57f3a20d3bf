"""The pipeline: read → validate → join → render → index → write, over the registry of content kinds.

`load_site(settings, today)` has every kind read, validate and join its content into its own part
(reading the parts of the kinds it requires), raising one `ContentError` with every problem, and
assembles one frozen `Site` from the parts. `render_site` turns the `Site` into pages and static
files (each kind's pages, then what is derived from the whole site: search, open data, coverage),
and `write_pages` puts them in a folder, rewriting only what changed. The pipeline names no kind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import MappingProxyType

from build_tools.core.errors import ContentError, Problem
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState, digest_files
from build_tools.derived import coverage, home, opendata
from build_tools.derived.readability import jargon_warnings, readability_warnings
from build_tools.derived.search.documents import search_documents
from build_tools.derived.search.index import build_search_files
from build_tools.derived.search.norsk import LEXICON_PATH, Lexicon, lexicon_lookup, read_lexicon
from build_tools.kinds.kind import Kind
from build_tools.kinds.links import Links, RenderScope
from build_tools.kinds.parts import Loaded
from build_tools.kinds.registry import kinds_for
from build_tools.kinds.site import Site
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.model import OrphaCode


def load_site(settings: Settings, today: date, warnings: list[Problem] | None = None, state: BuildState | None = None) -> Site:
    """Read, validate and join everything; raise `ContentError` with every problem at once.
    Warnings (e.g. review dates passed) go to `warnings` when given; they never fail the build.
    `state` is what the previous build of this process left (the caller owns it)."""
    state = state or BuildState()
    orpha = load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.cache_path, settings.root, state)
    digests = {"orpha": orpha.key, "settings": hashlib.sha256(repr(settings).encode()).hexdigest()[:24]}
    parts: dict[str, object] = {}
    problems: list[Problem] = []
    for kind in kinds_for(settings):
        digests[kind.name] = digest_files(kind.sources(settings), settings.root)
        if kind.load is not None:
            # A kind reads Orphanet's data and the parts of the kinds it requires, nothing else.
            required = MappingProxyType({name: parts[name] for name in kind.requires if name in parts})
            parts[kind.name], found = kind.load(settings, Loaded(orpha, required), today)
            problems += found
    problems += search_lexicon(settings, state)[1]  # the search's Norwegian lexicon
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    site = Site.assemble(orpha, parts, digests)
    problems += readability_warnings(site, settings) + jargon_warnings(site, settings)  # plain language: warnings only (derived/readability.py)
    if warnings is not None:
        warnings += ContentError(problems).problems
    return site


def search_lexicon(settings: Settings, state: BuildState) -> tuple[Lexicon, list[Problem]]:
    """The search's Norwegian lexicon and its problems: read once per build (and kept while the file is unchanged)."""
    path = settings.path(settings.data_dir) / LEXICON_PATH
    try:
        st = path.stat()
        key: tuple[int, ...] = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        key = ()
    return state.keep("lexicon", (str(path), key), lambda: read_lexicon(settings.path(settings.data_dir), settings.root))


def search_files(site: Site, settings: Settings, state: BuildState | None = None, links: Links | None = None) -> dict[str, bytes]:
    """The search index and worker for the site (the slowest part of rendering: ~1–2 s)."""
    state = state or BuildState()
    nb = lexicon_lookup(search_lexicon(settings, state)[0])
    built = (links or Links(site, settings, state)).built
    docs = search_documents(site, built, settings.root / settings.docs_dir, settings.excluded, kinds_for(settings))
    return build_search_files(docs, nb)


def render_site(
    site: Site, settings: Settings, today: date, search: bool = True, codes: frozenset[OrphaCode] | None = None,
    state: BuildState | None = None, links: Links | None = None,
) -> dict[str, bytes]:
    """Every generated file: src_uri → bytes. `search=False` leaves the search files out (the live
    preview builds them after the pages). `codes` renders only those codes' pages of the kinds that
    make a page per ORPHA code (`sjelden preview`); links, the lists and coverage stay as in the full
    site. `state` keeps what a later build of the same process can reuse (the caller owns it);
    `links` is this build's links layer, made here when not given."""
    state = state or BuildState()
    links = links or Links(site, settings, state)  # once per build, shared by every kind's pages
    pages = render_pages(site, settings, today, state, RenderScope(links, codes), kinds_for(settings))
    if search:
        pages |= search_files(site, settings, state, links)
    listed = pages
    if codes is not None:  # coverage links to every group page of the full site
        listed = pages | dict.fromkeys(links.group_pages(), b"")
    pages |= opendata.opendata_files(site) | coverage.coverage_files(site, today, listed) | home.home_files(site, settings, today, state)
    return dict(sorted(pages.items()))


def render_pages(site: Site, settings: Settings, today: date, state: BuildState, scope: RenderScope, kinds: Iterable[Kind]) -> dict[str, bytes]:
    """The pages of `kinds`, in `scope`: src_uri → bytes."""
    pages: dict[str, bytes] = {}
    for kind in kinds:
        pages |= kind.pages(site, settings, today, state, scope)
    return pages


def write_pages(pages: dict[str, bytes], target: Path, state: BuildState | None = None) -> tuple[list[str], list[str]]:
    """Write `pages` (relative path → content) under `target`, touching only files whose content
    changed, and removing files no longer produced. Returns (written, removed) relative paths."""
    target.mkdir(parents=True, exist_ok=True)
    state = state or BuildState()
    # What this process last wrote there (`mkdocs serve`): compared in memory, not re-read from disk.
    last = state.written.get(target)
    written: list[str] = []
    for rel, content in pages.items():
        if last is not None and last.get(rel) == content:
            continue  # this process wrote exactly this there last time
        path = target / rel
        try:
            if last is None and path.stat().st_size == len(content) and path.read_bytes() == content:
                continue
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
        written.append(rel)
    removed: list[str] = []
    if last is None:
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in pages:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    else:  # this process wrote everything there: only what it wrote last time can be stale
        for rel in sorted(set(last) - set(pages)):
            (target / rel).unlink(missing_ok=True)
            removed.append(rel)
    state.written.clear()
    state.written[target] = dict(pages)
    return written, removed
