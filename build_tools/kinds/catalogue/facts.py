"""The facts of an ORPHA entity as a page shows them: codes, genes, inheritance, onset, prevalence, JSON-LD.

Shared by diagnosis pages and catalogue pages (the «Fakta» box and the Orphanet section), and
passed to their templates as `HELPERS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from build_tools.core import vocab
from build_tools.core.pages import EXAMPLE_PREFIX, en, md
from build_tools.kinds import routes
from build_tools.kinds.diagnoses.model import NOT_INHERITED, Centre, Fakta, Forekomst
from build_tools.kinds.glossary.model import GLOSSARY_URL
from build_tools.kinds.names import icd10
from build_tools.kinds.site import Site
from build_tools.orphanet.model import CodeMapping, Gene, OrphaEntity, Phenotype, Prevalence


def gene_symbols(e: OrphaEntity) -> list[str]:
    """Every gene Orphanet associates with the entity or its subtypes, whatever the association."""
    return list(dict.fromkeys(g.symbol for g in (*e.genes, *e.subtype_genes)))


# Gene order, the same in the fact box and the gene table (docs/redaktor/felt.md, «Gener fra
# Orphanet»): genes Orphanet gives for the entity itself first, alphabetically; then genes given only
# for its subtypes, those that more subtypes list first, alphabetically among equals. Orphanet's own
# order carries no meaning (Noonan's MRAS before PTPN11).


def subtype_share(e: OrphaEntity, gene: Gene, table: bool = False) -> str:
    """Where a gene found only on subtypes applies, counted over the subtypes: «hos én av 2
    undertyper», «hos 4 av 5 undertyper»; on every subtype the fact box says nothing (PKU's PAH is
    the gene of PKU) and the table «hos alle undertypene»."""
    count, total = e.subtypes_with(gene), e.subtype_count
    if total and count >= total:
        return "hos alle undertypene" if table else ""
    if count == 1:
        return f"hos én av {total} undertyper"
    return f"hos {count} av {total} undertyper"


def _subtype_order(e: OrphaEntity, genes: list[Gene]) -> list[Gene]:
    return sorted(genes, key=lambda g: (-e.subtypes_with(g), g.symbol))


def causal_genes(e: OrphaEntity) -> list[tuple[str, str]]:
    """(symbol, where it applies) for the genes Orphanet marks as causing the disease, in the
    stated order. Modifiers, risk factors and candidates are left to the gene table."""
    own = sorted(dict.fromkeys(g.symbol for g in e.genes if g.causal))
    subtype = _subtype_order(e, [g for g in e.subtype_genes if g.causal and g.symbol not in own])
    return [(s, "") for s in own] + [(g.symbol, subtype_share(e, g)) for g in subtype]


def gene_line(e: OrphaEntity) -> str:
    """The fact box's «Gen»: «CFTR»; «PAH» (on every subtype); «FBN1, TGFBR1, TGFBR2 (hver hos én
    av 2 undertyper)»; genes that apply alike are grouped, groups apart by «;»."""
    groups: list[tuple[str, list[str]]] = []
    for symbol, where in causal_genes(e):
        if groups and groups[-1][0] == where:
            groups[-1][1].append(md(symbol))
        else:
            groups.append((where, [md(symbol)]))
    parts = []
    for where, symbols in groups:
        qualifier = f" ({'hver ' if len(symbols) > 1 else ''}{where})" if where else ""
        parts.append(", ".join(symbols) + qualifier)
    return "; ".join(parts)


def gene_rows(e: OrphaEntity) -> list[tuple[Gene, str]]:
    """The gene table's rows, (gene, where it applies: "" for the entity itself): causal genes
    first, then the others, each in the stated order."""
    own = sorted(e.genes, key=lambda g: (not g.causal, g.symbol))
    rows = [(g, "") for g in own if g.causal]
    rows += [(g, subtype_share(e, g, table=True)) for g in _subtype_order(e, [g for g in e.subtype_genes if g.causal])]
    rows += [(g, "") for g in own if not g.causal]
    rows += [(g, subtype_share(e, g, table=True)) for g in _subtype_order(e, [g for g in e.subtype_genes if not g.causal])]
    return rows


# Orphanet values that say nothing is known: never shown as if they were a value.
_NO_VALUE = {"Not applicable", "Unknown", "No data available", "Not yet documented"}


def known(values: tuple[str, ...]) -> list[str]:
    """Orphanet's inheritance or onset values without those that only say nothing is known."""
    return [v for v in values if v not in _NO_VALUE]


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


