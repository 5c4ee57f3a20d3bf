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


def names_en(entities: list[OrphaEntity]) -> tuple[str, ...]:
    return english_names([n for e in entities for n in (e.name, *e.synonyms)])
