"""The facts of an ORPHA entity as a page shows them: codes, genes, inheritance, onset, prevalence, JSON-LD.

Shared by diagnosis pages and catalogue pages (the «Fakta» box and the Orphanet section), and
installed as template globals by `install`.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2

from build_tools.core import vocab
from build_tools.core.pages import EXAMPLE_PREFIX, en, md
from build_tools.kinds.diagnoses.model import Centre
from build_tools.kinds.glossary.model import GLOSSARY_URL
from build_tools.kinds.names import icd10
from build_tools.kinds.site import Site
from build_tools.orphanet.model import CodeMapping, Gene, OrphaEntity, Phenotype, Prevalence


def gene_symbols(e: OrphaEntity) -> list[str]:
    """Every gene Orphanet associates with the entity or its subtypes, whatever the association."""
    return list(dict.fromkeys(g.symbol for g in (*e.genes, *e.subtype_genes)))


def causal_genes(e: OrphaEntity) -> list[tuple[str, bool]]:
    """(symbol, on a subtype only) for the genes Orphanet marks as causing the disease: the entity's
    own first, then its subtypes'. Modifiers, risk factors and candidates are left to the gene table."""
    own = [g.symbol for g in e.genes if g.causal]
    subtype = [g.symbol for g in e.subtype_genes if g.causal and g.symbol not in own]
    return [(s, False) for s in dict.fromkeys(own)] + [(s, True) for s in dict.fromkeys(subtype)]


def gene_line(e: OrphaEntity) -> str:
    """The fact box's «Gen»: «CFTR»; «FBN1, TGFBR1, TGFBR2 (hos undertyper)»; «A; hos undertyper: B, C»."""
    genes = causal_genes(e)
    own = ", ".join(md(s) for s, sub in genes if not sub)
    subtype = [md(s) for s, sub in genes if sub]
    if not subtype:
        return own
    where = "hos en undertype" if len(subtype) == 1 else "hos undertyper"
    return f"{own}; {where}: {', '.join(subtype)}" if own else f"{', '.join(subtype)} ({where})"


def gene_rows(e: OrphaEntity) -> list[tuple[Gene, bool]]:
    """The gene table's rows, (gene, on a subtype only): causal genes first, in Orphanet's order."""
    rows = [(g, False) for g in e.genes] + [(g, True) for g in e.subtype_genes]
    return sorted(rows, key=lambda r: not r[0].causal)


# The fact box's prevalence: the rule is written for editors in docs/redaktor/felt.md («Forekomst i
# faktaboksen»). Kinds in this order; Europe and the world before Norway, Norway before other areas;
# Orphanet's own estimates (its source names ORPHANET) before single studies and EMA figures.
_KIND_RANK = {"Point prevalence": 0, "Prevalence at birth": 1, "Annual incidence": 2, "Lifetime Prevalence": 3}
_WIDE = {"Europe": 0, "Worldwide": 1}


def _classed(e: OrphaEntity) -> list[Prevalence]:
    return [p for p in e.prevalences if p.kind in _KIND_RANK and vocab.prevalence_class(p.prevalence_class) != "ukjent"]


def _rank(p: Prevalence, index: int) -> tuple[int, int, bool, int, int]:
    tier = 0 if p.geographic in _WIDE else 1 if p.geographic == "Norway" else 2
    return (tier, _KIND_RANK.get(p.kind, 9), "ORPHANET" not in p.source.upper(), _WIDE.get(p.geographic, 0), index)


def _ranked(prevalences: list[Prevalence]) -> list[Prevalence]:
    return [p for _, p in sorted(enumerate(prevalences), key=lambda ip: _rank(ip[1], ip[0]))]


def chosen_prevalences(e: OrphaEntity) -> list[Prevalence]:
    """The figures the fact box shows: the main one, then Norway's of the same kind if Orphanet has one.
    Without any prevalence class, the number of cases or families described."""
    classed = _ranked(_classed(e))
    if not classed:
        cases = [p for p in e.prevalences if p.kind == "Cases/families" and prevalence_text(p) != "ukjent"]
        return _ranked(cases)[:1]
    main = classed[0]
    norway = [p for p in classed if p.geographic == "Norway" and p.kind == main.kind and p is not main]
    return [main, *norway[:1]]


def shown_prevalences(e: OrphaEntity) -> list[Prevalence]:
    """The Orphanet table's rows: the fact box's figures first, then the others by the same rule."""
    cases = [p for p in e.prevalences if p.kind == "Cases/families" and prevalence_text(p) != "ukjent"]
    return list(dict.fromkeys([*chosen_prevalences(e), *_ranked(_classed(e)), *_ranked(cases)]))[:6]


def prevalence_text(p: Prevalence) -> str:
    if p.kind == "Cases/families":
        try:
            n = int(float(p.mean))
        except ValueError:
            return "ukjent"
        return f"{n} {'familier' if 'amil' in p.qualification else 'tilfeller'} beskrevet"
    return vocab.prevalence_class(p.prevalence_class)


def best_prevalence(e: OrphaEntity) -> str:
    """The fact box's «Forekomst», e.g. «1–5 per 10 000 (antall som har diagnosen i Europa), 1–9 per 100 000 i Norge»."""
    chosen = chosen_prevalences(e)
    if not chosen:
        return ""
    main, *norway = chosen
    where = "i " + vocab.translate(vocab.GEOGRAPHIC, main.geographic)
    if main.kind == "Cases/families":
        return f"{prevalence_text(main)} ({where})"
    text = f"{prevalence_text(main)} ({vocab.translate(vocab.PREVALENCE_KIND, main.kind)} {where})"
    return text + "".join(f", {prevalence_text(p)} i Norge" for p in norway)