def fact_lines(entities: list[OrphaEntity], centre: Centre | None, groups: list[OrphaEntity], up: str, site: Site | None = None, reviewed: Fakta | None = None) -> list[str]:
    """The «Fakta» list: one Markdown list item per fact. With `reviewed` (an authored page's
    `fakta:`), genes, inheritance, onset and prevalence are the editors' and nothing else; without
    it, Orphanet's (the page labels them «ikke gjennomgått av redaksjonen»)."""
    lines = []
    for e in entities:
        kind = f" ({md(vocab.translate(vocab.DISORDER_TYPES, e.disorder_type))})" if e.disorder_type else ""
        lines.append(f"- **ORPHA-kode:** [{e.code}]({e.code.url}){kind}")
        if e.icd10:
            lines.append(f"- **ICD-10:** {icd10.fact(e.icd10, site.icd10 if site is not None else None, _codes)}")
        if e.icd11:
            lines.append(f"- **ICD-11:** {_codes(e.icd11)}")
        if reviewed is not None:
            continue
        if genes := gene_line(e):
            lines.append(f"- **Gen:** {genes}")
        if inheritance := known(e.inheritance):
            lines.append(f"- **Arvegang:** {', '.join(term(vocab.translate(vocab.INHERITANCE, x), up, site) for x in inheritance)}")
        if onsets := known(e.onsets):
            lines.append(f"- **Debut:** {', '.join(md(vocab.translate(vocab.ONSET, x)) for x in vocab.onset_order(tuple(onsets)))}")
        if prevalence := best_prevalence(e):
            lines.append(f"- **Forekomst:** {md(prevalence)}")
    if reviewed is not None:
        lines += reviewed_lines(reviewed, up, site)
    if groups:
        label = "Diagnosegrupper" if len(groups) > 1 else "Diagnosegruppe"
        lines.append(f"- **{label}:** " + ", ".join(f"[{_group_name(g, site)}]({up}{routes.group(g.code)})" for g in groups))
    if centre is not None:
        source = centre.assignment([e.code for e in entities])
        if source is not None and source.uverifisert:
            # The help section says the same: the centre's own pages do not confirm the responsibility.
            lines.append(f"- **Kompetansesenter:** [{md(centre.navn)}]({centre.nettside}) (ansvaret er ikke bekreftet på senterets egne sider)")
        else:
            lines.append(f"- **Ansvarlig kompetansesenter:** [{md(centre.navn)}]({centre.nettside})" + (f" ([kilde]({source.kilde}))" if source else ""))
    lines = [_LABEL.sub(lambda m: f"- **{term(m.group(1), up, site)}:**", line, count=1) for line in lines]
    if reviewed is not None:
        more = f" Alt Orphanet oppgir, står under [Fra Orphanet](#orphanet-{entities[0].code.value}), ikke gjennomgått av redaksjonen." if entities else ""
        against = f" (sjekket mot Orphanet {md(reviewed.orphanet.utgave)})" if reviewed.orphanet is not None else ""
        lines += ["", f"Gjennomgått av redaksjonen {vocab.norwegian_date(reviewed.gjennomgått)}{against}.{more}"]
    return lines


_PREVALENCE_COUNTS = {"har diagnosen": "antall som har diagnosen", "ved fødsel": "antall ved fødsel", "nye tilfeller per år": "nye tilfeller per år"}


def inheritance_text(reviewed: Fakta, up: str = "", site: Site | None = None) -> str:
    """The reviewed «Arvegang»: «autosomal recessiv»; «vanligvis ikke arvet (oppstår som regel på
    nytt); når den arves: autosomal dominant»."""
    markers = [t for t in reviewed.arvegang if t in NOT_INHERITED]
    patterns = [t for t in reviewed.arvegang if t not in NOT_INHERITED]
    said = [term(t, up, site) + (" (oppstår som regel på nytt)" if t == "vanligvis ikke arvet" else "") for t in markers]
    if patterns:
        joined = ", ".join(term(t, up, site) for t in patterns)
        said.append(f"når den arves: {joined}" if markers else joined)
    return "; ".join(said)


def prevalence_line(f: Forekomst) -> str:
    """The reviewed «Forekomst»: «1–5 per 10 000 (antall som har diagnosen i Europa; kilde: Orphanet)»."""
    where = f.område if f.område.lower().startswith(("i ", "blant ")) else f"i {f.område}"
    return f"{f.verdi} ({_PREVALENCE_COUNTS[f.gjelder]} {where}; kilde: {f.kilde})"


def reviewed_lines(reviewed: Fakta, up: str, site: Site | None) -> list[str]:
    """The fact box's genes, inheritance, onset and prevalence from an authored page's `fakta:`."""
    lines = []
    if reviewed.gener:
        label = "Gen" if len(reviewed.gener) == 1 else "Gener"
        note = f" ({md(reviewed.gener_merknad)})" if reviewed.gener_merknad else ""
        lines.append(f"- **{label}:** {', '.join(md(g) for g in reviewed.gener)}{note}")
    if reviewed.arvegang:
        lines.append(f"- **Arvegang:** {inheritance_text(reviewed, up, site)}")
    if reviewed.debut:
        lines.append(f"- **Debut:** {', '.join(md(d) for d in reviewed.debut)}")
    if reviewed.forekomst is not None:
        lines.append(f"- **Forekomst:** {md(prevalence_line(reviewed.forekomst))}")
    return lines


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


def norwegian_names(site: Site, entities: list[OrphaEntity]) -> list[str]:
    """The entities' Norwegian names for JSON-LD's `alternateName`: editors' approved names
    (data/norske-navn.yml; a suggestion is shown nowhere), lay names (data/folkelige-navn.yml) and the
    exact Norwegian ICD-10 text."""
    out: list[str] = []
    for e in entities:
        approved = site.names.get(e.code)
        for entry in (approved if approved is not None and approved.approved else None, site.names_lay.get(e.code)):
            out += entry.names if entry is not None else ()
        name_icd10 = site.name_icd10(e.code)
        out += [name_icd10] if name_icd10 else []
    return out


def jsonld(entities: list[OrphaEntity], name: str, url: str, alternate: list[str], description: str = "", example: bool = False) -> dict[str, object]:
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
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "MedicalCondition", "name": name}
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




# The helpers the diagnosis, ORPHA and group templates use, passed to them when they are rendered.
HELPERS: Mapping[str, object] = MappingProxyType({
    "gene_symbols": gene_symbols,
    "causal_genes": causal_genes,
    "gene_rows": gene_rows,
    "fact_lines": fact_lines,
    "best_prevalence": best_prevalence,
    "shown_prevalences": shown_prevalences,
    "prevalence_text": prevalence_text,
    "top_phenotypes": top_phenotypes,
})
