"""Norwegian words for Orphanet's English vocabulary (types, inheritance, onset, frequencies)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from build_tools.core.areas import AreaNames

DISORDER_TYPES = {
    "Disease": "sykdom",
    "Malformation syndrome": "misdannelsessyndrom",
    "Category": "kategori (diagnosegruppe)",
    "Clinical group": "klinisk gruppe",
    "Clinical subtype": "klinisk undertype",
    "Etiological subtype": "etiologisk undertype",
    "Histopathological subtype": "histopatologisk undertype",
    "Morphological anomaly": "morfologisk avvik",
    "Particular clinical situation in a disease or syndrome": "særskilt klinisk situasjon ved en sykdom eller et syndrom",
    "Clinical syndrome": "klinisk syndrom",
    "Biological anomaly": "biologisk avvik",
}

INHERITANCE = {
    "Autosomal recessive": "autosomal recessiv",
    "Autosomal dominant": "autosomal dominant",
    "Not applicable": "ikke relevant",
    "X-linked recessive": "X-bundet recessiv",
    "X-linked dominant": "X-bundet dominant",
    "Unknown": "ukjent",
    "Multigenic/multifactorial": "flere gener / flere faktorer",
    "Mitochondrial inheritance": "mitokondriell arv",
    "No data available": "ingen data",
    "Semi-dominant": "semidominant",
    "Oligogenic": "oligogen",
    "Y-linked": "Y-bundet",
    "Not yet documented": "ikke dokumentert ennå",
}

ONSET = {
    "Antenatal": "før fødselen",
    "Neonatal": "nyfødtperioden",
    "Infancy": "spedbarnsalder",
    "Childhood": "barndom",
    "Adolescent": "ungdomstid",
    "Adult": "voksen alder",
    "Elderly": "eldre alder",
    "All ages": "alle aldre",
    "No data available": "ingen data",
}


def onset_order(values: tuple[str, ...] | list[str]) -> list[str]:
    """Orphanet's onset values by age (its packets list them in any order); «All ages» and unknown values last."""
    order = list(ONSET)
    return sorted(dict.fromkeys(values), key=lambda v: order.index(v) if v in order else len(order))

FREQUENCY = {
    "Obligate (100%)": "alltid (100 %)",
    "Very frequent (99-80%)": "svært vanlig (80–99 %)",
    "Frequent (79-30%)": "vanlig (30–79 %)",
    "Occasional (29-5%)": "av og til (5–29 %)",
    "Very rare (<4-1%)": "svært sjelden (1–4 %)",
    "Excluded (0%)": "forekommer ikke (0 %)",
}
FREQUENCY_ORDER = list(FREQUENCY)

# In the words of a patient, not an epidemiologist («punktprevalens», «årlig insidens»); the fact
# box and the Orphanet table use the same words.
PREVALENCE_KIND = {
    "Point prevalence": "antall som har diagnosen",
    "Prevalence at birth": "antall ved fødsel",
    "Annual incidence": "nye tilfeller per år",
    "Cases/families": "kjente tilfeller",
    "Lifetime Prevalence": "antall som får diagnosen i løpet av livet",
}

# Areas and countries: CLDR's bokmål names through Babel (core/areas.py); here only what is no area.
GEOGRAPHIC = AreaNames(
    {
        "Specific population": "en bestemt befolkningsgruppe",
        "no data": "ikke oppgitt",
        "Eastern Mediterranean Asia": "det østlige Middelhavsområdet",
    }
)

# What a gene has to do with the disease, for the gene table of the Orphanet section. Only the
# first five cause the disease (orphanet.model.CAUSAL_ASSOCIATIONS); the fact box lists only those.
GENE_ASSOCIATION = {
    "Disease-causing germline mutation(s) in": "gir sykdommen (arvelig variant)",
    "Disease-causing germline mutation(s) (loss of function) in": "gir sykdommen (variant med tap av funksjon)",
    "Disease-causing germline mutation(s) (gain of function) in": "gir sykdommen (variant med økt funksjon)",
    "Disease-causing somatic mutation(s) in": "gir sykdommen (ervervet variant, ikke arvet)",
    "Part of a fusion gene in": "del av et fusjonsgen som gir sykdommen",
    "Major susceptibility factor in": "øker risikoen, gir ikke sykdommen alene",
    "Modifying germline mutation in": "påvirker forløpet, gir ikke sykdommen",
    "Role in the phenotype of": "bidrar til symptomene, gir ikke sykdommen alene",
    "Candidate gene tested in": "mulig sammenheng, ikke bekreftet",
    "Biomarker tested in": "biomarkør, gir ikke sykdommen",
}

RELATION = {
    "E": "eksakt",
    "NTBT": "Orphanet-koden er smalere",
    "BTNT": "Orphanet-koden er bredere",
    "ND": "ikke avgjort",
}

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"]


def prevalence_class(text: str) -> str:
    """`1-5 / 10 000` → `1–5 per 10 000`; `<1 / 1 000 000` → `under 1 per 1 000 000`."""
    text = text.strip()
    if not text or text.lower() in {"no data", "unknown", "not yet documented"}:
        return "ukjent"
    m = re.fullmatch(r"([<>]?)\s*(\d+)(?:-(\d+))?\s*/\s*([\d ]+)", text)
    if not m:
        return text
    sign, low, high, per = m.groups()
    per = re.sub(r"(?<=\d)(?=(\d{3})+$)", " ", per.replace(" ", ""))
    prefix = {"<": "under ", ">": "over "}.get(sign, "")
    amount = f"{low}–{high}" if high else low
    return f"{prefix}{amount} per {per}"


def translate(table: Mapping[str, str], text: str) -> str:
    return table.get(text, text)


def norwegian_date(value: object) -> str:
    """2025-09-15 → «15. september 2025»."""
    day = getattr(value, "day", None)
    if day is None:
        return str(value)
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"  # type: ignore[attr-defined]


# Norwegian alphabetical order: Æ, Ø, Å after Z; accents fold to their base letter.
_FOLD = str.maketrans({"é": "e", "è": "e", "ê": "e", "ë": "e", "ü": "u", "ö": "ø", "ä": "æ", "á": "a", "à": "a", "ó": "o", "ò": "o"})
_ORDER = {ch: i for i, ch in enumerate("0123456789abcdefghijklmnopqrstuvwxyzæøå")}


def norwegian_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    folded = text.lower().translate(_FOLD)
    return tuple(_ORDER.get(ch, 100 + ord(ch)) for ch in folded if ch.isalnum()), text


def initial(text: str) -> str:
    """The A–Å letter a title sorts under; digits under «0–9»."""
    for ch in text.upper():
        if ch.isalpha():
            folded = ch.lower().translate(_FOLD).upper()
            return folded if folded in "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ" else ch
        if ch.isdigit():
            return "0–9"
    return "#"
