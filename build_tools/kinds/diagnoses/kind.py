"""The diagnoses kind: authored diagnosis pages, with the centres and networks they name."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from types import MappingProxyType

from build_tools.core.pages import plain
from build_tools.core.searchdoc import SearchDoc
from build_tools.kinds import routes, searchdocs
from build_tools.kinds.diagnoses import load, pages
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS, Centre, DiagnosisMeta, Ern
from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.site import Site
from build_tools.orphanet.model import OrphaCode


def documents(site: Site, built: AbstractSet[OrphaCode]) -> list[SearchDoc]:
    """An authored page carries the codes, English names and genes of what it covers (their ORPHA pages only redirect)."""
    return [
        SearchDoc(
            url=d.url,
            title=d.meta.tittel,
            kind="diagnose",
            names=tuple(dict.fromkeys([d.meta.tittel, *d.meta.synonymer, *d.meta.folkelige_navn])),
            names_en=searchdocs.names_en(d.entities),
            orpha=tuple(e.code.value for e in d.entities),
            icd10=searchdocs.codes(d.entities, "ICD-10"),
            icd11=searchdocs.codes(d.entities, "ICD-11"),
            omim=tuple(dict.fromkeys(m.code for e in d.entities for m in e.omim)),
            genes=searchdocs.genes(d.entities),
            genes_other=searchdocs.other_genes(d.entities),
            text=plain(d.doc.body, markup=" "),
        )
        for d in site.diagnoses
    ]


def page_files(site: Site) -> dict[str, list[str]]:
    return {d.doc.display: [routes.src(d.url)] for d in site.diagnoses}


KIND = Kind(
    "diagnoses",
    load.load,
    pages.pages,
    load.sources,
    documents=documents,
    search_rank=40,
    page_files=page_files,
    schemas=(
        ContentKind("diagnose", "Diagnoseside (front matter i diagnoses/<slug>/index.md)", DiagnosisMeta, ("diagnoses/*/index.md",), front_matter=True, sections=DIAGNOSIS_SECTIONS, help="diagnoseside"),
        ContentKind("sentre", "Kompetansesentre (data/centres.yml)", Centre, ("data/centres.yml",), mapping=True),
        ContentKind("ern", "Europeiske referansenettverk (data/ern.yml)", Ern, ("data/ern.yml",), mapping=True),
    ),
    descriptions=MappingProxyType({
        "DiagnosisMeta": "Feltene øverst i en diagnoseside, mellom linjene med ---.",
        "Centre": "Et kompetansesenter. Id-en (nøkkelen) brukes i feltet «senter» på diagnosesidene.",
        "Link": "En lenke med navn, f.eks. til en pasientforening.",
        "CentreDiagnosis": "En diagnose på senterets liste, med kilde (senterets egen side om diagnosen).",
        "Ern": "Et europeisk referansenettverk (ERN). Id-en (nøkkelen) brukes i feltet «ern» på diagnosesidene.",
        "Registry": "Et nasjonalt register for diagnosen, med nettside og kilde.",
    }),
)
