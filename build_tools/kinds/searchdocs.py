"""What the search takes from ORPHA entities: codes, genes and English names, for every kind whose
pages are about entities (authored diagnosis pages, catalogue and group pages)."""

from __future__ import annotations

from build_tools.orphanet.model import OrphaEntity


def codes(entities: list[OrphaEntity], system: str) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys((m.code, m.relation.value) for e in entities for m in e.codes(system)))


def genes(entities: list[OrphaEntity]) -> tuple[str, ...]:
    """The genes that cause the disease (Orphanet's disease-causing associations), subtypes' included."""
    return tuple(dict.fromkeys(g.symbol for e in entities for g in (*e.genes, *e.subtype_genes) if g.causal))


def other_genes(entities: list[OrphaEntity]) -> tuple[str, ...]:
    """Genes associated otherwise (modifiers, risk factors...): a search for them still finds the page."""
    causal = set(genes(entities))
    return tuple(dict.fromkeys(g.symbol for e in entities for g in (*e.genes, *e.subtype_genes) if g.symbol not in causal))


def names_en(entities: list[OrphaEntity]) -> tuple[str, ...]:
    # "Charcot-Marie-Tooth disease/Hereditary motor and sensory neuropathy" is two names.
    names = [n for e in entities for n in (e.name, *e.synonyms)]
    halves = [h.strip() for n in names for h in n.split("/") if "/" in n and all(" " in x.strip() for x in n.split("/"))]
    return tuple(dict.fromkeys([*names, *halves]))
