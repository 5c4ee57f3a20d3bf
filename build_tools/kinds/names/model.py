"""The Norwegian names layer: `data/norske-navn.yml`, one entry per ORPHA code.

Editors give any ORPHA entity a Norwegian name and synonyms without writing a page. Each entry says
where the name comes from (`kilde`) and whether it is approved (`godkjent`: shown as the title of
the catalogue page) or only a suggestion (`forslag`: found by the search, not shown as a title).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import Field

from build_tools.core.validate import Model, Text
from build_tools.orphanet.model import OrphaCode

NAMES_FILE = "norske-navn.yml"  # in the data folder
APPROVED = "godkjent"
SUGGESTED = "forslag"

FIELD_HELP = {
    "navn": "det norske navnet, slik det skal stå som tittel",
    "synonymer": "liste med andre norske navn det kan søkes etter",
    "status": "forslag eller godkjent",
    "kilde": "hvor navnet kommer fra: en nettadresse (https://...) eller en publikasjon med tittel og år",
}


class NameEntry(Model):
    """Norske navn for én ORPHA-kode. Nøkkelen er ORPHA-koden (bare tallet)."""

    navn: Text = Field(description="Det norske navnet. Godkjente navn blir tittel på katalogsiden.")
    synonymer: list[Text] = Field(default=[], description="Andre norske navn og skrivemåter; søket finner dem.")
    status: Literal["forslag", "godkjent"] = Field(description="forslag: søkbart, ikke tittel. godkjent: vises som tittel.")
    kilde: Text = Field(description="Hvor navnet kommer fra. Et godkjent navn trenger en kilde som gir dette norske navnet: en nettadresse (https://...) eller en publikasjon med tittel og år. Finn aldri på en kilde.")

    FIELD_HELP: ClassVar[dict[str, str]] = FIELD_HELP


@dataclass(frozen=True)
class NorwegianNames:
    """A validated entry joined with Orphanet: the code is active."""

    code: OrphaCode
    name: str
    synonyms: tuple[str, ...]
    status: str
    source: str
    display: str  # the file, as the editor knows it
    line: int

    @property
    def approved(self) -> bool:
        return self.status == APPROVED

    @property
    def names(self) -> tuple[str, ...]:
        """Every Norwegian name, the main one first: what the search finds."""
        return tuple(dict.fromkeys((self.name, *self.synonyms)))
