"""Reading `data/norske-navn.yml`, validating every entry and joining it with Orphanet.

`load(settings, loaded, today)` returns the names (ORPHA code → `NorwegianNames`, with the Norwegian
ICD-10 and the lay names: the kind's part) and the problems, all at once, each with path and line: a key that is not an ORPHA code, a code
Orphanet does not have or has made inactive, a code written twice, the same Norwegian name given to
two codes. The file is optional: without it the catalogue keeps its English names.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from build_tools.core.errors import Problem, display_path
from build_tools.core.settings import Settings
from build_tools.core.validate import line_of, read_mapping
from build_tools.kinds.names import icd10, lay
from build_tools.kinds.names.entries import orpha_entries
from build_tools.kinds.names.model import APPROVED, NAMES_FILE, NameEntry, NorwegianNames
from build_tools.kinds.names.part import NamesPart
from build_tools.kinds.parts import Loaded
from build_tools.orphanet.model import OrphaCode, OrphaData

# An approved name is a title on the site, so it needs a source that gives that Norwegian name: a
# full address, or a publication named with its year. The editors' own wording is a suggestion.
_URL = re.compile(r"https://[^\s<>\"']+\.[^\s<>\"']+")
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_NOT_A_SOURCE = re.compile(r"redaksjon|innebygd|utvikler|forslag|kontrolleres|\btest\b|ukjent", re.I)
SOURCE_NEEDED = (
    "et godkjent navn trenger en kilde som gir dette norske navnet: en nettadresse (https://...) eller en "
    "publikasjon med tittel og år, f.eks. «Helsedirektoratet: ICD-10 (2025)»; har navnet ingen slik kilde, sett «status: forslag»"
)


def real_source(kilde: str) -> bool:
    """Does `kilde` point to where the name is published: an https address, or a publication with its year?"""
    text = kilde.strip()
    if _URL.fullmatch(text):
        return True
    return bool(_YEAR.search(text)) and not _NOT_A_SOURCE.search(text) and len(text.split()) >= 2


_SHAPE = "forventet ett oppslag per ORPHA-kode: <kode>: {navn: ..., status: forslag eller godkjent, kilde: ...}"


def read_names(settings: Settings, orpha: OrphaData) -> tuple[dict[OrphaCode, NorwegianNames], list[Problem]]:
    path = settings.path(settings.data_dir) / NAMES_FILE
    display = display_path(path, settings.root)
    doc, problems = read_mapping(path, display, _SHAPE, missing_ok=True, empty_ok=True)
    if doc is None:
        return {}, problems
    names: dict[OrphaCode, NorwegianNames] = {}
    seen_names: dict[str, tuple[int, int]] = {}  # lower-case name → (code, line)
    for e in orpha_entries(doc, display, NameEntry, orpha, 905, problems):
        key, value, line, code, entry = e.key, e.value, e.line, e.code, e.item
        number = code.value
        if entry is None:
            continue
        if entry.status == APPROVED and not real_source(entry.kilde):
            problems.append(Problem(display, line_of(value, ("kilde",), line), f"{key}.kilde", SOURCE_NEEDED))
        clash = False
        for index, name in enumerate((entry.navn, *entry.synonymer)):
            where = ("navn",) if index == 0 else ("synonymer", index - 1)
            name_line = line_of(value, where, line)
            field = f"{key}.{'.'.join(str(p) for p in where)}"
            lower = name.lower()
            if lower in seen_names and seen_names[lower][0] != number:
                other, other_line = seen_names[lower]
                problems.append(Problem(display, name_line, field, f"«{name}» er allerede brukt for ORPHA:{other} (linje {other_line}); et norsk navn kan bare høre til én kode"))
                clash = True
            elif lower in seen_names:
                problems.append(Problem(display, name_line, field, f"«{name}» står to ganger for samme kode; fjern det ene"))
                clash = True
            else:
                seen_names[lower] = (number, name_line)
        if clash:
            continue
        names[code] = NorwegianNames(
            code=code, name=entry.navn, synonyms=tuple(entry.synonymer), status=entry.status,
            source=entry.kilde, display=display, line=line,
        )
    return names, problems


def load(settings: Settings, loaded: Loaded, today: date) -> tuple[NamesPart, list[Problem]]:
    """Read and join the names; return them (the kind's part) and the problems found."""
    orpha = loaded.orpha
    names, problems = read_names(settings, orpha)
    # The Norwegian ICD-10 feeds the same layer: exact mappings give generated names, broader ones search words.
    norsk, icd_problems = icd10.read(settings.path(settings.data_dir), settings.root)
    # Lay names (data/folkelige-navn.yml): searchable and shown as «Også kalt», never titles.
    taken = {n.lower(): code.value for code, entry in names.items() for n in entry.names}
    names_lay, lay_problems = lay.read_lay(settings, orpha, taken)
    part = NamesPart(names, norsk, icd10.exact_names(orpha, norsk), icd10.category_texts(orpha, norsk), names_lay)
    return part, problems + icd_problems + lay_problems


def sources(settings: Settings) -> tuple[Path, ...]:
    """What `load` reads: the editors' names, the Norwegian ICD-10 snapshot and the lay names."""
    data = settings.path(settings.data_dir)
    return (data / NAMES_FILE, data / icd10.SNAPSHOT, data / lay.LAY_FILE)
