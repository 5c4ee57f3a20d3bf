"""The catalogue kind: a page per active ORPHA entity and group, made from what other kinds loaded."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from build_tools.core.searchdoc import SearchDoc
from build_tools.kinds import routes, searchdocs
from build_tools.kinds.catalogue import pages
from build_tools.kinds.kind import Kind
from build_tools.kinds.site import Site
from build_tools.orphanet.model import Level, OrphaCode


def documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    """Group and catalogue pages carry their own codes; a code an authored page covers is found there."""
    docs = []
    for code in sorted(built):
        e = site.orpha.get(code)
        if e is None or not e.active or code in site.by_code:
            continue
        group = e.level is Level.GROUP
        # An approved Norwegian name (data/norske-navn.yml) is the title; the search adds every name.
        name_nb = site.name_nb(code)
        docs.append(
            SearchDoc(
                url=routes.catalogue(e),
                title=name_nb or e.name,
                kind="gruppe" if group else "orpha",
                names=(name_nb,) if name_nb else (),
                names_en=searchdocs.names_en([e]),
                orpha=(code.value,),
                icd10=searchdocs.codes([e], "ICD-10"),
                icd11=searchdocs.codes([e], "ICD-11"),
                omim=tuple(m.code for m in e.omim),
                genes=searchdocs.genes([e]),
                genes_other=searchdocs.other_genes([e]),
                text=e.definition,
            )
        )
    return docs


KIND = Kind(
    "catalogue",
    None,
    pages.pages,
    requires=("diagnoses", "glossary", "names"),  # its pages link authored pages, the glossary, and are titled by the names
    documents=documents,
    search_rank=50,
    per_code=True,  # a page per ORPHA code: a preview renders only those it needs
    lists=(routes.src(routes.DIAGNOSES), routes.src(routes.GROUPS)),
)
