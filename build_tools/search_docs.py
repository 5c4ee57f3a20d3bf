"""What the search finds: one `SearchDoc` per searchable page, built from the joined model.

Takes the `Site` and the set of ORPHA codes that have pages; returns the documents that
`search_index.build_search_files` turns into the prebuilt index. Authored diagnosis pages carry the
ORPHA codes, English names, ICD codes and genes of what they cover (their `/orpha/<code>/` pages are
only redirects); group pages and catalogue pages carry their own. Lists such as A–Å are left out.
"""

from __future__ import annotations

import re

from build_tools.join import Site
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity
from build_tools.search_index import SearchDoc


def _plain(markdown: str) -> str:
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[:#][^}]*\}", " ", text)
    text = re.sub(r"[*_`>#|]", " ", text)
    return " ".join(text.split())


def _codes(entities: list[OrphaEntity], system: str) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys((m.code, m.relation.value) for e in entities for m in e.codes(system)))


def _genes(entities: list[OrphaEntity]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.symbol for e in entities for g in (*e.genes, *e.subtype_genes)))


def _names_en(entities: list[OrphaEntity]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for e in entities for n in (e.name, *e.synonyms)))


def search_documents(site: Site, built: set[OrphaCode]) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for d in site.diagnoses:
        docs.append(
            SearchDoc(
                url=d.url,
                title=d.meta.tittel,
                kind="diagnose",
                names=tuple(dict.fromkeys([d.meta.tittel, *d.meta.synonymer, *d.meta.folkelige_navn])),
                names_en=_names_en(d.entities),
                orpha=tuple(e.code.value for e in d.entities),
                icd10=_codes(d.entities, "ICD-10"),
                icd11=_codes(d.entities, "ICD-11"),
                omim=tuple(dict.fromkeys(m.code for e in d.entities for m in e.omim)),
                genes=_genes(d.entities),
                text=_plain(d.doc.body),
            )
        )
    for code in sorted(built):
        e = site.orpha.get(code)
        if e is None or not e.active or code in site.by_code:
            continue
        group = e.level is Level.GROUP
        docs.append(
            SearchDoc(
                url=f"grupper/{code.value}/" if group else f"orpha/{code.value}/",
                title=e.name,
                kind="gruppe" if group else "orpha",
                names_en=_names_en([e]),
                orpha=(code.value,),
                icd10=_codes([e], "ICD-10"),
                icd11=_codes([e], "ICD-11"),
                omim=tuple(m.code for m in e.omim),
                genes=_genes([e]),
                text=e.definition,
            )
        )
    return docs
