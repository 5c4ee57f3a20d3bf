"""The pipeline: read → validate → join → render → index → write, over the registry of content kinds.

`load_site(settings, today)` reads and validates every kind and joins it with Orphanet data,
raising one `ContentError` with every problem. `render_site` turns the typed `Site` into pages and
static files (each kind's pages, then what is derived from the whole site: search, open data,
coverage), and `write_pages` puts them in a folder, rewriting only what changed.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from build_tools.core.errors import ContentError, Problem
from build_tools.core.settings import Settings
from build_tools.derived import coverage, home, opendata
from build_tools.derived.readability import jargon_warnings, readability_warnings
from build_tools.derived.search.documents import search_documents
from build_tools.derived.search.index import build_search_files
from build_tools.derived.search.norsk import lexicon_for, lexicon_problems
from build_tools.kinds.catalogue import pages as catalogue_pages
from build_tools.kinds.catalogue.pages import built_codes
from build_tools.kinds.registry import KINDS
from build_tools.kinds.site import Site
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.model import OrphaCode

_WRITTEN: dict[Path, dict[str, bytes]] = {}


def load_site(settings: Settings, today: date, warnings: list[Problem] | None = None) -> Site:
    """Read, validate and join everything; raise `ContentError` with every problem at once.
    Warnings (e.g. review dates passed) go to `warnings` when given; they never fail the build."""
    orpha = load_snapshot(settings.path(settings.data_dir) / "orphanet", settings.cache_path, settings.root)
    site = Site(orpha=orpha, centres={}, diagnoses=[], by_code={}, members={})
    problems: list[Problem] = []
    for kind in KINDS:
        if kind.load is not None:
            problems += kind.load(settings, site, today)
    problems += lexicon_problems(settings.path(settings.data_dir), settings.root)  # the search's Norwegian lexicon
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    problems += readability_warnings(site, settings) + jargon_warnings(site, settings)  # plain language: warnings only (derived/readability.py)
    if warnings is not None:
        warnings += ContentError(problems).problems
    return site


def search_files(site: Site, settings: Settings) -> dict[str, bytes]:
    """The search index and worker for the site (the slowest part of rendering: ~1–2 s)."""
    nb = lexicon_for(settings.path(settings.data_dir), settings.root)
    docs = search_documents(site, built_codes(site, settings), settings.root / settings.docs_dir, settings.excluded)
    return build_search_files(docs, nb)


def render_site(site: Site, settings: Settings, today: date, search: bool = True, catalogue: set[OrphaCode] | None = None) -> dict[str, bytes]:
    """Every generated file: src_uri → bytes. `search=False` leaves the search files out (the live
    preview builds them after the pages). `catalogue` renders only those codes' ORPHA and group
    pages (`sjelden preview`); links, the lists and coverage stay as in the full site."""
    pages: dict[str, bytes] = {}
    for kind in KINDS:
        if kind.name == "catalogue" and catalogue is not None:
            pages |= catalogue_pages.pages(site, settings, today, catalogue)
        else:
            pages |= kind.pages(site, settings, today)
    if search:
        pages |= search_files(site, settings)
    listed = pages
    if catalogue is not None:  # coverage links to every group page of the full site
        listed = pages | dict.fromkeys(catalogue_pages.Catalogue(site, settings, today).group_pages(), b"")
    pages |= opendata.opendata_files(site) | coverage.coverage_files(site, today, listed) | home.home_files(site, settings, today)
    return dict(sorted(pages.items()))


def write_pages(pages: dict[str, bytes], target: Path) -> tuple[list[str], list[str]]:
    """Write `pages` (relative path → content) under `target`, touching only files whose content
    changed, and removing files no longer produced. Returns (written, removed) relative paths."""
    target.mkdir(parents=True, exist_ok=True)
    # What this process last wrote there (`mkdocs serve`): compared in memory, not re-read from disk.
    last = _WRITTEN.get(target)
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
    _WRITTEN.clear()
    _WRITTEN[target] = dict(pages)
    return written, removed