def _codes(mappings: tuple[CodeMapping, ...]) -> str:
    return ", ".join(md(m.code) + ("" if m.relation.value == "E" else f" ({vocab.RELATION[m.relation.value]})") for m in mappings)


def fact_lines(entities: list[OrphaEntity], centre: Centre | None, groups: list[OrphaEntity], up: str, site: Site | None = None) -> list[str]:
    """The «Fakta» list: one Markdown list item per fact."""
    lines = []
    for e in entities:
        kind = f" ({md(vocab.translate(vocab.DISORDER_TYPES, e.disorder_type))})" if e.disorder_type else ""
        lines.append(f"- **ORPHA-kode:** [{e.code}]({e.code.url}){kind}")
        if e.icd10:
            lines.append(f"- **ICD-10:** {icd10.fact(e.icd10, site.icd10 if site is not None else None, _codes)}")
        if e.icd11:
            lines.append(f"- **ICD-11:** {_codes(e.icd11)}")
        if genes := gene_line(e):
            lines.append(f"- **Gen:** {genes}")
        if e.inheritance:
            lines.append(f"- **Arvegang:** {', '.join(term(vocab.translate(vocab.INHERITANCE, x), up, site) for x in e.inheritance)}")
        if e.onsets:
            lines.append(f"- **Debut:** {', '.join(md(vocab.translate(vocab.ONSET, x)) for x in vocab.onset_order(e.onsets))}")
        if prevalence := best_prevalence(e):
            lines.append(f"- **Forekomst:** {md(prevalence)}")
    if groups:
        label = "Diagnosegrupper" if len(groups) > 1 else "Diagnosegruppe"
        lines.append(f"- **{label}:** " + ", ".join(f"[{_group_name(g, site)}]({up}grupper/{g.code.value}/)" for g in groups))
    if centre is not None:
        source = centre.assignment([e.code for e in entities])
        if source is not None and source.uverifisert:
            # The help section says the same: the centre's own pages do not confirm the responsibility.
            lines.append(f"- **Kompetansesenter:** [{md(centre.navn)}]({centre.nettside}) (ansvaret er ikke bekreftet på senterets egne sider)")
        else:
            lines.append(f"- **Ansvarlig kompetansesenter:** [{md(centre.navn)}]({centre.nettside})" + (f" ([kilde]({source.kilde}))" if source else ""))
    return [_LABEL.sub(lambda m: f"- **{term(m.group(1), up, site)}:**", line, count=1) for line in lines]


_LABEL = re.compile(r"^- \*\*([^*\[]+):\*\*")


def term(text: str, up: str, site: Site | None) -> str:
    """`text` as Markdown, linked to the glossary (/ordliste/) where the glossary explains it."""
    anchor = site.glossary.anchor(text) if site is not None else None
    return f"[{md(text)}]({up}{GLOSSARY_URL}#{anchor})" if anchor else md(text)


def _group_name(g: OrphaEntity, site: Site | None) -> str:
    """A group's approved Norwegian name (data/norske-navn.yml), else its English name marked as English."""
    name_nb = site.name_nb(g.code) if site is not None else None
    return md(name_nb) if name_nb else en(g.name)


def top_phenotypes(e: OrphaEntity, limit: int = 12) -> list[Phenotype]:
    order = {f: i for i, f in enumerate(vocab.FREQUENCY_ORDER)}
    ranked = sorted((p for p in e.phenotypes if p.frequency != "Excluded (0%)"), key=lambda p: (order.get(p.frequency, 99), p.term))
    return ranked[:limit]


def jsonld(entities: list[OrphaEntity], name: str, url: str, alternate: list[str], description: str = "", example: bool = False) -> dict[str, Any]:
    """schema.org MedicalCondition with ORPHA and ICD-10 codes.

    The condition is real, the text about it may be an example: `example` marks the description
    (a MedicalCondition is no CreativeWork, so it has no `creativeWorkStatus`)."""
    codes: list[dict[str, str]] = []
    for e in entities:
        codes.append({"@type": "MedicalCode", "codingSystem": "ORPHA", "codeValue": str(e.code.value)})
    for e in entities:
        for m in e.icd10:
            entry = {"@type": "MedicalCode", "codingSystem": "ICD-10", "codeValue": m.code}
            if entry not in codes:
                codes.append(entry)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "MedicalCondition", "name": name}
    if alternate:
        data["alternateName"] = list(dict.fromkeys(alternate))
    if example:
        data["description"] = EXAMPLE_PREFIX + (description or "Eksempeltekst, ikke fagfellevurdert.")
    elif description:
        data["description"] = description
    data["code"] = codes
    data["sameAs"] = [e.code.url for e in entities]
    if url:
        data["url"] = url
    return data




def install(env: jinja2.Environment) -> None:
    """The helpers and vocabularies the diagnosis, ORPHA and group templates use."""
    env.globals.update(
        gene_symbols=gene_symbols,
        gene_rows=gene_rows,
        fact_lines=fact_lines,
        best_prevalence=best_prevalence,
        shown_prevalences=shown_prevalences,
        prevalence_text=prevalence_text,
        top_phenotypes=top_phenotypes,
    )
