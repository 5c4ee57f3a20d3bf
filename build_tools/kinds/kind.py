"""What a content kind declares about itself, so the loops over kinds never name one.

A kind is a package under `kinds/` with a `kind.py` that makes one `Kind`: how it loads and joins
its content into its own typed part (the pipeline assembles the frozen `Site` from the parts), the
pages it makes, the files and folders it reads (the live server
watches them; their digests tell the build state when its pages must be rendered again), what the
search finds of it, which content file makes which page (`sjelden preview`), the JSON Schemas of its
files (and what `sjelden new` scaffolds) and which kinds must be loaded before it. The pipeline,
the search, the preview, the schemas, the engine adapter and the CLI loop over the registry
(kinds/registry.py). docs/developers/add-a-kind.md walks through adding one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel

from build_tools.core.errors import Problem
from build_tools.core.searchdoc import SearchDoc
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.kinds.links import RenderScope
from build_tools.kinds.parts import Loaded
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode

# Reads and validates the kind's files, joins them with what it requires (`Loaded`), and returns
# its own part (a typed object; `Site.part(name, type)` reads it back) with every problem found.
Load = Callable[[Settings, Loaded, date], tuple[object, list[Problem]]]
# Every page of the kind, src_uri → bytes; `RenderScope` holds the build's links and which ORPHA
# codes' pages to render (all, or a preview's few: only a `per_code` kind's pages depend on it).
Pages = Callable[[Site, Settings, date, BuildState, RenderScope], dict[str, bytes]]
Sources = Callable[[Settings], tuple[Path, ...]]
Documents = Callable[[Site, AbstractSet[OrphaCode]], list[SearchDoc]]
PageFiles = Callable[[Site], dict[str, list[str]]]


@dataclass(frozen=True)
class ContentKind:
    """One kind of file editors write, for its JSON Schema and `sjelden new`."""

    name: str  # schema file stem: schemas/<name>.schema.json
    title: str  # in bokmål, shown by editors' tools
    model: type[BaseModel]
    files: tuple[str, ...]  # globs of the files it validates, relative to the project root
    front_matter: bool = False  # Markdown front matter (True) or a whole YAML file
    mapping: bool = False  # a YAML file of `<id>: {fields}` entries (data/centres.yml)
    command: str = ""  # `sjelden new <command>`; empty when it cannot be scaffolded from the model
    new_path: str = ""  # where `sjelden new` puts a new file, with {slug}
    sections: tuple[str, ...] = ()  # `##` sections of the body, for front-matter kinds
    key_pattern: str = "^[a-z0-9]+(?:-[a-z0-9]+)*$"  # the keys of a mapping file
    help: str = ""  # `sjelden new`'s help for the command, in bokmål


def _nothing(settings: Settings) -> tuple[Path, ...]:
    return ()


def _no_documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    return []


def _no_files(site: Site) -> dict[str, list[str]]:
    return {}


@dataclass(frozen=True)
class Kind:
    name: str
    load: Load | None  # None: made from what other kinds loaded
    pages: Pages  # src_uri → bytes
    sources: Sources = _nothing  # the files and folders `load` reads
    requires: tuple[str, ...] = ()  # kinds whose part `load` reads (from `Loaded`) or `pages` reads (from the Site)
    documents: Documents = _no_documents  # what the search finds (given the ORPHA codes that have pages)
    search_rank: int = 50  # where its documents go in the index (lower first; the index is ordered)
    page_files: PageFiles = _no_files  # content file (as shown to editors) → the src_uris it makes
    lists: tuple[str, ...] = ()  # its list pages (src_uris): a preview always has them
    per_code: bool = False  # its pages are one per ORPHA code and honour `RenderScope.codes` (a preview renders them again for the codes it needs)
    schemas: tuple[ContentKind, ...] = ()
    descriptions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # model name → its description in bokmål, for the schemas
