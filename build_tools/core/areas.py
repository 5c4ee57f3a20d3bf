"""Areas and countries in Norwegian: Orphanet's English names («Worldwide», «Czech Republic»,
«Korea, Republic of») as CLDR names in bokmål («hele verden», «Tsjekkia», «Sør-Korea»).

The names come from Babel's copy of the Unicode CLDR (`babel`, pinned in pyproject.toml), not a
table of our own: an English name is matched to its CLDR region or country code, and the code's
bokmål name is shown. Orphanet writes some countries by their ISO 3166 names, which CLDR has
replaced («Russian Federation», «Viet Nam»): `_ISO_NAMES` maps those to the code, and «X, Y of»
is looked up as «X». What is no area at all («Specific population») keeps `vocab`'s wording.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Mapping

from babel import Locale

# Orphanet's names that CLDR spells otherwise, to CLDR codes (no translations: CLDR gives those).
_ISO_NAMES = {
    "worldwide": "001",
    "south east asia": "035",
    "czech republic": "CZ",
    "korea, republic of": "KR",
    "korea, democratic people's republic of": "KP",
    "russian federation": "RU",
    "viet nam": "VN",
    "libyan arab jamahiriya": "LY",
    "brunei darussalam": "BN",
    "palestinian territory, occupied": "PS",
    "turkey": "TR",
    "hong kong": "HK",
    "macedonia": "MK",
    "syrian arab republic": "SY",
    "lao people's democratic republic": "LA",
}
# «i hele verden», not «i verden»: Orphanet's «Worldwide» is an estimate for the whole world.
_WORLD = "hele verden"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", "and"))  # CLDR: «Bosnia & Herzegovina»
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Folded English CLDR name → code."""
    return {_fold(name): code for code, name in Locale("en").territories.items()}


@functools.lru_cache(maxsize=512)
def area_code(english: str) -> str | None:
    """The CLDR code of an area as Orphanet names it in English, or None when it is no area CLDR knows."""
    folded = _fold(english)
    code = _ISO_NAMES.get(folded) or _codes().get(folded)
    if code is None and "," in folded:
        code = _codes().get(folded.split(",", 1)[0].strip())
    return code


def area_nb(english: str) -> str | None:
    """The bokmål name of an area («Europe» → «Europa», «Worldwide» → «hele verden»), or None."""
    code = area_code(english)
    if code is None:
        return None
    return _WORLD if code == "001" else Locale("nb").territories.get(code)


class AreaNames(Mapping[str, str]):
    """A lookup table for `vocab.translate`: CLDR names first, then the `fallback` wording for what is
    no area («Specific population»); any other name is not in the table."""

    def __init__(self, fallback: Mapping[str, str]):
        self._fallback = dict(fallback)

    def __getitem__(self, english: str) -> str:
        name = area_nb(english)
        if name is not None:
            return name
        return self._fallback[english]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fallback)

    def __len__(self) -> int:
        return len(self._fallback)
