"""What the search finds: one `SearchDoc` per searchable page, built from the joined model.

Takes the `Site` and the set of ORPHA codes that have pages; returns the documents that
`search_index.build_search_files` turns into the prebuilt index. Each content kind says what the
search finds of it (`Kind.documents`: pages about ORPHA entities carry their codes, English names,
ICD codes and genes; other pages are found by their words, kind "side", ranked below the pages about ORPHA entities);
the hand-written pages are read here. Lists, and the front page, are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path

from build_tools.core.pages import plain
from build_tools.derived.search.index import SearchDoc
from build_tools.derived.search.norsk import norwegian_names, with_norwegian_names
from build_tools.kinds.kind import Kind
from build_tools.kinds.registry import KINDS
from build_tools.kinds.searchdocs import english_names, name_readings
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode

__all__ = ["PAGES_RANK", "english_names", "name_readings", "page_documents", "search_documents"]  # english_names, name_readings: kinds/searchdocs.py


def page_documents(docs_dir: Path, excluded: Callable[[str], bool]) -> list[SearchDoc]:
    """Hand-written pages (about, contact, the editor guide...): found by their words. Files that
    mkdocs.yml's exclude_docs leaves out of the site (theme overrides, developer notes) are not pages."""
    out = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if rel.parts[0] == "overrides" or excluded(rel.as_posix()):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the editor checks report unreadable pages
        title_match = re.search(r"^title:\s*(.+)$", text, re.M) or re.search(r"^#\s+(.+)$", text, re.M)
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        url = "" if rel.as_posix() == "index.md" else rel.as_posix().removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        title = title_match.group(1).strip().strip("\"'") if title_match else rel.stem
        out.append(SearchDoc(url=url, title=title, kind="side", names=(title,), text=plain(body, markup=" ")))
    return out


PAGES_RANK = 30  # the hand-written pages' place among the kinds' documents (Kind.search_rank)


def search_documents(site: Site, built: AbstractSet[OrphaCode], docs_dir: Path | None = None, excluded: Callable[[str], bool] | None = None, kinds: tuple[Kind, ...] = KINDS) -> list[SearchDoc]:
    """Every kind's documents and the hand-written pages', in the order of their ranks."""
    parts: list[tuple[int, list[SearchDoc]]] = [(kind.search_rank, kind.documents(site, built)) for kind in kinds]
    if docs_dir is not None and docs_dir.is_dir():
        parts.append((PAGES_RANK, page_documents(docs_dir, excluded or (lambda rel: False))))
    docs = [doc for _, found in sorted(parts, key=lambda part: part[0]) for doc in found]
    # Every Norwegian name and synonym, approved or only suggested, is searchable; so are the Norwegian
    # ICD-10 texts (exact mappings as names, broader codes' texts below them) and lay names.
    return with_norwegian_names(docs, norwegian_names(site), {c.value: t for c, t in site.icd10_categories.items()})
