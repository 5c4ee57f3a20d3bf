"""What the search finds: one `SearchDoc` per searchable page, built from the joined model.

Takes the `Site` and the set of ORPHA codes that have pages; returns the documents that
`search_index.build_search_files` turns into the prebuilt index. Authored diagnosis pages carry the
ORPHA codes, English names, ICD codes and genes of what they cover (their `/orpha/<code>/` pages are
only redirects); group pages and catalogue pages carry their own. Summaries, courses and the
hand-written pages and the glossary are found by their words (kind "side", ranked below diagnoses).
Lists such as A–Å, and the front page, are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path

from build_tools.core.pages import plain
from build_tools.derived.search.index import SearchDoc
from build_tools.derived.search.norsk import norwegian_names, with_norwegian_names
from build_tools.kinds.glossary.model import GLOSSARY_URL
from build_tools.kinds.site import Site
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity


def _codes(entities: list[OrphaEntity], system: str) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys((m.code, m.relation.value) for e in entities for m in e.codes(system)))


def _genes(entities: list[OrphaEntity]) -> tuple[str, ...]:
    """The genes that cause the disease (Orphanet's disease-causing associations), subtypes' included."""
    return tuple(dict.fromkeys(g.symbol for e in entities for g in (*e.genes, *e.subtype_genes) if g.causal))


def _other_genes(entities: list[OrphaEntity]) -> tuple[str, ...]:
    """Genes associated otherwise (modifiers, risk factors...): a search for them still finds the page."""
    causal = set(_genes(entities))
    return tuple(dict.fromkeys(g.symbol for e in entities for g in (*e.genes, *e.subtype_genes) if g.symbol not in causal))


_OPTIONAL_TAIL = " with or without "
_QUALIFIERS = ("familial ", "isolated ", "non-syndromic ", "nonsyndromic ")


def name_readings(name: str) -> list[str]:
    """The names an English Orphanet name also stands for, so that a query for the concept itself
    finds the diagnosis whose whole name it is, above a longer name that merely contains it:

    - "Charcot-Marie-Tooth disease/Hereditary motor and sensory neuropathy" is two names; "Cleft
      lip/palate-ectodermal dysplasia syndrome" is one (a slash between words of one name: the part
      after it starts in lower case), and "Cleft lip" is no name of that syndrome;
    - "Cleft lip with or without cleft palate" is also "Cleft lip", and "Familial clubfoot with or
      without associated lower limb anomalies" also "Clubfoot" (the optional part is not the
      diagnosis; a leading "Familial"/"Isolated" only qualifies it). Not when the optional part
      runs on into a longer name ("...-cleft lip with or without cleft palate-ocular ... syndrome").
    """
    out = []
    parts = [x.strip() for x in name.split("/")]
    if len(parts) > 1 and all(" " in x for x in parts) and all(x[:1].isupper() or x[:1].isdigit() for x in parts[1:]):
        out.extend(parts)
    head, sep, tail = name.partition(_OPTIONAL_TAIL)
    if sep and "-" not in tail and "/" not in name:
        out.append(head.strip())
        lowered = head.lower()
        for q in _QUALIFIERS:
            if lowered.startswith(q) and len(head) > len(q):
                rest = head[len(q):].strip()
                out.append(rest[:1].upper() + rest[1:])
    return [n for n in out if n and n != name]


def english_names(names: list[str]) -> tuple[str, ...]:
    """Orphanet's names and synonyms, then the further names they stand for (`name_readings`)."""
    return tuple(dict.fromkeys([*names, *(r for n in names for r in name_readings(n))]))


def _names_en(entities: list[OrphaEntity]) -> tuple[str, ...]:
    return english_names([n for e in entities for n in (e.name, *e.synonyms)])


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


def search_documents(site: Site, built: AbstractSet[OrphaCode], docs_dir: Path | None = None, excluded: Callable[[str], bool] | None = None) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for s in site.summaries:
        docs.append(SearchDoc(url=s.url, title=s.title, kind="side", names=(s.title,), text=plain(s.body, markup=" ")))
    if site.glossary.terms:  # one page, found by the words it explains
        text = " ".join(f"{t.term}: {plain(t.explanation)}" for t in site.glossary.terms.values())
        docs.append(SearchDoc(url=GLOSSARY_URL, title="Ordliste", kind="side", names=("Ordliste",), text=text))
    for c in site.courses:
        docs.append(SearchDoc(url=c.url, title=c.meta.tittel, kind="side", names=(c.meta.tittel,), text=plain(" ".join(str(x) for x in (c.meta.mål, c.meta.beskrivelse or "")), markup=" ")))
    if docs_dir is not None and docs_dir.is_dir():
        docs += page_documents(docs_dir, excluded or (lambda rel: False))
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
                genes_other=_other_genes(d.entities),
                text=plain(d.doc.body, markup=" "),
            )
        )
    for code in sorted(built):
        e = site.orpha.get(code)
        if e is None or not e.active or code in site.by_code:
            continue
        group = e.level is Level.GROUP
        # An approved Norwegian name (data/norske-navn.yml) is the title; with_norwegian_names adds every name.
        name_nb = site.name_nb(code)
        docs.append(
            SearchDoc(
                url=f"grupper/{code.value}/" if group else f"orpha/{code.value}/",
                title=name_nb or e.name,
                kind="gruppe" if group else "orpha",
                names=(name_nb,) if name_nb else (),
                names_en=_names_en([e]),
                orpha=(code.value,),
                icd10=_codes([e], "ICD-10"),
                icd11=_codes([e], "ICD-11"),
                omim=tuple(m.code for m in e.omim),
                genes=_genes([e]),
                genes_other=_other_genes([e]),
                text=e.definition,
            )
        )
    # Every Norwegian name and synonym, approved or only suggested, is searchable; so are the Norwegian
    # ICD-10 texts (exact mappings as names, broader codes' texts below them) and lay names.
    return with_norwegian_names(docs, norwegian_names(site), {c.value: t for c, t in site.icd10_categories.items()})
