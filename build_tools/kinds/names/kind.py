"""The names kind: data/norske-navn.yml, Norwegian names of ORPHA codes (no pages of its own)."""

from __future__ import annotations

from types import MappingProxyType

from build_tools.kinds.kind import ContentKind, Kind
from build_tools.kinds.names import load, pages
from build_tools.kinds.names.lay import LayEntry
from build_tools.kinds.names.model import NameEntry

KIND = Kind(
    "names",
    load.load,
    pages.pages,
    load.sources,
    schemas=(
        ContentKind("norske-navn", "Norske navn på ORPHA-koder (data/norske-navn.yml)", NameEntry, ("data/norske-navn.yml",), mapping=True, key_pattern="^(ORPHA:)?[1-9][0-9]*$"),
        ContentKind("folkelige-navn", "Folkelige navn på ORPHA-koder (data/folkelige-navn.yml)", LayEntry, ("data/folkelige-navn.yml",), mapping=True, key_pattern="^(ORPHA:)?[1-9][0-9]*$"),
    ),
    descriptions=MappingProxyType({
        "NameEntry": "Norske navn for én ORPHA-kode. Nøkkelen er ORPHA-koden (bare tallet).",
        "LayEntry": "Folkelige navn for én ORPHA-kode, med kilde. Nøkkelen er ORPHA-koden (bare tallet).",
    }),
)
