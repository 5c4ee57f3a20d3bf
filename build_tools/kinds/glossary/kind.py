"""The glossary kind: data/ordliste.yml and its page."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from types import MappingProxyType

from build_tools.core.pages import plain
from build_tools.core.searchdoc import SearchDoc
from build_tools.kinds import routes
from build_tools.kinds.glossary import load, pages
from build_tools.kinds.glossary.model import GlossaryEntry
from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode


def documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    """One page, found by the words it explains."""
    if not site.glossary.terms:
        return []
    text = " ".join(f"{t.term}: {plain(t.explanation)}" for t in site.glossary.terms.values())
    return [SearchDoc(url=routes.GLOSSARY, title="Ordliste", kind="side", names=("Ordliste",), text=text)]


KIND = Kind(
    "glossary",
    load.load,
    pages.pages,
    load.sources,
    documents=documents,
    search_rank=10,
    lists=(routes.src(routes.GLOSSARY),),
    schemas=(ContentKind("ordliste", "Ordliste (data/ordliste.yml)", GlossaryEntry, ("data/ordliste.yml",), mapping=True),),
    descriptions=MappingProxyType({"GlossaryEntry": "Et ord i ordlisten. Nøkkelen er ankeret på /ordliste/ (små bokstaver a–z, tall og bindestrek)."}),
)
