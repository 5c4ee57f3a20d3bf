"""Lay names: what readers call a diagnosis (`data/folkelige-navn.yml`), each tied to one ORPHA code
and with a source.

`read_lay(settings, orpha, taken)` returns ORPHA code → `NorwegianNames` (status `folkelig`: found by
the search and shown as «Også kalt», never a title) and the problems, all at once, each with path and
line: a key that is not an ORPHA code, a code Orphanet does not have or has made inactive, a code
written twice, a name given to two codes (here or in `data/norske-navn.yml`), a source that is not
a full https:// address. The file is optional.
"""

from __future__ import annotations

from pydantic import Field

from build_tools.core.errors import Problem, display_path
from build_tools.core.settings import Settings
from build_tools.core.validate import HttpsUrl, Model, Text, line_of, read_mapping
from build_tools.kinds.names.entries import orpha_entries
from build_tools.kinds.names.model import NorwegianNames
from build_tools.orphanet.model import OrphaCode, OrphaData

LAY_FILE = "folkelige-navn.yml"  # in the data folder
STATUS = "folkelig"
_SHAPE = "forventet ett oppslag per ORPHA-kode: <kode>: {navn: [folkelig navn, ...], kilde: https://...}"


class LayEntry(Model):
    """Folkelige navn for én ORPHA-kode. Nøkkelen er ORPHA-koden (bare tallet)."""

    navn: list[Text] = Field(min_length=1, description="Navn folk bruker om diagnosen, f.eks. [blødersyke]. Søket finner dem; siden viser dem som «Også kalt».")
    kilde: HttpsUrl = Field(description="Nettadressen til en side som bruker navnet om nettopp denne diagnosen (f.eks. Store medisinske leksikon, NHI, FHI).")


def read_lay(settings: Settings, orpha: OrphaData, taken: dict[str, int]) -> tuple[dict[OrphaCode, NorwegianNames], list[Problem]]:
    """`taken`: lower-case Norwegian names already given to a code (data/norske-navn.yml)."""
    path = settings.path(settings.data_dir) / LAY_FILE
    display = display_path(path, settings.root)
    doc, problems = read_mapping(path, display, _SHAPE, missing_ok=True, empty_ok=True)
    if doc is None:
        return {}, problems
    out: dict[OrphaCode, NorwegianNames] = {}
    used = dict(taken)
    for e in orpha_entries(doc, display, LayEntry, orpha, 448, problems):
        key, value, line, number, entry = e.key, e.value, e.line, e.code.value, e.item
        if entry is None:
            continue
        names = []
        for index, name in enumerate(entry.navn):
            lower = name.lower()
            if lower in used and used[lower] != number:
                problems.append(Problem(display, line_of(value, ("navn", index), line), f"{key}.navn.{index}", f"«{name}» er allerede brukt for ORPHA:{used[lower]}; et navn kan bare høre til én kode"))
                continue
            used[lower] = number
            names.append(name)
        if names:
            out[OrphaCode(number)] = NorwegianNames(
                code=OrphaCode(number), name=names[0], synonyms=tuple(names[1:]), status=STATUS,
                source=entry.kilde, display=display, line=line,
            )
    return out, problems
